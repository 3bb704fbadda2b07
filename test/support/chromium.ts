/**
 * The browser tests (test/web/) drive Debian's Chromium. The global setup
 * calls ensureChromium() before any test runs: CHROMIUM_PATH if set (it must
 * exist), else /usr/bin/chromium; missing, it is installed with apt-get when we
 * are root on a Debian-like system; otherwise the run stops at once with the
 * one command that fixes it.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
export const FIX_COMMAND = 'sudo apt-get install -y chromium';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function ensureChromium(log: (m: string) => void, env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHROMIUM_PATH) {
    if (executable(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file. Fix: point it at a Chromium binary, or unset it and run: ${FIX_COMMAND}`);
  }
  if (executable(DEFAULT_CHROMIUM)) return DEFAULT_CHROMIUM;
  const root = process.getuid?.() === 0;
  if (root && existsSync('/usr/bin/apt-get')) {
    log(`${DEFAULT_CHROMIUM} is missing: installing Debian's chromium with apt-get (a few minutes; log in test-artifacts/apt.log)…`);
    const run = (args: string[]) => spawnSync('apt-get', args, { encoding: 'utf8', timeout: 15 * 60_000, env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
    const update = run(['update', '-qq']);
    const install = update.status === 0 ? run(['install', '-y', '-qq', '--no-install-recommends', 'chromium']) : null;
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync(path.join('test-artifacts', 'apt.log'), [update, install].map((r) => `${r?.stdout ?? ''}${r?.stderr ?? ''}`).join('\n'));
    if (executable(DEFAULT_CHROMIUM)) {
      log('chromium installed');
      return DEFAULT_CHROMIUM;
    }
    log('apt-get could not install chromium (see test-artifacts/apt.log)');
  }
  throw new Error(
    `The browser tests (test/web/) need Chromium, and ${DEFAULT_CHROMIUM} is missing${root ? ' (apt-get could not install it)' : ''}.\n` +
      `Fix: ${FIX_COMMAND}\n(or set CHROMIUM_PATH=/path/to/chromium; to run other tests only, name their files: npx vitest run test/roadmap)`,
  );
}
