import { createHash, randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { ApiDeps, AppEnv } from './app-env.js';
import { releaseKey, reserveKey, storeAnswer } from '../services/commands/idempotency-store.js';
import { bodyRefusalStatus } from '../infra/http/body-limits.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** Update id for Temporal: the Idempotency-Key scoped to the person, or a fresh one. */
    commandId: string;
    idempotencyKey: string | null;
  }
}

/**
 * `Idempotency-Key` on a command: the first successful answer is stored and
 * replayed to every retry with the same key; the same key with another body is a 409.
 */
export function idempotency(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key') ?? null;
    const actor = c.get('actor');
    if (key === null) {
      c.set('commandId', randomUUID());
      c.set('idempotencyKey', null);
      return next();
    }
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      return c.json({ error: { code: 'validation', message: 'Idempotency-Key: от 1 до 200 печатных ASCII-символов', details: [{ field: 'Idempotency-Key', message: 'недопустимое значение' }] } }, 400);
    }
    const requestHash = await requestHashOf(c);
    const taken = await reserveKey(deps.sql, actor.personId, key, requestHash);
    const otherRequest = taken.kind === 'answered' ? taken.stored.request_hash !== requestHash : taken.kind === 'running' && taken.requestHash !== requestHash;
    if (otherRequest) {
      const message = taken.kind === 'running' ? 'этот Idempotency-Key занят другим запросом, который ещё выполняется' : 'этот Idempotency-Key уже использован для другого запроса';
      return c.json({ error: { code: 'conflict', message, details: [{ field: 'Idempotency-Key', message: 'ключ занят' }] } }, 409);
    }
    if (taken.kind === 'answered') {
      c.header('Idempotent-Replayed', 'true');
      return c.json(taken.stored.body as object, taken.stored.status as 200);
    }
    // Reserved by this request, or the same request running concurrently (the same command: one update id).
    c.set('commandId', createHash('sha256').update(`${actor.personId}\n${key}`).digest('hex'));
    c.set('idempotencyKey', key);
    try {
      await next();
    } finally {
      if (c.res.status >= 200 && c.res.status < 300) {
        const answer = await c.res.clone().json();
        await storeAnswer(deps.sql, actor.personId, key, { request_hash: requestHash, status: c.res.status, body: answer });
      } else if (taken.kind === 'reserved') {
        await releaseKey(deps.sql, actor.personId, key, requestHash);
      }
    }
  };
}

/**
 * What makes two requests the same command. The body is read through the request's cache
 * (the route reads the same copy; api/body-limits.ts has already bounded it). A multipart
 * body is hashed by its parts — field names, file names, the files' bytes, the values — not
 * its framing: a client resending the same form picks a new random boundary.
 */
async function requestHashOf(c: Context): Promise<string> {
  // The query is part of the command (`?dryRun=false` is not `?dryRun=true`), its parameters in a stable order.
  const query = [...new URL(c.req.url).searchParams].sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));
  const hash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${JSON.stringify(query)}\n`);
  const type = c.req.header('content-type')?.split(';')[0].trim().toLowerCase();
  if (type === 'multipart/form-data') {
    // Parsed the way the routes parse it (hono caches the body and the form for them): a body that is
    // no multipart must not leave a rejected form in that cache, where a route's validator would not catch it.
    const form = await c.req
      .parseBody({ all: true })
      .then(async () => (await c.req.bodyCache.formData) as FormData)
      .catch((err: unknown) => {
        delete c.req.bodyCache.formData;
        if (bodyRefusalStatus(err)) throw err;
        return null;
      });
    // Unparsable: the route refuses it with a 400, which is never stored; the hash only has to be stable.
    if (!form) return hash.update('unparsable multipart').digest('hex');
    hash.update('multipart\n');
    for (const [name, value] of form.entries()) {
      const part =
        typeof value === 'string'
          ? ['text', name, value]
          : ['file', name, value.name, String(value.size), await sha256Of(value)];
      hash.update(`${JSON.stringify(part)}\n`);
    }
    return hash.digest('hex');
  }
  return hash.update(await c.req.text()).digest('hex');
}

/** A part's hash read piece by piece: no second copy of a file in memory. */
async function sha256Of(file: Blob): Promise<string> {
  const h = createHash('sha256');
  for await (const piece of file.stream() as unknown as AsyncIterable<Uint8Array>) h.update(piece);
  return h.digest('hex');
}
