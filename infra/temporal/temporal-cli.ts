/**
 * Finds (or builds) the Go programs we run: the Temporal CLI, which contains
 * the dev server (`temporal server start-dev`), and for the PostgreSQL-backed
 * server (infra/temporal/temporal-server.ts) the Temporal server, its sql tool and the
 * Web UI server.
 *
 * Order: $<envVar> (e.g. TEMPORAL_CLI); the name on PATH (CLI only);
 * <repo>/.tools/bin/<name>; else `go install <module>@<version>` into
 * <repo>/.tools/bin (the CLI ~4 minutes on 2 cores, the server ~9). Concurrent
 * callers, also in other processes, build it once: the build holds
 * <repo>/.tools/<name>.lock.
 *
 * Run directly (`tsx infra/temporal/temporal-cli.ts`, `npm run temporal:install`) it
 * prints the path.
 */
import { spawn, spawnSync } from 'node:child_process';
import { constants as fsConstants, realpathSync, rmSync } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** TEMPORAL_TOOLS_DIR moves it (a shared build cache; or an empty one, as on a fresh machine, in tests). */
const TOOLS_DIR = path.resolve(process.env.TEMPORAL_TOOLS_DIR || path.join(REPO_ROOT, '.tools'));
export const TOOLS_BIN = path.join(TOOLS_DIR, 'bin');
const EXE_SUFFIX = process.platform === 'win32' ? '.exe' : '';
/** A lock older than this is stale even if its pid is alive (a server build takes ~9 min on 2 cores). */
const STALE_LOCK_MS = 45 * 60_000;

/** A Go program we run, found or built with `go install` into .tools/bin. */
export interface GoTool {
  /** Human name for the log. */
  title: string;
  /** File name in .tools/bin (and on PATH when `searchPath`). */
  name: string;
  module: string;
  version: string;
  /** Variable naming a binary to use instead. */
  envVar: string;
  /** Look for `name` on PATH too (not for generic names such as `server`). */
  searchPath?: boolean;
  /** Rough build time on 2 cores, for the log. */
  buildTime: string;
}

export const TEMPORAL_CLI: GoTool = {
  title: 'Temporal CLI',
  name: 'temporal',
  module: TEMPORAL_CLI_MODULE,
  version: TEMPORAL_CLI_VERSION,
  envVar: 'TEMPORAL_CLI',
  searchPath: true,
  buildTime: 'about 4 minutes',
};

const defaultLog = (msg: string) => process.stderr.write(`[go-tools] ${msg}\n`);

