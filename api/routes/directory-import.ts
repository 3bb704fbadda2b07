import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { contentDisposition } from '../../services/documents/content-disposition.js';
import { authorizeDirectoryImport, directoryTemplateFor, importDirectory, type UploadedWorkbook } from '../../services/directory-import/directory-import.js';
import type { ListKind } from '../../services/directory-import/directory-workbook.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { errors, json } from '../schemas.js';

const tags = ['directory'];
const security = [{ Bearer: [] }];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Code = z.string().min(1).max(8).regex(/^\d{2,3}$/, 'код региона — две-три цифры').openapi({ param: { name: 'code', in: 'path' }, example: '57' });
const TemplateFile = z.enum(['mo.xlsx', 'smo.xlsx', 'people.xlsx']).openapi({ param: { name: 'file', in: 'path' } });

const Issue = z.object({ field: z.string(), message: z.string() });
const Entry = z.object({
  list: z.enum(['mo', 'smo', 'people']),
  action: z.enum(['create', 'change', 'deactivate', 'reactivate']),
  key: z.string().openapi({ description: 'реестровый номер МО, код СМО или логин' }),
  name: z.string(),
  sheet: z.string(),
  row: z.number().int(),
  changes: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
});
const ImportResult = z
  .object({
    regionCode: z.string(),
    dryRun: z.boolean(),
    applied: z.boolean(),
    valid: z.boolean(),
    lists: z.array(z.enum(['mo', 'smo', 'people'])),
    summary: z.object({ create: z.number(), change: z.number(), deactivate: z.number(), reactivate: z.number(), unchanged: z.number() }),
    creates: z.array(Entry),
    changes: z.array(Entry),
    deactivations: z.array(Entry),
    errors: z.array(Issue).openapi({ description: 'ошибки с листом, строкой и столбцом (до 1000; всего — errorCount)' }),
    errorCount: z.number().int(),
    invitations: z.object({ queued: z.number().int() }).optional().openapi({ description: 'после применения, создавшего сотрудников: сколько приглашений поставлено в очередь; их отправляет обработчик в фоне (повторяя при отказе почтового сервера), каждое — запись invited в журнале учётной записи' }),
  })
  .openapi('DirectoryImportResult');

const binary = z.string().openapi({ type: 'string', format: 'binary' });
const routes = {
  template: createRoute({ method: 'get', path: '/api/regions/{code}/directory/templates/{file}', tags, security,
    summary: 'Шаблон перечня для загрузки справочника: МО, СМО или сотрудники (XLSX с пояснениями и допустимыми значениями)',
    request: { params: z.object({ code: Code, file: TemplateFile }) },
    responses: { 200: { description: 'XLSX', content: { [XLSX]: { schema: binary } } }, ...errors } }),
  import: createRoute({ method: 'post', path: '/api/regions/{code}/directory/import', tags, security,
    summary: 'Загрузить МО, СМО и сотрудников региона из Excel: dryRun=true (по умолчанию) — что будет создано, изменено, отключено и все ошибки; dryRun=false — применить одной транзакцией',
    request: {
      params: z.object({ code: Code }),
      query: z.object({ dryRun: z.enum(['true', 'false']).default('true') }).strict(),
      body: { required: true, content: {
        'multipart/form-data': { schema: z.object({ file: z.any().optional().openapi({ type: 'string', format: 'binary', description: 'одна или несколько книг (поле file повторяется)' }) }) },
        [XLSX]: { schema: binary },
      } },
    },
    responses: { 200: json(ImportResult, 'Пробная загрузка или применено'), ...errors } }),
};

/** Multipart `file` parts (one or several), or the raw body of an xlsx; 400 naming `file` when there is none. */
async function uploadedWorkbooks(c: Context): Promise<UploadedWorkbook[]> {
  const type = c.req.header('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    const body = await c.req.parseBody({ all: true }).catch(() => null);
    const parts = body?.file === undefined ? [] : Array.isArray(body.file) ? body.file : [body.file];
    const files = parts.filter((f): f is File => f instanceof File && f.size > 0);
    if (!files.length) throw new RefusedError(refusal('validation', 'нужен файл .xlsx в поле file (multipart/form-data)', [{ field: 'file', message: 'файл не передан' }]));
    return Promise.all(files.map(async (f) => ({ name: f.name || 'файл.xlsx', bytes: Buffer.from(await f.arrayBuffer()) })));
  }
  const bytes = Buffer.from(await c.req.arrayBuffer());
  if (!bytes.length) throw new RefusedError(refusal('validation', 'нужен файл .xlsx: в теле запроса или в поле file (multipart/form-data)', [{ field: 'file', message: 'файл не передан' }]));
  return [{ name: 'файл.xlsx', bytes }];
}

export function directoryImportRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // The right first, before the body is read or parsed at all (the route's own validators read it).
  app.use('/api/regions/:code/directory/import', async (c, next) => {
    await authorizeDirectoryImport(deps.sql, c.get('actor'), c.req.param('code') ?? '');
    await next();
  });
  app.openapi(routes.template, async (c) => {
    const { code, file } = c.req.valid('param');
    const t = await directoryTemplateFor(deps.sql, c.get('actor'), code, file.replace(/\.xlsx$/, '') as ListKind);
    return c.body(new Uint8Array(t.data), 200, { 'content-type': t.type, 'content-disposition': contentDisposition(t.fileName) }) as never;
  });
  app.openapi(routes.import, async (c) => {
    const { code } = c.req.valid('param');
    const dryRun = c.req.valid('query').dryRun !== 'false';
    return c.json(await importDirectory(deps, c.get('actor'), code, await uploadedWorkbooks(c), dryRun), 200);
  });
  return app;
}
