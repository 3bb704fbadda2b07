import { z } from 'zod';
import { WeeklyReport } from '../../domain/weekly-report.js';
import { AttachmentRef } from '../../domain/completion-report.js';
import { IdText } from '../../domain/text.js';

/** Monitoring command inputs shared by the JSON API and the web forms. */
export const WeeklyReportBody = WeeklyReport.extend({
  /** Whose report: by default the caller's own; an acting official (и.о.) names the person they stand in for. */
  reporterId: IdText.max(64).optional(),
  /** Uploads (POST /api/attachments) by id; a correction lists the files it keeps and any new ones. */
  attachments: z.array(AttachmentRef).max(50).default([]),
});

export const SubmissionBody = z.object({ comment: z.string().trim().max(5000).default('') }).strict();
