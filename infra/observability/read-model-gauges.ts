/**
 * Gauges whose truth is in PostgreSQL, read when Prometheus scrapes, so they
 * are right after any restart and across any number of processes. One query
 * per family and scrape: every gauge of a family awaits the same query.
 */
import client from 'prom-client';
import type postgres from 'postgres';
import { logger } from './logger.js';
import { currentScrape, registry } from './metrics.js';

const log = logger.child({ component: 'metrics' });

const EMAIL_STATUSES = ['pending', 'sent', 'logged', 'no_address'] as const;

let source: postgres.Sql | null = null;

/** One query per scrape for a family of gauges (prom-client collects them concurrently). */
function perScrape<T>(query: (sql: postgres.Sql) => Promise<T>): () => Promise<T | null> {
  let pending: { scrape: number; result: Promise<T | null> } | null = null;
  return () => {
    if (!pending || pending.scrape !== currentScrape()) {
      const sql = source;
      // An outage must not fail the whole scrape: the gauges keep their last values and _up says 0.
      const result = sql
        ? query(sql).catch((err: Error) => {
            log.warn({ err: { message: err.message } }, 'read-model gauges not collected: PostgreSQL did not answer');
            return null;
          })
        : Promise.resolve(null);
      pending = { scrape: currentScrape(), result };
    }
    return pending.result;
  };
}

const notificationFigures = perScrape(async (sql) =>
  sql<{ status: string; n: number; failing: number; oldest_s: number | null }[]>`
    select email_status as status, count(*)::int as n,
           count(*) filter (where email_last_error is not null)::int as failing,
           extract(epoch from now() - min(created_at))::float8 as oldest_s
    from notifications group by email_status`,
);

const weeklyReportFigures = perScrape(async (sql) =>
  // Each road map's latest period that has opened: the week its coordinator is waiting on.
  sql<{ roadmap: string; late: number; missing: number }[]>`
    with latest as (
      select distinct on (roadmap_id) id, roadmap_id, due_at from reporting_periods where opens_at <= now() order by roadmap_id, opens_at desc)
    select l.roadmap_id as roadmap,
           count(*) filter (where d.status = 'late' or (d.status = 'pending' and l.due_at <= now()))::int as late,
           count(*) filter (where d.status = 'missing')::int as missing
    from latest l join reporting_duties d on d.period_id = l.id
    group by l.roadmap_id`,
);

const NAMES = [
  'roadmap_read_model_gauges_up',
  'roadmap_notifications',
  'roadmap_notifications_failing',
  'roadmap_notifications_pending_oldest_seconds',
  'roadmap_weekly_reports_late',
  'roadmap_weekly_reports_missing',
];

/** Registers the gauges read from this database; called again (another connection, a re-imported module), it replaces them. */
export function registerReadModelGauges(sql: postgres.Sql): void {
  source = sql;
  for (const name of NAMES) registry.removeSingleMetric(name);

  new client.Gauge({
    name: 'roadmap_read_model_gauges_up',
    help: 'Whether this scrape read the roadmap_notifications* and roadmap_weekly_reports_* gauges from PostgreSQL (1) or they kept their previous values because it did not answer (0)',
    async collect() {
      const answered = await Promise.all([notificationFigures(), weeklyReportFigures()]);
      this.set(answered.every((a) => a !== null) ? 1 : 0);
    },
  });

  new client.Gauge({
    name: 'roadmap_notifications',
    help: 'Notifications (in-app and e-mail outbox) by e-mail status: pending, sent, logged (no SMTP configured), no_address',
    labelNames: ['status'] as const,
    async collect() {
      const rows = await notificationFigures();
      if (!rows) return;
      for (const s of EMAIL_STATUSES) this.set({ status: s }, rows.find((r) => r.status === s)?.n ?? 0);
    },
  });
  const pendingFigure = (name: string, help: string, pick: (pending: { failing: number; oldest_s: number | null }) => number | null) =>
    new client.Gauge({
      name,
      help,
      async collect() {
        const rows = await notificationFigures();
        const pending = rows?.find((r) => r.status === 'pending');
        if (rows) this.set(pending ? (pick(pending) ?? 0) : 0);
      },
    });
  pendingFigure(
    'roadmap_notifications_failing',
    'Notifications whose e-mail is still pending after a failed attempt (SMTP refused or unreachable; Temporal keeps retrying)',
    (p) => p.failing,
  );
  pendingFigure('roadmap_notifications_pending_oldest_seconds', 'Age of the oldest notification whose e-mail is still pending (0 when none is)', (p) => p.oldest_s);

  const weeklyFigure = (name: string, help: string, pick: (row: { late: number; missing: number }) => number) =>
    new client.Gauge({
      name,
      help,
      labelNames: ['roadmap'] as const,
      async collect() {
        const rows = await weeklyReportFigures();
        if (!rows) return;
        this.reset();
        for (const r of rows) this.set({ roadmap: r.roadmap }, pick(r));
      },
    });
  weeklyFigure(
    'roadmap_weekly_reports_late',
    "Weekly reports of a road map's latest opened period not in by the due time (still outstanding, or filed late), by road map",
    (r) => r.late,
  );
  weeklyFigure('roadmap_weekly_reports_missing', "Weekly reports of a road map's latest opened period never filed by the cut-off, by road map", (r) => r.missing);
}
