/**
 * The one logger of every long-running process: JSON lines (pino) for log
 * collectors, pino-pretty only when stdout is a terminal. Each line carries the
 * context it was written in (request id, person id, command id, workflow id)
 * without the caller passing it: HTTP requests and commands run inside an
 * AsyncLocalStorage scope that the logger's mixin reads.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** The correlation fields a line carries where they exist. */
export interface LogFields {
  requestId?: string;
  personId?: string;
  commandId?: string;
  workflowId?: string;
}

interface Scope {
  fields: LogFields;
  /** Read at each line: e.g. the person, known only once authentication has run. */
  late?: () => LogFields;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Runs `fn` with these fields on every line it (and what it awaits) logs. */
export function withLogContext<T>(fields: LogFields, fn: () => T, late?: () => LogFields): T {
  return scopes.run({ fields: { ...currentLogFields(), ...fields }, late }, fn);
}

/** Adds fields to the current scope (e.g. the workflow a command goes to); outside a scope it does nothing. */
export function annotateLogContext(fields: LogFields): void {
  const scope = scopes.getStore();
  if (scope) Object.assign(scope.fields, fields);
}

export function currentLogFields(): LogFields {
  const scope = scopes.getStore();
  if (!scope) return {};
  const all: Record<string, string | undefined> = { ...(scope.late?.() ?? {}), ...scope.fields };
  for (const k of Object.keys(all)) if (all[k] === undefined) delete all[k];
  return all as LogFields;
}

/**
 * Secrets and user text that must never reach a log line even if someone
 * passes a request, a header set or a body by mistake: we do not log bodies,
 * and these paths are censored where they appear anyway.
 */
export const REDACTED_PATHS = [
  'password',
  'token',
  'authorization',
  'cookie',
  'body',
  'text',
  'comment',
  'taskToken',
  '*.password',
  '*.token',
  '*.authorization',
  '*.cookie',
  '*.body',
  '*.text',
  '*.comment',
  'headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["idempotency-key"]',
];

export interface LoggerOptions {
  /** Where lines go (tests pass a stream); default stdout. */
  destination?: DestinationStream;
  level?: string;
  /** Human-readable lines; default: LOG_FORMAT=pretty|json, else pretty only when stdout is a terminal. */
  pretty?: boolean;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const format = process.env.LOG_FORMAT;
  const human = opts.pretty ?? (format === 'pretty' ? true : format === 'json' ? false : !opts.destination && process.stdout.isTTY === true);
  const destination =
    opts.destination ??
    (human
      ? pretty({ colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,component', messageFormat: '{if component}[{component}] {end}{msg}' })
      : pino.destination(1));
  return pino(
    {
      level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: () => currentLogFields(),
      // Level names, not numbers, for whoever reads the JSON; pino-pretty wants the numbers.
      formatters: human ? {} : { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** The process's logger; components take a child (`logger.child({ component: 'http' })`). */
export const logger: Logger = createLogger();
