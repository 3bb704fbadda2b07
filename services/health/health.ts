import type { ServiceDeps } from '../deps.js';

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms).unref())]);

/** Both parts asked at once, each given 3 s: an outage is named quickly instead of hanging the probe. */
export async function checkHealth(deps: Pick<ServiceDeps, 'sql' | 'temporal'>) {
  const [pg, tp] = await Promise.allSettled([
    within(deps.sql`select 1`, 3000),
    within(deps.temporal.workflowService.getSystemInfo({}), 3000),
  ]);
  const postgres = pg.status === 'fulfilled' ? 'ok' : `failing: ${(pg.reason as Error).message}`;
  const temporal = tp.status === 'fulfilled' ? 'ok' : `failing: ${(tp.reason as Error).message}`;
  const ok = postgres === 'ok' && temporal === 'ok';
  return { status: ok ? ('ok' as const) : ('failing' as const), temporal, postgres };
}
