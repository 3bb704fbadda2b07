/**
 * The Temporal Web UI for a server that is not the dev server (which has its
 * own): the ui-server Go module, built into .tools/bin/temporal-ui-server.
 * v2.42.1 is the version the CLI v1.5.1 embeds; newer ones need a newer Go
 * than this machine's 1.26.8. Optional: without Go the caller goes on headless.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnManaged } from '../startup/child-process.js';
import { ensureGoTool, type GoTool } from './temporal-cli.js';

export const TEMPORAL_UI_SERVER: GoTool = {
  title: 'Temporal Web UI server',
  name: 'temporal-ui-server',
  module: 'github.com/temporalio/ui-server/v2/cmd/server',
  version: 'v2.42.1',
  envVar: 'TEMPORAL_UI_SERVER_BIN',
  buildTime: 'about 1 minute',
};

export async function startTemporalUi(opts: {
  address: string;
  port: number;
  namespace: string;
  /** Its config goes to <dir>/ui/config/ui.yaml. */
  dir: string;
  log: (m: string) => void;
  detached?: boolean;
}): Promise<{ url: string; stop(): Promise<unknown> }> {
  const bin = await ensureGoTool(TEMPORAL_UI_SERVER, opts.log);
  const root = path.join(opts.dir, 'ui');
  mkdirSync(path.join(root, 'config'), { recursive: true });
  writeFileSync(
    path.join(root, 'config', 'ui.yaml'),
    [`temporalGrpcAddress: ${opts.address}`, `host: 127.0.0.1`, `port: ${opts.port}`, 'enableUi: true', `defaultNamespace: ${opts.namespace}`, 'notifyOnNewVersion: false', ''].join('\n'),
  );
  const ui = spawnManaged(bin, ['--root', root, '--config', 'config', '--env', 'ui', 'start'], { logFile: path.join(root, 'ui.log'), detached: opts.detached });
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (ui.exited()) throw new Error(`Temporal Web UI exited during start-up:\n${ui.tail()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then((r) => r.status < 500, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      await ui.stop();
      throw new Error(`Temporal Web UI did not answer on ${url} within 60 s:\n${ui.tail()}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  opts.log(`Temporal Web UI at ${url}`);
  return { url, stop: () => ui.stop() };
}
