import { Hono, type Context } from 'hono';
import { OrganisationChange, OrganisationCreate } from '../../domain/directory/organisation-entry.js';
import { organisationKindLabel, type OrganisationKind } from '../../domain/organisation.js';
import type { ServiceDeps } from '../../services/deps.js';
import { changeOrganisation, createOrganisation, listOrganisations, organisationDetails, setOrganisationActive } from '../../services/directory/organisations.js';
import { listPeople } from '../../services/directory/people.js';
import { listRegions } from '../../services/federal/region-queries.js';
import { ErrorSummary, Field, Hidden, parseWith, refusalStatus, refusalToForm, type FormState } from '../components/forms.js';
import { frameFor, Layout } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { ChangeList } from './change-list.js';
import { DirectoryNav, directoryFlash, regionAsked, regionQuery, whoseDirectory } from './directory-frame.js';
import { checked, optional, text, type FormBody, sentValues } from './form-input.js';

const kinds: OrganisationKind[] = ['TFOMS', 'SMO', 'MO', 'HEALTH_AUTHORITY'];
const labels: Record<string, string> = {
  kind: 'Вид организации',
  name: 'Наименование',
  registryNumber: 'Номер в реестре',
  parentId: 'Подразделение организации',
  inPilot: 'Участвует в пилотном проекте',
  headPersonId: 'Руководитель',
  id: 'Идентификатор',
  regionCode: 'Регион',
  people: 'Сотрудники',
  units: 'Подразделения',
};

