import { slots } from '../../infra/http/slots.js';
import { UnavailableError } from '../../infra/http/outage.js';
import { commandDeadlineMs } from '../../infra/temporal/temporal-client.js';

/**
 * A bound on the commands one API process has in flight at the engine. Every Update shares the
 * engine and the worker with the timers: past this bound a command waits its turn here (first come,
 * first served) instead of adding to the engine's queue, and one that waited `maxWaitMs` gets a 503
 * naming Temporal, to be retried with the same Idempotency-Key. The bound trades the commands' pace for
 * the timers' when both compete for the same cores: docs/benchmarks.md has what 8 and 16 did to a wave.
 */
export class CommandAdmission {
  private readonly slots;

  constructor(
    readonly limit: number,
    readonly maxWaitMs: number,
  ) {
    this.slots = slots(limit);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (!(await this.slots.acquire(this.maxWaitMs))) {
      throw new UnavailableError('Temporal', `очередь команд к Temporal занята дольше ${Math.round(this.maxWaitMs / 1000)} с; повторите запрос с тем же Idempotency-Key`);
    }
    try {
      return await fn();
    } finally {
      this.slots.release();
    }
  }
}

/**
 * 16 per API process: in a deadline wave of 6,000 under 50 officials and 32 clients completing tasks, the wave
 * took 3.1× its quiet time with it against 4.5× without and the commands' p99 stayed under 2 s; 32 clients on a
 * quiet machine completed 3–7 % fewer (docs/benchmarks.md, 2026-12-06 morning).
 */
export const DEFAULT_COMMANDS_IN_FLIGHT = 16;

/** The bound COMMANDS_IN_FLIGHT sets (`0` or `off`: none); a command waits at most COMMAND_DEADLINE_MS for its turn. */
export function commandAdmissionFromEnv(env: NodeJS.ProcessEnv): CommandAdmission | null {
  const value = env.COMMANDS_IN_FLIGHT?.trim();
  if (value === '0' || value === 'off') return null;
  const limit = value && /^[0-9]+$/.test(value) ? Number(value) : DEFAULT_COMMANDS_IN_FLIGHT;
  return new CommandAdmission(limit, commandDeadlineMs(env.COMMAND_DEADLINE_MS));
}

let admission: CommandAdmission | null | undefined;

/** This process's bound, shared by every command it sends. */
export function commandAdmission(): CommandAdmission | null {
  if (admission === undefined) admission = commandAdmissionFromEnv(process.env);
  return admission;
}
