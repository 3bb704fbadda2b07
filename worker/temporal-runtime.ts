/**
 * The Temporal SDK Runtime of a worker process, installed once before the
 * first native connection: its log lines (the SDK's, the Rust core's, and the
 * workflow and activity context loggers', with workflow and activity ids) go
 * through our pino logger, and its metrics to a Prometheus exporter on an
 * internal port whose text our /metrics merges in.
 */
import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';
import { freePort } from '../infra/startup/free-port.js';
import { logger as root, type Logger } from '../infra/observability/logger.js';
import { setTemporalMetricsEndpoint } from '../infra/observability/metrics.js';

const toPino: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };
const fromPino: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR' };

/**
 * A Temporal logger that writes through pino. Temporal's `error` meta becomes
 * pino's serialised `err`; an activity's task token is dropped (whoever holds
 * it can complete the activity).
 */
export function temporalLogger(log: Logger = root.child({ component: 'temporal' })): DefaultLogger {
  return new DefaultLogger(fromPino[log.level] ?? 'INFO', (entry: LogEntry) => {
    const { error, taskToken: _, ...meta } = (entry.meta ?? {}) as Record<string, unknown>;
    log[toPino[entry.level]](error === undefined ? meta : { ...meta, err: error }, entry.message);
  });
}

export interface InstalledRuntime {
  /** Where the SDK's own exporter answers (internal; /metrics merges it), or null without metrics. */
  temporalMetricsUrl: string | null;
}

/**
 * Installs the Runtime with pino logging and, unless `metrics` is false, the
 * Prometheus exporter on TEMPORAL_METRICS_ADDRESS (default 127.0.0.1 and a free port).
 */
export async function installTemporalRuntime(opts: { metrics: boolean }): Promise<InstalledRuntime> {
  const bindAddress = opts.metrics ? (process.env.TEMPORAL_METRICS_ADDRESS ?? `127.0.0.1:${await freePort()}`) : null;
  Runtime.install({
    logger: temporalLogger(),
    // Our processes stop their worker themselves (infra/startup/graceful-shutdown.ts): with the SDK's own
    // SIGINT/SIGTERM handler the worker was already DRAINING when ours ran (IllegalStateError).
    shutdownSignals: [],
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(bindAddress ? { metrics: { prometheus: { bindAddress, useSecondsForDurations: true } } } : {}),
    },
  });
  const temporalMetricsUrl = bindAddress ? `http://${bindAddress}/metrics` : null;
  if (temporalMetricsUrl) setTemporalMetricsEndpoint(temporalMetricsUrl);
  return { temporalMetricsUrl };
}
