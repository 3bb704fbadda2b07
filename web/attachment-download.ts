import { Hono } from 'hono';
import { downloadAttachment } from '../services/attachments/attachments.js';
import { fileDownloadHeaders } from '../services/documents/content-disposition.js';
import type { ServiceDeps } from '../services/deps.js';
import type { WebEnv } from './session/web-session.js';

/**
 * The pages' download of an attachment, with the session cookie: the same service and
 * read rule as GET /api/attachments/{id}, so whoever may not read the thing it is attached
 * to gets the same 404 page as for a missing id.
 */
export function attachmentDownloadPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.get('/attachments/:id', async (c) => {
    const file = await downloadAttachment(deps, c.get('actor'), c.req.param('id'));
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, fileDownloadHeaders(file));
  });
  return app;
}
