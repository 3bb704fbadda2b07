import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailerFromEnv } from '../../activities/email-delivery.js';
import { freePort } from '../../infra/startup/free-port.js';
import { executorReport, fastWeek, monitoredRoadMap, smoReport } from '../monitoring/monitoring-fixtures.js';
import { fastDocument } from '../support/fixtures.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { approvedRoadMap } from '../support/roadmaps.js';

interface Mail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Every kind of notification reaches the mail server (a real SMTP peer), or
 * ends `failed` once its attempts are used up: none stays `pending`.
 */
describe('e-mail of every kind of notification', () => {
  let h: Harness;
  let server: SMTPServer;
  const received: Mail[] = [];
  /** Addresses the mail server refuses for good (550). */
  const refused = new Set<string>();

  beforeAll(async () => {
    const port = await freePort();
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (refused.has(address.address)) return callback(Object.assign(new Error('Почтовый ящик недоступен'), { responseCode: 550 }));
        callback();
      },
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const mail = await simpleParser(Buffer.concat(chunks));
          const to = mail.to ? (Array.isArray(mail.to) ? mail.to[0].text : mail.to.text) : '';
          received.push({ messageId: mail.messageId ?? '', to, subject: mail.subject ?? '', text: mail.text ?? '' });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    h = await startHarness({ mailer: mailerFromEnv(`smtp://127.0.0.1:${port}?ignoreTLS=true`), emailMaxAttempts: 2 });
  });
  afterAll(async () => {
    await h?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  const rowsOf = (roadMapId: string) =>
    h.sql<{ id: string; kind: string; person_id: string; email_status: string; email_attempts: number; email_last_error: string | null; link: string }[]>`
      select id, kind, person_id, email_status, email_attempts, email_last_error, link from notifications where roadmap_id = ${roadMapId} order by created_at, id`;
  const settled = (rows: { email_status: string }[]) => rows.length > 0 && rows.every((r) => r.email_status !== 'pending');

  it('sends the notifications of every command on an item, and of its ladder, once each', async () => {
    // A reminder a few seconds after the launch; the deadline itself far enough not to interfere.
    const doc = fastDocument({ deadlineInMs: 600_000, rungs: [{ id: 'remind', kind: 'reminder', offset: '-PT595S', notify: ['executor'] }] });
    const { id: roadMapId, executions } = await approvedRoadMap(h, doc, 1);
    const [e] = executions;
    const executor = await h.login('executor');
    const controller = await h.login('controller');
    const ok = async (res: Promise<{ status: number; body: any }>, status = 200) => {
      const r = await res;
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      return r.body;
    };

    // The ladder sleeps while work waits for acceptance: let the reminder fire first.
    await eventually(() => rowsOf(roadMapId), (r) => r.some((n) => n.kind === 'reminder'), 30_000);
    await ok(h.call('POST', `/api/executions/${e.id}/complete`, { token: executor, body: { text: 'Распоряжение подписано' } }));
    await ok(h.call('POST', `/api/executions/${e.id}/return`, { token: controller, body: { comment: 'Приложите скан' } }));
    const asked = await ok(
      h.call('POST', `/api/executions/${e.id}/extension-requests`, {
        token: executor,
        body: { newDeadline: { dateTime: new Date(Date.now() + 900_000).toISOString() }, reason: 'Ждём подписи МО' },
      }),
      201,
    );
    await ok(h.call('POST', `/api/extension-requests/${asked.requestId}/decision`, { token: controller, body: { granted: true, comment: 'Согласовано' } }));
    await ok(h.call('POST', `/api/executions/${e.id}/complete`, { token: executor, body: { text: 'Скан приложен' } }));
    await ok(h.call('POST', `/api/executions/${e.id}/accept`, { token: controller }));

    const rows = await eventually(() => rowsOf(roadMapId), (r) => r.length === 7 && settled(r), 60_000);
    expect(rows.map((r) => `${r.kind}:${r.person_id}`).sort()).toEqual(
      [
        'accepted:executor',
        'extension_decided:executor',
        'extension_requested:controller',
        'reminder:executor',
        'returned_for_rework:executor',
        'submitted_for_acceptance:controller',
        'submitted_for_acceptance:controller',
      ].sort(),
    );
    expect(rows.map((r) => r.email_status)).toEqual(rows.map(() => 'sent'));
    expect(rows.every((r) => r.email_attempts === 1)).toBe(true);

    // One message per notification, in Russian, linking the web page of the execution.
    const mails = received.filter((m) => m.text.includes(`/executions/${e.id}`));
    expect(mails).toHaveLength(7);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(7);
    expect(mails.map((m) => m.to).sort()).toEqual(rows.map((r) => `${r.person_id}@demo-oms57.example`).sort());
    for (const m of mails) expect(m.text).not.toContain('/api/');
  });

  it('sends the weekly-monitoring notifications: report requests, late-report rungs, the consolidated report compiled and submitted', async () => {
    const { roadMapId, periodId, mos } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT6S', cutoffAfter: 'PT12S' }));
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: await h.login('executor'), body: executorReport })).status).toBe(200);
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/reports`, { token: await h.login('smo'), body: smoReport(mos) })).status).toBe(200);
    // smo2 never reports: the ladder climbs, the cut-off compiles the report without it.
    const coordinator = await h.login('coordinator');
    await eventually(
      () => h.call('POST', `/api/monitoring/periods/${periodId}/consolidated/submit`, { token: coordinator, body: { comment: 'Направлено' } }),
      (r) => r.status === 200,
      60_000,
    );

    const rows = await eventually(
      () => rowsOf(roadMapId),
      (r) => r.some((n) => n.kind === 'consolidated_submitted') && settled(r),
      60_000,
    );
    const kinds = new Set(rows.map((r) => r.kind));
    for (const kind of ['report_requested', 'report_late', 'consolidated_compiled', 'consolidated_submitted']) expect(kinds, kind).toContain(kind);
    expect(rows.filter((r) => r.email_status !== 'sent')).toEqual([]);
    // Each opens a web page, never the JSON API.
    for (const r of rows) expect(r.link).toMatch(new RegExp(`/monitoring/periods/${periodId}/(report|consolidated)$`));
    expect(rows.find((r) => r.kind === 'report_requested' && r.person_id === 'smo2')!.link).toMatch(/\/report$/);
    expect(rows.find((r) => r.kind === 'consolidated_submitted')!.link).toMatch(/\/consolidated$/);
    const mails = received.filter((m) => m.text.includes(`/monitoring/periods/${periodId}/`));
    expect(mails).toHaveLength(rows.length);
  });

  it('marks a notification failed once the mail server has refused it for every attempt', async () => {
    const { id: roadMapId, executions } = await approvedRoadMap(h, fastDocument({ deadlineInMs: 600_000, rungs: [{ id: 'later', kind: 'escalation', offset: 'P30D', notify: ['director'] }] }), 1);
    refused.add('controller@demo-oms57.example');
    try {
      const done = await h.call('POST', `/api/executions/${executions[0].id}/complete`, { token: await h.login('executor'), body: { text: 'Готово' } });
      expect(done.status).toBe(200);
      const rows = await eventually(() => rowsOf(roadMapId), settled, 60_000);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'submitted_for_acceptance', person_id: 'controller', email_status: 'failed', email_attempts: 2 });
      expect(rows[0].email_last_error).toMatch(/550/);
    } finally {
      refused.delete('controller@demo-oms57.example');
    }
  });
});
