/**
 * An Idempotency-Key names one command: its query is part of it (a dry run is not the apply), a key taken by a
 * request still running refuses another body at once (409) instead of answering it with the first one's result,
 * and a refused command leaves the key free for the corrected one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { ownDatabase } from '../support/own-database.js';
import { filledTemplate, importRegion, seedImportRegion } from '../directory-import/directory-import-fixtures.js';

let h: Harness;
let drop: () => Promise<void> = async () => {};
const R = importRegion('37', 'ik');
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

beforeAll(async () => {
  const own = await ownDatabase(); // substitutions change who gets escalations: not on the shared database
  drop = own.drop;
  h = await startHarness({ databaseUrl: own.url });
  await seedImportRegion(h.sql, R);
}, 120_000);
afterAll(async () => {
  await h?.close();
  await drop();
});

const substitution = (substituteId: string, fromDay: number) => ({
  personId: 'controller', substituteId, startsAt: inDays(fromDay), endsAt: inDays(fromDay + 1), reason: 'Отпуск, приказ № 15-к',
});

describe('Idempotency-Key', () => {
  it('taken by a request still running: the same key with other bodies at the same moment is 409, and only the first body is carried out', async () => {
    const director = await h.login('director');
    const key = { 'Idempotency-Key': 'parallel-1' };
    const bodies = [substitution('quality', 20), substitution('finance', 22), substitution('it', 24)];
    const answers = await Promise.all(bodies.map((body) => h.call('POST', '/api/substitutions', { token: director, body, headers: key })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    const won = answers.find((a) => a.status === 201)!;
    const rows = await h.sql<{ id: string; substitute_id: string }[]>`select id, substitute_id from substitutions where person_id = 'controller'`;
    expect(rows).toHaveLength(1);
    expect(rows[0].id).toBe(won.body.id);
    for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body.error.details[0].field).toBe('Idempotency-Key');
    // The same body again is the same command: answered once more, nothing new.
    const winner = bodies.find((b) => b.substituteId === rows[0].substitute_id)!;
    const again = await Promise.all([1, 2].map(() => h.call('POST', '/api/substitutions', { token: director, body: winner, headers: key })));
    expect(again.map((a) => [a.status, a.body.id])).toEqual([[201, won.body.id], [201, won.body.id]]);
    expect(await h.sql`select 1 from substitutions where person_id = 'controller'`).toHaveLength(1);
  });

  it('a refused command leaves its key free: the corrected request with the same key goes through', async () => {
    const director = await h.login('director');
    const key = { 'Idempotency-Key': 'corrected-1' };
    const corrected = substitution('quality', 30);
    const bad = await h.call('POST', '/api/substitutions', { token: director, body: { ...corrected, reason: '' }, headers: key });
    expect(bad.status).toBe(400);
    const good = await h.call('POST', '/api/substitutions', { token: director, body: corrected, headers: key });
    expect(good.status, JSON.stringify(good.body)).toBe(201);
  });

  it('names the query too: a dry run\'s key does not apply the import as that dry run', async () => {
    const admin = await h.login(R.admin);
    const template = Buffer.from(await (await fetch(`${h.baseUrl}/api/regions/${R.code}/directory/templates/people.xlsx`, { headers: { authorization: `Bearer ${admin}` } })).arrayBuffer());
    const file = await filledTemplate(template, [['ik-new', 'Сотрудник ik-new', 'специалист', 'Специалист', 'ТФОМС', '', '']]);
    const send = async (dryRun: boolean, key: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file)]), 'люди.xlsx');
      const res = await fetch(`${h.baseUrl}/api/regions/${R.code}/directory/import?dryRun=${dryRun}`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'idempotency-key': key }, body: form });
      return { status: res.status, body: (await res.json()) as any, replayed: res.headers.get('idempotent-replayed') };
    };
    const dry = await send(true, 'import-1');
    expect(dry.status).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    const sameKey = await send(false, 'import-1');
    expect(sameKey.status).toBe(409);
    expect(sameKey.replayed).toBeNull();
    expect(await h.sql`select 1 from people where id = 'ik-new'`).toHaveLength(0);
    const applied = await send(false, 'import-2');
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ dryRun: false, applied: true });
    expect((await send(false, 'import-2')).replayed).toBe('true');
  });
});
