import { z } from '@hono/zod-openapi';

/** Response schemas of the federal level (regions, the pilot, the week view). */
const Week = z.string().regex(/^\d{4}-W\d{2}$/).openapi({ example: '2026-W49' });

export const WeekParam = z.object({ week: z.string().min(1).max(16).openapi({ param: { name: 'week', in: 'path' }, example: '2026-W49' }) });

export const RegionItem = z
  .object({
    code: z.string(),
    name: z.string(),
    federalDistrict: z.string(),
    timeZone: z.string(),
    pilotGroup: z.object({ id: z.string(), number: z.number().int(), title: z.string() }).nullable(),
  })
  .openapi('Region');

const PilotRegion = z.object({ code: z.string(), name: z.string(), federalDistrict: z.string(), timeZone: z.string() });

export const Pilot = z
  .object({
    id: z.string(),
    title: z.string(),
    presentedBy: z.object({ name: z.string(), position: z.string() }),
    groups: z.array(
      z.object({
        id: z.string(),
        number: z.number().int(),
        title: z.string(),
        curator: z.object({ name: z.string(), role: z.string(), regionCode: z.string(), personId: z.string().nullable() }),
        regions: z.array(PilotRegion),
      }),
    ),
  })
  .openapi('Pilot');

const Clock = z.object({ at: z.string(), local: z.string().openapi({ example: '04.12.2026 18:00' }), moscow: z.string().openapi({ example: '04.12.2026 10:00' }) });

export const RegionWeek = z
  .object({
    groupId: z.string(),
    groupNumber: z.number().int(),
    groupTitle: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    federalDistrict: z.string(),
    timeZone: z.string(),
    roadMap: z
      .object({ id: z.string(), title: z.string(), status: z.string(), approvedVersion: z.number().int().nullable(), workingVersion: z.number().int().nullable() })
      .nullable(),
    executions: z.object({ total: z.number().int(), done: z.number().int(), overdue: z.number().int() }),
    report: z.object({
      status: z.enum(['no_roadmap', 'not_monitored', 'pending', 'on_time', 'late', 'missing']),
      statusLabel: z.string(),
      light: z.enum(['green', 'yellow', 'red', 'grey']),
      periodId: z.string().nullable(),
      dueAt: Clock,
      submittedAt: Clock.nullable(),
      lastRung: z.string().nullable(),
    }),
    reporters: z.object({ total: z.number().int(), onTime: z.number().int(), late: z.number().int(), missing: z.number().int(), pending: z.number().int() }),
    discipline: z.object({ reportsOnTimePercent: z.number().nullable(), itemsOverduePercent: z.number().nullable() }),
    smoForm: z.object({ representatives: z.number().int(), notified: z.number().int(), completedCheckup: z.number().int(), effectiveness: z.number().nullable() }),
  })
  .openapi('RegionWeek');

export const WeekViewSchema = z
  .object({
    week: Week,
    generatedAt: z.string(),
    regions: z.array(RegionWeek),
    totals: z.object({
      regions: z.number().int(),
      onTime: z.number().int(),
      late: z.number().int(),
      missing: z.number().int(),
      pending: z.number().int(),
      withoutRoadMap: z.number().int(),
    }),
  })
  .openapi('PilotWeek');
