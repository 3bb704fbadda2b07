/**
 * A PostgreSQL server of the test's own, to take down and bring back: initdb
 * and pg_ctl from /usr/lib/postgresql/15/bin (PG_BIN), a data directory in a
 * temp dir, a free port. Never the machine's shared server.
 *
 * `down()` is `pg_ctl stop -m immediate`: the postmaster and every backend
 * quit at once without a checkpoint, every client connection is cut, and the
 * next `up()` goes through crash recovery — as a crashed server would (fsync
 * is off: only an operating-system crash could lose a commit, and none is simulated).
 */
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../infra/startup/free-port.js';

const run = promisify(execFile);
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface OwnPostgres {
  url: string;
  port: number;
  /** Starts the server (again) on the same port and data; resolves once it accepts connections. */
  up(): Promise<void>;
  /** Immediate shutdown: connections are cut, nothing is checkpointed. */
  down(): Promise<void>;
  /** Stops the server and removes its data. */
  destroy(): Promise<void>;
}

/** PostgreSQL refuses to run as root: as root, run its binaries as the `postgres` user. */
function asServerUser(): { wrap: (cmd: string, args: string[]) => [string, string[]]; uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return { wrap: (cmd, args) => [cmd, args] };
  const [, , uid, gid] = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'))?.split(':') ?? [];
  if (!uid) throw new Error('running as root and there is no postgres user to run a test PostgreSQL as');
  return { wrap: (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]], uid: Number(uid), gid: Number(gid) };
}

export async function startOwnPostgres(log: (m: string) => void = () => {}): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'own-pg-'));
  const data = path.join(dir, 'data');
  const user = asServerUser();
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  chmodSync(dir, 0o700);
  const exec = async (cmd: string, args: string[], timeout = 60_000) => {
    const [c, a] = user.wrap(path.join(BIN, cmd), args);
    return run(c, a, { timeout, cwd: dir });
  };
  await exec('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], 120_000);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  let running = false;
  const up = async () => {
    await exec('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', path.join(dir, 'server.log'), '-o', options], 90_000);
    running = true;
  };
  const down = async () => {
    running = false;
    await exec('pg_ctl', ['stop', '-m', 'immediate', '-w', '-D', data]).catch((err: Error) => log(`pg_ctl stop: ${err.message}`));
  };
  // A test that dies half-way must not leave a server behind.
  const killOnExit = () => {
    if (!running) return;
    try {
      const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid) process.kill(pid, 'SIGQUIT');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', killOnExit);
  await up();
  log(`own PostgreSQL on 127.0.0.1:${port} (${data})`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    up,
    down,
    async destroy() {
      await down();
      process.removeListener('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
