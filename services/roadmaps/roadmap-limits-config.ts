import { defaultRoadMapLimits, type RoadMapLimits } from '../../domain/roadmap-limits.js';

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isSafeInteger(n) && n > 0 ? n : fallback;
};

/**
 * The road-map size limits of this process: ROADMAP_MAX_DIRECTIONS, ROADMAP_MAX_ITEMS, ROADMAP_MAX_MO,
 * ROADMAP_MAX_EXECUTIONS, ROADMAP_MAX_FINANCING_LINES, ROADMAP_MAX_APPOINTMENTS, ROADMAP_MAX_INDICATORS
 * (defaults in domain/roadmap-limits.ts). Read per command, so a test or the bench may set them.
 */
export function roadMapLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): RoadMapLimits {
  const d = defaultRoadMapLimits;
  return {
    maxDirections: positive(env.ROADMAP_MAX_DIRECTIONS, d.maxDirections),
    maxItems: positive(env.ROADMAP_MAX_ITEMS, d.maxItems),
    maxMo: positive(env.ROADMAP_MAX_MO, d.maxMo),
    maxExecutions: positive(env.ROADMAP_MAX_EXECUTIONS, d.maxExecutions),
    maxFinancingLines: positive(env.ROADMAP_MAX_FINANCING_LINES, d.maxFinancingLines),
    maxAppointments: positive(env.ROADMAP_MAX_APPOINTMENTS, d.maxAppointments),
    maxIndicators: positive(env.ROADMAP_MAX_INDICATORS, d.maxIndicators),
  };
}
