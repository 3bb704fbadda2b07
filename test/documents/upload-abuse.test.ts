/**
 * Issue 22, part 1: uploads, bodies and retries that cannot hurt the shared process.
 * File names are cleaned before they are stored; a retried upload is the same upload
 * whatever its multipart boundary; keys are per person; a command sent before its
 * workflow exists is "not yet" (503), never "finished"; each person has an upload rate
 * and a quota of unattached files; unattached uploads are swept by a Temporal Schedule.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFor } from '../../web/session/web-session.js';
import { ensureUploadSweepSchedule, uploadSweepScheduleId } from '../../worker/upload-sweep-schedule.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { smallDocument } from '../support/fixtures.js';
import { approvedRoadMap } from '../support/roadmaps.js';
import { ownDatabase } from '../support/own-database.js';

const MAX = 64 * 1024;
const PER_MINUTE = 20;
const UNATTACHED_BYTES = 200 * 1024;
let h: Harness;
let db: Awaited<ReturnType<typeof ownDatabase>>;
let executions: { id: string; itemId: string }[];
beforeAll(async () => {
  // A database of its own: the per-person rate and quota count every upload of the person, and other
  // test files upload as the same demo people at the same time.
  db = await ownDatabase();
  h = await startHarness({ databaseUrl: db.url, attachmentLimits: { maxBytes: MAX, perCommand: 3, uploadsPerMinute: PER_MINUTE, unattachedMaxBytes: UNATTACHED_BYTES }, uploadsInFlight: 1 });
  executions = (await approvedRoadMap(h, smallDocument(), 3)).executions;
});
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

/** A multipart body written by hand: the file name's bytes go as they are (a NUL, a TAB, an ESC), and the boundary is ours. */
function multipart(parts: ({ name: string; value: string } | { name: string; fileName: string; bytes: Buffer })[], boundary = `b-${randomUUID()}`) {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = 'fileName' in p ? `form-data; name="${p.name}"; filename="${p.fileName}"` : `form-data; name="${p.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${'fileName' in p ? 'Content-Type: application/octet-stream\r\n' : ''}\r\n`));
    chunks.push('bytes' in p ? p.bytes : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function uploadRaw(login: string, fileName: string, bytes: Buffer, headers: Record<string, string> = {}, boundary?: string) {
  const { body, contentType } = multipart([{ name: 'file', fileName, bytes }], boundary);
  const res = await fetch(`${h.baseUrl}/api/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await h.login(login)}`, 'content-type': contentType, ...headers },
    body: new Uint8Array(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

const storedName = async (id: string) => (await h.sql<{ name: string }[]>`select name from attachments where id = ${id}`)[0]?.name;
const execution = (itemId: string, n = 0) => executions.filter((e) => e.itemId === itemId)[n];

describe('file names', () => {
  it('are stored as a clean base name of bounded length, through the API', async () => {
    const cases: [string, string][] = [
      ['акт\u0000сверки.pdf', 'акт сверки.pdf'],
      ['отчёт\tза\u001bмарт.pdf', 'отчёт за март.pdf'],
      ['../../etc/passwd.pdf', 'passwd.pdf'],
      ['C:\\Users\\Иван\\Приказ № 12.pdf', 'Приказ № 12.pdf'],
      ['exe\u202Efdp.pdf', 'exefdp.pdf'],
      ['.pdf', 'файл.pdf'],
    ];
    for (const [given, clean] of cases) {
      const up = await uploadRaw('executor', given, pdf(`name ${JSON.stringify(given)}`));
      expect(up.status, `${JSON.stringify(given)}: ${JSON.stringify(up.body)}`).toBe(201);
      expect(up.body.name, JSON.stringify(given)).toBe(clean);
      expect(await storedName(up.body.id)).toBe(clean);
    }
  });

  it('a 20,000-character name is cut to 200 characters with its extension, and its download header stays short', async () => {
    const up = await uploadRaw('executor', `${'Я'.repeat(20_000)}.pdf`, pdf('long'));
    expect(up.status).toBe(201);
    expect(up.body.name).toHaveLength(200);
    expect(up.body.name.endsWith('Я.pdf')).toBe(true);
    const down = await fetch(`${h.baseUrl}/api/attachments/${up.body.id}`, { headers: { authorization: `Bearer ${await h.login('executor')}` } });
    expect(down.status).toBe(200);
    await down.arrayBuffer();
    expect(down.headers.get('content-disposition')!.length).toBeLessThan(2_000);
  });

  it('a file with a TAB and an ESC in its name, or stored with CR/LF before names were cleaned, can be referenced by its uploader', async () => {
    const up = await uploadRaw('executor', 'скан\tакта\u001b.pdf', pdf('tab'));
    expect(up.status).toBe(201);
    // A row stored before this change, as it was then: the name as given.
    const legacy = randomUUID();
    await h.sql`insert into attachments (id, sha256, name, size, type, uploaded_by)
      values (${legacy}, ${up.body.sha256}, ${'старый\r\nскан\u001b.pdf'}, ${up.body.size}, 'application/pdf', 'executor')`;
    const done = await h.call('POST', `/api/executions/${execution('order').id}/complete`, {
      token: await h.login('executor'),
      body: { text: 'Акт подписан', attachments: [{ attachmentId: up.body.id }, { attachmentId: legacy }] },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const [event] = await h.sql<{ payload: any }[]>`select payload from events where subject = ${execution('order').id} and type = 'execution.completed'`;
    expect(event.payload.report.attachments.map((a: { name: string }) => a.name)).toEqual(['скан акта.pdf', 'старый скан.pdf']);
  });

  it('a NUL in a file name sent through the report form is no 500: the report is sent with the clean name', async () => {
    const token = await h.login('executor');
    const target = execution('stands', 0);
    const { body, contentType } = multipart([
      { name: '_csrf', value: csrfTokenFor(token) },
      { name: '_command', value: randomUUID() },
      { name: 'text', value: 'Стенды установлены' },
      { name: 'file', fileName: 'фото\u0000стенда.pdf', bytes: pdf('стенд') },
    ]);
    const res = await fetch(`${h.baseUrl}/executions/${target.id}/complete`, {
      method: 'POST',
      headers: { cookie: `rm_session=${token}`, 'content-type': contentType },
      body: new Uint8Array(body),
      redirect: 'manual',
    });
    expect(res.status, await res.text()).toBe(303);
    const [event] = await h.sql<{ payload: any }[]>`select payload from events where subject = ${target.id} and type = 'execution.completed'`;
    expect(event.payload.report.attachments[0].name).toBe('фото стенда.pdf');
  });
});

describe('retries', () => {
  it('the same form re-encoded with another boundary under the same key is the same upload', async () => {
    const key = `reencoded-${randomUUID()}`;
    const bytes = pdf(`re-encoded ${key}`);
    const first = await uploadRaw('executor', 'Протокол.pdf', bytes, { 'idempotency-key': key }, 'first-boundary');
    const again = await uploadRaw('executor', 'Протокол.pdf', bytes, { 'idempotency-key': key }, 'another-boundary-entirely');
    expect(first.status).toBe(201);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    // Other bytes under the same key are another request.
    const other = await uploadRaw('executor', 'Протокол.pdf', pdf('другое'), { 'idempotency-key': key }, 'first-boundary');
    expect(other.status).toBe(409);
  });

  it('a key is per person: another person may use the same key on the same workflow', async () => {
    const key = `shared-${randomUUID()}`;
    const target = execution('stands', 1);
    const done = await h.call('POST', `/api/executions/${target.id}/complete`, { token: await h.login('executor'), body: { text: 'Сделано' }, headers: { 'Idempotency-Key': key } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const returned = await h.call('POST', `/api/executions/${target.id}/return`, { token: await h.login('controller'), body: { comment: 'Нет фото' }, headers: { 'Idempotency-Key': key } });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body).not.toEqual(done.body);
    const types = await h.sql<{ type: string }[]>`select type from events where subject = ${target.id} and type in ('execution.completed', 'execution.returned') order by seq`;
    expect(types.map((t) => t.type)).toEqual(['execution.completed', 'execution.returned']);

    // The road map's workflow: the coordinator submits and the director approves under one key.
    const coordinator = await h.login('coordinator');
    const created = await h.call('POST', '/api/roadmaps', { token: coordinator, body: smallDocument(), headers: { 'Idempotency-Key': key } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const roadMap = created.body.roadMapId;
    expect((await h.call('POST', `/api/roadmaps/${roadMap}/submit`, { token: coordinator, headers: { 'Idempotency-Key': `${key}-2` } })).status).toBe(200);
    const approved = await h.call('POST', `/api/roadmaps/${roadMap}/approve`, { token: await h.login('director'), headers: { 'Idempotency-Key': `${key}-2` } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  });

  it('a command whose execution has no workflow yet is a 503 with Retry-After, never «завершено»; the retry with the same key then goes through', async () => {
    const target = execution('stands', 1);
    const [{ workflow_id }] = await h.sql<{ workflow_id: string }[]>`select workflow_id from item_executions where id = ${target.id}`;
    // The read model's row is written before its workflow is started (activities/launch-executions.ts): that moment, held still.
    await h.sql`update item_executions set workflow_id = ${`${workflow_id}-not-started-yet`} where id = ${target.id}`;
    const key = `early-${randomUUID()}`;
    const executor = await h.login('executor');
    const early = await h.call('POST', `/api/executions/${target.id}/complete`, { token: executor, body: { text: 'Исправлено' }, headers: { 'Idempotency-Key': key } });
    expect(early.status, JSON.stringify(early.body)).toBe(503);
    expect(early.headers.get('retry-after')).toBe('1');
    expect(early.body.error.message).not.toMatch(/заверш/);
    await h.sql`update item_executions set workflow_id = ${workflow_id} where id = ${target.id}`;
    const later = await h.call('POST', `/api/executions/${target.id}/complete`, { token: executor, body: { text: 'Исправлено' }, headers: { 'Idempotency-Key': key } });
    expect(later.status, JSON.stringify(later.body)).toBe(200);
  });

  it('a command to a finished execution is still the 409 «завершено», at once', async () => {
    const target = execution('order');
    const controller = await h.login('controller');
    const accepted = await h.call('POST', `/api/executions/${target.id}/accept`, { token: controller });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const closed = await eventually(
      () => h.call('POST', `/api/executions/${target.id}/return`, { token: controller, body: { comment: 'ещё раз' } }),
      (r) => r.status === 409 && /заверш/.test(r.body.error.message),
    );
    expect(closed.status).toBe(409);
  });
});

describe('uploads in flight', () => {
  it('a slot is taken when an upload’s body is first read, after its token was checked: nobody signed out can hold one', async () => {
    const token = await h.login('coordinator');
    const boundary = 'slow-upload';
    // An upload that sends its first bytes and then nothing: it holds the only slot (uploadsInFlight: 1).
    const slow = request(`${h.baseUrl}/api/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'transfer-encoding': 'chunked' },
    });
    const slowAnswer = new Promise<number>((resolve) => slow.on('response', (res) => (res.resume(), resolve(res.statusCode!))));
    slow.on('error', () => {});
    slow.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="медленный.pdf"\r\n\r\n%PDF-1.4\n`);
    await new Promise((r) => setTimeout(r, 500));
    // Signed out: refused at once, never waiting for a slot.
    const anonymous = await fetch(`${h.baseUrl}/api/attachments`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: 'x' });
    expect(anonymous.status).toBe(401);
    // Signed in: waits for the slot, then a 503 with Retry-After; nothing read, nothing stored.
    const waiting = await uploadRaw('coordinator', 'второй.pdf', pdf('второй'));
    expect(waiting.status, JSON.stringify(waiting.body)).toBe(503);
    expect(waiting.headers.get('retry-after')).toBe('5');
    slow.end(`\n%%EOF\r\n--${boundary}--\r\n`);
    expect(await slowAnswer).toBe(201);
    expect((await uploadRaw('coordinator', 'третий.pdf', pdf('третий'))).status).toBe(201);
  }, 60_000);
});

describe('upload rate, quota and sweep', () => {
  it(`a burst of 30 uploads stores ${PER_MINUTE}; the rest are 429 with Retry-After, naming the field`, async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => uploadRaw('controller', `скан ${i}.pdf`, pdf(`burst ${i} ${randomUUID()}`))));
    const stored = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status === 429);
    expect(stored).toHaveLength(PER_MINUTE);
    expect(refused).toHaveLength(30 - PER_MINUTE);
    expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused[0].body.error.details[0]).toMatchObject({ field: 'file', message: expect.stringMatching(/в минуту/) });
    const [{ count }] = await h.sql<{ count: number }[]>`select count(*)::int as count from attachments where uploaded_by = 'controller'`;
    expect(count).toBe(PER_MINUTE);
  });

  it('unattached uploads are bounded per person, and the scheduled sweep removes them (and their bytes) after their time, never an attached one', async () => {
    const tag = randomUUID();
    const ids: string[] = [];
    // Three files of 60 KB fit in the 200 KB of unattached uploads; a fourth does not.
    const big = (text: string) => pdf(`${text} ${'x'.repeat(60 * 1024)}`);
    for (let i = 0; i < 3; i++) {
      const up = await uploadRaw('director', `черновик ${i}.pdf`, big(`draft ${i} ${tag}`));
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      ids.push(up.body.id);
    }
    const over = await uploadRaw('director', 'ещё один.pdf', big(`one too many ${tag}`));
    expect(over.status).toBe(429);
    expect(over.body.error.details[0].message).toMatch(/не приложенных|неприложенных/);

    // An attached file of the same age stays: attached the way a command does (services/attachments markAttached).
    const keep = await uploadRaw('executor', 'приложенный.pdf', pdf(`kept ${tag}`));
    await h.sql`update attachments set uploaded_at = now() - interval '100 hours' where id = any(${ids}::text[])`;
    await h.sql`update attachments set uploaded_at = now() - interval '100 hours', attached_kind = 'execution', attached_id = ${execution('order').id}, attached_at = now()
      where id = ${keep.body.id}`;
    await h.sql`update blobs set stored_at = now() - interval '100 hours' where sha256 in (select sha256 from attachments where id = any(${[...ids, keep.body.id]}::text[]))`;
    const fresh = await uploadRaw('executor', 'свежий.pdf', pdf(`fresh ${tag}`));
    expect(fresh.status).toBe(201);
    const shas = (await h.sql<{ sha256: string }[]>`select sha256 from attachments where id = any(${ids}::text[])`).map((r) => r.sha256);

    // Created at worker start (the harness's worker); creating it again is a no-op.
    const scheduleId = uploadSweepScheduleId(h.taskQueue);
    await ensureUploadSweepSchedule(h.env.client, h.taskQueue, { unattachedTtlHours: 72, everyMinutes: 60 });
    const described = await h.env.client.schedule.getHandle(scheduleId).describe();
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'sweepUnattachedUploadsWorkflow', taskQueue: h.taskQueue });
    expect(described.spec.intervals?.[0].every).toBe(60 * 60 * 1000);

    await h.env.client.schedule.getHandle(scheduleId).trigger();
    await eventually(
      () => h.sql<{ count: number }[]>`select count(*)::int as count from attachments where id = any(${ids}::text[])`,
      (rows) => rows[0].count === 0,
    );
    const left = await h.sql<{ id: string }[]>`select id from attachments where id = any(${[keep.body.id, fresh.body.id]}::text[]) order by id`;
    expect(left.map((r) => r.id).sort()).toEqual([keep.body.id, fresh.body.id].sort());
    const blobsLeft = await h.sql<{ count: number }[]>`select count(*)::int as count from blobs where sha256 = any(${shas}::text[])`;
    expect(blobsLeft[0].count).toBe(0);
    const download = await fetch(`${h.baseUrl}/api/attachments/${keep.body.id}`, { headers: { authorization: `Bearer ${await h.login('executor')}` } });
    expect(download.status).toBe(200);
    await download.arrayBuffer();

    // The quota is free again.
    expect((await uploadRaw('director', 'снова можно.pdf', big(`again ${tag}`))).status).toBe(201);
  });
});
