import { lineKey } from '../../domain/reporting-duty.js';
import type { DutyRow } from '../../services/monitoring/monitoring-commands.js';
import type { ReportContext } from '../../services/monitoring/report-form-read-model.js';
import type { FieldErrors } from '../components/forms.js';


const num = (v: number | undefined | null) => (v === undefined || v === null ? '' : String(v));

/**
 * The form's starting values: this week's report as last sent; else last
 * week's state (status, percent, problems — what was done is new each week);
 * else what the execution's own status says.
 */
export function initialValues(r: ReportContext): Record<string, string> {
  const values: Record<string, string> = {};
  const from = new Map((r.current ?? r.previous)?.lines.map((l) => [lineKey(l.itemId, l.moId), l]) ?? []);
  r.duty.lines.forEach((l, i) => {
    const k = lineKey(l.itemId, l.moId);
    const before = from.get(k);
    const exec = r.executions.get(k);
    const byExecution = exec?.status === 'accepted' || exec?.status === 'submitted' ? { status: 'done', percent: 100 } : exec?.status === 'in_progress' ? { status: 'in_progress', percent: 0 } : { status: 'not_started', percent: 0 };
    values[`lines.${i}.status`] = before?.status ?? byExecution.status;
    values[`lines.${i}.percent`] = String(before?.percent ?? byExecution.percent);
    values[`lines.${i}.done`] = r.current ? (before?.done ?? '') : '';
    values[`lines.${i}.problems`] = before?.problems ?? '';
  });
  if (r.duty.smo) {
    const rows = new Map((r.current ?? r.previous)?.smoForm.map((s) => [s.moId, s]) ?? []);
    r.duty.mo_ids.forEach((mo, j) => {
      const s = rows.get(mo);
      values[`smoForm.${j}.representativesPresent`] = num(s?.representativesPresent);
      values[`smoForm.${j}.notified`] = num(s?.notified);
      values[`smoForm.${j}.completedCheckup`] = num(s?.completedCheckup);
      values[`smoForm.${j}.survey.itemId`] = s?.survey?.itemId ?? surveyItems(r, mo)[0] ?? '';
      values[`smoForm.${j}.survey.planned`] = num(s?.survey?.planned);
      values[`smoForm.${j}.survey.surveyed`] = num(s?.survey?.surveyed);
    });
  }
  values.comment = r.current?.comment ?? '';
  return values;
}

export const surveyItems = (r: ReportContext, mo: string) => [...new Set(r.duty.lines.filter((l) => l.moId === mo && r.items.get(l.itemId)?.survey).map((l) => l.itemId))];

/** A typed number stays what was typed when it is not one, so zod names the error («введите число»). */
function numberOf(raw: string | undefined): number | string | undefined {
  const s = (raw ?? '').trim().replace(/\s/g, '');
  if (!s) return undefined;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : s;
}

/**
 * The form's fields as the API's report body. Lines come from the duty (the
 * form cannot name someone else's item); a МО row of the СМО form left
 * entirely blank is left out, so `smoIndex` maps the body's rows back to the form's.
 */
export function reportInput(duty: DutyRow, values: Record<string, string>, reporterId: string | null) {
  const lines = duty.lines.map((l, i) => ({
    itemId: l.itemId,
    moId: l.moId,
    status: values[`lines.${i}.status`] ?? '',
    percent: numberOf(values[`lines.${i}.percent`]),
    done: values[`lines.${i}.done`] ?? '',
    problems: values[`lines.${i}.problems`] ?? '',
  }));
  const smoIndex: number[] = [];
  const smoForm: unknown[] = [];
  if (duty.smo) {
    duty.mo_ids.forEach((moId, j) => {
      const f = (k: string) => values[`smoForm.${j}.${k}`] ?? '';
      const figures = ['representativesPresent', 'notified', 'completedCheckup', 'survey.planned', 'survey.surveyed'].map(f);
      if (figures.every((x) => !x.trim())) return;
      const survey = f('survey.itemId') && (f('survey.planned').trim() || f('survey.surveyed').trim())
        ? { itemId: f('survey.itemId'), planned: numberOf(f('survey.planned')), surveyed: numberOf(f('survey.surveyed')) }
        : undefined;
      smoIndex.push(j);
      smoForm.push({
        moId,
        representativesPresent: numberOf(f('representativesPresent')),
        notified: numberOf(f('notified')),
        completedCheckup: numberOf(f('completedCheckup')),
        ...(survey ? { survey } : {}),
      });
    });
  }
  return { input: { lines, smoForm, comment: values.comment ?? '', ...(reporterId ? { reporterId } : {}) }, smoIndex };
}

/** Error keys of the body (`smoForm.0.notified`) as the form's field names (`smoForm.3.notified`). */
export function toFormKeys(errors: FieldErrors, smoIndex: number[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, m] of Object.entries(errors)) {
    const key = k.replace(/^smoForm\.(\d+)/, (_, i) => `smoForm.${smoIndex[Number(i)] ?? i}`);
    out[key] ??= m;
  }
  return out;
}
