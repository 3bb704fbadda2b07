/**
 * Officials at work on the web pages: each one a browser session of its own
 * (the API's login token in the `rm_session` cookie — both are rows of the
 * same sessions table, web/session/web-session.ts), going round the pages
 * its login may see with a pause between clicks, until told to stop. An
 * answer other than 200 is an error: a 303 to /login is a lost session, a 403
 * or 404 a page the login should not have been given.
 */
import { setMaxListeners } from 'node:events';
import { ApiClient, login } from './api-client.js';
import type { LoadResult } from './http-load.js';
import { distribution, type Distribution } from './stats.js';

export const PAGE_KINDS = ['tasks', 'roadmap', 'dashboard', 'pilotWeek'] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

export interface Page {
  kind: PageKind;
  path: string;
}

export interface Official {
  login: string;
  pages: Page[];
}

/** A load's figures (errors: status or "network" → count, for every answer but 200) and the officials' own. */
export interface BrowsingResult extends LoadResult {
  officials: number;
  /** The pause between one page's answer and the next click, drawn uniformly from this range. */
  thinkMs: [number, number];
  byKind: Partial<Record<PageKind, { sent: number; errors: number; latencyMs: Distribution }>>;
}

/** Resolves after `ms`, or at once when the signal fires: a stopped official does not finish its pause. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      // Thousands of pauses in a run: each takes its listener away again.
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Opens a session per official (their own cookie, as each person's browser has). */
export async function signInOfficials(api: ApiClient, logins: string[]): Promise<string[]> {
  const tokens: string[] = [];
  // One after another: each login runs scrypt in the API, and these happen before the measurement anyway.
  for (const who of logins) tokens.push(await login(api, who));
  return tokens;
}

/**
 * Every official goes round its pages until `signal` fires (or `maxMs`): GET, pause, next page. Each starts
 * after a pause of its own, so that fifty people do not click in the same millisecond.
 */
export async function browse(
  api: ApiClient,
  officials: Official[],
  tokens: string[],
  opts: { thinkMs: [number, number]; signal: AbortSignal; maxMs: number },
): Promise<BrowsingResult> {
  const all: number[] = [];
  const perKind = new Map<PageKind, { sent: number; errors: number; ms: number[] }>();
  const errors: Record<string, number> = {};
  let ok = 0;
  const think = () => opts.thinkMs[0] + Math.random() * (opts.thinkMs[1] - opts.thinkMs[0]);
  api.dropIdleConnections();
  const started = performance.now();
  let stoppedAt: number | null = null;
  // Every official pausing listens to the one signal (Node warns past 10 listeners).
  setMaxListeners(officials.length + 10, opts.signal);
  opts.signal.addEventListener('abort', () => (stoppedAt ??= performance.now()), { once: true });
  const stopAt = started + opts.maxMs;
  const going = () => !opts.signal.aborted && performance.now() < stopAt;
  const official = async (o: Official, token: string) => {
    await pause(think(), opts.signal);
    for (let i = 0; going(); i++) {
      const page = o.pages[i % o.pages.length];
      const k = perKind.get(page.kind) ?? { sent: 0, errors: 0, ms: [] };
      perKind.set(page.kind, k);
      k.sent++;
      try {
        const res = await api.request('GET', page.path, { headers: { accept: 'text/html', cookie: `rm_session=${token}` }, timeoutMs: 30_000 });
        all.push(res.ms);
        k.ms.push(res.ms);
        if (res.status === 200) ok++;
        else {
          k.errors++;
          const key = `${res.status} ${page.kind}`;
          errors[key] = (errors[key] ?? 0) + 1;
        }
      } catch (err) {
        k.errors++;
        const key = `network ${(err as NodeJS.ErrnoException).code ?? (err as Error).message.slice(0, 60)}`;
        errors[key] = (errors[key] ?? 0) + 1;
      }
      await pause(think(), opts.signal);
    }
  };
  await Promise.all(officials.map((o, i) => official(o, tokens[i])));
  // Pages per second over the time the officials were asked to work (an answer in flight at the stop still counts).
  const elapsedMs = (stoppedAt ?? performance.now()) - started;
  const byKind: BrowsingResult['byKind'] = {};
  for (const kind of PAGE_KINDS) {
    const k = perKind.get(kind);
    if (k) byKind[kind] = { sent: k.sent, errors: k.errors, latencyMs: distribution(k.ms) };
  }
  const sent = [...perKind.values()].reduce((a, k) => a + k.sent, 0);
  return { officials: officials.length, thinkMs: opts.thinkMs, sent, ok, errors, elapsedMs, perSecond: (ok * 1000) / elapsedMs, latencyMs: distribution(all), byKind };
}
