import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../infra/database/database.js';
import { freePort } from '../../infra/startup/free-port.js';
import { migrate } from '../../infra/database/migrate.js';
import { seedReferenceData } from '../../infra/demo/seed-demo.js';
import { roadMapWorkbook } from '../../services/documents/roadmap-xlsx-export.js';
import { defaultWorkbookLimits } from '../../services/documents/workbook-limits.js';
import { apiClient } from '../support/harness.js';
import { startOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';
import { spawnEntry, waitForStatus, type Spawned } from '../support/entry-process.js';
import { rebuild, streamedEntry, workbookParts } from '../support/zip.js';

/**
 * The API in a process of its own (`tsx api/main.ts`), fed the worst workbooks: a 300 MiB zip bomb, one whose
 * sizes lie, ranges over a whole sheet, and the largest workbook the limits let through to exceljs. Every answer
 * is a 4xx and the process's peak resident memory (VmHWM) stays under API_PEAK_RSS_BOUND — documented in
 * docs/security.md. Before the limits, the first of these alone took the API to 1.44 GB.
 */
export const API_PEAK_RSS_BOUND_MIB = 640;

const peakMiB = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

describe('the API process under hostile workbooks', () => {
  let pg: OwnPostgres;
  let api: Spawned;
  let baseUrl: string;
  beforeAll(async () => {
    pg = await startOwnPostgres();
    const sql = connectDatabase(pg.url);
    await migrate(sql);
    await seedReferenceData(sql);
    await sql.end();
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    api = spawnEntry('api/main.ts', {
      DATABASE_URL: pg.url, TEMPORAL_ADDRESS: inject('temporalAddress'), TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      TASK_QUEUE: 'workbook-memory', PORT: String(port), HOST: '127.0.0.1', METRICS_PORT: 'off', LOG_LEVEL: 'warn',
    });
    await waitForStatus(`${baseUrl}/health`, 200, 120_000);
  }, 240_000);
  afterAll(async () => {
    api?.child.kill('SIGTERM');
    await api?.exited;
    await pg?.destroy();
  });

  it(`answers every one with a 4xx and stays under ${API_PEAK_RSS_BOUND_MIB} MiB peak RSS`, async () => {
    const { login } = apiClient(baseUrl);
    const token = await login('coordinator');
    const pid = api.child.pid!;
    const idle = peakMiB(pid);

    const template = await roadMapWorkbook(null, new Map());
    const parts = await workbookParts(template);
    const name = 'xl/worksheets/sheet3.xml';
    const sheet = parts.get(name)!.toString('utf8');
    const head = sheet.slice(0, sheet.indexOf('</sheetData>'));
    const tail = sheet.slice(sheet.indexOf('</sheetData>'));
    const row = '<row r="2"><c r="A2" t="inlineStr"><is><t>я</t></is></c></row>';
    const bomb = await streamedEntry(name, head, row, Math.ceil((300 * 1024 * 1024) / row.length), tail);
    // The largest a workbook may be and still reach exceljs: rows and cells just under the limits, distinct texts.
    const perRow = 7;
    const rows = Math.floor((defaultWorkbookLimits.maxCells - 3000) / perRow);
    let data = '';
    for (let r = 2; r < rows + 2; r++) {
      data += `<row r="${r}">`;
      for (let c = 0; c < perRow; c++) data += `<c r="${String.fromCharCode(65 + c)}${r}" t="inlineStr"><is><t>Текст ${r}-${c} мероприятия дорожной карты</t></is></c>`;
      data += '</row>';
    }
    const cases: [string, Buffer][] = [
      ['zip bomb, 300 MiB', rebuild(parts, { [name]: bomb })],
      ['zip bomb with a lying size', rebuild(parts, { [name]: { ...bomb, declaredSize: 4096 } })],
      ['a list over the whole sheet', rebuild(parts, { [name]: head + tail.replace('</sheetData>', '</sheetData><dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a"</formula1></dataValidation></dataValidations>') })],
      ['cells up to the limit', rebuild(parts, { [name]: head + data + tail })],
    ];
    const statuses: string[] = [];
    for (const [what, file] of cases) {
      expect(file.length, what).toBeLessThan(2 * 1024 * 1024);
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'книга.xlsx');
      const res = await fetch(`${baseUrl}/api/roadmaps/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form, signal: AbortSignal.timeout(120_000) });
      const body = await res.text();
      statuses.push(`${what}: ${res.status} ${body.slice(0, 160)}`);
      expect(res.status, `${what}: ${body.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${what}: ${body.slice(0, 300)}`).toBeLessThan(500);
    }
    // The last one is within every limit: it reached exceljs and was refused for its content, not its size.
    expect(statuses.at(-1)).not.toMatch(/слишком велика/);
    const peak = peakMiB(pid);
    console.log(`workbook memory: idle peak ${idle.toFixed(0)} MiB, after the workbooks ${peak.toFixed(0)} MiB (bound ${API_PEAK_RSS_BOUND_MIB}); ${statuses.join(', ')}`);
    expect(peak).toBeLessThan(API_PEAK_RSS_BOUND_MIB);
    expect(api.child.exitCode).toBeNull();
  }, 600_000);
});
