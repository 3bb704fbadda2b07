import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { errors, PathId } from '../schemas.js';
import { contentDisposition } from '../../services/documents/content-disposition.js';
import { DOCX, printedDocuments, roadMapWorkbooks, XLSX, type DocumentFile } from '../../services/documents/printed-documents.js';
import { assertMayImportRoadMap, importRoadMap } from '../../services/documents/roadmap-xlsx-import.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { CommandResult, json } from '../schemas.js';

const tags = ['documents'];
const security = [{ Bearer: [] }];
const VersionParams = z.object({
  id: PathId.openapi({ param: { name: 'id', in: 'path' } }),
  v: z.coerce.number().int().min(1).max(1_000_000).openapi({ param: { name: 'v', in: 'path' } }),
});
const file = (type: string, description: string) => ({ description, content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } } });

const routes = {
  roadMap: createRoute({ method: 'get', path: '/api/roadmaps/{id}/versions/{v}/roadmap.docx', tags, security,
    summary: 'Дорожная карта в утверждённой редакции (DOCX, с грифом «УТВЕРЖДАЮ»)',
    request: { params: VersionParams }, responses: { 200: file(DOCX, 'DOCX'), ...errors } }),
  appointments: createRoute({ method: 'get', path: '/api/roadmaps/{id}/versions/{v}/appointments.docx', tags, security,
    summary: 'Распоряжение ТФОМС (или приказ СМО) о назначении ответственных по направлениям и МО (DOCX)',
    request: { params: VersionParams, query: z.object({ organisation: z.string().min(1).max(64).optional() }).strict() },
    responses: { 200: file(DOCX, 'DOCX'), ...errors } }),
  financing: createRoute({ method: 'get', path: '/api/roadmaps/{id}/versions/{v}/financing.xlsx', tags, security,
    summary: 'План финансирования по МО, статьям и источникам (XLSX)',
    request: { params: VersionParams }, responses: { 200: file(XLSX, 'XLSX'), ...errors } }),
  template: createRoute({ method: 'get', path: '/api/roadmaps/import-template.xlsx', tags, security,
    summary: 'Пустой шаблон дорожной карты (XLSX) для заполнения и загрузки',
    responses: { 200: file(XLSX, 'XLSX'), ...errors } }),
  workbook: createRoute({ method: 'get', path: '/api/roadmaps/{id}/versions/{v}/roadmap.xlsx', tags, security,
    summary: 'Редакция дорожной карты в форме шаблона (XLSX): исправить и загрузить снова',
    request: { params: VersionParams }, responses: { 200: file(XLSX, 'XLSX'), ...errors } }),
  import: createRoute({ method: 'post', path: '/api/roadmaps/import', tags, security,
    summary: 'Создать проект дорожной карты из книги Excel по шаблону; ошибки — с листом, строкой и столбцом',
    request: { body: { required: true, content: { 'multipart/form-data': { schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }) }) } } } },
    responses: { 201: json(CommandResult, 'Проект создан'), ...errors } }),
};

/** The uploaded workbook, or 400 naming `file` (no file, or a body that is not multipart). */
async function uploadedFile(c: Context): Promise<Buffer> {
  const body = await c.req.parseBody().catch(() => null);
  const f = body?.file;
  if (!(f instanceof File)) throw new RefusedError(refusal('validation', 'нужен файл .xlsx в поле file (multipart/form-data)', [{ field: 'file', message: 'файл не передан' }]));
  return Buffer.from(await f.arrayBuffer());
}

const send = (c: Context, f: DocumentFile) =>
  c.body(new Uint8Array(f.data), 200, { 'content-type': f.type, 'content-disposition': contentDisposition(f.fileName) }) as never;

export function documentRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(routes.roadMap, async (c) => {
    const { id, v } = c.req.valid('param');
    return send(c, await printedDocuments.roadMap(deps.sql, c.get('actor'), id, v));
  });
  app.openapi(routes.appointments, async (c) => {
    const { id, v } = c.req.valid('param');
    return send(c, await printedDocuments.appointments(deps.sql, c.get('actor'), id, v, c.req.valid('query').organisation));
  });
  app.openapi(routes.financing, async (c) => {
    const { id, v } = c.req.valid('param');
    return send(c, await printedDocuments.financing(deps.sql, c.get('actor'), id, v));
  });
  app.openapi(routes.template, async (c) => send(c, await roadMapWorkbooks.template()));
  app.openapi(routes.workbook, async (c) => {
    const { id, v } = c.req.valid('param');
    return send(c, await roadMapWorkbooks.version(deps.sql, c.get('actor'), id, v));
  });
  // The right first, before the body is validated or parsed: someone who may not import gets a 403 whatever they
  // send. Their bytes are still drained (up to the body limit), unparsed: a server that answers before reading the
  // upload closes the connection under the client, which then sees a reset instead of the 403.
  app.use('/api/roadmaps/import', async (c, next) => {
    if (c.req.method === 'POST') {
      try {
        assertMayImportRoadMap(c.get('actor'));
      } catch (err) {
        await c.req.arrayBuffer().catch(() => undefined);
        throw err;
      }
    }
    await next();
  });
  app.openapi(routes.import, async (c) => {
    const result = await importRoadMap(deps, c.get('actor'), await uploadedFile(c), c.get('commandId'), c.get('idempotencyKey') !== null);
    return c.json(result, 201);
  });
  return app;
}
