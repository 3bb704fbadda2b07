import { Hono, type Context } from 'hono';
import type { FC } from 'hono/jsx';
import { grantableRoles } from '../../domain/administration.js';
import { PersonChange, PersonCreate, PersonDeactivation } from '../../domain/directory/person-entry.js';
import { organisationKindLabel } from '../../domain/organisation.js';
import { positionLabel, roleLabel, type PlatformRole, type PositionLevel } from '../../domain/person.js';
import { RefusedError } from '../../domain/refusal.js';
import type { ServiceDeps } from '../../services/deps.js';
import { listOrganisations } from '../../services/directory/organisations.js';
import { administersAccountsOf } from '../../services/accounts/administered-person.js';
import { deactivatePerson, needsReceiver, openWorkOf, type DeactivationOutcome, type OpenWork } from '../../services/directory/person-deactivation.js';
import { changePerson, createPerson, listPeople, personDetails, reactivatePerson } from '../../services/directory/people.js';
import { listRegions } from '../../services/federal/region-queries.js';
import { formatRuDate } from '../../domain/zoned-time.js';
import { ErrorSummary, Field, Hidden, parseWith, refusalStatus, refusalToForm, type FormState } from '../components/forms.js';
import { frameFor, Layout } from '../components/layout.js';
import { formCommandId, type WebEnv } from '../session/web-session.js';
import { ChangeList } from './change-list.js';
import { DirectoryNav, directoryFlash, regionAsked, whoseDirectory } from './directory-frame.js';
import { all, optional, sentValues, text, type FormBody } from './form-input.js';

const positions: PositionLevel[] = ['director', 'head_of_directorate', 'head_of_division', 'specialist'];
const labels: Record<string, string> = {
  fullName: 'ФИО',
  login: 'Логин',
  organisationId: 'Организация',
  position: 'Уровень должности',
  positionTitle: 'Должность',
  email: 'E-mail',
  unit: 'Управление / отдел (для сотрудников ТФОМС)',
  roles: 'Роли',
  id: 'Идентификатор',
  receiverId: 'Кому передать работу',
  reason: 'Основание',
};
type Status = 200 | 400 | 403 | 404 | 409;

const RoleBoxes: FC<{ grantable: PlatformRole[]; held: string[] }> = ({ grantable, held }) =>
  grantable.length ? (
    <fieldset>
      <legend>{labels.roles}</legend>
      {grantable.map((r) => (
        <label for={`f-role-${r}`} style="font-weight:400">
          <input id={`f-role-${r}`} type="checkbox" name="roles" value={r} checked={held.includes(r)} /> {roleLabel[r]}
        </label>
      ))}
    </fieldset>
  ) : null;

