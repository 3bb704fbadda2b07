import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mailerFromEnv } from '../../activities/email-delivery.js';
import { freePort } from '../../infra/startup/free-port.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { fastDocument } from '../support/fixtures.js';
import { approvedRoadMap, notificationsOf, rungEvents } from '../support/roadmaps.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('a worker killed in the middle of the ladder', () => {
  let h: Harness;
  let child: ChildProcess | null = null;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await h?.close();
  });

  // A second process needs a second connection, which the embedded PostgreSQL cannot serve.
  it.skipIf(inject('databaseEmbedded'))('loses no rung and sends no notification twice', async () => {
    const { executions } = await approvedRoadMap(h, fastDocument({ deadlineInMs: 15_000, moCount: 2 }), 2);
    await h.stopWorker();

    // The ladder now runs in a separate worker process, which is killed without warning after the first rung.
    child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: inject('databaseUrl'), TEMPORAL_ADDRESS: h.address, TEMPORAL_NAMESPACE: h.namespace, TASK_QUEUE: h.taskQueue, SMTP_URL: '' },
      stdio: 'ignore',
    });
    const firstRung = async () => (await h.sql<{ n: number }[]>`select count(*)::int as n from events where type = 'execution.rung_fired' and subject = any(${executions.map((e) => e.id)})`)[0].n;
    await eventually(firstRung, (n) => n >= 1, 60_000);
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    const atKill = await firstRung();
    expect(atKill).toBeLessThan(6);

    await h.startWorker();
    for (const e of executions) {
      const fired = await eventually(() => rungEvents(h, e.id), (r) => r.length === 3, 60_000);
      expect(fired.map((r) => r.payload.rung.id)).toEqual(['remind', 'overdue', 'director']);
      const notes = await notificationsOf(h, e.id);
      expect(notes.map((n) => `${n.kind}:${n.person_id}`).sort()).toEqual(['escalation:controller', 'escalation:director', 'escalation:executor', 'reminder:executor']);
    }
    // Every notification was "delivered" once: without SMTP it is logged, and marked so.
    await eventually(
      async () => (await h.sql`select email_status from notifications where execution_id = any(${executions.map((e) => e.id)})`).map((r) => r.email_status),
      (s) => s.length === 8 && s.every((x) => x === 'logged'),
      90_000,
    );
  });
});

describe('e-mail over SMTP', () => {
  let h: Harness;
  let server: SMTPServer;
  const received: { messageId: string; to: string; subject: string; text: string }[] = [];
  let refuseFirst = 2;

  beforeAll(async () => {
    const port = await freePort();
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          // The first deliveries meet a mail server having a bad moment.
          if (refuseFirst > 0) {
            refuseFirst--;
            const err = Object.assign(new Error('Временная ошибка, повторите позже'), { responseCode: 451 });
            return callback(err);
          }
          const mail = await simpleParser(Buffer.concat(chunks));
          received.push({ messageId: mail.messageId ?? '', to: mail.to ? (Array.isArray(mail.to) ? mail.to[0].text : mail.to.text) : '', subject: mail.subject ?? '', text: mail.text ?? '' });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    h = await startHarness({ mailer: mailerFromEnv(`smtp://127.0.0.1:${port}?ignoreTLS=true`) });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('sends each notification once, in Russian, with the deadline in local time, retrying through temporary failures', async () => {
    const { executions } = await approvedRoadMap(h, fastDocument({ deadlineInMs: 2000, rungs: [{ id: 'overdue', kind: 'escalation', offset: 'PT0S', notify: ['executor', 'controller'] }] }), 1);
    const [e] = executions;
    const rows = await eventually(
      () => h.sql<{ id: string; email_status: string; email_attempts: number }[]>`select id, email_status, email_attempts from notifications where execution_id = ${e.id} order by id`,
      (r) => r.length === 2 && r.every((n) => n.email_status === 'sent'),
      60_000,
    );
    expect(Math.max(...rows.map((r) => r.email_attempts))).toBeGreaterThan(1);
    const ours = received.filter((m) => m.text.includes(e.id));
    expect(ours).toHaveLength(2);
    expect(new Set(ours.map((m) => m.messageId)).size).toBe(2);
    expect(ours.map((m) => m.to).sort()).toEqual(['controller@demo-oms57.example', 'executor@demo-oms57.example']);
    for (const m of ours) {
      expect(m.subject).toMatch(/^Просрочено: Срочное мероприятие 1/);
      expect(m.text).toMatch(/не исполнено в срок/);
      expect(m.text).toMatch(/Срок: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2} \(местное время региона\)/);
      expect(m.text).toContain(`/executions/${e.id}`);
      expect(m.text).not.toContain(`/api/executions/`);
    }
  });
});
