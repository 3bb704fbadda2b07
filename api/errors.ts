import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { fieldPath, RefusedError, type FieldIssue, type Refusal, type RefusalCode } from '../domain/refusal.js';
import { z } from '@hono/zod-openapi';
import { logger } from '../infra/observability/logger.js';

const log = logger.child({ component: 'http' });
import { unavailableMessage, unavailablePart } from '../infra/http/outage.js';
import { bodyRefusalStatus } from '../infra/http/body-limits.js';
import { WorkflowNotStartedError } from '../services/commands/workflow-commands.js';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  })
  .openapi('Error');

const statusOf: Record<RefusalCode, 400 | 403 | 404 | 409> = { validation: 400, forbidden: 403, not_found: 404, conflict: 409 };

/** A body with thousands of bad fields would otherwise answer with thousands of details. */
export const MAX_ERROR_DETAILS = 50;

export function refusalResponse(c: Context, r: Refusal) {
  return c.json({ error: { code: r.code, message: r.message, details: r.details.slice(0, MAX_ERROR_DETAILS) } }, statusOf[r.code]);
}

export function zodIssues(error: ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((i) => ({
    field: fieldPath([...(prefix ? [prefix] : []), ...i.path]) || (prefix ?? ''),
    message: i.code === 'unrecognized_keys' ? `неизвестные поля: ${i.keys.join(', ')}` : i.message,
  }));
}

/** defaultHook of every route: a schema failure is a 400 naming each field, never a 500. */
export function validationHook(result: { success: boolean; error?: ZodError; target: string }, c: Context) {
  if (!result.success && result.error) {
    const where = result.target === 'json' ? 'тело запроса' : result.target === 'query' ? 'параметры запроса' : 'параметры пути';
    return refusalResponse(c, { code: 'validation', message: `ошибка в данных: ${where}`, details: zodIssues(result.error) });
  }
  return undefined;
}

export function onError(err: Error, c: Context) {
  if (err instanceof RefusedError) return refusalResponse(c, err.refusal);
  // A chunked body that outgrew its limit while a reader read it (api/body-limits.ts answers the route's own 413 over this).
  const bodyRefused = bodyRefusalStatus(err);
  if (bodyRefused) return c.json({ error: { code: bodyRefused === 413 ? 'payload_too_large' : 'unavailable', message: err.message, details: [] } }, bodyRefused);
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 401 ? 'unauthorized' : status === 413 ? 'payload_too_large' : status === 404 ? 'not_found' : status === 415 ? 'unsupported_media_type' : 'bad_request';
    // hono's own refusals are English: said in Russian, like everything the API answers.
    const message = /Malformed JSON/.test(err.message)
      ? 'тело запроса — не корректный JSON'
      : /Malformed FormData/.test(err.message)
        ? 'тело запроса — не корректная форма (multipart/form-data)'
        : status === 415 ? 'тело запроса в формате, которого этот адрес не принимает (заголовок Content-Type)' : err.message || 'ошибка запроса';
    return c.json({ error: { code, message, details: [] } }, status);
  }
  if (err instanceof WorkflowNotStartedError) {
    c.header('Retry-After', String(err.retryAfterSeconds));
    return c.json({ error: { code: 'not_ready', message: err.message, details: [] } }, 503);
  }
  // An outage is not a bug: a quick 503 naming the part that did not answer (README "Outages").
  const part = unavailablePart(err);
  if (part) {
    c.header('Retry-After', '5');
    return c.json({ error: { code: 'unavailable', message: unavailableMessage(part), details: [] } }, 503);
  }
  log.error({ err }, 'unhandled error');
  return c.json({ error: { code: 'internal', message: 'внутренняя ошибка', details: [] } }, 500);
}
