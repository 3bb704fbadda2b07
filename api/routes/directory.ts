import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { OrganisationChange, OrganisationCreate } from '../../domain/directory/organisation-entry.js';
import { PersonChange, PersonCreate, PersonDeactivation } from '../../domain/directory/person-entry.js';
import { PilotGroupChange, PilotRegionPlacement } from '../../domain/directory/pilot-setup.js';
import { changePilotGroup, pilotSetup, placePilotRegion } from '../../services/directory/pilot-setup.js';
import { changesInRegion } from '../../services/directory/directory-changes.js';
import { requireChangesOf } from '../../services/directory/directory-access.js';
import { changeOrganisation, createOrganisation, listOrganisations, organisationDetails, setOrganisationActive } from '../../services/directory/organisations.js';
import { deactivatePerson } from '../../services/directory/person-deactivation.js';
import { changePerson, createPerson, listPeople, personDetails, reactivatePerson } from '../../services/directory/people.js';
import type { ApiDeps, AppEnv } from '../app-env.js';
import { validationHook } from '../errors.js';
import { errors, IdParam, json, named, Page } from '../schemas.js';

/**
 * The directory a fund administers itself: organisations (ТФОМС, СМО, МО, health authority)
 * and people of a region, by its administrator (role admin) or a ФОМС administrator
 * (foms_admin); every change in the audit trail.
 */
const tags = ['directory'];
const security = [{ Bearer: [] }];
const body = <T>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const Region = z.string().regex(/^[0-9]{2}$/, 'код региона — две цифры').optional().openapi({ description: 'код региона; по умолчанию свой (для администратора ФОМС без кода — сам ФОМС)' });
const Flag = z.enum(['true', 'false']).optional();

const Change = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actorId: z.string().nullable(),
    actorName: z.string().nullable(),
    subjectKind: z.enum(['person', 'organisation', 'region', 'pilot']),
    subjectId: z.string(),
    regionCode: z.string().nullable(),
    action: z.string(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    source: z.string(),
  })
  .openapi('DirectoryChange');

const Organisation = z
  .object({
    id: z.string(),
    kind: z.enum(['FOMS', 'TFOMS', 'SMO', 'MO', 'HEALTH_AUTHORITY']),
    name: z.string(),
    regionCode: z.string().nullable(),
    registryNumber: z.string().nullable(),
    parentId: z.string().nullable(),
    inPilot: z.boolean(),
    headPersonId: z.string().nullable(),
    deactivatedAt: z.string().nullable(),
  })
  .openapi('DirectoryOrganisation');

const Person = z
  .object({
    id: z.string(),
    login: z.string(),
    fullName: z.string(),
    organisationId: z.string(),
    organisationName: z.string(),
    organisationKind: z.enum(['FOMS', 'TFOMS', 'SMO', 'MO', 'HEALTH_AUTHORITY']),
    regionCode: z.string().nullable(),
    position: z.enum(['director', 'head_of_directorate', 'head_of_division', 'specialist']),
    positionTitle: z.string(),
    email: z.string().nullable(),
    roles: z.array(z.enum(['admin', 'foms_admin', 'foms_curator'])),
    unit: z.string().nullable(),
    deactivatedAt: z.string().nullable(),
    lockedAt: z.string().nullable(),
  })
  .openapi('DirectoryPerson');

