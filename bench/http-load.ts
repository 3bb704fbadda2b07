/**
 * The load generator: `connections` lanes, each sending its next request as
 * soon as the previous one answered, over keep-alive connections to
 * 127.0.0.1; bounded by the list of requests, by a time limit and, for a
 * load that lasts as long as something else happens, by an abort signal.
 */
import type { ApiClient } from './api-client.js';
import { distribution, type Distribution } from './stats.js';

export interface LoadRequest {
  method: string;
  path: string;
  token?: string;
  body?: unknown;
}

export interface LoadResult {
  sent: number;
  ok: number;
  /** Status (or "network") → count, for everything that was not 2xx. */
  errors: Record<string, number>;
  elapsedMs: number;
  perSecond: number;
  latencyMs: Distribution;
}

export async function runLoad(api: ApiClient, requests: LoadRequest[], opts: { connections?: number; maxMs: number; signal?: AbortSignal }): Promise<LoadResult> {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let next = 0;
  let ok = 0;
  api.dropIdleConnections();
  const started = performance.now();
  const stopAt = started + opts.maxMs;
  const lane = async () => {
    while (next < requests.length && performance.now() < stopAt && !opts.signal?.aborted) {
      const r = requests[next++];
      try {
        const res = await api.request(r.method, r.path, { token: r.token, body: r.body, timeoutMs: 30_000 });
        latencies.push(res.ms);
        if (res.status >= 200 && res.status < 300) ok++;
        else errors[String(res.status)] = (errors[String(res.status)] ?? 0) + 1;
      } catch (err) {
        const k = `network ${(err as NodeJS.ErrnoException).code ?? (err as Error).message.slice(0, 60)}`;
        errors[k] = (errors[k] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.connections ?? 32 }, lane));
  const elapsedMs = performance.now() - started;
  const sent = latencies.length + Object.entries(errors).reduce((a, [k, v]) => a + (k.startsWith('network') ? v : 0), 0);
  return { sent, ok, errors, elapsedMs, perSecond: (ok * 1000) / elapsedMs, latencyMs: distribution(latencies) };
}
