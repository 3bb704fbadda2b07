import { createHash, randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ApiDeps, AppEnv } from './app-env.js';
import { storeAnswer, storedAnswer } from '../services/commands/idempotency-store.js';

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
    const body = await c.req.raw.clone().text();
    const requestHash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${body}`).digest('hex');
    const stored = await storedAnswer(deps.sql, actor.personId, key);
    if (stored) {
      if (stored.request_hash !== requestHash) {
        return c.json({ error: { code: 'conflict', message: 'этот Idempotency-Key уже использован для другого запроса', details: [{ field: 'Idempotency-Key', message: 'ключ занят' }] } }, 409);
      }
      c.header('Idempotent-Replayed', 'true');
      return c.json(stored.body as object, stored.status as 200);
    }
    c.set('commandId', createHash('sha256').update(`${actor.personId}\n${key}`).digest('hex'));
    c.set('idempotencyKey', key);
    await next();
    if (c.res.status >= 200 && c.res.status < 300) {
      const answer = await c.res.clone().json();
      await storeAnswer(deps.sql, actor.personId, key, { request_hash: requestHash, status: c.res.status, body: answer });
    }
  };
}