async function peoplePage(c: Context<WebEnv>, deps: ServiceDeps, form?: FormState, status: Status = 200) {
  const actor = c.get('actor');
  const region = regionAsked(c, actor);
  const organisation = c.req.query('organisation') || undefined;
  const inactive = c.req.query('inactive') === 'true';
  const [people, organisations, regions] = await Promise.all([
    listPeople(deps.sql, actor, { region: region ?? undefined, organisation, includeInactive: inactive }),
    listOrganisations(deps.sql, actor, { region: region ?? undefined }),
    listRegions(deps.sql),
  ]);
  const f = form ?? { values: { organisationId: organisation ?? organisations[0]?.id ?? '', position: 'specialist' }, errors: {} };
  const frame = await frameFor(c, deps, { title: 'Справочник: сотрудники', current: 'directory', flash: directoryFlash[c.req.query('ok') ?? ''] ?? null });
  return c.html(
    <Layout {...frame}>
      <h1>Справочник: сотрудники{whoseDirectory(region, regions)}</h1>
      <DirectoryNav actor={actor} region={region} regions={regions} current="people" />
      <div class="table-wrap">
        <table class="stack-sm" id="people">
          <caption class="visually-hidden">Сотрудники</caption>
          <thead>
            <tr>
              <th scope="col">ФИО</th>
              <th scope="col">Должность</th>
              <th scope="col">Организация</th>
              <th scope="col">Логин</th>
              <th scope="col">Роли</th>
              <th scope="col">Состояние</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr data-person={p.id}>
                <td data-label="ФИО"><a href={`/directory/people/${encodeURIComponent(p.id)}`}>{p.fullName}</a></td>
                <td data-label="Должность">{p.positionTitle}</td>
                <td data-label="Организация">{p.organisationName}</td>
                <td data-label="Логин">{p.login}</td>
                <td data-label="Роли">{p.roles.map((r) => roleLabel[r]).join(', ') || '—'}</td>
                <td data-label="Состояние">{p.deactivatedAt ? <span class="tag">деактивирован(а)</span> : <span class="tag ok">действует</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section class="card" aria-labelledby="new-person">
        <h2 id="new-person">Добавить сотрудника</h2>
        <ErrorSummary form={f} labels={labels} />
        <form method="post" action={`/directory/people${region ? `?region=${region}` : ''}`}>
          <Hidden csrf={c.get('csrfToken')} />
          <Field form={f} name="fullName" label={labels.fullName} required autocomplete="off" />
          <Field form={f} name="organisationId" label={labels.organisationId} type="select" required
            options={organisations.map((o) => ({ value: o.id, label: `${organisationKindLabel[o.kind]}: ${o.registryNumber ? `${o.registryNumber} ` : ''}${o.name}` }))} />
          <Field form={f} name="position" label={labels.position} type="select" required options={positions.map((p) => ({ value: p, label: positionLabel[p] }))} />
          <Field form={f} name="positionTitle" label={labels.positionTitle} required hint="Как в приказе, например «Начальник управления организации ОМС»" />
          <Field form={f} name="unit" label={labels.unit} />
          <Field form={f} name="email" label={labels.email} autocomplete="off" />
          <Field form={f} name="login" label={labels.login} required autocomplete="off" hint="Латиница в нижнем регистре, цифры, . _ -" />
          <RoleBoxes grantable={grantableRoles(actor)} held={(f.values.roles ?? '').split(',')} />
          <p class="actions"><button type="submit">Добавить сотрудника</button></p>
        </form>
      </section>
    </Layout>,
    status,
  );
}

async function personPage(
  c: Context<WebEnv>,
  deps: ServiceDeps,
  id: string,
  forms: { edit?: FormState; deactivate?: FormState; preview?: DeactivationOutcome | { openWork: OpenWork; transfer: null } } = {},
  status: Status = 200,
) {
  const actor = c.get('actor');
  const p = await personDetails(deps.sql, actor, id);
  const mayDeactivate = !p.deactivatedAt && p.id !== actor.personId;
  const [regions, organisations, colleagues, work] = await Promise.all([
    listRegions(deps.sql),
    listOrganisations(deps.sql, actor, { region: p.regionCode ?? undefined }),
    listPeople(deps.sql, actor, { region: p.regionCode ?? undefined, organisation: p.organisationId }),
    mayDeactivate ? openWorkOf(deps.sql, p.id) : null,
  ]);
  const openWork = work && needsReceiver(work);
  const edit: FormState = forms.edit ?? {
    values: { fullName: p.fullName, organisationId: p.organisationId, position: p.position, positionTitle: p.positionTitle, unit: p.unit ?? '', email: p.email ?? '', login: p.login, roles: p.roles.join(',') },
    errors: {},
  };
  const deactivate: FormState = forms.deactivate ?? { values: {}, errors: {}, scope: 'deactivate' };
  const csrf = c.get('csrfToken');
  const path = `/directory/people/${encodeURIComponent(p.id)}`;
  const preview = forms.preview;
  const frame = await frameFor(c, deps, { title: p.fullName, current: 'directory', flash: directoryFlash[c.req.query('ok') ?? ''] ?? null });
  return c.html(
    <Layout {...frame}>
      <DirectoryNav actor={actor} region={p.regionCode} regions={regions} current="people" />
      <h1>{p.fullName}</h1>
      {p.id !== actor.personId && administersAccountsOf(actor, p.regionCode) ? (
        <p><a href={`/account/people/${encodeURIComponent(p.id)}`} id="account-link">Учётная запись</a> (приглашение, блокировка)</p>
      ) : null}
      <dl class="facts card">
        <dt>Должность</dt><dd>{p.positionTitle} ({positionLabel[p.position]})</dd>
        <dt>Организация</dt><dd><a href={`/directory/organisations/${encodeURIComponent(p.organisationId)}`}>{p.organisationName}</a></dd>
        {p.unit ? (<><dt>Подразделение</dt><dd>{p.unit}</dd></>) : null}
        <dt>Логин</dt><dd>{p.login}</dd>
        <dt>E-mail</dt><dd>{p.email ?? '—'}</dd>
        <dt>Роли</dt><dd>{p.roles.map((r) => roleLabel[r]).join(', ') || '—'}</dd>
        <dt>Состояние</dt><dd>{p.deactivatedAt ? 'деактивирован(а)' : p.lockedAt ? 'заблокирован(а)' : 'действует'}</dd>
      </dl>
      {p.deactivatedAt ? (
        <form method="post" action={`${path}/reactivate`} class="actions">
          <Hidden csrf={csrf} />
          <button type="submit">Восстановить сотрудника</button>
        </form>
      ) : (
        <>
          <section class="card" aria-labelledby="edit-person">
            <h2 id="edit-person">Изменить</h2>
            <ErrorSummary form={edit} labels={labels} />
            <form method="post" action={path}>
              <Hidden csrf={csrf} />
              <Field form={edit} name="fullName" label={labels.fullName} required />
              <Field form={edit} name="organisationId" label={labels.organisationId} type="select" required
                options={organisations.map((o) => ({ value: o.id, label: `${organisationKindLabel[o.kind]}: ${o.registryNumber ? `${o.registryNumber} ` : ''}${o.name}` }))} />
              <Field form={edit} name="position" label={labels.position} type="select" required options={positions.map((x) => ({ value: x, label: positionLabel[x] }))} />
              <Field form={edit} name="positionTitle" label={labels.positionTitle} required />
              <Field form={edit} name="unit" label={labels.unit} />
              <Field form={edit} name="email" label={labels.email} />
              <Field form={edit} name="login" label={labels.login} required />
              {p.id === actor.personId ? <p class="muted">Свои роли изменяет другой администратор.</p> : <RoleBoxes grantable={grantableRoles(actor)} held={(edit.values.roles ?? '').split(',')} />}
              <p class="actions"><button type="submit">Сохранить</button></p>
            </form>
          </section>
          {p.id === actor.personId ? null : (
            <section class="card" aria-labelledby="deactivate-person">
              <h2 id="deactivate-person">Деактивировать</h2>
              <p>Сотрудник не удаляется: его называют дорожные карты, отчёты и история. Его сессии завершаются сразу. Незавершённую работу
                (исполнения мероприятий, еженедельные отчёты) получает выбранный сотрудник той же организации; сначала посмотрите, что будет передано.</p>
              <ErrorSummary form={deactivate} labels={labels} />
              {preview ? <DeactivationPreview outcome={preview} /> : null}
              <form method="post" action={`${path}/deactivate`}>
                <Hidden csrf={csrf} />
                <Field form={deactivate} name="reason" label={labels.reason} required hint="Приказ, увольнение, перевод" />
                <Field form={deactivate} name="receiverId" label={labels.receiverId} type="select"
                  hint={work ? `Незавершённая работа: ${workCounts(work)}` : undefined}
                  options={[{ value: '', label: openWork ? '— выберите, кому передать —' : '— не нужно (нет незавершённой работы) —' }, ...colleagues.filter((x) => x.id !== p.id).map((x) => ({ value: x.id, label: `${x.fullName}, ${x.positionTitle}` }))]} />
                <p class="actions">
                  <button type="submit" name="dryRun" value="true" class="secondary">Показать, что будет передано</button>
                  <button type="submit" name="dryRun" value="false" class="danger">Деактивировать</button>
                </p>
              </form>
            </section>
          )}
        </>
      )}
      <h2>История изменений</h2>
      <ChangeList changes={p.changes} caption="История изменений сотрудника" />
    </Layout>,
    status,
  );
}

const roleWords = (roles: ('executor' | 'controller')[]) => roles.map((r) => (r === 'executor' ? 'исполнитель' : 'контролирующее лицо')).join(', ');

/** Executions of one item (one per МО) read as one line: the item, the roles held, how many. */
function byItem(executions: { itemTitle: string; roles: ('executor' | 'controller')[] }[]) {
  const lines = new Map<string, { itemTitle: string; roles: string; count: number }>();
  for (const e of executions) {
    const roles = roleWords(e.roles);
    const key = `${e.itemTitle}\u0000${roles}`;
    const line = lines.get(key) ?? lines.set(key, { itemTitle: e.itemTitle, roles, count: 0 }).get(key)!;
    line.count++;
  }
  return [...lines.values()];
}

const workCounts = (w: OpenWork) =>
  `исполнений мероприятий — ${w.executions.length}, еженедельных отчётов — ${w.reportingDuties.length}` +
  (w.substitutions.length ? `, замещений — ${w.substitutions.length}` : '') +
  (w.headOf.length ? `, руководитель организаций — ${w.headOf.length}` : '');

/**
 * What the deactivation would do: with a receiver, the transfer's dry run; without one, the open work itself
 * (and the form asks for a receiver in «Кому передать работу»). Items are named, never ids.
 */
const DeactivationPreview: FC<{ outcome: DeactivationOutcome | { openWork: OpenWork; transfer: null } }> = ({ outcome }) => {
  const w = outcome.openWork;
  const executions = outcome.transfer ? outcome.transfer.moved : w.executions;
  return (
    <div class="flash" role="status" id="deactivation-preview">
      <h3 style="margin-top:0">{outcome.transfer ? 'Что будет при деактивации' : 'Незавершённая работа сотрудника'}</h3>
      {outcome.transfer || !needsReceiver(w) ? null : (
        <p>Чтобы деактивировать сотрудника, выберите в поле «Кому передать работу», кому передать эту работу, и посмотрите передачу ещё раз.</p>
      )}
      <ul>
        <li>
          {outcome.transfer ? 'Исполнений мероприятий передаётся' : 'Исполнений мероприятий'}: {executions.length}
          {executions.length ? (
            <ul>
              {byItem(executions).map((l) => (
                <li>«{l.itemTitle}»: {l.roles}{l.count > 1 ? ` (исполнений: ${l.count})` : ''}</li>
              ))}
            </ul>
          ) : null}
        </li>
        <li>
          Еженедельных отчётов{outcome.transfer ? ' (принимает получатель как исполняющий обязанности)' : ''}: {w.reportingDuties.length}
          {w.reportingDuties.length ? (
            <ul>
              {w.reportingDuties.map((d) => (
                <li>по дорожной карте «{d.roadMapTitle}», срок {formatRuDate(new Date(d.dueAt), 'Europe/Moscow')}</li>
              ))}
            </ul>
          ) : null}
        </li>
        <li>Завершаемых замещений: {w.substitutions.length}</li>
        {w.headOf.length ? <li>Снимается как руководитель: {w.headOf.map((o) => o.name).join('; ')}</li> : null}
      </ul>
    </div>
  );
};

function personInput(body: FormBody, actorGrantable: PlatformRole[], held: PlatformRole[]) {
  // Roles the actor may not grant are kept as they are; the boxes show only the grantable ones.
  const kept = held.filter((r) => !actorGrantable.includes(r));
  const boxes = all(body, 'roles') as PlatformRole[];
  return {
    fullName: text(body, 'fullName'),
    organisationId: text(body, 'organisationId'),
    position: text(body, 'position'),
    positionTitle: text(body, 'positionTitle'),
    unit: optional(body, 'unit'),
    email: optional(body, 'email'),
    login: text(body, 'login'),
    roles: [...kept, ...boxes.filter((r) => actorGrantable.includes(r))],
  };
}

export function personPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  app.get('/directory/people', (c) => peoplePage(c, deps));

  app.post('/directory/people', async (c) => {
    const actor = c.get('actor');
    const body = (await c.req.parseBody({ all: true })) as FormBody;
    const values = { ...sentValues(body) };
    const parsed = parseWith(PersonCreate, personInput(body, grantableRoles(actor), []));
    if (!parsed.ok) return peoplePage(c, deps, { values, errors: parsed.errors }, 400);
    try {
      const p = await createPerson(deps, actor, parsed.data, 'page');
      return c.redirect(`/directory/people/${encodeURIComponent(p.id)}?ok=person_created`, 303);
    } catch (err) {
      const form = refusalToForm(err, { values });
      return peoplePage(c, deps, form, refusalStatus(form.code) as Status);
    }
  });

  app.get('/directory/people/:id', (c) => personPage(c, deps, c.req.param('id')));

  app.post('/directory/people/:id', async (c) => {
    const actor = c.get('actor');
    const id = c.req.param('id');
    const body = (await c.req.parseBody({ all: true })) as FormBody;
    const values = sentValues(body);
    const current = await personDetails(deps.sql, actor, id);
    const input = personInput(body, id === actor.personId ? [] : grantableRoles(actor), current.roles);
    const parsed = parseWith(PersonChange, input);
    if (!parsed.ok) return personPage(c, deps, id, { edit: { values, errors: parsed.errors } }, 400);
    try {
      await changePerson(deps.sql, actor, id, parsed.data, 'page');
    } catch (err) {
      const form = refusalToForm(err, { values });
      return personPage(c, deps, id, { edit: form }, refusalStatus(form.code) as Status);
    }
    return c.redirect(`/directory/people/${encodeURIComponent(id)}?ok=person_changed`, 303);
  });

  app.post('/directory/people/:id/deactivate', async (c) => {
    const actor = c.get('actor');
    const id = c.req.param('id');
    const body = (await c.req.parseBody()) as FormBody;
    const values = sentValues(body);
    const parsed = parseWith(PersonDeactivation, { reason: text(body, 'reason'), receiverId: optional(body, 'receiverId'), dryRun: text(body, 'dryRun') === 'true' });
    if (!parsed.ok) return personPage(c, deps, id, { deactivate: { values, errors: parsed.errors, scope: 'deactivate' } }, 400);
    if (!parsed.data.receiverId) {
      // Open work and nobody chosen to take it: the page lists the work in its own words and asks for
      // «Кому передать работу» (the API's 409 names receiverId and dryRun, and lists executions by id).
      const person = await personDetails(deps.sql, actor, id); // who may see the person may see their work
      const work = person.deactivatedAt || id === actor.personId ? null : await openWorkOf(deps.sql, id);
      if (work && needsReceiver(work)) {
        const deactivate: FormState = {
          values,
          scope: 'deactivate',
          errors: { receiverId: 'выберите, кому передать незавершённую работу' },
          message: parsed.data.dryRun ? null : `у сотрудника есть незавершённая работа (${workCounts(work)}): сначала выберите, кому её передать`,
        };
        return personPage(c, deps, id, { deactivate, preview: { openWork: work, transfer: null } }, parsed.data.dryRun ? 200 : 409);
      }
    }
    try {
      const outcome = await deactivatePerson(deps, actor, id, parsed.data, formCommandId(actor, body._command), 'page');
      if (outcome.dryRun) return personPage(c, deps, id, { deactivate: { values, errors: {}, scope: 'deactivate' }, preview: outcome });
    } catch (err) {
      if (!(err instanceof RefusedError)) throw err;
      const form = refusalToForm(err, { values, scope: 'deactivate' });
      // The open work is listed in the message's details: shown as a list above the form, not per field.
      const details = err.refusal.details.map((d) => d.message);
      const message = details.length > 1 ? `${form.message} — ${details.join('; ')}` : form.message;
      const errors = details.length > 1 ? {} : form.errors;
      return personPage(c, deps, id, { deactivate: { ...form, errors, message } }, refusalStatus(form.code) as Status);
    }
    return c.redirect(`/directory/people/${encodeURIComponent(id)}?ok=person_deactivated`, 303);
  });

  app.post('/directory/people/:id/reactivate', async (c) => {
    const id = c.req.param('id');
    try {
      await reactivatePerson(deps.sql, c.get('actor'), id, 'page');
    } catch (err) {
      const form = refusalToForm(err, { values: {} });
      return personPage(c, deps, id, { edit: form }, refusalStatus(form.code) as Status);
    }
    return c.redirect(`/directory/people/${encodeURIComponent(id)}?ok=person_reactivated`, 303);
  });
  return app;
}
