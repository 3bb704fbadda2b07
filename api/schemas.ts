import { z } from '@hono/zod-openapi';
import { zodToOpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ZodType } from 'zod';
import { RoadMapDocument } from '../domain/roadmap.js';
import { singleLineTextRule } from '../domain/text.js';
import { ErrorBody } from './errors.js';

/** Shared request/response schemas: one definition validates, types and documents each body. */
/**
 * Names a domain schema in the OpenAPI document without calling `.openapi()` on it:
 * that method exists only on schemas built after @hono/zod-openapi extended zod, and
 * the domain's are built whenever the domain is first imported. Metadata in the
 * generator's registry works whatever the import order.
 */
export function named<T extends ZodType>(schema: T, refId: string): T {
  zodToOpenAPIRegistry.add(schema, { _internal: { refId } });
  return schema;
}

export const RoadMapDocumentSchema = named(RoadMapDocument, 'RoadMapDocument');

/** A path id: the id rule (no control character, at most 200 characters), as every id in a body (domain/text.ts IdText). */
export const PathId = z.string().min(1).max(200).superRefine(singleLineTextRule);
export const IdParam = z.object({ id: PathId.openapi({ param: { name: 'id', in: 'path' } }) });

export const CommandResult = z
  .object({ roadMapId: z.string(), version: z.number().int(), status: z.enum(['draft', 'submitted', 'approved']) })
  .openapi('RoadMapCommandResult');

export const ExecutionCommandResult = z
  .object({
    executionId: z.string(),
    status: z.enum(['assigned', 'in_progress', 'submitted', 'accepted', 'cancelled']),
    deadlineAt: z.string(),
    requestId: z.string().optional(),
  })
  .openapi('ExecutionCommandResult');

export const RoadMapSummary = z
  .object({
    id: z.string(),
    regionCode: z.string(),
    title: z.string(),
    status: z.enum(['draft', 'submitted', 'approved']),
    approvedVersion: z.number().int().nullable(),
    workingVersion: z.number().int().nullable(),
    updatedAt: z.string(),
  })
  .openapi('RoadMapSummary');

export const RoadMapVersion = z
  .object({
    version: z.number().int(),
    status: z.enum(['draft', 'submitted', 'approved', 'superseded']),
    createdBy: z.string(),
    createdAt: z.string(),
    submittedAt: z.string().nullable(),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
    lastReturnComment: z.string().nullable(),
    document: RoadMapDocumentSchema,
  })
  .openapi('RoadMapVersion');

export const RoadMapDetail = RoadMapSummary.extend({ versions: z.array(RoadMapVersion) }).openapi('RoadMapDetail');

export const ItemExecution = z
  .object({
    id: z.string(),
    roadMapId: z.string(),
    version: z.number().int(),
    directionId: z.string(),
    itemId: z.string(),
    moId: z.string().nullable(),
    executorId: z.string(),
    controllerId: z.string(),
    itemTitle: z.string(),
    deadlineAt: z.string(),
    originalDeadlineAt: z.string(),
    overdue: z.boolean(),
    status: z.enum(['assigned', 'in_progress', 'submitted', 'accepted', 'cancelled']),
    startedAt: z.string(),
    submittedAt: z.string().nullable(),
    acceptedAt: z.string().nullable(),
    lastComment: z.string().nullable(),
  })
  .openapi('ItemExecution');

export const AuditEvent = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    type: z.string(),
    label: z.string(),
    subject: z.string(),
    version: z.number().int().nullable(),
    occurredAt: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    actingForId: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEvent');

export const Page = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export const errors = {
  400: { description: 'Ошибка в данных (поле названо в details)', content: { 'application/json': { schema: ErrorBody } } },
  401: { description: 'Нет сессии', content: { 'application/json': { schema: ErrorBody } } },
  403: { description: 'Нет прав', content: { 'application/json': { schema: ErrorBody } } },
  404: { description: 'Не найдено', content: { 'application/json': { schema: ErrorBody } } },
  409: { description: 'Недопустимо в текущем состоянии', content: { 'application/json': { schema: ErrorBody } } },
} as const;

export const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
