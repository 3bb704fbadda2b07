import { slots } from '../../infra/http/slots.js';
import { UnavailableError } from '../../infra/http/outage.js';

/** A command that found no turn before its deadline: an overload, not an outage (logged as a warning), still a 503 naming Temporal. */
export class CommandQueueFullError extends UnavailableError {
  constructor(waitedMs: number) {
    super('Temporal', `очередь команд к Temporal занята: команда ждала ${(waitedMs / 1000).toFixed(1)} с и не дождалась; повторите запрос с тем же Idempotency-Key`);
    this.name = 'CommandQueueFullError';
  }
}

/**
 * A bound on the commands one API process has in flight at the engine. Every Update shares the
 * engine and the worker with the timers: past this bound a command waits its turn here (first come,
 * first served) instead of adding to the engine's queue. The wait counts against the command's one
 * deadline (COMMAND_DEADLINE_MS from its start): one that is still waiting at `until` gets a 503 naming
 * Temporal, to be retried with the same Idempotency-Key, and one admitted late has only the rest of it
 * at the engine. The bound trades the commands' pace for the timers' when both compete for the same
 * cores: docs/benchmarks.md has what 8 and 16 did to a wave.
 */
export class CommandAdmission {
  private readonly slots;

  constructor(readonly limit: number) {
    this.slots = slots(limit);
  }

  /** Runs `fn` once a turn is free, if one is before `until` (epoch ms). */
  async run<T>(until: number, fn: () => Promise<T>): Promise<T> {
    const from = Date.now();
    if (!(await this.slots.acquire(Math.max(0, until - from)))) throw new CommandQueueFullError(Date.now() - from);
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

/** The bound COMMANDS_IN_FLIGHT sets (`0` or `off`: none). */
export function commandAdmissionFromEnv(env: NodeJS.ProcessEnv): CommandAdmission | null {
  const value = env.COMMANDS_IN_FLIGHT?.trim();
  if (value === '0' || value === 'off') return null;
  const limit = value && /^[0-9]+$/.test(value) ? Number(value) : DEFAULT_COMMANDS_IN_FLIGHT;
  return new CommandAdmission(limit);
}

let admission: CommandAdmission | null | undefined;

/** This process's bound, shared by every command it sends. */
export function commandAdmission(): CommandAdmission | null {
  if (admission === undefined) admission = commandAdmissionFromEnv(process.env);
  return admission;
}
