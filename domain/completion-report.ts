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

/** Files are described, not stored yet: the hash lets a later store prove it has the same file. */
export const AttachmentMeta = z
  .object({
    name: SingleLineText.min(1).max(255),
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[a-f0-9]{64}$/, '64 шестнадцатеричных символа'),
  })
  .strict();

export const CompletionReport = z
  .object({
    text: MultiLineText.trim().min(1, 'опишите, что сделано').max(10000),
    resultDocument: ResultDocument.optional(),
    attachments: z.array(AttachmentMeta).max(50).default([]),
    /** Indicator id → value reported, e.g. notified / completed counts. */
    metrics: z.record(SingleLineText.min(1).max(64), z.number().finite()).default({}),
  })
  .strict();
export type CompletionReport = z.infer<typeof CompletionReport>;
