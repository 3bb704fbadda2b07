import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { attachmentLimitsFromEnv } from '../../services/attachments/attachment-rules.js';
import { contentDisposition } from '../../services/documents/content-disposition.js';
import { downloadAttachment, FileRefusedError, uploadAttachments } from '../../services/attachments/attachments.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';

export const ATTACHMENTS_PATH = '/api/attachments';
// Multipart framing per file (boundary, headers) on top of the files themselves.
const FRAMING_BYTES = 64 * 1024;

/** The whole upload's ceiling: every file at its limit. Bigger single files are refused per file after parsing, naming it. */
export function uploadBodyLimit(deps: ApiDeps): number {
  const { maxBytes, perCommand } = deps.attachmentLimits ?? attachmentLimitsFromEnv();
  return (maxBytes + FRAMING_BYTES) * (perCommand + 1);
}

const fileError = (status: number, message: string) => ({ error: { code: status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'validation', message, details: [{ field: 'file', message }] } });

export function attachmentRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.post(
    ATTACHMENTS_PATH,
    bodyLimit({ maxSize: uploadBodyLimit(deps), onError: (c) => c.json(fileError(413, 'файлы слишком большие'), 413) }),
    async (c) => {
      let form: Record<string, unknown>;
      try {
        form = await c.req.parseBody({ all: true });
      } catch {
        return c.json(fileError(400, 'ожидается multipart/form-data с полем file'), 400);
      }
      const field = form.file;
      const files = (Array.isArray(field) ? field : field === undefined ? [] : [field]).filter((f): f is File => f instanceof File);
      if (field !== undefined && files.length === 0) return c.json(fileError(400, 'поле file должно содержать файл'), 400);
      try {
        const uploaded = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
        const views = await uploadAttachments(deps, c.get('actor'), uploaded);
        return c.json(Array.isArray(field) && views.length > 1 ? { attachments: views } : views[0], 201);
      } catch (err) {
        if (err instanceof FileRefusedError) return c.json(fileError(err.status, err.reason), err.status);
        throw err;
      }
    },
  );

  app.get(`${ATTACHMENTS_PATH}/:id`, async (c) => {
    const file = await downloadAttachment(deps, c.get('actor'), c.req.param('id'));
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.type,
      'content-length': String(file.size),
      'content-disposition': contentDisposition(file.name),
      'x-content-type-options': 'nosniff',
      etag: `"${file.sha256}"`,
    });
  });

  return app;
}
