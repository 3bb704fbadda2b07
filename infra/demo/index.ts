/** The demo data set (Орловская область, 2017), built from the seeds. */
import { demoIndicators, informingIndicator, samaraBreakdownIndicators, samaraIndicators } from './indicators.js';
import { demoOrganisations, demoParticipatingMoIds, demoRegion } from './orel-region.js';
import { DEMO_PASSWORD, demoPeople } from './people.js';
import { demoRoadMapDocument } from './roadmap.js';

export * from './indicators.js';
export * from './orel-region.js';
export * from './people.js';
export * from './roadmap.js';

export const demo = {
  region: demoRegion,
  organisations: demoOrganisations,
  participatingMoIds: demoParticipatingMoIds,
  people: demoPeople,
  password: DEMO_PASSWORD,
  indicators: demoIndicators,
  samaraIndicators,
  samaraBreakdownIndicators,
  informingIndicator,
  roadMapDocument: demoRoadMapDocument,
} as const;