async function isExecutable(file: string): Promise<boolean> {
  try {
    const s = await stat(file);
    if (!s.isFile()) return false;
    await access(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(name: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

export function ensureTemporalCli(log: (msg: string) => void = defaultLog): Promise<string> {
  return ensureGoTool(TEMPORAL_CLI, log);
}

/** The tool's path: $envVar, PATH (if allowed), .tools/bin, else built once (other processes wait on a lock). */
export async function ensureGoTool(tool: GoTool, log: (msg: string) => void = defaultLog): Promise<string> {
  const fromEnv = process.env[tool.envVar];
  if (fromEnv) {
    const resolved = path.resolve(fromEnv);
    if (!(await isExecutable(resolved))) {
      throw new Error(`${tool.envVar}=${fromEnv} is not an executable file`);
    }
    return resolved;
  }
  const exe = tool.name + EXE_SUFFIX;
  if (tool.searchPath) {
    const onPath = await findOnPath(exe);
    if (onPath) return onPath;
  }
  const local = path.join(TOOLS_BIN, exe);
  if (await isExecutable(local)) return local;

  await mkdir(TOOLS_DIR, { recursive: true });
  const release = await acquireLock(path.join(TOOLS_DIR, `${tool.name}.lock`), tool, log);
  try {
    // Another process may have finished the build while we waited.
    if (await isExecutable(local)) return local;
    await buildTool(tool, local, log);
    return local;
  } finally {
    await release();
  }
}

/** $GO_BIN alone if set; else `go` from PATH, else the usual install locations ($GOROOT, /usr/local/go). */
async function findGo(): Promise<{ go: string; version: string } | null> {
  const exe = process.platform === 'win32' ? 'go.exe' : 'go';
  const candidates = process.env.GO_BIN ? [process.env.GO_BIN] : [
    await findOnPath(exe),
    process.env.GOROOT ? path.join(process.env.GOROOT, 'bin', exe) : null,
    path.join('/usr/local/go/bin', exe),
  ];
  for (const go of candidates) {
    if (!go) continue;
    const r = spawnSync(go, ['version'], { encoding: 'utf8' });
    if (!r.error && r.status === 0) return { go, version: r.stdout.trim() };
  }
  return null;
}

/** No CLI and no Go to build one: the caller may still try the SDK's own server download. */
export class NoGoError extends Error {}

/** The message `npm start` and `npm test` print on a machine without Go (test/infra/no-go.test.ts checks it). */
export function noGoMessage(tool: GoTool): string {
  const what = tool === TEMPORAL_CLI ? 'The Temporal CLI (it runs the local Temporal dev server)' : `The ${tool.title}`;
  return (
    `${what} was not found and cannot be built: ` +
    'no `go` on PATH (nor in $GOROOT/bin, /usr/local/go/bin). Options:\n' +
    `  - install Go (https://go.dev/dl/, or apt-get install golang-go) and retry; it will be built into ${TOOLS_BIN};\n` +
    (tool === TEMPORAL_CLI
      ? '  - or install the Temporal CLI yourself (https://docs.temporal.io/cli) and put it on PATH or set TEMPORAL_CLI=/path/to/temporal;\n'
      : `  - or build it elsewhere (go install ${tool.module}@${tool.version}) and set ${tool.envVar}=/path/to/it;\n`) +
    '  - or set TEMPORAL_ADDRESS=host:port to use a Temporal server that is already running.'
  );
}

async function buildTool(tool: GoTool, target: string, log: (msg: string) => void): Promise<void> {
  const found = await findGo();
  if (!found) throw new NoGoError(noGoMessage(tool));
  // Build into a private directory, then rename: a reader never sees a half-written binary.
  const buildBin = path.join(TOOLS_DIR, `build-${tool.name}-${process.pid}`);
  await rm(buildBin, { recursive: true, force: true });
  await mkdir(buildBin, { recursive: true });
  const spec = `${tool.module}@${tool.version}`;
  try {
    log(`building ${tool.title} ${tool.version} with ${found.version} (go install, ${tool.buildTime} on 2 cores) ...`);
    const started = Date.now();
    const env: NodeJS.ProcessEnv = { ...process.env, GOBIN: buildBin, CGO_ENABLED: '0' };
    let result = await goInstall(found.go, spec, env, log);
    if (result.code !== 0 && sumdbUnreachable(result.output)) {
      log('the Go checksum database (sum.golang.org) cannot be reached; retrying once with GOSUMDB=off');
      result = await goInstall(found.go, spec, { ...env, GOSUMDB: 'off' }, log);
    }
    if (result.code !== 0) {
      throw new Error(
        `go install ${spec} failed (exit ${result.code}):\n${tail(result.output, 40)}\n` +
          `Alternatively set ${tool.envVar}=/path/to/it or TEMPORAL_ADDRESS=host:port of a running server.`,
      );
    }
    // go install names the binary after the last path element of the module (two of ours are `server`).
    const built = path.join(buildBin, path.basename(tool.module) + EXE_SUFFIX);
    if (!(await isExecutable(built))) throw new Error(`go install succeeded but ${built} is missing`);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(built, target);
    log(`${tool.title} built in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
  } finally {
    await rm(buildBin, { recursive: true, force: true });
  }
}

function goInstall(go: string, spec: string, env: NodeJS.ProcessEnv, log: (msg: string) => void): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // -v lists each package as it is compiled: used as a progress counter.
    const child = spawn(go, ['install', '-v', spec], {
      cwd: TOOLS_DIR,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let packages = 0;
    let downloads = 0;
    const started = Date.now();
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-64_000);
      for (const line of text.split('\n')) {
        if (line.startsWith('go: downloading')) downloads++;
        else if (line.trim() !== '' && !line.startsWith('go: ')) packages++;
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setInterval(() => {
      const s = Math.round((Date.now() - started) / 1000);
      const counts = downloads + packages > 0 ? ` (${downloads} modules downloaded, ${packages} packages compiled)` : '';
      log(`  ... still building, ${s} s${counts}`);
    }, 15_000);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/** True when go failed only because sum.golang.org could not be contacted (never on a checksum mismatch). */
export function sumdbUnreachable(output: string): boolean {
  if (/checksum mismatch|SECURITY ERROR/i.test(output)) return false;
  const mentionsSumdb = /sum\.golang\.org|sumdb|GOSUMDB|checksum database|verifying module|verifying go\.mod/i.test(output);
  const network =
    /dial tcp|no such host|connection refused|connection reset|i\/o timeout|timeout|TLS handshake|unexpected EOF|network is unreachable|proxyconnect|Forbidden|\b40[34]\b|\b50[234]\b/i;
  return mentionsSumdb && network.test(output);
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function acquireLock(lockFile: string, tool: GoTool, log: (msg: string) => void): Promise<() => Promise<void>> {
  let announced = false;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(`${process.pid}\n${new Date().toISOString()}\n`);
      await handle.close();
      let released = false;
      const releaseSync = () => {
        if (!released) {
          released = true;
          // Synchronous on purpose: also used from the 'exit' handler.
          rmSync(lockFile, { force: true });
        }
      };
      process.once('exit', releaseSync);
      return async () => {
        process.removeListener('exit', releaseSync);
        releaseSync();
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    // Two waiters removing the same stale lock at once could both end up
    // building; harmless (separate build dirs, atomic rename), just slower.
    if (await lockIsStale(lockFile)) {
      log(`removing stale lock ${lockFile}`);
      await rm(lockFile, { force: true });
      continue;
    }
    if (!announced) {
      announced = true;
      log(`another process is building the ${tool.title} (lock ${lockFile}); waiting ...`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function lockIsStale(lockFile: string): Promise<boolean> {
  try {
    const [text, s] = await Promise.all([readFile(lockFile, 'utf8'), stat(lockFile)]);
    const pid = Number(text.split('\n')[0]);
    // Age also counts when the pid is alive: pids get reused (containers).
    if (Date.now() - s.mtimeMs > STALE_LOCK_MS) return true;
    // Empty content: the writer is between open() and write(); not stale.
    return Number.isInteger(pid) && pid > 0 && !pidAlive(pid);
  } catch {
    return false; // vanished meanwhile: just retry
  }
}

/** True when the module of `moduleUrl` (its import.meta.url) is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  const arg = process.argv[1];
  if (!arg) return false;
  try {
    return realpathSync(fileURLToPath(moduleUrl)) === realpathSync(path.resolve(arg));
  } catch {
    return false;
  }
}

if (isMainModule(import.meta.url)) {
  ensureTemporalCli()
    .then((cli) => {
      process.stdout.write(`${cli}\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    });
}