const Work = z.object({ executionId: z.string(), itemTitle: z.string(), roles: z.array(z.enum(['executor', 'controller'])) });
const Deactivation = z
  .object({
    personId: z.string(),
    dryRun: z.boolean(),
    deactivated: z.boolean(),
    receiverId: z.string().nullable(),
    openWork: z.object({
      executions: z.array(Work),
      reportingDuties: z.array(z.object({ periodId: z.string(), roadMapId: z.string(), roadMapTitle: z.string(), dueAt: z.string() })),
      substitutions: z.array(z.object({ id: z.string(), personId: z.string(), substituteId: z.string(), startsAt: z.string(), endsAt: z.string() })),
      headOf: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
    transfer: z.object({ transferId: z.string().nullable(), dryRun: z.boolean(), moved: z.array(Work), skipped: z.array(Work) }).nullable(),
    endedSessions: z.number().int(),
  })
  .openapi('PersonDeactivation');

const PilotGroup = z
  .object({ id: z.string(), number: z.number().int(), title: z.string(), curatorRegionCode: z.string(), curatorName: z.string(), curatorRole: z.string(), regionCodes: z.array(z.string()) })
  .openapi('PilotGroupSetup');

const orgPath = '/api/directory/organisations';
const peoplePath = '/api/directory/people';
const routes = {
  orgList: createRoute({ method: 'get', path: orgPath, tags, security, summary: 'Организации региона: ТФОМС, СМО, МО, орган управления здравоохранением',
    request: { query: z.object({ region: Region, kind: z.enum(['FOMS', 'TFOMS', 'SMO', 'MO', 'HEALTH_AUTHORITY']).optional(), includeInactive: Flag }).strict() },
    responses: { 200: json(z.object({ organisations: z.array(Organisation) }), 'Организации'), ...errors } }),
  orgCreate: createRoute({ method: 'post', path: orgPath, tags, security,
    summary: 'Добавить организацию (id по правилу tfoms-57 / smo-57-3 / mo-57-22-1, если не задан)',
    request: body(named(OrganisationCreate, 'OrganisationCreate')), responses: { 201: json(Organisation, 'Добавлена'), ...errors } }),
  orgGet: createRoute({ method: 'get', path: `${orgPath}/{id}`, tags, security, summary: 'Организация и история её изменений',
    request: { params: IdParam }, responses: { 200: json(Organisation.extend({ changes: z.array(Change) }), 'Организация'), ...errors } }),
  orgChange: createRoute({ method: 'patch', path: `${orgPath}/{id}`, tags, security, summary: 'Изменить организацию (наименование, номер в реестре, подразделение, участие в пилоте, руководитель)',
    request: { params: IdParam, ...body(named(OrganisationChange, 'OrganisationChange')) }, responses: { 200: json(Organisation, 'Изменена'), ...errors } }),
  orgDeactivate: createRoute({ method: 'post', path: `${orgPath}/{id}/deactivate`, tags, security,
    summary: 'Деактивировать организацию (не удаляется: её называют дорожные карты и история); не раньше, чем её сотрудники и подразделения',
    request: { params: IdParam }, responses: { 200: json(Organisation, 'Деактивирована'), ...errors } }),
  orgReactivate: createRoute({ method: 'post', path: `${orgPath}/{id}/reactivate`, tags, security, summary: 'Восстановить организацию',
    request: { params: IdParam }, responses: { 200: json(Organisation, 'Восстановлена'), ...errors } }),
  peopleList: createRoute({ method: 'get', path: peoplePath, tags, security, summary: 'Сотрудники региона (или одной организации)',
    request: { query: z.object({ region: Region, organisation: z.string().max(64).optional(), includeInactive: Flag }).strict() },
    responses: { 200: json(z.object({ people: z.array(Person) }), 'Сотрудники'), ...errors } }),
  personCreate: createRoute({ method: 'post', path: peoplePath, tags, security,
    summary: 'Добавить сотрудника (без пароля: ему уходит приглашение задать пароль)', request: body(named(PersonCreate, 'PersonCreate')),
    responses: { 201: json(Person.extend({ invitation: z.enum(['sent', 'logged', 'no_address', 'failed']).openapi({ description: 'как ушло приглашение' }) }), 'Добавлен'), ...errors } }),
  personGet: createRoute({ method: 'get', path: `${peoplePath}/{id}`, tags, security, summary: 'Сотрудник и история изменений',
    request: { params: IdParam }, responses: { 200: json(Person.extend({ changes: z.array(Change) }), 'Сотрудник'), ...errors } }),
  personChange: createRoute({ method: 'patch', path: `${peoplePath}/{id}`, tags, security,
    summary: 'Изменить сотрудника (ФИО, должность, организация, e-mail, логин, роли, подразделение); свои роли изменить нельзя',
    request: { params: IdParam, ...body(named(PersonChange, 'PersonChange')) }, responses: { 200: json(Person, 'Изменён'), ...errors } }),
  personDeactivate: createRoute({ method: 'post', path: `${peoplePath}/{id}/deactivate`, tags, security,
    summary: 'Деактивировать сотрудника: сессии завершаются сразу; незавершённая работа передаётся получателю (receiverId), dryRun показывает передачу заранее',
    request: { params: IdParam, ...body(named(PersonDeactivation, 'PersonDeactivationBody')) }, responses: { 200: json(Deactivation, 'Деактивирован (или показано, что будет)'), ...errors } }),
  personReactivate: createRoute({ method: 'post', path: `${peoplePath}/{id}/reactivate`, tags, security, summary: 'Восстановить сотрудника',
    request: { params: IdParam }, responses: { 200: json(Person, 'Восстановлен'), ...errors } }),
  pilot: createRoute({ method: 'get', path: '/api/directory/pilot', tags, security, summary: 'Настройка пилотного проекта: группы, кураторы, регионы (администратор ФОМС)',
    responses: { 200: json(z.object({ programmeId: z.string(), groups: z.array(PilotGroup) }), 'Пилотный проект'), ...errors } }),
  pilotGroup: createRoute({ method: 'patch', path: '/api/directory/pilot/groups/{id}', tags, security,
    summary: 'Сменить куратора группы: регион, директор ТФОМС которого курирует группу, и как его называть (администратор ФОМС)',
    request: { params: IdParam, ...body(named(PilotGroupChange, 'PilotGroupChange')) }, responses: { 200: json(PilotGroup, 'Изменено'), ...errors } }),
  pilotRegion: createRoute({ method: 'put', path: '/api/directory/pilot/regions/{code}', tags, security,
    summary: 'Включить регион в группу пилотного проекта, перевести в другую или исключить (groupId: null) (администратор ФОМС)',
    request: { params: z.object({ code: z.string().min(1).max(200).openapi({ param: { name: 'code', in: 'path' } }) }), ...body(named(PilotRegionPlacement, 'PilotRegionPlacement')) },
    responses: { 200: json(z.object({ regionCode: z.string(), groupId: z.string().nullable() }), 'Изменено'), ...errors } }),
  changes: createRoute({ method: 'get', path: '/api/directory/changes', tags, security, summary: 'Журнал изменений справочника региона: кто, когда, было → стало',
    request: { query: Page.extend({ region: Region }).strict() },
    responses: { 200: json(z.object({ total: z.number().int(), changes: z.array(Change) }), 'Изменения'), ...errors } }),
};

export function directoryRoutes(deps: ApiDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const { sql } = deps;
  app.openapi(routes.orgList, async (c) => {
    const q = c.req.valid('query');
    return c.json({ organisations: await listOrganisations(sql, c.get('actor'), { region: q.region, kind: q.kind, includeInactive: q.includeInactive === 'true' }) }, 200);
  });
  app.openapi(routes.orgCreate, async (c) => c.json(await createOrganisation(sql, c.get('actor'), c.req.valid('json'), 'api'), 201));
  app.openapi(routes.orgGet, async (c) => c.json(await organisationDetails(sql, c.get('actor'), c.req.valid('param').id), 200));
  app.openapi(routes.orgChange, async (c) => c.json(await changeOrganisation(sql, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), 'api'), 200));
  app.openapi(routes.orgDeactivate, async (c) => c.json(await setOrganisationActive(sql, c.get('actor'), c.req.valid('param').id, false, 'api'), 200));
  app.openapi(routes.orgReactivate, async (c) => c.json(await setOrganisationActive(sql, c.get('actor'), c.req.valid('param').id, true, 'api'), 200));
  app.openapi(routes.peopleList, async (c) => {
    const q = c.req.valid('query');
    return c.json({ people: await listPeople(sql, c.get('actor'), { region: q.region, organisation: q.organisation, includeInactive: q.includeInactive === 'true' }) }, 200);
  });
  app.openapi(routes.personCreate, async (c) => c.json(await createPerson(deps, c.get('actor'), c.req.valid('json'), 'api'), 201));
  app.openapi(routes.personGet, async (c) => c.json(await personDetails(sql, c.get('actor'), c.req.valid('param').id), 200));
  app.openapi(routes.personChange, async (c) => c.json(await changePerson(sql, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), 'api'), 200));
  app.openapi(routes.personDeactivate, async (c) =>
    c.json(await deactivatePerson(deps, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), c.get('commandId'), 'api'), 200),
  );
  app.openapi(routes.personReactivate, async (c) => c.json(await reactivatePerson(sql, c.get('actor'), c.req.valid('param').id, 'api'), 200));
  app.openapi(routes.pilot, async (c) => c.json(await pilotSetup(sql, c.get('actor')), 200));
  app.openapi(routes.pilotGroup, async (c) => c.json(await changePilotGroup(sql, c.get('actor'), c.req.valid('param').id, c.req.valid('json'), 'api'), 200));
  app.openapi(routes.pilotRegion, async (c) => c.json(await placePilotRegion(sql, c.get('actor'), c.req.valid('param').code, c.req.valid('json'), 'api'), 200));
  app.openapi(routes.changes, async (c) => {
    const q = c.req.valid('query');
    const region = requireChangesOf(c.get('actor'), q.region);
    return c.json(await changesInRegion(sql, region, { limit: q.limit, offset: q.offset }), 200);
  });
  return app;
}
