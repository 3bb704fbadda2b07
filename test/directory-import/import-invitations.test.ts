/**
 * The invitations of a directory import are the worker's, not the upload's: queued in the import's transaction,
 * sent by inviteImportedPeopleWorkflow after the answer, a refused one retried on a durable timer, each person
 * invited once; and with Temporal unreachable the import is refused whole (503 naming it), nothing written.
 */
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailerFromEnv } from '../../activities/email-delivery.js';
import { freePort } from '../../infra/startup/free-port.js';
import { lazyTemporalClient } from '../../infra/temporal/temporal-client.js';
import { unavailablePart } from '../../infra/http/outage.js';
import { importDirectory } from '../../services/directory-import/directory-import.js';
import type { Actor } from '../../domain/actor.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { filledTemplate, importRegion, seedImportRegion, upload } from './directory-import-fixtures.js';

const R = importRegion('36', 'iq');
let h: Harness;
let admin: string;
let smtp: SMTPServer;
let peopleTemplate: Buffer;
/** Accepted mails, by address; the SMTP server holds every DATA until the gate opens. */
const accepted: string[] = [];
const refusedRcpt: string[] = [];
let openGate: () => void = () => {};
let gate: Promise<void> = Promise.resolve();
/** Each attempt closes the gate anew (a retry of the test included). */
const closeGate = () => (gate = new Promise<void>((r) => (openGate = r)));
/** Mailboxes that refuse every delivery, and ones that refuse only the first (a full mailbox, a greylisting relay). */
const refusedAddresses = new Set<string>();
const refusedFirstTime = new Set<string>();

beforeAll(async () => {
  const port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refusedAddresses.has(address.address) || (refusedFirstTime.has(address.address) && !refusedRcpt.includes(address.address))) {
        refusedRcpt.push(address.address);
        return callback(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 450 }));
      }
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        await gate;
        const mail = await simpleParser(Buffer.concat(chunks));
        accepted.push(mail.to ? (Array.isArray(mail.to) ? mail.to[0].text : mail.to.text) : '');
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  h = await startHarness({ mailer: mailerFromEnv(`smtp://127.0.0.1:${port}?ignoreTLS=true`), emailMaxAttempts: 2 });
  await seedImportRegion(h.sql, R);
  admin = await h.login(R.admin);
  const template = await fetch(`${h.baseUrl}/api/regions/${R.code}/directory/templates/people.xlsx`, { headers: { authorization: `Bearer ${admin}` } });
  peopleTemplate = Buffer.from(await template.arrayBuffer());
}, 120_000);

afterAll(async () => {
  openGate();
  await h?.close();
  await new Promise<void>((r) => smtp.close(() => r()));
});

const person = (login: string, email: string) => [login, `Сотрудник ${login}`, 'специалист', 'Специалист', 'ТФОМС', '', email];
/** Logins and addresses of one attempt: a retry (vitest --retry) on the same database starts with people of its own. */
let run = '';

describe('a directory import\'s invitations', () => {
  it('are sent by the worker after the answer, a refused one again on its own, every person invited exactly once', async () => {
    run = Math.random().toString(36).slice(2, 7);
    const [one, busy, noaddr, gone] = ['one', 'busy', 'noaddr', 'gone'].map((n) => `iq-${run}-${n}`);
    const refusedOnce = `busy.${run}@iq.example`;
    const alwaysRefused = `gone.${run}@iq.example`;
    refusedAddresses.add(alwaysRefused);
    refusedFirstTime.add(refusedOnce);
    closeGate();
    const file = await filledTemplate(peopleTemplate, [person(one, `one.${run}@iq.example`), person(busy, refusedOnce), person(noaddr, ''), person(gone, alwaysRefused)]);
    const applied = await upload(h.baseUrl, admin, R.code, [file], false);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.invitations).toEqual({ queued: 4 });
    // The answer came while the mail server still held every message: nothing was sent inside the request.
    expect(accepted.filter((a) => a.includes(run))).toEqual([]);
    const account = async (id: string) => (await h.call('GET', `/api/people/${id}/account`, { token: admin })).body;
    expect((await account(one)).queuedInvitation).toMatchObject({ state: 'queued' });
    openGate();

    // Everything owed is settled: sent, not needed, or given up after EMAIL_MAX_ATTEMPTS (2 here).
    await eventually(async () => (await h.sql`select 1 from invitation_queue where person_id like ${`iq-${run}-%`} and gave_up_at is null`).length, (n) => n === 0, 60_000);
    expect((await account(one)).queuedInvitation).toBeNull();
    expect((await account(gone)).queuedInvitation).toEqual({ state: 'given_up', attempts: 2 });
    expect(refusedRcpt.filter((a) => a.includes(run)).sort()).toEqual([refusedOnce, alwaysRefused, alwaysRefused].sort()); // the last one: each of its 2 attempts
    expect(accepted.filter((a) => a.includes(run)).sort()).toEqual([`one.${run}@iq.example`, refusedOnce].sort());
    // On each person's trail: one link for the first, two for the refused one (the first link replaced), none without an address.
    const invited = await h.sql<{ subject_id: string; n: number }[]>`
      select subject_id, count(*)::int as n from directory_changes where action = 'invited' and subject_id like ${`iq-${run}-%`} group by subject_id order by subject_id`;
    expect(invited).toEqual([{ subject_id: busy, n: 2 }, { subject_id: gone, n: 2 }, { subject_id: one, n: 1 }]);
    const links = await h.sql<{ person_id: string }[]>`select person_id from account_links where person_id like ${`iq-${run}-%`} and used_at is null order by person_id`;
    expect(links.map((l) => l.person_id)).toEqual([busy, gone, one]);

    // The administrator resends the given-up one by hand: the queue owes it no more.
    const resent = await h.call('POST', `/api/people/${gone}/invitation`, { token: admin });
    expect(resent.status, JSON.stringify(resent.body)).toBe(200);
    expect(resent.body.delivery).toBe('failed'); // the mailbox still refuses: said at once, on the page too
    expect((await account(gone)).queuedInvitation).toBeNull();

    // The same file again creates nobody and queues nothing.
    const again = await upload(h.baseUrl, admin, R.code, [file], false);
    expect(again.body.applied).toBe(false);
    expect(again.body.invitations).toBeUndefined();
  });

  it('with Temporal unreachable refuses the import whole: a 503 naming Temporal, nobody created, nothing queued', async () => {
    const down = lazyTemporalClient(`127.0.0.1:${await freePort()}`, 'default');
    try {
      const actor: Actor = { personId: R.admin, fullName: 'Администратор', organisationId: R.tfoms, organisationKind: 'TFOMS', regionCode: R.code, position: 'head_of_division', roles: ['admin'], actingForId: null };
      const file = await filledTemplate(peopleTemplate, [person('iq-later', 'later@iq.example')]);
      const err = await importDirectory({ sql: h.sql, temporal: down.client, taskQueue: h.taskQueue }, actor, R.code, [{ name: 'справочник.xlsx', bytes: file }], false).catch((e) => e);
      expect(unavailablePart(err)).toBe('Temporal');
      expect(await h.sql`select 1 from people where id = 'iq-later'`).toHaveLength(0);
      expect(await h.sql`select 1 from invitation_queue where person_id = 'iq-later'`).toHaveLength(0);
    } finally {
      await down.connection.close();
    }
  });
});
