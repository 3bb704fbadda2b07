import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { executorReport, fastWeek, monitoredRoadMap, periodEvents, smo2Report, smoReport } from './monitoring-fixtures.js';
import type { ConsolidatedReport } from '../../domain/consolidated-report.js';
import { titleLines } from '../../services/exports/consolidated-report-rows.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const RU_DATE = /^\d{2}\.\d{2}\.\d{4}$/;

async function download(path: string, token: string) {
  const res = await fetch(h.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, data: Buffer.from(await res.arrayBuffer()) };
}

describe('a full week with every report on time, the coordinator’s submission to ФОМС, XLSX and CSV', () => {
  it('opens on approval, collects the reports, compiles when all are in, and is submitted to ФОМС', async () => {
    const { roadMapId, periodId, mos } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT20S', cutoffAfter: 'PT40S' }));
    const [executor, smo, smo2, coordinator, curator] = await Promise.all(['executor', 'smo', 'smo2', 'coordinator', 'curator'].map((l) => h.login(l)));

    const detail = await h.call('GET', `/api/monitoring/periods/${periodId}`, { token: coordinator });
    expect(detail.status).toBe(200);
    expect(detail.body.status).toBe('open');
    expect(detail.body.dueLocal).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
    expect(detail.body.duties.map((d: any) => [d.personId, d.smo, d.lines.length])).toEqual([['executor', false, 1], ['smo', true, 4], ['smo2', true, 2]]);
    expect(detail.body.ladder.map((r: any) => r.rungId)).toEqual(['late', 'late-controller', 'late-director']);
    // Every reporter was asked, in Russian, with the due time in local time.
    const inbox = await h.call('GET', '/api/notifications', { token: smo2 });
    const ask = inbox.body.notifications.find((n: any) => n.kind === 'report_requested' && n.link.endsWith(`/monitoring/periods/${periodId}/report`));
    expect(ask.subject).toMatch(/^Еженедельный отчёт: неделя 1 .*срок \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);

    // Refusals name the reason and the field.
    const notMine = await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: smo, body: { lines: [{ itemId: 'inform-2', moId: mos[0], status: 'done', percent: 100 }] } });
    expect(notMine.status).toBe(400);
    expect(notMine.body.error.details[0].field).toBe('lines.0');
    const tfomsForm = await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: executor, body: { smoForm: [{ moId: mos[0], representativesPresent: 1, notified: 1, completedCheckup: 1 }] } });
    expect(tfomsForm.status).toBe(400);
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: curator, body: executorReport })).status).toBe(403);
    const badBody = await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: executor, body: { lines: [{ itemId: 'order', moId: null, status: 'done', percent: 140 }] } });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.details[0].field).toBe('lines.0.percent');
    const early = await h.call('POST', `/api/monitoring/periods/${periodId}/consolidated/submit`, { token: coordinator, body: {} });
    expect(early.status).toBe(409);

    const first = await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: executor, body: executorReport, headers: { 'Idempotency-Key': 'exec-week-1' } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ periodId, reporterId: 'executor', revision: 1, late: false });
    const replay = await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: executor, body: executorReport, headers: { 'Idempotency-Key': 'exec-week-1' } });
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: smo, body: smoReport(mos) })).status).toBe(200);
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: smo2, body: smo2Report(mos) })).status).toBe(200);

    // All in: compiled at once, before the due time.
    const compiled = await eventually(() => h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: coordinator }), (r) => r.status === 200, 20_000);
    const report = compiled.body.report;
    expect(report.reason).toBe('all_in');
    expect(report.totals).toMatchObject({ reporters: 3, onTime: 3, late: 0, missing: 0, lines: 7, reportedLines: 7 });
    expect(report.lines.find((l: any) => l.itemId === 'order')).toMatchObject({ moId: null, reporterId: 'executor', percent: 60, overdue: true });
    expect(report.smoForm).toHaveLength(4);
    expect(report.smoForm.find((r: any) => r.reporterId === 'smo' && r.moId === mos[0])).toMatchObject({ notified: 200, completedCheckup: 80, effectiveness: 40 });
    // (80 + 100 + 50 + 50) / (200 + 200 + 100 + 100) = 46.7 % against a 50 % target.
    expect(report.indicators).toEqual([expect.objectContaining({ id: 'informing-effectiveness', target: 50, actual: 46.7, meets: false })]);

    // A correction before the cut-off is a new revision, and the consolidated report follows it.
    const corrected = smoReport(mos);
    corrected.smoForm[0].completedCheckup = 140;
    const fix = await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: smo, body: corrected });
    expect(fix.body).toMatchObject({ revision: 2, late: false });
    await eventually(() => h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: coordinator }), (r) => r.body.compilation === 2, 20_000);
    const history = await h.call('GET', `/api/monitoring/reports?roadmap=${roadMapId}&reporter=smo&revisions=all`, { token: coordinator });
    expect(history.body.reports.map((r: any) => r.revision)).toEqual([2, 1]);
    const byMo = await h.call('GET', `/api/monitoring/reports?roadmap=${roadMapId}&mo=${mos[1]}`, { token: coordinator });
    expect(byMo.body.reports.map((r: any) => r.reporterId).sort()).toEqual(['smo', 'smo2']);
    expect(byMo.body.reports.every((r: any) => r.report.lines.every((l: any) => l.moId === mos[1]))).toBe(true);

    // ФОМС sees the consolidated report only once the coordinator has sent it.
    expect((await h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: curator })).status).toBe(403);
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/consolidated/submit`, { token: smo, body: {} })).status).toBe(403);
    const sent = await h.call('POST', `/api/monitoring/periods/${periodId}/consolidated/submit`, {
      token: coordinator,
      body: { comment: 'Отставание по опросу в детских поликлиниках, меры приняты' },
      headers: { 'Idempotency-Key': 'submit-week-1' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ periodId, submittedBy: 'coordinator' });
    const again = await h.call('POST', `/api/monitoring/periods/${periodId}/consolidated/submit`, { token: coordinator, body: { comment: 'ещё раз' } });
    expect(again.status).toBe(409);
    const late = await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: smo2, body: smo2Report(mos) });
    expect(late.status).toBe(409);

    const seen = await h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: curator });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ status: 'submitted', submittedBy: 'coordinator', coordinatorComment: 'Отставание по опросу в детских поликлиниках, меры приняты' });
    expect(seen.body.report.smoForm.find((r: any) => r.reporterId === 'smo' && r.moId === mos[0]).effectiveness).toBe(70);
    const curatorInbox = await h.call('GET', '/api/notifications', { token: curator });
    expect(curatorInbox.body.notifications.find((n: any) => n.kind === 'consolidated_submitted' && n.link.endsWith(`/monitoring/periods/${periodId}/consolidated`)).subject).toMatch(/^Орловская область: сводный отчёт мониторинга направлен в ФОМС/);
    const listed = await h.call('GET', `/api/monitoring/periods?roadmap=${roadMapId}`, { token: curator });
    expect(listed.body.periods[0]).toMatchObject({ id: periodId, status: 'submitted', reports: { total: 3, onTime: 3, late: 0, missing: 0 } });

    // The period workflow finishes with the submission (the cut-off still closes it).
    await eventually(async () => (await h.env.client.workflow.getHandle(`reporting-period:${periodId}`).describe()).status.name, (s) => s === 'COMPLETED', 60_000);
    expect(await periodEvents(h, periodId, 'monitoring.report_rung_fired')).toEqual([]);
    expect(await periodEvents(h, periodId, 'monitoring.period_opened')).toHaveLength(1);

    // XLSX, opened with the library: the form's title, headings, dates ДД.ММ.ГГГГ, figures.
    const xlsx = await download(`/api/monitoring/periods/${periodId}/consolidated.xlsx`, curator);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toMatch(/attachment; filename="svodnyj-otchet-.*\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.data as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['Сводный отчёт', 'Отчётная форма СМО', 'Показатели', 'Представление отчётов']);
    const main = wb.getWorksheet('Сводный отчёт')!;
    expect(main.getCell('A1').value).toBe('Сводный отчёт о ходе реализации плана мероприятий проекта («Дорожной карты») ТФОМС и СМО');
    expect(main.getCell('A3').value).toBe('Субъект Российской Федерации: Орловская область (код 57)');
    // Times name their zone (Орловская: Moscow time), as federal staff read them.
    expect(String(main.getCell('A4').value)).toMatch(
      /^Отчётный период: неделя 1, с \d{2}\.\d{2}\.\d{4} по \d{2}\.\d{2}\.\d{4}; срок представления отчётов: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\); приём отчётов \(с отметкой об опоздании\) до \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\)$/,
    );
    expect(String(main.getCell('A5').value)).toMatch(/^Сформирован: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\); координатор мониторинга: /);
    expect(main.getCell('A7').value).toBe('Комментарий координатора: Отставание по опросу в детских поликлиниках, меры приняты');
    const headerRow = main.getRow(10);
    expect(headerRow.getCell(1).value).toBe('№ п/п');
    expect(headerRow.getCell(6).value).toBe('Срок исполнения');
    expect(headerRow.getCell(10).value).toBe('Что сделано');
    const orderRow = main.getRow(11);
    expect(orderRow.getCell(1).value).toBe(1);
    expect(orderRow.getCell(3).value).toBe('Распоряжение о назначении ответственных лиц');
    expect(orderRow.getCell(4).value).toBe('ТФОМС (в целом)');
    expect(orderRow.getCell(6).value).toMatch(RU_DATE);
    expect(orderRow.getCell(8).value).toBe('выполняется');
    expect(orderRow.getCell(9).value).toBe(60);
    expect(orderRow.getCell(12).value).toBe('да');
    expect(main.rowCount).toBe(10 + 7);
    const form = wb.getWorksheet('Отчётная форма СМО')!;
    expect(form.getRow(4).getCell(8).value).toBe('Результативность информирования, %');
    const totalRow = form.getRow(form.rowCount);
    expect(totalRow.getCell(2).value).toBe('Итого');
    expect(totalRow.getCell(6).value).toBe(600);
    expect(totalRow.getCell(7).value).toBe(340);
    expect(totalRow.getCell(8).value).toBe(56.7);
    const who = wb.getWorksheet('Представление отчётов')!;
    expect(who.getRow(5).getCell(4).value).toBe('представлен в срок');
    expect(who.getRow(5).getCell(5).value).toMatch(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(МСК\)$/);

    // CSV: BOM, «;», Russian headings, dates ДД.ММ.ГГГГ.
    const csv = await download(`/api/monitoring/periods/${periodId}/consolidated.csv`, coordinator);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = csv.data.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = text.slice(1).trimEnd().split('\r\n');
    expect(rows[0]).toBe('№ п/п;Направление;Мероприятие;Медицинская организация;Ответственный;Срок исполнения;Статус исполнения;Состояние на отчётную дату;% выполнения;Что сделано;Проблемы и риски;Просрочено');
    expect(rows).toHaveLength(8);
    const order = rows[1].split(';');
    expect(order.slice(2, 4)).toEqual(['Распоряжение о назначении ответственных лиц', 'ТФОМС (в целом)']);
    expect(order[5]).toMatch(RU_DATE);
    expect(rows.some((r) => r.includes('есть риск срыва срока') && r.includes('Мало анкет в детской поликлинике'))).toBe(true);

    // Every route is in the OpenAPI document.
    const doc = await h.call('GET', '/openapi.json');
    for (const path of ['/api/monitoring/periods', '/api/monitoring/periods/{id}', '/api/monitoring/periods/{id}/reports', '/api/monitoring/periods/{id}/consolidated',
      '/api/monitoring/periods/{id}/consolidated/submit', '/api/monitoring/periods/{id}/consolidated.xlsx', '/api/monitoring/periods/{id}/consolidated.csv',
      '/api/monitoring/discipline', '/api/monitoring/reports']) {
      expect(Object.keys(doc.body.paths), path).toContain(path);
    }
  });
});

describe('the consolidated report\'s title names the week, not the late-acceptance window', () => {
  it('a default week in Екатеринбург: from Monday to Friday\'s due day, with the cut-off (next Tuesday) on its own', () => {
    // Week 49 of 2026: opens Monday 30.11 09:00, due Friday 04.12 15:00, accepted until Tuesday 08.12 15:00 (МСК+2).
    const report = {
      number: 1, roadMapTitle: 'Дорожная карта', regionName: 'Свердловская область', regionCode: '66', timeZone: 'Asia/Yekaterinburg',
      opensAt: '2026-11-30T04:00:00.000Z', dueAt: '2026-12-04T10:00:00.000Z', cutoffAt: '2026-12-08T10:00:00.000Z', compiledAt: '2026-12-08T10:00:05.000Z',
      coordinator: { personId: 'c', name: 'Координатор' },
      totals: { reporters: 3, onTime: 1, late: 1, missing: 1, pending: 0, lines: 3, reportedLines: 2, overdueItems: 0 },
    } as unknown as ConsolidatedReport;
    expect(titleLines(report)[3]).toBe(
      'Отчётный период: неделя 1, с 30.11.2026 по 04.12.2026; срок представления отчётов: 04.12.2026 15:00 (МСК+2); ' +
        'приём отчётов (с отметкой об опоздании) до 08.12.2026 15:00 (МСК+2)',
    );
  });
});
