import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../infra/startup/free-port.js';
import { eventually } from '../support/harness.js';

export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
}

/** A real SMTP peer for the account e-mails (as test/execution/notification-delivery.test.ts has one). */
export async function startMailCatcher() {
  const received: CaughtMail[] = [];
  const port = await freePort();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const mail = await simpleParser(Buffer.concat(chunks));
        const to = mail.to ? (Array.isArray(mail.to) ? mail.to[0].text : mail.to.text) : '';
        received.push({ to, subject: mail.subject ?? '', text: mail.text ?? '' });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    received,
    /** The n-th mail (1-based) to this address, once it has arrived. */
    async mailTo(address: string, n = 1, timeoutMs = 30_000): Promise<CaughtMail> {
      const all = await eventually(async () => received.filter((m) => m.to === address), (ms) => ms.length >= n, timeoutMs);
      return all[n - 1];
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The set-password link's path and token in an account e-mail. */
export function linkIn(text: string): { path: string; token: string } {
  const m = /https?:\/\/[^\s/]+(\/login\/set-password\?token=([A-Za-z0-9_-]+))/.exec(text);
  if (!m) throw new Error(`no set-password link in:\n${text}`);
  return { path: m[1], token: m[2] };
}
