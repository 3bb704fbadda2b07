import { z } from 'zod';
import { AttachmentRef } from '../../domain/completion-report.js';

/** Command inputs shared by the JSON API and the web forms. */
export const ReturnRoadMapBody = z.object({ comment: z.string().trim().min(1, 'укажите причину возврата').max(5000) }).strict();

/** The approval: optionally the signed approving legal act (утверждающий правовой акт), uploads referenced by id. */
export const ApproveRoadMapBody = z.object({ attachments: z.array(AttachmentRef).max(50).default([]) }).strict();
