import { z } from 'zod';
import { Deadline } from '../../domain/deadline.js';
import { AttachmentRef } from '../../domain/completion-report.js';

/** Command inputs shared by the JSON API and the web forms: one schema, the same messages. */
export const ExtensionRequestBody = z
  .object({
    newDeadline: Deadline,
    reason: z.string().trim().min(1, 'укажите причину переноса').max(5000),
    /** Uploads (POST /api/attachments) backing the request, e.g. a supplier's letter; resolved by the service. */
    attachments: z.array(AttachmentRef).max(50).default([]),
  })
  .strict();
export const DecisionBody = z
  .object({ granted: z.boolean(), comment: z.string().trim().max(5000).default('') })
  .strict()
  .refine((d) => d.granted || d.comment.length > 0, { path: ['comment'], message: 'при отказе укажите причину' });
export const ReturnExecutionBody = z.object({ comment: z.string().trim().min(1, 'укажите, что доработать').max(5000) }).strict();
