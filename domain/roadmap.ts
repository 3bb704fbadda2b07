import { z } from 'zod';
import { IdText, MultiLineText, SingleLineText } from './text.js';
import { Deadline, IsoDate, WorkdayEnd } from './deadline.js';
import { EscalationPolicy } from './escalation-policy.js';
import { FinancingLine } from './financing.js';
import { MonitoringPolicy } from './monitoring-policy.js';
import { TargetIndicator } from './indicator.js';
import { RegionCode } from './region.js';

const Code = z.string().min(1).max(32).regex(/^[A-Za-z0-9._-]+$/, 'латиница, цифры, . _ -');

/** A legal act reference: the approving resolution or joint order («в редакции …» lives in amendments). */
export const LegalActReference = z
  .object({
    kind: SingleLineText.min(1).max(200),
    number: SingleLineText.min(1).max(64),
    date: IsoDate,
    title: MultiLineText.min(1).max(1000),
  })
  .strict();
export type LegalActReference = z.infer<typeof LegalActReference>;

/**
 * Seed 000: the ТФОМС road map must be integrated into the region's own road
 * map; this names the act that approved the regional one.
 */
export const RegionalPlanReference = z
  .object({
    name: z.string().min(1).max(1000),
    number: z.string().min(1).max(64),
    date: IsoDate,
  })
  .strict();
export type RegionalPlanReference = z.infer<typeof RegionalPlanReference>;

/** Which medical organisations an item applies to; each one gets its own execution. */
export const ItemScope = z.discriminatedUnion('kind', [
  /** A fund-level item (an order, an agreement): one execution, no МО. */
  z.object({ kind: z.literal('fund') }).strict(),
  /** Every participating МО of the road map. */
  z.object({ kind: z.literal('all_mo') }).strict(),
  z.object({ kind: z.literal('mo_list'), moIds: z.array(IdText).min(1) }).strict(),
]);
export type ItemScope = z.infer<typeof ItemScope>;

export const RoadMapItem = z
  .object({
    id: Code,
    title: MultiLineText.min(1).max(2000),
    deadline: Deadline,
    executorId: IdText,
    controllerId: IdText,
    scope: ItemScope,
    expectedResult: MultiLineText.min(1).max(2000),
    /** The document the item must produce, if any (order, agreement, regulation…). */
    resultDocument: MultiLineText.max(500).optional(),
    financing: z.array(FinancingLine).default([]),
    indicatorIds: z.array(IdText).default([]),
    /** The item's number in the regional road map it is integrated into («п. 3.2»). */
    regionalItemNumber: SingleLineText.min(1).max(32).optional(),
  })
  .strict();
export type RoadMapItem = z.infer<typeof RoadMapItem>;

/** ТФОМС directions and СМО activities (направления деятельности СМО) of seed 000. */
export const DirectionParty = z.enum(['TFOMS', 'SMO']);

export const Direction = z
  .object({
    id: Code,
    party: DirectionParty,
    title: MultiLineText.min(1).max(1000),
    items: z.array(RoadMapItem).min(1),
  })
  .strict();
export type Direction = z.infer<typeof Direction>;

/** A responsible person appointed by order per direction and МО, for ТФОМС and for each СМО. */
export const Appointment = z
  .object({
    directionId: Code,
    moId: IdText,
    organisationId: IdText,
    personId: IdText,
  })
  .strict();
export type Appointment = z.infer<typeof Appointment>;

/** The body of one version of a road map (план мероприятий, «дорожная карта»). */
export const RoadMapDocument = z
  .object({
    title: MultiLineText.min(1).max(1000),
    regionCode: RegionCode,
    legalAct: LegalActReference.nullable().default(null),
    /** The region's own road map this one is integrated into. */
    regionalPlan: RegionalPlanReference.optional(),
    startDate: IsoDate,
    /** Monitoring coordinator: compiles the weekly report and reports to ФОМС. */
    coordinatorId: IdText,
    participatingMoIds: z.array(IdText).default([]),
    directions: z.array(Direction).min(1),
    appointments: z.array(Appointment).default([]),
    indicators: z.array(TargetIndicator).default([]),
    /** Reminders and escalations of this road map; the default ladder when absent. */
    escalationPolicy: EscalationPolicy.optional(),
    /** When a working day ends for date deadlines (region's local time). */
    workdayEnd: WorkdayEnd.default('18:00'),
    /** Weekly monitoring: when periods open, reports fall due and close; the default week when absent. */
    monitoring: MonitoringPolicy.optional(),
  })
  .strict();
export type RoadMapDocument = z.infer<typeof RoadMapDocument>;
export type RoadMapDocumentInput = z.input<typeof RoadMapDocument>;

