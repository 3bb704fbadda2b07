import type { RoadMapDocument } from './roadmap.js';
import type { FieldIssue } from './refusal.js';
import { countExecutions, itemsOf } from './roadmap-structure.js';

/**
 * How large a road map may be. Every path a document comes in by — the JSON API, the Excel import, the pages —
 * goes through the same check (services/roadmaps assertRoadMapDocument), before the directory is read or anything
 * is stored. Texts are bounded by the schema itself (domain/roadmap.ts: titles 1,000–2,000 characters and so on);
 * these are the counts. The composition root may lower or raise them (ROADMAP_MAX_* variables).
 */
export interface RoadMapLimits {
  /** Directions (направления). */
  maxDirections: number;
  /** Items (мероприятия) over all directions. */
  maxItems: number;
  /** Participating МО, and МО listed for one item. */
  maxMo: number;
  /** Item executions the road map expands to (item × МО, a fund-level item counts one): what approval launches. */
  maxExecutions: number;
  /** Financing lines over all items. */
  maxFinancingLines: number;
  /** Appointments (direction × МО × organisation). */
  maxAppointments: number;
  /** Target indicators, and indicator references of one item. */
  maxIndicators: number;
}

export const defaultRoadMapLimits: RoadMapLimits = {
  maxDirections: 100,
  maxItems: 1_000,
  maxMo: 500,
  maxExecutions: 10_000,
  maxFinancingLines: 10_000,
  maxAppointments: 10_000,
  maxIndicators: 500,
};

/** Each count over its limit, naming the field, the limit and the count (Russian). Cheap: no directory needed. */
export function roadMapSizeIssues(doc: RoadMapDocument, limits: RoadMapLimits = defaultRoadMapLimits): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const over = (field: string, what: string, count: number, limit: number) => {
    if (count > limit) issues.push({ field, message: `не больше ${limit} ${what} в дорожной карте (сейчас ${count})` });
  };
  over('directions', 'направлений', doc.directions.length, limits.maxDirections);
  let items = 0;
  let financing = 0;
  for (const { item, path } of itemsOf(doc)) {
    items++;
    financing += item.financing.length;
    if (item.scope.kind === 'mo_list' && item.scope.moIds.length > limits.maxMo) {
      issues.push({ field: [...path, 'scope', 'moIds'].join('.'), message: `не больше ${limits.maxMo} МО в одном мероприятии (сейчас ${item.scope.moIds.length})` });
    }
    if (item.indicatorIds.length > limits.maxIndicators) {
      issues.push({ field: [...path, 'indicatorIds'].join('.'), message: `не больше ${limits.maxIndicators} показателей в одном мероприятии (сейчас ${item.indicatorIds.length})` });
    }
  }
  over('directions', 'мероприятий', items, limits.maxItems);
  over('participatingMoIds', 'участвующих МО', doc.participatingMoIds.length, limits.maxMo);
  over('directions', 'строк финансирования', financing, limits.maxFinancingLines);
  over('appointments', 'назначений', doc.appointments.length, limits.maxAppointments);
  over('indicators', 'показателей', doc.indicators.length, limits.maxIndicators);
  // Counted only when the lists are within bounds: the product of two oversized lists is not worth computing.
  if (issues.length === 0) over('directions', 'исполнений (мероприятие × МО)', countExecutions(doc), limits.maxExecutions);
  return issues;
}
