import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import { startHarness, type Harness } from '../support/harness.js';
import { smallDocument } from '../support/fixtures.js';
import { approvedRoadMap } from '../support/roadmaps.js';

const MAX = 64 * 1024;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ attachmentLimits: { maxBytes: MAX, perCommand: 3 } });
});
afterAll(() => h?.close());

const pdf = (extra = '') => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n${extra}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const png = () =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from([0, 0, 0, 13]), Buffer.from('IHDR'), Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]), Buffer.from([0x90, 0x77, 0x53, 0xde]),
  ]);
const docx = async () => Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('Приказ о назначении ответственных')] }] })));
const xlsx = async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('План').addRow(['МО', 'Сумма']);
  return Buffer.from(await wb.xlsx.writeBuffer());
};

async function upload(token: string, files: { name: string; bytes: Buffer }[]) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)]), f.name);
  const res = await fetch(`${h.baseUrl}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}
async function download(token: string, id: string) {
  const res = await fetch(`${h.baseUrl}/api/attachments/${id}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('attachments', () => {
  it('round-trips a file with a Cyrillic name, served with an RFC 6266/5987 Content-Disposition', async () => {
    const token = await h.login('executor');
    const bytes = pdf('Приказ № 12');
    const name = 'Приказ № 12 от 01.12.2026.pdf';
    const up = await upload(token, [{ name, bytes }]);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ name, size: bytes.length, type: 'application/pdf' });
    expect(up.body.sha256).toMatch(/^[a-f0-9]{64}$/);
    const down = await download(token, up.body.id);
    expect(down.status).toBe(200);
    expect(down.bytes.equals(bytes)).toBe(true);
    expect(down.headers.get('content-type')).toBe('application/pdf');
    expect(down.headers.get('content-disposition')).toBe(
      `attachment; filename="______ _ 12 __ 01.12.2026.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
  });

  it('accepts DOCX, XLSX and PNG by content, and stores the same bytes once however often uploaded', async () => {
    const token = await h.login('executor');
    const d = await upload(token, [{ name: 'Распоряжение.docx', bytes: await docx() }]);
    const x = await upload(token, [{ name: 'План финансирования.xlsx', bytes: await xlsx() }]);
    const p = await upload(token, [{ name: 'скан.png', bytes: png() }]);
    expect([d.status, x.status, p.status]).toEqual([201, 201, 201]);
    expect(d.body.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(x.body.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(p.body.type).toBe('image/png');

    const same = pdf(`один и тот же ${Date.now()}`);
    const a = await upload(token, [{ name: 'первый.pdf', bytes: same }]);
    const b = await upload(token, [{ name: 'второй.pdf', bytes: same }]);
    expect(a.body.id).not.toBe(b.body.id);
    expect(a.body.sha256).toBe(b.body.sha256);
    const [{ count }] = await h.sql<{ count: number }[]>`select count(*)::int as count from blobs where sha256 = ${a.body.sha256}`;
    expect(count).toBe(1);
    expect((await download(token, b.body.id)).bytes.equals(same)).toBe(true);
  });

  it('refuses every bad file with its status and a Russian reason naming the field, storing nothing', async () => {
    const token = await h.login('executor');
    const before = await h.sql<{ count: number }[]>`select count(*)::int as count from attachments`;
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
    const cases: [string, { name: string; bytes: Buffer }[], number, RegExp][] = [
      ['empty', [{ name: 'пустой.pdf', bytes: Buffer.alloc(0) }], 400, /пустой/],
      ['too large', [{ name: 'большой.pdf', bytes: pdf('x'.repeat(MAX)) }], 413, /больше 65536 байт/],
      ['an executable', [{ name: 'программа.exe', bytes: elf }], 415, /допустимы только/],
      ['plain text', [{ name: 'заметка.txt', bytes: Buffer.from('просто текст') }], 415, /допустимы только/],
      ['a PNG named .pdf', [{ name: 'отчёт.pdf', bytes: png() }], 415, /по содержимому это PNG/],
      ['too many files', [1, 2, 3, 4].map((i) => ({ name: `${i}.pdf`, bytes: pdf(String(i)) })), 400, /не больше 3 файлов/],
      ['no file at all', [], 400, /не передан/],
    ];
    for (const [what, files, status, reason] of cases) {
      const res = await upload(token, files);
      expect(res.status, what).toBe(status);
      expect(res.body.error.details[0].field, what).toBe('file');
      expect(res.body.error.details[0].message, what).toMatch(reason);
    }
    const after = await h.sql<{ count: number }[]>`select count(*)::int as count from attachments`;
    expect(after[0].count).toBe(before[0].count);
  });

  it('an unattached file is its uploader’s only: anyone else gets the same 404 as a missing id', async () => {
    const up = await upload(await h.login('executor'), [{ name: 'черновик.pdf', bytes: pdf('черновик') }]);
    const missing = await download(await h.login('executor'), '00000000-0000-0000-0000-000000000000');
    expect(missing.status).toBe(404);
    for (const who of ['controller', 'director', 'smo']) {
      const res = await download(await h.login(who), up.body.id);
      expect(res.status, who).toBe(404);
      expect(JSON.parse(res.bytes.toString()).error.code, who).toBe('not_found');
    }
  });

  it('an attached file cannot be re-pointed or changed', async () => {
    const up = await upload(await h.login('executor'), [{ name: 'итог.pdf', bytes: pdf('итог') }]);
    // Referencing from a completion report is not wired yet: attach it the way that command would.
    await h.sql`update attachments set attached_kind = 'execution', attached_id = 'исполнение-1', attached_at = now() where id = ${up.body.id}`;
    await expect(h.sql`update attachments set attached_id = 'другое' where id = ${up.body.id}`).rejects.toThrow(/cannot change/);
    await expect(h.sql`update attachments set sha256 = ${'0'.repeat(64)} where id = ${up.body.id}`).rejects.toThrow(/cannot change/);
  });

  it('a completion report references uploads by id: resolved, recorded in the audit trail, then downloadable by the execution’s readers only', async () => {
    const { id: roadMapId, executions } = await approvedRoadMap(h, smallDocument(), 3);
    const order = executions.find((e) => e.itemId === 'order')!;
    const executor = await h.login('executor');
    const mine = await upload(executor, [{ name: 'Приказ о назначении.pdf', bytes: pdf(`приказ ${Date.now()}`) }]);
    const theirs = await upload(await h.login('controller'), [{ name: 'чужой.pdf', bytes: pdf('чужой') }]);

    const refused = await h.call('POST', `/api/executions/${order.id}/complete`, {
      token: executor,
      body: { text: 'Приказ издан', attachments: [{ attachmentId: mine.body.id }, { attachmentId: theirs.body.id }, { attachmentId: 'нет-такого' }] },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.map((d: { field: string }) => d.field)).toEqual(['attachments.1.attachmentId', 'attachments.2.attachmentId']);

    const done = await h.call('POST', `/api/executions/${order.id}/complete`, { token: executor, body: { text: 'Приказ издан', attachments: [{ attachmentId: mine.body.id }] } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const events = await h.call('GET', `/api/roadmaps/${roadMapId}/events?limit=1000`, { token: await h.login('coordinator') });
    expect(events.status).toBe(200);
    const recorded = JSON.stringify(events.body);
    expect(recorded).toContain(mine.body.sha256);
    expect(recorded).toContain('Приказ о назначении.pdf');
    expect(recorded).toContain(`"size":${mine.body.size}`);

    expect((await download(await h.login('controller'), mine.body.id)).status).toBe(200);
    expect((await download(await h.login('coordinator'), mine.body.id)).status).toBe(200);
    // A competing СМО reads neither the execution nor its files.
    expect((await download(await h.login('smo'), mine.body.id)).status).toBe(404);
    // Frozen: the same upload cannot be pointed at another execution.
    const other = executions.find((e) => e.id !== order.id)!;
    const again = await h.call('POST', `/api/executions/${other.id}/complete`, { token: executor, body: { text: 'то же', attachments: [{ attachmentId: mine.body.id }] } });
    expect(again.status).toBe(400);
  });
});