async function organisationsPage(c: Context<WebEnv>, deps: ServiceDeps, form?: FormState, status: 200 | 400 | 403 | 404 | 409 = 200) {
  const actor = c.get('actor');
  const region = regionAsked(c, actor);
  const kind = kinds.includes(c.req.query('kind') as OrganisationKind) ? (c.req.query('kind') as OrganisationKind) : undefined;
  const all = c.req.query('inactive') === 'true';
  const [organisations, regions] = await Promise.all([listOrganisations(deps.sql, actor, { region: region ?? undefined, kind, includeInactive: all }), listRegions(deps.sql)]);
  const mos = region ? await listOrganisations(deps.sql, actor, { region, kind: 'MO' }) : [];
  const f = form ?? { values: { kind: 'MO' }, errors: {} };
  const frame = await frameFor(c, deps, { title: 'Справочник: организации', current: 'directory', flash: directoryFlash[c.req.query('ok') ?? ''] ?? null });
  return c.html(
    <Layout {...frame}>
      <h1>Справочник: организации{whoseDirectory(region, regions)}</h1>
      <DirectoryNav actor={actor} region={region} regions={regions} current="organisations" />
      <form method="get" action="/directory" class="filters card">
        {region ? <input type="hidden" name="region" value={region} /> : null}
        <div class="field">
          <label for="kind-filter">Вид</label>
          <select id="kind-filter" name="kind">
            <option value="">все</option>
            {kinds.map((k) => (
              <option value={k} selected={k === kind}>{organisationKindLabel[k]}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="inactive-filter">
            <input id="inactive-filter" type="checkbox" name="inactive" value="true" checked={all} /> с деактивированными
          </label>
        </div>
        <button type="submit" class="secondary">Показать</button>
      </form>
      <div class="table-wrap">
        <table class="stack-sm" id="organisations">
          <caption class="visually-hidden">Организации</caption>
          <thead>
            <tr>
              <th scope="col">№ в реестре</th>
              <th scope="col">Наименование</th>
              <th scope="col">Вид</th>
              <th scope="col">Пилот</th>
              <th scope="col">Состояние</th>
            </tr>
          </thead>
          <tbody>
            {organisations.map((o) => (
              <tr data-organisation={o.id}>
                <td data-label="№ в реестре">{o.registryNumber ?? '—'}</td>
                <td data-label="Наименование"><a href={`/directory/organisations/${encodeURIComponent(o.id)}`}>{o.name}</a></td>
                <td data-label="Вид">{organisationKindLabel[o.kind]}</td>
                <td data-label="Пилот">{o.inPilot ? 'да' : '—'}</td>
                <td data-label="Состояние">{o.deactivatedAt ? <span class="tag">деактивирована</span> : <span class="tag ok">действует</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {region ? (
        <section class="card" aria-labelledby="new-organisation">
          <h2 id="new-organisation">Добавить организацию</h2>
          <ErrorSummary form={f} labels={labels} />
          <form method="post" action={`/directory/organisations${regionQuery(region)}`}>
            <Hidden csrf={c.get('csrfToken')} />
            <input type="hidden" name="regionCode" value={region} />
            <Field form={f} name="kind" label={labels.kind} type="select" options={kinds.map((k) => ({ value: k, label: organisationKindLabel[k] }))} required />
            <Field form={f} name="name" label={labels.name} required />
            <Field form={f} name="registryNumber" label={labels.registryNumber} hint="Для МО: номер в перечне участников ОМС региона, например 22.1" />
            <Field form={f} name="parentId" label={labels.parentId} type="select" hint="Для подразделения МО: головная организация"
              options={[{ value: '', label: '— нет —' }, ...mos.map((m) => ({ value: m.id, label: `${m.registryNumber ?? ''} ${m.name}` }))]} />
            <div class="field">
              <label for="f-inPilot"><input id="f-inPilot" type="checkbox" name="inPilot" checked={f.values.inPilot === 'on'} /> {labels.inPilot}</label>
            </div>
            <Field form={f} name="id" label={labels.id} hint="Необязательно: по умолчанию составляется по правилу (mo-57-22-1, smo-57-3)" />
            <p class="actions"><button type="submit">Добавить организацию</button></p>
          </form>
        </section>
      ) : null}
    </Layout>,
    status,
  );
}

async function organisationPage(c: Context<WebEnv>, deps: ServiceDeps, id: string, form?: FormState, status: 200 | 400 | 403 | 404 | 409 = 200) {
  const actor = c.get('actor');
  const o = await organisationDetails(deps.sql, actor, id);
  const [regions, staff, mos] = await Promise.all([
    listRegions(deps.sql),
    listPeople(deps.sql, actor, { region: o.regionCode ?? undefined, organisation: o.id }),
    o.regionCode && o.kind === 'MO' ? listOrganisations(deps.sql, actor, { region: o.regionCode, kind: 'MO' }) : Promise.resolve([]),
  ]);
  const f: FormState = form ?? {
    values: { name: o.name, registryNumber: o.registryNumber ?? '', parentId: o.parentId ?? '', inPilot: o.inPilot ? 'on' : '', headPersonId: o.headPersonId ?? '' },
    errors: {},
  };
  const csrf = c.get('csrfToken');
  const path = `/directory/organisations/${encodeURIComponent(o.id)}`;
  const frame = await frameFor(c, deps, { title: o.name, current: 'directory', flash: directoryFlash[c.req.query('ok') ?? ''] ?? null });
  return c.html(
    <Layout {...frame}>
      <DirectoryNav actor={actor} region={o.regionCode} regions={regions} current="organisations" />
      <h1>{o.name}</h1>
      <dl class="facts card">
        <dt>Идентификатор</dt><dd>{o.id}</dd>
        <dt>Вид</dt><dd>{organisationKindLabel[o.kind]}</dd>
        <dt>Регион</dt><dd>{o.regionCode ?? '—'}</dd>
        {o.kind === 'MO' ? (<><dt>Номер в реестре</dt><dd>{o.registryNumber}</dd><dt>В пилотном проекте</dt><dd>{o.inPilot ? 'да' : 'нет'}</dd></>) : null}
        <dt>Состояние</dt><dd>{o.deactivatedAt ? 'деактивирована' : 'действует'}</dd>
      </dl>
      {o.deactivatedAt ? (
        <form method="post" action={`${path}/reactivate`} class="actions">
          <Hidden csrf={csrf} />
          <button type="submit">Восстановить организацию</button>
        </form>
      ) : (
        <section class="card" aria-labelledby="edit-organisation">
          <h2 id="edit-organisation">Изменить</h2>
          <ErrorSummary form={f} labels={labels} />
          <form method="post" action={path}>
            <Hidden csrf={csrf} />
            <Field form={f} name="name" label={labels.name} required />
            {o.kind === 'MO' ? (
              <>
                <Field form={f} name="registryNumber" label={labels.registryNumber} required />
                <Field form={f} name="parentId" label={labels.parentId} type="select"
                  options={[{ value: '', label: '— нет —' }, ...mos.filter((m) => m.id !== o.id).map((m) => ({ value: m.id, label: `${m.registryNumber ?? ''} ${m.name}` }))]} />
                <div class="field">
                  <label for="f-inPilot"><input id="f-inPilot" type="checkbox" name="inPilot" checked={f.values.inPilot === 'on'} /> {labels.inPilot}</label>
                </div>
              </>
            ) : null}
            <Field form={f} name="headPersonId" label={labels.headPersonId} type="select" hint="Тот, кто подписывает за организацию (например, локальный акт филиала СМО)"
              options={[{ value: '', label: '— не назначен —' }, ...staff.map((p) => ({ value: p.id, label: `${p.fullName}, ${p.positionTitle}` }))]} />
            <p class="actions"><button type="submit">Сохранить</button></p>
          </form>
          {o.kind !== 'FOMS' ? (
            <form method="post" action={`${path}/deactivate`} class="actions">
              <Hidden csrf={csrf} />
              <button type="submit" class="danger">Деактивировать организацию</button>
              <span class="muted">Организация не удаляется: её называют дорожные карты и история.</span>
            </form>
          ) : null}
        </section>
      )}
      <h2>Сотрудники</h2>
      {staff.length ? (
        <ul>
          {staff.map((p) => (
            <li><a href={`/directory/people/${encodeURIComponent(p.id)}`}>{p.fullName}</a>, {p.positionTitle}</li>
          ))}
        </ul>
      ) : (
        <p class="muted">Действующих сотрудников нет.</p>
      )}
      <p><a href={`/directory/people?${new URLSearchParams({ ...(o.regionCode ? { region: o.regionCode } : {}), organisation: o.id })}#new-person`}>Добавить сотрудника</a></p>
      <h2>История изменений</h2>
      <ChangeList changes={o.changes} caption="История изменений организации" />
    </Layout>,
    status,
  );
}

export function organisationPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.get('/directory', (c) => organisationsPage(c, deps));

  app.post('/directory/organisations', async (c) => {
    const body = (await c.req.parseBody()) as FormBody;
    const values = sentValues(body);
    const input = {
      kind: text(body, 'kind'),
      regionCode: text(body, 'regionCode'),
      name: text(body, 'name'),
      registryNumber: optional(body, 'registryNumber'),
      parentId: optional(body, 'parentId'),
      inPilot: checked(body, 'inPilot'),
      ...(optional(body, 'id') ? { id: optional(body, 'id')! } : {}),
    };
    const parsed = parseWith(OrganisationCreate, input);
    if (!parsed.ok) return organisationsPage(c, deps, { values, errors: parsed.errors }, 400);
    try {
      const o = await createOrganisation(deps.sql, c.get('actor'), parsed.data, 'page');
      return c.redirect(`/directory/organisations/${encodeURIComponent(o.id)}?ok=organisation_created`, 303);
    } catch (err) {
      const form = refusalToForm(err, { values });
      return organisationsPage(c, deps, form, refusalStatus(form.code) as 400);
    }
  });

  app.get('/directory/organisations/:id', (c) => organisationPage(c, deps, c.req.param('id')));

  app.post('/directory/organisations/:id', async (c) => {
    const id = c.req.param('id');
    const body = (await c.req.parseBody()) as FormBody;
    const values = sentValues(body);
    const input: Record<string, unknown> = { name: text(body, 'name'), headPersonId: optional(body, 'headPersonId') };
    if ('registryNumber' in body) Object.assign(input, { registryNumber: optional(body, 'registryNumber'), parentId: optional(body, 'parentId'), inPilot: checked(body, 'inPilot') });
    const parsed = parseWith(OrganisationChange, input);
    if (!parsed.ok) return organisationPage(c, deps, id, { values, errors: parsed.errors }, 400);
    try {
      await changeOrganisation(deps.sql, c.get('actor'), id, parsed.data, 'page');
    } catch (err) {
      const form = refusalToForm(err, { values });
      return organisationPage(c, deps, id, form, refusalStatus(form.code) as 400);
    }
    return c.redirect(`/directory/organisations/${encodeURIComponent(id)}?ok=organisation_changed`, 303);
  });

  for (const [path, active] of [['deactivate', false], ['reactivate', true]] as const) {
    app.post(`/directory/organisations/:id/${path}`, async (c) => {
      const id = c.req.param('id');
      try {
        await setOrganisationActive(deps.sql, c.get('actor'), id, active, 'page');
      } catch (err) {
        const form = refusalToForm(err, { values: {} });
        return organisationPage(c, deps, id, form, refusalStatus(form.code) as 400);
      }
      return c.redirect(`/directory/organisations/${encodeURIComponent(id)}?ok=organisation_${path}d`, 303);
    });
  }
  return app;
}
