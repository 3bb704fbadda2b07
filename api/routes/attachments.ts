import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BodyRule } from '../../infra/http/body-limits.js';
import { attachmentLimitsFromEnv, uploadBodyLimit as uploadBodyLimitOf } from '../../services/attachments/attachment-rules.js';
import { fileDownloadHeaders } from '../../services/documents/content-disposition.js';
import { downloadAttachment, FileRefusedError, uploadAttachments } from '../../services/attachments/attachments.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { errors, IdParam, json } from '../schemas.js';

export const ATTACHMENTS_PATH = '/api/attachments';
/** The whole upload's ceiling (attachment-rules.ts), applied by api/body-limits.ts before anything reads the body. Bigger single files are refused per file after parsing, naming it. */
export function uploadRule(deps: ApiDeps): (method: string, path: string) => BodyRule | null {
  const rule: BodyRule = {
    maxBytes: uploadBodyLimitOf(deps.attachmentLimits ?? attachmentLimitsFromEnv()),
    upload: true,
    refuse: (c, status, message) => c.json(status === 413 ? fileError(413, `файлы слишком большие: ${message}`) : { error: { code: 'unavailable', message, details: [] } }, status),
  };
  return (method, path) => (method === 'POST' && path === ATTACHMENTS_PATH ? rule : null);
}

const fileError = (status: number, message: string) => ({ error: { code: status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : status === 429 ? 'too_many_requests' : 'validation', message, details: [{ field: 'file', message }] } });

const tags = ['attachments'];
const security = [{ Bearer: [] }];
const Attachment = z
  .object({ id: z.string(), sha256: z.string(), name: z.string(), size: z.number().int(), type: z.string() })
  .openapi('Attachment');
const fileRefused = (description: string) => ({ description, content: { 'application/json': { schema: errors[400].content['application/json'].schema } } });

const routes = {
  upload: createRoute({ method: 'post', path: ATTACHMENTS_PATH, tags, security,
    summary: 'Загрузить файлы (PDF, DOCX, XLSX, ODT, ODS, JPEG, PNG; тип определяется по содержимому); ссылаться на них в командах по attachmentId',
    request: { body: { required: true, content: { 'multipart/form-data': { schema: z.object({
      file: z.union([z.any(), z.array(z.any())]).openapi({ description: 'один или несколько файлов (поле повторяется)', type: 'array', items: { type: 'string', format: 'binary' } }),
    }) } } } },
    responses: {
      201: json(z.union([Attachment, z.object({ attachments: z.array(Attachment) })]), 'Сохранены: один файл — его описание, несколько — список'),
      ...errors,
      413: fileRefused('Файл больше ATTACHMENT_MAX_BYTES (поле file)'),
      415: fileRefused('Тип не разрешён или не совпадает с расширением (поле file)'),
      429: fileRefused('Слишком много файлов подряд (ATTACHMENT_UPLOADS_PER_MINUTE, с Retry-After) или неприложенных файлов (ATTACHMENT_UNATTACHED_MAX_FILES / _BYTES)'),
    } }),
  download: createRoute({ method: 'get', path: `${ATTACHMENTS_PATH}/{id}`, tags, security,
    summary: 'Скачать файл: загрузивший — пока файл не приложен; после — все, кто может читать то, к чему он приложен',
    request: { params: IdParam },
    responses: { 200: { description: 'Файл (тип — определённый при загрузке; Content-Disposition: attachment)', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errors } }),
};

export function attachmentRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Documented only: the handler reads the multipart body itself, so every refusal names `file` with its own status.
  app.openAPIRegistry.registerPath(routes.upload);

  app.post(
    ATTACHMENTS_PATH,
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
        if (err instanceof FileRefusedError) {
          if (err.retryAfterSeconds !== undefined) c.header('Retry-After', String(err.retryAfterSeconds));
          return c.json(fileError(err.status, err.reason), err.status);
        }
        throw err;
      }
    },
  );

  app.openapi(routes.download, async (c) => {
    const file = await downloadAttachment(deps, c.get('actor'), c.req.valid('param').id);
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, fileDownloadHeaders(file)) as never;
  });

  return app;
}
