import { z } from 'zod';
import { MultiLineText, SingleLineText } from './text.js';
import { IsoDate } from './deadline.js';

/** A result document (приказ, соглашение, регламент…) an executor reports as done. */
export const ResultDocument = z
  .object({
    number: SingleLineText.min(1).max(64),
    date: IsoDate,
    title: MultiLineText.min(1).max(1000),
  })
  .strict();

/**
 * A file as the audit trail records it. Described-only files (no attachmentId)
 * are still accepted; uploaded ones carry their id and detected type, filled in
 * by the service from the stored attachment, never by the client.
 */
export const AttachmentMeta = z
  .object({
    attachmentId: SingleLineText.min(1).max(64).optional(),
    name: SingleLineText.min(1).max(255),
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[a-f0-9]{64}$/, '64 шестнадцатеричных символа'),
    type: z.string().min(1).max(200).optional(),
  })
  .strict();
export type AttachmentMeta = z.infer<typeof AttachmentMeta>;

/** An uploaded file (POST /api/attachments) referenced by its id; resolved to AttachmentMeta before the command is sent. */
// Text rules: a NUL would reach PostgreSQL (a 500) instead of being refused naming the field.
export const AttachmentRef = z.object({ attachmentId: SingleLineText.min(1).max(64) }).strict();

export const CompletionReport = z
  .object({
    text: MultiLineText.trim().min(1, 'опишите, что сделано').max(10000),
    resultDocument: ResultDocument.optional(),
    attachments: z.array(z.union([AttachmentRef, AttachmentMeta])).max(50).default([]),
    /** Indicator id → value reported, e.g. notified / completed counts. */
    metrics: z.record(SingleLineText.min(1).max(64), z.number().finite()).default({}),
  })
  .strict();
export type CompletionReport = z.infer<typeof CompletionReport>;
