/**
 * Tells an outage from a bug: which part of the platform did not answer,
 * from the error a query or a Temporal call failed with. The HTTP side turns
 * these into a quick 503 naming the part (README "Outages") instead of a 500.
 */
import { isGrpcServiceError, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

export type Part = 'PostgreSQL' | 'Temporal';

/** Raised where a caller knows the part already (e.g. a deadline of its own). */
export class UnavailableError extends Error {
  constructor(
    readonly part: Part,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UnavailableError';
  }
}

// Socket-level failures (node) and postgres.js's own connection errors.
const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
]);
// SQLSTATE class 08 (connection exception), a server shutting down or starting up, no free connection slot.
const unavailableSqlStates = /^(08...|57P0[123]|53300)$/;

// gRPC status codes UNAVAILABLE (14) and DEADLINE_EXCEEDED (4).
const temporalCodes = new Set<number>([14, 4]);

function partOf(err: unknown): Part | null {
  if (err instanceof UnavailableError) return err.part;
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'Temporal';
  if (isGrpcServiceError(err)) return temporalCodes.has(err.code) ? 'Temporal' : null;
  if (err instanceof ServiceError) return null; // its cause decides
  if (!(err instanceof Error)) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (err.name === 'PostgresError') return unavailableSqlStates.test(code) ? 'PostgreSQL' : null;
  return connectionCodes.has(code) ? 'PostgreSQL' : null;
}

/** The part that did not answer, looking through wrapped causes; null when the error is no outage. */
export function unavailablePart(err: unknown): Part | null {
  const seen = new Set<unknown>();
  for (let e: unknown = err; e && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const part = partOf(e);
    if (part) return part;
  }
  return null;
}

/** The Russian message of the 503, naming the part. */
export const unavailableMessage = (part: Part): string =>
  part === 'PostgreSQL'
    ? 'сервис временно недоступен: база данных PostgreSQL не отвечает; ничего не изменено, повторите запрос позже'
    : 'сервис временно недоступен: сервер Temporal не отвечает; повторите запрос позже с тем же Idempotency-Key';
