/**
 * The Temporal client settings of the API and the worker's client: what makes
 * a command fail fast while the Temporal server is down and work again within
 * seconds of its return (README "Outages").
 *
 * - The SDK retries UNAVAILABLE up to 10 times, 100 ms growing by 1.7× to 5 s
 *   (~20 s): a command then took about 20 s to fail. Here the retries stop after ~1 s.
 * - gRPC's own reconnect backoff grows to 120 s: a client could stay away long
 *   after the server came back. Here it is capped at 1 s.
 * - A command's Temporal call gets a deadline (withCommandDeadline).
 */
import { Client, Connection, isRetryableError, makeGrpcRetryInterceptor, type ConnectionOptions } from '@temporalio/client';
import { temporalConnectionOptions } from './temporal-connection.js';

const RETRY_DELAY_MAX_MS = 400;
const RETRY_ATTEMPTS = 5;

export const temporalRetryInterceptor = makeGrpcRetryInterceptor({
  delayFunction: (attempt) => Math.min(RETRY_DELAY_MAX_MS, 100 * 1.7 ** (attempt - 1)) * (0.8 + Math.random() * 0.4),
  retryableDecider: (attempt, status) => attempt < RETRY_ATTEMPTS && isRetryableError(status),
});

/** The cluster's connection (address, TLS, API key: infra/temporal/temporal-connection.ts) with the fail-fast settings above. */
export function temporalClientOptions(address?: string): ConnectionOptions {
  return {
    ...temporalConnectionOptions(address),
    connectTimeout: 2_000,
    channelArgs: {
      'grpc.initial_reconnect_backoff_ms': 200,
      'grpc.min_reconnect_backoff_ms': 200,
      'grpc.max_reconnect_backoff_ms': 1_000,
    },
    interceptors: [temporalRetryInterceptor],
  };
}

/**
 * A client that does not need the server to be up when the process starts:
 * the API then serves (with 503 naming Temporal, and /health says so) until
 * the server answers, instead of failing to start.
 */
export function lazyTemporalClient(address: string | undefined, namespace: string): { client: Client; connection: Connection } {
  const connection = Connection.lazy(temporalClientOptions(address));
  return { connection, client: new Client({ connection, namespace }) };
}

/** COMMAND_DEADLINE_MS, default 10 s: how long a command may take from its start, its wait for a turn among the commands in flight included. */
export const commandDeadlineMs = (value = process.env.COMMAND_DEADLINE_MS): number => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : 10_000;
};

/**
 * A server that is down refuses the connection, and the retry interceptor turns that
 * into a 503 within ~1 s whatever this deadline is; the deadline bounds only a server
 * that takes the call and does not answer. It must stay well above a busy but healthy
 * engine's p99: at 2.5 s, 32 clients completing tasks on a loaded 2-core machine got
 * 503 for most commands that the raw engine answered in 2.5–5 s (npm run bench).
 *
 * Runs a command's Temporal calls under one deadline: past it the call fails
 * with DEADLINE_EXCEEDED (a 503 naming Temporal) instead of waiting for a
 * server that is gone. An Update already accepted still completes; the retry
 * with the same Idempotency-Key (the update id) then returns its result once.
 */
export function withCommandDeadline<T>(client: Pick<Client, 'withDeadline'>, fn: () => Promise<T>, ms = commandDeadlineMs()): Promise<T> {
  return client.withDeadline(Date.now() + ms, fn);
}
