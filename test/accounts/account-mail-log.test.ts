/**
 * Without SMTP_URL (a test installation) an invitation's or a reset's link must reach someone: it is written to
 * the server log under `link` — not censored as `text` is — while the letter's text and the address are not.
 * Run in a process of its own, so that the process's real logger (pino on fd 1) is what is read.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const script = `
import { sendAccountMail } from './services/accounts/account-mail.ts';
const delivery = await sendAccountMail({ mailer: null }, {
  to: 'novikova@tfoms.example', personId: 'novikova', subject: 'Приглашение',
  text: 'Здравствуйте! Ссылка: https://rm.example/login/set-password?token=abc', link: 'https://rm.example/login/set-password?token=abc',
});
console.log(JSON.stringify({ delivery }));
`;

describe('account e-mail without SMTP', () => {
  it('logs the link (and says so), never the text or the address', async () => {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: new URL('../..', import.meta.url).pathname,
        env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', SMTP_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (c) => (text += c));
      child.stderr.on('data', (c) => (text += c));
      child.on('error', reject);
      child.on('exit', () => resolve(text));
    });
    const lines = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
    expect(lines.find((l) => 'delivery' in l)?.delivery).toBe('logged');
    const line = lines.find((l) => l.component === 'accounts');
    expect(line, out).toBeDefined();
    expect(line.link).toBe('https://rm.example/login/set-password?token=abc');
    expect(line.msg).toContain('SMTP_URL');
    expect(JSON.stringify(line)).not.toContain('Здравствуйте');
    expect(JSON.stringify(line)).not.toContain('novikova@tfoms.example');
  }, 60_000);
});
