import { expect } from 'vitest';
import { eventually, type ApiResponse } from './harness.js';

/**
 * The outage spec (README "Outages") as assertions: a 503 naming the part
 * within 3 s while it is down, a 200 within 5 s of its return. The bounds add
 * a little for a loaded machine.
 */
export const FAIL_WITHIN_MS = 3_000 + 500;
export const RECOVER_WITHIN_MS = 5_000 + 1_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends the request again and again for `forMs` — long enough for the clients'
 * reconnect backoff to grow — and expects each to fail fast naming the part.
 */
export async function expectFastRefusals(request: () => Promise<ApiResponse>, part: RegExp, forMs = 8_000): Promise<{ count: number; slowestMs: number }> {
  const until = Date.now() + forMs;
  let count = 0;
  let slowestMs = 0;
  while (Date.now() < until) {
    const t0 = Date.now();
    const refused = await request();
    slowestMs = Math.max(slowestMs, Date.now() - t0);
    expect(refused.status, JSON.stringify(refused.body)).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'unavailable', details: [] });
    expect(refused.body.error.message).toMatch(part);
    expect(slowestMs).toBeLessThan(FAIL_WITHIN_MS);
    count++;
    await sleep(250);
  }
  expect(count).toBeGreaterThan(3);
  return { count, slowestMs };
}

/** Once the part is back: the same request (same Idempotency-Key) succeeds within the bound, and its retry answers the same. */
export async function expectRecovery(request: () => Promise<ApiResponse>): Promise<{ body: any; recoveredInMs: number }> {
  const back = Date.now();
  const done = await eventually(request, (r) => r.status !== 503, RECOVER_WITHIN_MS + 10_000);
  const recoveredInMs = Date.now() - back;
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  expect(recoveredInMs).toBeLessThan(RECOVER_WITHIN_MS);
  const again = await request();
  expect(again.status).toBe(200);
  expect(again.body).toEqual(done.body);
  return { body: done.body, recoveredInMs };
}
