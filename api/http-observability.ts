import type { Context, MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import { matchedRoutes } from 'hono/route';
import { logger, withLogContext } from '../infra/observability/logger.js';
import { httpRequestDuration, httpRequests } from '../infra/observability/metrics.js';

const log = logger.child({ component: 'http' });

declare module 'hono' {
  interface ContextVariableMap {
    requestId: string;
  }
}

/**
 * The route pattern that answered (`/api/executions/:id/accept`), never the
 * raw path: ids in label values would make a series per execution. A request
 * no route matches is `unmatched`; one refused by a middleware before its
 * handler (401, 413) still counts under the handler's pattern.
 */
export function routeLabel(c: Context): string {
  const handler = [...matchedRoutes(c)].reverse().find((r) => r.method !== 'ALL');
  return handler?.path ?? 'unmatched';
}

/**
 * Request id (X-Request-Id, the caller's if sane, else a fresh one), a log
 * scope carrying it and, once authentication has run, the person and the
 * command id; one access line and the request counter and latency histogram per
 * request. Headers, query strings and bodies are never logged.
 */
export function httpObservability(): MiddlewareHandler[] {
  const observe: MiddlewareHandler = (c, next) =>
    withLogContext(
      { requestId: c.get('requestId') },
      async () => {
        const stop = httpRequestDuration.startTimer();
        await next();
        const labels = { method: c.req.method, route: routeLabel(c), status: String(c.res.status) };
        const seconds = stop(labels);
        httpRequests.inc(labels);
        const line = { ...labels, path: c.req.path.slice(0, 200), ms: Math.round(seconds * 1000) };
        if (c.res.status >= 500) log.error(line, 'request failed');
        else log.info(line, 'request');
      },
      () => ({ personId: c.get('actor')?.personId, commandId: c.get('commandId') }),
    );
  return [requestId(), observe];
}
