import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { workScopeOf } from '../../domain/read-scope.js';

/**
 * The reading scope of domain/read-scope.ts as SQL conditions, so lists are
 * filtered by the database in the same query (no row is fetched to be thrown
 * away, no query per row). Each fragment assumes the caller already narrowed
 * the query to a road map or period of a region the actor may read
 * (canReadRegion); it adds what an СМО may not see inside it.
 */
type Fragment = postgres.PendingQuery<postgres.Row[]>;

function organisationOf(actor: Actor): string | null | false {
  const scope = workScopeOf(actor);
  if (scope.kind === 'nothing') return false;
  return scope.kind === 'organisation' ? scope.organisationId : null;
}

/** The execution (alias of item_executions) is the actor's organisation's work: it executes or controls it. */
export function executionInScope(sql: postgres.Sql, actor: Actor, alias = 'e'): Fragment {
  const org = organisationOf(actor);
  if (org === false) return sql`false`;
  if (org === null) return sql`true`;
  return sql`exists (select 1 from people sp where sp.id in (${sql(alias)}.executor_id, ${sql(alias)}.controller_id) and sp.organisation_id = ${org})`;
}

/** The reporting duty (alias of reporting_duties) is the actor's organisation's. */
export function dutyInScope(sql: postgres.Sql, actor: Actor, alias = 'd'): Fragment {
  const org = organisationOf(actor);
  if (org === false) return sql`false`;
  if (org === null) return sql`true`;
  return sql`${sql(alias)}.organisation_id = ${org}`;
}

/**
 * The weekly report (alias w of weekly_reports, in period p of reporting_periods)
 * may be read: by its organisation, by the region's ТФОМС, and by ФОМС once the
 * period's consolidated report was submitted.
 */
export function weeklyReportInScope(sql: postgres.Sql, actor: Actor, regionCode: string, report = 'w', period = 'p'): Fragment {
  // From outside the region (ФОМС, a pilot group's curator): only weeks the coordinator has submitted.
  const submitted = actor.regionCode !== regionCode ? sql`${sql(period)}.status = 'submitted'` : sql`true`;
  const org = organisationOf(actor);
  if (org === false) return sql`false`;
  if (org === null) return submitted;
  return sql`${submitted} and exists (select 1 from reporting_duties sd where sd.period_id = ${sql(report)}.period_id
    and sd.person_id = ${sql(report)}.person_id and sd.organisation_id = ${org})`;
}

/**
 * An audit-trail event (alias of events) of a road map of `regionCode`: the road map's own, or one of an execution in
 * scope. A weekly period's events carry its reports' texts: from outside the region (ФОМС, a curator) only once the
 * coordinator has submitted the week, as for the reports themselves (weeklyReportInScope).
 */
export function eventInScope(sql: postgres.Sql, actor: Actor, regionCode: string, alias = 'e'): Fragment {
  const org = organisationOf(actor);
  if (org === false) return sql`false`;
  if (org === null) {
    if (actor.regionCode === regionCode) return sql`true`;
    return sql`not exists (select 1 from reporting_periods rp where rp.id = ${sql(alias)}.subject and rp.status <> 'submitted')`;
  }
  return sql`(${sql(alias)}.subject = 'roadmap' or exists (select 1 from item_executions sx where sx.id = ${sql(alias)}.subject
    and ${executionInScope(sql, actor, 'sx')}))`;
}
