import { z } from '@hono/zod-openapi';
import { pilotDocumentKinds } from '../domain/federal/pilot-documents.js';

/** Response schemas of the pilot's trend and the readiness of its documents. */
const TrendCell = z.enum(['none', 'on_time', 'late', 'missing', 'pending']);

export const TrendQuery = z
  .object({ to: z.string().min(1).max(16).optional().openapi({ description: 'последняя неделя ряда (ISO), по умолчанию текущая по Москве', example: '2026-W49' }) })
  .strict();

/** How both the trend and the readiness matrix name a region: its code, name, group and district. */
const PilotRegionHeader = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  groupId: z.string(),
  groupNumber: z.number().int(),
  federalDistrict: z.string(),
});

export const PilotTrendSchema = z
  .object({
    weeks: z.array(z.string()).openapi({ example: ['2026-W38', '…', '2026-W49'] }),
    scope: z.enum(['pilot', 'groups']),
    generatedAt: z.string(),
    regions: z.array(
      PilotRegionHeader.extend({
        weeks: z.array(z.object({ week: z.string(), status: TrendCell, label: z.string() })),
        totals: z.object({ onTime: z.number().int(), late: z.number().int(), missing: z.number().int() }),
      }),
    ),
    share: z.array(
      z.object({
        week: z.string(),
        onTime: z.number().int(),
        late: z.number().int(),
        missing: z.number().int(),
        pending: z.number().int(),
        percent: z.number().nullable().openapi({ description: 'доля в срок среди решённых (в срок, с опозданием, не представлен), %' }),
      }),
    ),
  })
  .openapi('PilotTrend');

const Kind = z.enum(pilotDocumentKinds);
const Cell = z.object({
  kind: Kind,
  state: z.enum(['missing', 'in_work', 'done']),
  stateLabel: z.string(),
  date: z.string().nullable().openapi({ description: 'дата (ISO) по календарю региона: принятия, утверждения, акта или ближайшего срока', example: '2026-12-04' }),
  dateLabel: z.string().nullable().openapi({ description: 'что это за дата: «утверждена», «принято», «срок»…' }),
  links: z.array(z.object({ label: z.string(), href: z.string().openapi({ description: 'адрес страницы или файла (веб-интерфейс)' }) })),
  note: z.string(),
});

export const PilotReadinessSchema = z
  .object({
    generatedAt: z.string(),
    documents: z.array(z.object({ kind: Kind, label: z.string() })),
    regions: z.array(
      PilotRegionHeader.extend({
        roadMap: z.object({ id: z.string(), status: z.string(), approvedVersion: z.number().int().nullable() }).nullable(),
        roadMapDeadline: z.object({
          dueDate: z.string(),
          dueAt: z.object({ at: z.string(), local: z.string(), moscow: z.string() }),
          overdue: z.boolean(),
          lastRung: z.string().nullable(),
          lastRungLabel: z.string().nullable(),
        }).nullable().openapi({ description: 'null: срок утверждения для региона не установлен' }),
        cells: z.array(Cell),
      }),
    ),
    totals: z.record(z.string(), z.object({ missing: z.number().int(), in_work: z.number().int(), done: z.number().int() })),
  })
  .openapi('PilotReadiness');
