/**
 * `npm start` on a machine without Go and without a Temporal CLI (an empty
 * tools directory, no `go` anywhere): it says what is missing and the ways out
 * (install Go, install the CLI, or point TEMPORAL_ADDRESS at a server), then
 * tries the SDK's download of the dev server. The README quotes this.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, inject, it } from 'vitest';
import { freePort } from '../../infra/startup/free-port.js';
import { spawnEntry } from '../support/entry-process.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'no-go-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

it('npm start without Go names the missing tool and the three ways out', async () => {
  const start = spawnEntry('infra/startup/start.ts', {
    TEMPORAL_TOOLS_DIR: path.join(scratch, 'tools'),
    GO_BIN: path.join(scratch, 'no-such-go'),
    PATH: '/usr/bin:/bin',
    TEMPORAL_CLI: '',
    TEMPORAL_ADDRESS: '',
    TEMPORAL_ENGINE: '',
    DATA_DIR: path.join(scratch, 'data'),
    DATABASE_URL: inject('databaseEmbedded') ? '' : inject('databaseUrl'),
    PORT: String(await freePort()),
    TEMPORAL_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    LOG_LEVEL: 'info',
  });
  try {
    await start.waitFor(/trying the Temporal SDK's own download of the dev server/, 60_000);
    const out = start.output();
    expect(out).toContain('The Temporal CLI (it runs the local Temporal dev server) was not found and cannot be built: no `go` on PATH');
    expect(out).toContain('install Go (https://go.dev/dl/, or apt-get install golang-go)');
    expect(out).toContain('set TEMPORAL_CLI=/path/to/temporal');
    expect(out).toContain('set TEMPORAL_ADDRESS=host:port');
  } finally {
    start.child.kill('SIGTERM');
    const exit = await Promise.race([start.exited, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
    if (!exit) start.child.kill('SIGKILL');
  }
});
