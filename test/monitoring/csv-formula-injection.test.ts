import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { fastWeek, monitoredRoadMap, smoReport } from './monitoring-fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const HYPERLINK = '=HYPERLINK("http://x","y")';
const DDE = "=cmd|' /C calc'!A0";
const SUM = '+SUM(1,1)';
const MINUS = '-2+3';

describe('weekly-report texts that look like formulas', () => {
  it('are neutralised in the CSV and written as strings in the XLSX', async () => {
    const { periodId, mos } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT5S', cutoffAfter: 'PT10S' }));
    const coordinator = await h.login('coordinator');
    const executorReport = { lines: [{ itemId: 'order', moId: null, status: 'in_progress', percent: 60, done: HYPERLINK, problems: DDE }] };
    const smo = smoReport(mos);
    smo.lines[0] = { ...smo.lines[0], done: SUM, problems: MINUS };
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: await h.login('executor'), body: executorReport })).status).toBe(200);
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: await h.login('smo'), body: smo })).status).toBe(200);
    await eventually(() => h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: coordinator }), (r) => r.status === 200, 60_000);

    const auth = { headers: { authorization: `Bearer ${coordinator}` } };
    const csv = await (await fetch(`${h.baseUrl}/api/monitoring/periods/${periodId}/consolidated.csv`, auth)).text();
    const cells = csv.slice(1).trimEnd().split('\r\n').flatMap((r) => r.split(';'));
    // CSV quoting («"» doubled) wraps the HYPERLINK cell; the apostrophe comes first inside it.
    expect(cells).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(cells).toContain(`'${DDE}`);
    expect(cells).toContain(`'${SUM}`);
    expect(cells).toContain(`'${MINUS}`);
    for (const raw of [DDE, SUM, MINUS]) expect(cells).not.toContain(raw);
    expect(cells.filter((c) => /^"?[=+\-@]/.test(c))).toEqual([]);

    const xlsx = Buffer.from(await (await fetch(`${h.baseUrl}/api/monitoring/periods/${periodId}/consolidated.xlsx`, auth)).arrayBuffer());
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as never);
    const found = new Map<string, ExcelJS.ValueType>();
    wb.getWorksheet('Сводный отчёт')!.eachRow((row) => row.eachCell((cell) => {
      if ([HYPERLINK, DDE, SUM, MINUS].includes(cell.value as string)) found.set(cell.value as string, cell.type);
      expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
    }));
    expect(Object.fromEntries(found)).toEqual({ [HYPERLINK]: ExcelJS.ValueType.String, [DDE]: ExcelJS.ValueType.String, [SUM]: ExcelJS.ValueType.String, [MINUS]: ExcelJS.ValueType.String });
  });
});
