/**
 * An SMTP server that takes the connection and then says nothing (a firewall's tarpit, a hung relay) must not
 * hold a request for nodemailer's default two minutes: the mailer gives up after SMTP_TIMEOUT_SECONDS.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailerFromEnv, smtpTimeoutMsFromEnv } from '../../activities/email-delivery.js';
import { startMailCatcher } from './mail-catcher.js';

let silent: Server;
const sockets: Socket[] = [];

beforeAll(async () => {
  silent = createServer((socket) => sockets.push(socket)); // accepts, never greets
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
});

describe('SMTP timeouts', () => {
  it('gives up on a server that accepts the connection and never greets within the timeout', async () => {
    const port = (silent.address() as AddressInfo).port;
    const mailer = mailerFromEnv(`smtp://127.0.0.1:${port}?ignoreTLS=true`, undefined, 800)!;
    const t = Date.now();
    const err = await mailer.send({ messageId: '<t@roadmaps>', to: 'a@example.test', subject: 'x', text: 'y' }).catch((e: Error) => e);
    const tookMs = Date.now() - t;
    expect(err).toBeInstanceOf(Error);
    expect((err as Error & { code?: string }).code).toBe('ETIMEDOUT');
    expect(tookMs).toBeGreaterThanOrEqual(700);
    expect(tookMs).toBeLessThan(5_000);
  });

  it('still delivers through a server that answers, with the URL\'s own options kept', async () => {
    const mail = await startMailCatcher();
    try {
      await mailerFromEnv(mail.url, undefined, 800)!.send({ messageId: '<t2@roadmaps>', to: 'b@example.test', subject: 'Тема', text: 'Текст' });
      expect((await mail.mailTo('b@example.test')).subject).toBe('Тема');
    } finally {
      await mail.close();
    }
  });

  it('is 10 s unless SMTP_TIMEOUT_SECONDS says otherwise', () => {
    for (const v of [undefined, '', ' ', '0', '-3', 'soon']) expect(smtpTimeoutMsFromEnv(v)).toBe(10_000);
    expect(smtpTimeoutMsFromEnv('30')).toBe(30_000);
    expect(smtpTimeoutMsFromEnv('2.5')).toBe(2_500);
  });
});
