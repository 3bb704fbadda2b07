import { z } from 'zod';
import { WeeklyReport } from '../../domain/weekly-report.js';

/** Monitoring command inputs shared by the JSON API and the web forms. */
export const WeeklyReportBody = WeeklyReport.extend({
  /** Whose report: by default the caller's own; an acting official (и.о.) names the person they stand in for. */
  reporterId: z.string().min(1).max(64).optional(),
});

export const SubmissionBody = z.object({ comment: z.string().trim().max(5000).default('') }).strict();
