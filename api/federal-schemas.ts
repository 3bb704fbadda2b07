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

const Escalation = z
  .object({
    rung: z.string().openapi({ example: 'director' }),
    rungLabel: z.string().openapi({ example: 'директор ТФОМС' }),
    at: Clock,
    recipients: z.array(z.object({ personId: z.string(), name: z.string(), actingForName: z.string().nullable() })),
  })
  .openapi('FederalEscalation');

export const RegionWeek = z
  .object({
    groupId: z.string(),
    groupNumber: z.number().int(),
    groupTitle: z.string(),
    regionCode: z.string(),
    regionName: z.string(),
    federalDistrict: z.string(),
    timeZone: z.string(),
    moscowOffset: z.string().openapi({ example: 'МСК+8', description: 'часы от московского времени' }),
    roadMap: z
      .object({ id: z.string(), title: z.string(), status: z.string(), approvedVersion: z.number().int().nullable(), workingVersion: z.number().int().nullable() })
      .nullable(),
    executions: z.object({ total: z.number().int(), done: z.number().int(), overdue: z.number().int() }),
    report: z.object({
      status: z.enum(['no_roadmap', 'not_monitored', 'not_due', 'pending', 'on_time', 'late', 'missing']).openapi({
        description:
          'no_roadmap — дорожной карты не было; not_monitored — не утверждена; not_due — отчёт за неделю не требовался (notDueReason); pending — ожидается; on_time / late — представлен в срок / с опозданием; missing — не представлен',
      }),
      statusLabel: z.string(),
      notDueReason: z.enum(['monitoring_later', 'approved_after_due']).nullable(),
      light: z.enum(['green', 'yellow', 'red', 'grey', 'blue']).openapi({
        description: 'green — в срок; yellow — с опозданием; red — не представлен; blue — ожидается; grey — отчёт не требовался или дорожная карта не утверждена / не представлена',
      }),
      periodId: z.string().nullable(),
      dueAt: Clock,
      submittedAt: Clock.nullable(),
      lastRung: z.string().nullable(),
    }),
    escalations: z.array(Escalation),
    reporters: z.object({ total: z.number().int(), onTime: z.number().int(), late: z.number().int(), missing: z.number().int(), pending: z.number().int() }),
    discipline: z.object({ reportsOnTimePercent: z.number().nullable(), itemsOverduePercent: z.number().nullable() }),
    smoForm: z
      .object({ representatives: z.number().int(), notified: z.number().int(), completedCheckup: z.number().int(), effectiveness: z.number().nullable() })
      .nullable()
      .openapi({ description: 'отчётная форма СМО; null, пока сводный отчёт не виден запрашивающему (ФОМС и кураторам — до направления в ФОМС)' }),
  })
  .openapi('RegionWeek');

const WeekTotals = z
  .object({
    regions: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
    missing: z.number().int(),
    pending: z.number().int(),
    notDue: z.number().int(),
    notApproved: z.number().int(),
    withoutRoadMap: z.number().int(),
  })
  .openapi({ description: 'каждый регион ровно в одном состоянии: сумма равна regions' });

export const WeekViewSchema = z
  .object({
    week: Week,
    dates: z.string().openapi({ example: '30.11–06.12.2026' }),
    generatedAt: z.string(),
    regions: z.array(RegionWeek),
    totals: WeekTotals,
  })
  .openapi('PilotWeek');

export const RegionParam = z.object({ code: z.string().min(1).max(8).openapi({ param: { name: 'code', in: 'path' }, example: '65' }) });
export const WeekQuery = z.object({ week: z.string().min(1).max(16).optional().openapi({ param: { name: 'week', in: 'query' }, example: '2026-W49' }) });

export const RegionDetail = z
  .object({
    week: Week,
    dates: z.string(),
    region: RegionWeek,
    regionalPlan: z.object({ name: z.string(), number: z.string(), date: z.string() }).nullable(),
    links: z.object({ dashboard: z.string().nullable(), roadMap: z.string().nullable(), consolidated: z.string().nullable() }),
  })
  .openapi('PilotRegionDetail');
