import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { pilotView } from '../../services/federal/region-queries.js';
import { weekSummaryFileName, weekSummaryXlsx } from '../../services/federal/week-summary-xlsx.js';
import { contentDisposition } from '../../services/documents/content-disposition.js';
import { regionWeek } from '../../services/federal/region-week.js';
import { weekView } from '../../services/federal/week-view.js';
import { isoWeekOf } from '../../domain/federal/iso-week.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { Pilot, RegionDetail, RegionParam, WeekParam, WeekQuery, WeekViewSchema } from '../federal-schemas.js';
import { errors, json } from '../schemas.js';

const tags = ['federal'];
const security = [{ Bearer: [] }];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const routes = {
  pilot: createRoute({ method: 'get', path: '/api/pilot', tags, security, summary: 'Пилотный проект: группы, кураторы, регионы (куратору — его группы)',
    responses: { 200: json(Pilot, 'Пилотный проект'), ...errors } }),
  week: createRoute({ method: 'get', path: '/api/pilot/weeks/{week}', tags, security,
    summary: 'Федеральная неделя (ISO, 2026-W49): по каждому региону — дорожная карта, сводный отчёт в ФОМС, сроки (местное время и МСК), дисциплина',
    request: { params: WeekParam }, responses: { 200: json(WeekViewSchema, 'Неделя'), ...errors } }),
  summary: createRoute({ method: 'get', path: '/api/pilot/weeks/{week}/summary.xlsx', tags, security,
    summary: 'Сводная таблица недели (XLSX): строка на регион, итоги по округам и группам, отчётная форма СМО',
    request: { params: WeekParam },
    responses: { 200: { description: 'Книга Excel', content: { [XLSX]: { schema: z.string().openapi({ format: 'binary' }) } } }, ...errors } }),
  region: createRoute({ method: 'get', path: '/api/pilot/regions/{code}', tags, security,
    summary: 'Пилотный регион за неделю: дорожная карта, исполнение, сводный отчёт в ФОМС, эскалации, дисциплина, отчётная форма СМО',
    request: { params: RegionParam, query: WeekQuery }, responses: { 200: json(RegionDetail, 'Регион'), ...errors } }),
};

/** ФОМС and the group curators; everyone else 403 (the scope is decided in services/federal). */
export function pilotRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(routes.pilot, async (c) => c.json(await pilotView(deps.sql, c.get('actor')), 200));
  app.openapi(routes.week, async (c) => c.json(await weekView(deps.sql, c.get('actor'), c.req.valid('param').week), 200));
  app.openapi(routes.region, async (c) => {
    const week = c.req.valid('query').week ?? isoWeekOf(new Date(), 'Europe/Moscow');
    return c.json(await regionWeek(deps.sql, c.get('actor'), c.req.valid('param').code, week), 200);
  });
  app.openapi(routes.summary, async (c) => {
    const week = c.req.valid('param').week;
    const data = await weekSummaryXlsx(await weekView(deps.sql, c.get('actor'), week));
    return c.body(new Uint8Array(data), 200, { 'content-type': XLSX, 'content-disposition': contentDisposition(weekSummaryFileName(week)) }) as never;
  });
  return app;
}
