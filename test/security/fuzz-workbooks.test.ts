import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultWorkbookLimits } from '../../services/documents/workbook-limits.js';
import { demoDocument } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { deflated, rebuild, streamedEntry, workbookParts, writeZip, type ZipEntry } from '../support/zip.js';
import { pick, seeded } from './fuzz-generator.js';

/**
 * The fuzz test's workbook section (issue 22): seeded hostile workbooks on POST /api/roadmaps/import — bombs,
 * lying sizes, rows and cells around the limits, ranges over whole sheets, formulas, broken zips and XML, flipped
 * and truncated bytes — as drafters and as others. Nothing may answer 5xx or hang, every refusal is a JSON error,
 * and nothing may change: every workbook a drafter sends carries an impossible date, so none can become a draft.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const TOTAL = Number(process.env.FUZZ_WORKBOOKS ?? 240);
const CONCURRENCY = 4;
const ROLES = ['coordinator', 'director', 'smo', 'specialist', 'yar-coordinator', 'curator'];
const ITEMS = 'xl/worksheets/sheet3.xml';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(() => h?.close());

describe('fuzz: hostile workbooks on the import', () => {
  it(`answers ${TOTAL} hostile workbooks without a 5xx, a hang or a change`, async () => {
    const coordinator = await h.login('coordinator');
    const created = await h.call('POST', '/api/roadmaps', { token: coordinator, body: demoDocument() });
    expect(created.status).toBe(201);
    const res = await fetch(`${h.baseUrl}/api/roadmaps/${created.body.roadMapId}/versions/1/roadmap.xlsx`, { headers: { authorization: `Bearer ${coordinator}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    wb.getWorksheet('Мероприятия')!.getCell('D2').value = '31.02.2017'; // no such date: no workbook below can be accepted
    const base = Buffer.from(await wb.xlsx.writeBuffer());
    const parts = await workbookParts(base);
    const sheet = parts.get(ITEMS)!.toString('utf8');
    const head = sheet.slice(0, sheet.indexOf('</sheetData>'));
    const tail = sheet.slice(sheet.indexOf('</sheetData>'));
    const bombs: ZipEntry[] = [];
    for (const mib of [40, 160]) bombs.push(await streamedEntry(ITEMS, head, '<row r="9"><c r="A9"><v>1</v></c></row>', Math.ceil((mib << 20) / 40), tail));
    const tokens = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await h.login(r)] as const)));

    const rng = seeded(SEED);
    const int = (n: number) => Math.floor(rng() * n);
    const col = () => (rng() < 0.2 ? 'XFD' : String.fromCharCode(65 + int(26)));
    const ref = () => `${col()}${1 + int(rng() < 0.2 ? 1_048_576 : 2000)}`;
    const range = () => (rng() < 0.5 ? `${ref()}:${ref()}` : ref());
    const withRows = (n: number, cellsPerRow: number, cell: (r: number, c: number) => string) => {
      let xml = '';
      for (let r = 0; r < n; r++) xml += `<row r="${r + 3}">${Array.from({ length: cellsPerRow }, (_, c) => cell(r + 3, c)).join('')}</row>`;
      return head + xml + tail;
    };
    const cases: Record<string, () => Buffer> = {
      flip: () => {
        const b = Buffer.from(base);
        for (let i = 1 + int(40); i > 0; i--) b[int(b.length)] ^= 1 << int(8);
        return b;
      },
      truncate: () => base.subarray(0, int(base.length)),
      bomb: () => rebuild(parts, { [ITEMS]: pick(rng, bombs) }),
      lyingSize: () => rebuild(parts, { [ITEMS]: { ...pick(rng, bombs), declaredSize: int(100_000) } }),
      rows: () => rebuild(parts, { [ITEMS]: withRows(defaultWorkbookLimits.maxRows - 50 + int(100), 0, () => '') }),
      cells: () => {
        const perRow = 1 + int(16);
        return rebuild(parts, { [ITEMS]: withRows(Math.ceil((defaultWorkbookLimits.maxCells - 2000 + int(4000)) / perRow), perRow, (r, c) => `<c r="${String.fromCharCode(65 + c)}${r}"><v>${c}</v></c>`) });
      },
      ranges: () => {
        const kind = int(4);
        if (kind === 3) {
          const workbook = parts.get('xl/workbook.xml')!.toString('utf8').replace('</sheets>', `</sheets><definedNames><definedName name="n">'Мероприятия'!$${range().replace(':', ':$')}</definedName></definedNames>`);
          return rebuild(parts, { 'xl/workbook.xml': workbook });
        }
        const extra = [
          `<mergeCells count="1"><mergeCell ref="${range()}"/></mergeCells>`,
          `<dataValidations count="1"><dataValidation type="list" sqref="${range()} ${range()}"><formula1>"a"</formula1></dataValidation></dataValidations>`,
          `<conditionalFormatting sqref="${range()}"><cfRule type="expression" priority="1"><formula>1</formula></cfRule></conditionalFormatting>`,
        ][kind];
        const cols = rng() < 0.3 ? head.replace(/<cols>.*?<\/cols>/, `<cols><col min="${1 + int(5)}" max="${pick(rng, [16384, 16385, 2147483647, 3])}" width="9"/></cols>`) : head;
        return rebuild(parts, { [ITEMS]: cols + tail.replace('</sheetData>', `</sheetData>${extra}`) });
      },
      formula: () => withFormula(),
      entries: () => rebuild(parts, Object.fromEntries(Array.from({ length: defaultWorkbookLimits.maxEntries - 20 + int(40) }, (_, i) => [`xl/media/m${i}.bin`, 'x']))),
      brokenXml: () => rebuild(parts, { [pick(rng, [...parts.keys()])]: pick(rng, ['<', '<?xml version="1.0"?><worksheet><sheetData><row r="-1"><c r="ZZZZ0"/></row>', '\u0000\uffff', Buffer.alloc(int(5000), int(256))]) }),
      brokenZip: () => pick(rng, [
        () => writeZip([{ ...deflated(ITEMS, 'x'), compressed: Buffer.from([int(256), int(256), int(256)]) }]),
        () => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(int(3000), int(256))]),
        () => Buffer.from('%PDF-1.4 не книга'),
        () => base.subarray(0, base.length - 1 - int(22)),
        () => Buffer.alloc(0),
      ])(),
    };
    function withFormula(): Buffer {
      const r = 2 + int(38);
      const c = String.fromCharCode(65 + int(11));
      const formula = pick(rng, ['TODAY()', 'A1&amp;B1', 'HYPERLINK("http://example.org","x")', 'WEBSERVICE("http://127.0.0.1/")', '1+1']);
      const xml = sheet.replace(new RegExp(`<c r="${c}${r}"[^>]*?(?:/>|>.*?</c>)`), `<c r="${c}${r}" t="str"><f>${formula}</f><v>2017-05-15</v></c>`);
      return rebuild(parts, { [ITEMS]: xml });
    }

    const counts = async () => (await h.sql<{ r: number; d: number; e: number }[]>`
      select (select count(*)::int from roadmaps) as r, (select count(*)::int from roadmap_documents) as d, (select count(*)::int from events) as e`)[0];
    const before = await counts();
    const names = Object.keys(cases);
    const failures: string[] = [];
    const byStatus = new Map<string, number>();
    let next = 0;
    async function lane() {
      while (next < TOTAL) {
        const i = next++;
        const name = names[i % names.length];
        const role = rng() < 0.6 ? 'coordinator' : pick(rng, ROLES);
        const file = cases[name]();
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(file)]), pick(rng, ['карта.xlsx', 'x.pdf', '../../etc/passwd', '']));
        try {
          const r = await fetch(`${h.baseUrl}/api/roadmaps/import`, { method: 'POST', headers: { authorization: `Bearer ${tokens[role]}` }, body: form, signal: AbortSignal.timeout(60_000) });
          const text = await r.text();
          byStatus.set(`${name}:${r.status}`, (byStatus.get(`${name}:${r.status}`) ?? 0) + 1);
          if (r.status >= 500 || r.status < 400) failures.push(`${r.status} [${name} as ${role}] ${text.slice(0, 300)}`);
          else {
            const parsed = JSON.parse(text);
            if (typeof parsed.error?.code !== 'string' || !Array.isArray(parsed.error.details) || parsed.error.details.length > 50) failures.push(`bad error body [${name}] ${text.slice(0, 200)}`);
          }
        } catch (err) {
          failures.push(`[${name} as ${role}] ${(err as Error).name}: ${(err as Error).message}`);
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    console.log(`fuzz workbooks: seed ${SEED}, ${TOTAL} uploads; ${[...byStatus].sort().map(([k, n]) => `${k}×${n}`).join(' ')}`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(await counts()).toEqual(before);
  }, 900_000);
});
