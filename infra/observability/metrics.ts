/**
 * The project's Prometheus figures, on prom-client's default registry, so the
 * worker's and the API's figures meet in one exposition when they share a
 * process (`npm start`). Figures that live in PostgreSQL are read at scrape
 * time (see read-model-gauges.ts); the Temporal SDK's own are merged in by the
 * metrics server.
 */
import client, { type Metric } from 'prom-client';

export const registry = client.register;

/**
 * A module evaluated twice in one process (test runners re-import our files but
 * not node_modules) must find the metric it registered the first time.
 */
function once<M extends Metric>(name: string, make: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? make();
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = once(
  'http_requests_total',
  () => new client.Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by route pattern, method and status', labelNames: ['method', 'route', 'status'] as const }),
);

export const httpRequestDuration = once(
  'http_request_duration_seconds',
  () =>
    new client.Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern, method and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: SECONDS,
    }),
);

export const rungsFired = once(
  'roadmap_rungs_fired_total',
  () =>
    new client.Counter({
      name: 'roadmap_rungs_fired_total',
      help: 'Ladder rungs fired (recorded for the first time, retries not counted), by ladder (execution | weekly_report) and rung kind',
      labelNames: ['ladder', 'kind'] as const,
    }),
);

export const eventAppendDuration = once(
  'roadmap_event_append_duration_seconds',
  () =>
    new client.Histogram({
      name: 'roadmap_event_append_duration_seconds',
      help: 'Time of one event-store transaction (append the events, project them into the read model, commit)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    }),
);

export const eventsAppended = once(
  'roadmap_events_appended_total',
  () => new client.Counter({ name: 'roadmap_events_appended_total', help: 'Domain events appended to the event store (a retried append of the same id is not counted)' }),
);

let scrape = 0;
/** Which scrape is being collected: gauges of one family share one query per scrape. */
export const currentScrape = (): number => scrape;

let temporalEndpoint: string | null = null;
let temporalUp: client.Gauge | null = null;

/** Where the Temporal SDK's Prometheus exporter of this process answers (set when the worker's Runtime is installed). */
export function setTemporalMetricsEndpoint(url: string): void {
  temporalEndpoint = url;
  temporalUp = once(
    'roadmap_temporal_sdk_metrics_up',
    () => new client.Gauge({ name: 'roadmap_temporal_sdk_metrics_up', help: 'Whether the Temporal SDK exporter of this process answered this scrape (1) or not (0); only in a process that runs a worker' }),
  );
}

/**
 * The exposition of this process: ours, then the Temporal SDK's (its names all
 * start with `temporal_`, so nothing collides).
 */
export async function exposition(): Promise<string> {
  scrape++;
  let temporal = '';
  if (temporalEndpoint) {
    try {
      const res = await fetch(temporalEndpoint, { signal: AbortSignal.timeout(2000) });
      temporal = res.ok ? await res.text() : '';
      temporalUp?.set(res.ok ? 1 : 0);
    } catch {
      temporalUp?.set(0);
    }
  }
  const ours = await registry.metrics();
  return temporal ? `${ours.trimEnd()}\n${temporal.trimEnd()}\n` : ours;
}
