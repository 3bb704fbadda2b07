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
let openGate!: () => void;
const gate = new Promise<void>((r) => (openGate = r));
const REFUSED_ONCE = 'busy.mailbox@iq.example';

beforeAll(async () => {
  const port = await freePort();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      // The first delivery to this mailbox is refused (a full mailbox, a greylisting relay); the next one is taken.
      if (address.address === REFUSED_ONCE && !refusedRcpt.includes(address.address)) {
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
  h = await startHarness({ mailer: mailerFromEnv(`smtp://127.0.0.1:${port}?ignoreTLS=true`) });
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

describe('a directory import\'s invitations', () => {
  it('are sent by the worker after the answer, a refused one again on its own, every person invited exactly once', async () => {
    const file = await filledTemplate(peopleTemplate, [person('iq-one', 'one@iq.example'), person('iq-busy2', REFUSED_ONCE), person('iq-noaddr', '')]);
    const applied = await upload(h.baseUrl, admin, R.code, [file], false);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.invitations).toEqual({ queued: 3 });
    // The answer came while the mail server still held every message: nothing was sent inside the request.
    expect(accepted).toEqual([]);
    openGate();

    await eventually(async () => (await h.sql`select 1 from invitation_queue where person_id like 'iq-%'`).length, (n) => n === 0, 60_000);
    expect(refusedRcpt).toEqual([REFUSED_ONCE]);
    expect(accepted.sort()).toEqual(['one@iq.example', REFUSED_ONCE].sort());
    // On each person's trail: one link for the first, two for the refused one (the first link replaced), none without an address.
    const invited = await h.sql<{ subject_id: string; n: number }[]>`
      select subject_id, count(*)::int as n from directory_changes where action = 'invited' and subject_id like 'iq-%' group by subject_id order by subject_id`;
    expect(invited).toEqual([{ subject_id: 'iq-busy2', n: 2 }, { subject_id: 'iq-one', n: 1 }]);
    const links = await h.sql<{ person_id: string }[]>`select person_id from account_links where person_id like 'iq-%' and used_at is null order by person_id`;
    expect(links.map((l) => l.person_id)).toEqual(['iq-busy2', 'iq-one']);

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
