/**
 * A curator of pilot regions is a ТФОМС director whose region's administrator manages the account — but the
 * account reads the federal view of a whole group of regions. Changing its address (where a reset link goes)
 * or its login is a ФОМС administrator's: a region's administrator who could would take the account over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { ownDatabase } from '../support/own-database.js';

let h: Harness;
let drop: () => Promise<void> = async () => {};
const people = '/api/directory/people';

beforeAll(async () => {
  const own = await ownDatabase(); // changes a curator's account: not on the database the federal tests read
  drop = own.drop;
  h = await startHarness({ databaseUrl: own.url });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await drop();
});

describe('a curator\'s credentials', () => {
  it('a region\'s administrator may not change the address or the login of the director who curates a pilot group; a ФОМС administrator may', async () => {
    const fomsAdmin = await h.login('foms-admin');
    // Ярославская's own administrator, made one by ФОМС (the walk that found this did the same).
    expect((await h.call('PATCH', `${people}/yar-deputy`, { token: fomsAdmin, body: { roles: ['admin'] } })).status).toBe(200);
    const regionAdmin = await h.login('yar-deputy');
    const [before] = await h.sql<{ email: string; login: string }[]>`select email, login from people where id = 'pushkov'`;

    for (const body of [{ email: 'attacker@evil.example' }, { login: 'pushkov2' }]) {
      const refused = await h.call('PATCH', `${people}/pushkov`, { token: regionAdmin, body });
      expect(refused.status, JSON.stringify(refused.body)).toBe(403);
      expect(refused.body.error.message).toContain('администратор ФОМС');
    }
    expect((await h.sql`select email, login from people where id = 'pushkov'`)[0]).toEqual(before);
    // The rest of the record stays the region's to keep.
    expect((await h.call('PATCH', `${people}/pushkov`, { token: regionAdmin, body: { positionTitle: 'Директор ТФОМС Ярославской области' } })).status).toBe(200);
    // Anyone else in the region is the region's administrator's as before.
    expect((await h.call('PATCH', `${people}/yar-head`, { token: regionAdmin, body: { email: 'yar.head@tfoms76.example' } })).status).toBe(200);

    const byFoms = await h.call('PATCH', `${people}/pushkov`, { token: fomsAdmin, body: { email: 'pushkov@tfoms76.example' } });
    expect(byFoms.status, JSON.stringify(byFoms.body)).toBe(200);
  });
});
