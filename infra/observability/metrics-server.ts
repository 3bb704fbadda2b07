/**
 * Serves GET /metrics (Prometheus text exposition) on METRICS_PORT (default
 * 9464): this process's figures and, where a worker runs, the Temporal SDK's.
 * One per process: in `npm start` the worker and the API share it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';
import { logger } from './logger.js';
import { exposition, registry } from './metrics.js';

const log = logger.child({ component: 'metrics' });
export const DEFAULT_METRICS_PORT = 9464;

let defaultsCollected = false;

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** The port from METRICS_PORT; null when it says `off`. */
export function metricsPortFromEnv(env = process.env.METRICS_PORT): number | null {
  if (env === 'off') return null;
  return env ? Number(env) : DEFAULT_METRICS_PORT;
}

/**
 * Listens, or logs why it cannot and resolves null: a busy metrics port must
 * not keep the worker from working (the missing scrape target is the alert).
 */
export async function startMetricsServer(opts: { port?: number | null; host?: string } = {}): Promise<MetricsServer | null> {
  const port = opts.port === undefined ? metricsPortFromEnv() : opts.port;
  if (port === null) return null;
  const host = opts.host ?? process.env.METRICS_HOST ?? process.env.HOST ?? '127.0.0.1';
  if (!defaultsCollected) {
    // Node's own figures: event-loop lag, heap, GC, open handles.
    client.collectDefaultMetrics({ register: registry });
    defaultsCollected = true;
  }
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('GET /metrics\n');
      return;
    }
    exposition().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: Error) => {
        log.error({ err }, 'metrics exposition failed');
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('exposition failed\n');
      },
    );
  });
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', (err) => {
      log.error({ err: { message: err.message }, port }, `metrics not served: cannot listen on ${host}:${port}`);
      resolve(false);
    });
    server.listen(port, host, () => resolve(true));
  });
  if (!listening) return null;
  const url = `http://${host}:${(server.address() as AddressInfo).port}/metrics`;
  log.info({ url }, 'metrics served');
  return {
    url,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
