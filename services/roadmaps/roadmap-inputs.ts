import { z } from 'zod';

/** Command inputs shared by the JSON API and the web forms. */
export const ReturnRoadMapBody = z.object({ comment: z.string().trim().min(1, 'укажите причину возврата').max(5000) }).strict();
