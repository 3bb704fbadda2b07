// Weekly report form (web/monitoring/report-form.tsx): the informing effectiveness of each
// СМО row follows the figures as they are typed. Progressive enhancement only: the server
// computes it again on submit. A served file, not an inline script, because the CSP allows none.
document.querySelectorAll('fieldset.smo-row').forEach(function (row) {
  var out = row.querySelector('.effectiveness strong');
  var get = function (k) {
    var el = row.querySelector('[name$=".' + k + '"]');
    return el ? Number(el.value.replace(',', '.').replace(/\s/g, '')) : NaN;
  };
  row.addEventListener('input', function () {
    var n = get('notified'), d = get('completedCheckup');
    out.textContent = n > 0 && isFinite(d) ? (Math.round(d / n * 1000) / 10).toLocaleString('ru-RU') + ' %' : '—';
  });
});
