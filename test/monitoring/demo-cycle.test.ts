import ExcelJS from 'exceljs';
// First: the API's zod-openapi extension must be in place before domain schemas are built.
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { countExecutions } from '../../domain/roadmap-structure.js';
import { demoRoadMapDocument } from '../../infra/demo/roadmap.js';
import { withDemoMonitoring } from '../../infra/demo/monitoring.js';
import { shiftDemoDates } from '../../infra/demo/shift-dates.js';
import { approvedRoadMap } from '../support/roadmaps.js';
import { periodEvents } from './monitoring-fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe('the demo road map with a shortened cycle (DEMO_MONITORING_WEEK), as a new user would', () => {
  it('the demo reporters file, one is late, the escalation reaches the controller, the coordinator downloads the XLSX and submits', async () => {
    const doc = withDemoMonitoring(shiftDemoDates(demoRoadMapDocument, new Date().toISOString().slice(0, 10)), 'PT1M');
    const { id } = await approvedRoadMap(h, doc, countExecutions(RoadMapDocument.parse(doc)));
    const coordinator = await h.login('coordinator');
    const list = await eventually(() => h.call('GET', `/api/monitoring/periods?roadmap=${id}`, { token: coordinator }), (r) => r.body.periods?.length === 1, 30_000);
    const periodId = list.body.periods[0].id;
    const detail = await h.call('GET', `/api/monitoring/periods/${periodId}`, { token: coordinator });
    const duties = detail.body.duties as { personId: string; smo: boolean; moIds: string[]; lines: { itemId: string; moId: string | null }[] }[];
    expect(duties.map((d) => d.personId)).toEqual(expect.arrayContaining(['controller', 'coordinator', 'executor', 'it', 'smo', 'smo2']));

    const file = async (d: (typeof duties)[number]) =>
      h.call('POST', `/api/monitoring/periods/${periodId}/reports`, {
        token: await h.login(d.personId),
        body: {
          lines: d.lines.slice(0, 3).map((l) => ({ itemId: l.itemId, moId: l.moId, status: 'in_progress', percent: 50, done: 'Работа идёт по графику' })),
          smoForm: d.smo ? [{ moId: d.moIds[0], representativesPresent: 1, notified: 150, completedCheckup: 60 }] : [],
        },
      });
    // Everyone but the IT directorate files on time.
    for (const d of duties.filter((x) => x.personId !== 'it')) expect((await file(d)).status).toBe(200);

    const controllerRung = await eventually(
      () => periodEvents(h, periodId, 'monitoring.report_rung_fired'),
      (r) => r.some((e) => e.payload.rung.id === 'late-controller'),
      60_000,
    );
    expect(controllerRung.find((e) => e.payload.rung.id === 'late-controller')!.payload.recipients.map((r: { personId: string }) => r.personId)).toEqual(['controller']);
    const inbox = await h.call('GET', '/api/notifications', { token: await h.login('controller') });
    expect(inbox.body.notifications.find((n: any) => n.kind === 'report_late' && n.link.endsWith(`/monitoring/periods/${periodId}/consolidated`)).body).toContain('Гусельников Дмитрий Олегович');

    const late = await file(duties.find((d) => d.personId === 'it')!);
    expect(late.body.late).toBe(true);
    const compiled = await eventually(() => h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: coordinator }), (r) => r.status === 200, 30_000);
    expect(compiled.body.report.totals).toMatchObject({ reporters: duties.length, late: 1, missing: 0 });

    const xlsx = await fetch(`${h.baseUrl}/api/monitoring/periods/${periodId}/consolidated.xlsx`, { headers: { authorization: `Bearer ${coordinator}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsx.arrayBuffer()) as never);
    const who = wb.getWorksheet('Представление отчётов')!;
    const itRow = who.getRows(5, who.rowCount - 4)!.find((r) => r.getCell(2).value === 'Гусельников Дмитрий Олегович')!;
    expect(itRow.getCell(4).value).toBe('представлен с опозданием');
    expect(String(itRow.getCell(6).value)).toMatch(/^\d+ (мин|ч)\.$/);
    expect(wb.getWorksheet('Показатели')!.getRow(4).getCell(2).value).toBeTruthy();

    const sent = await h.call('POST', `/api/monitoring/periods/${periodId}/consolidated/submit`, { token: coordinator, body: { comment: 'Управление ИТ представило отчёт с опозданием' } });
    expect(sent.status).toBe(200);
    const curator = await h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: await h.login('curator') });
    expect(curator.body.status).toBe('submitted');
  });
});
