import type { Context } from 'hono';
import { asDirector, roadMapVersionKey } from '../../services/roadmaps/roadmap-commands.js';
import type { Actor } from '../../domain/actor.js';
import { diffRoadMaps } from '../../domain/roadmap-diff.js';
import { decideApprove, decideEditDraft, decideReturn, decideSubmit, type RoadMapState, type WorkingStatus } from '../../domain/roadmap-lifecycle.js';
import { itemsOf } from '../../domain/roadmap-structure.js';
import { formatRuDateTime } from '../../domain/zoned-time.js';
import type { ServiceDeps } from '../../services/deps.js';
import { personNames } from '../../services/people/people-directory.js';
import { regionOf, roadMapVersionRows, type VersionRow } from '../../services/roadmaps/roadmap-page-read-model.js';
import { readableRoadMap, type RoadMapRow } from '../../services/roadmaps/roadmap-read-model.js';
import { ruIsoDate } from '../components/dates.js';
import { sentence } from '../components/text.js';
import { emptyForm, ErrorSummary, Field, Hidden, type FormState } from '../components/forms.js';
import { flashFrom, frameFor, Layout, roadMapStatusLabel } from '../components/layout.js';
import type { WebEnv } from '../session/web-session.js';
import { appointingOrganisations } from '../../services/documents/printed-documents.js';
import { DocumentLinks } from './documents.js';
import { deadlineText, DiffView, scopeText } from './version-diff.js';
import { FileField, FileLink } from '../components/file-uploads.js';
import { filesForForm, roadMapVersionFiles } from '../../services/attachments/attached-files.js';
import { attachmentLimitsFromEnv } from '../../services/attachments/attachment-rules.js';

/** Items of one direction shown before «Показать все мероприятия». */
export const ITEMS_SHOWN = 100;

function stateOf(row: RoadMapRow, versions: VersionRow[]): RoadMapState {
  const working = row.working_version ? versions.find((v) => v.version === row.working_version) : undefined;
  const approved = row.approved_version ? versions.find((v) => v.version === row.approved_version) : undefined;
  return {
    roadMapId: row.id,
    regionCode: row.region_code,
    approvedVersion: row.approved_version,
    approvedDocument: approved?.document ?? null,
    working: working
      ? { version: working.version, status: (row.status === 'approved' ? 'draft' : row.status) as WorkingStatus, document: working.document, lastReturnComment: working.last_return_comment, authorId: working.created_by }
      : null,
  };
}

/** `form` is the return form's state, or the approval's when its scope is `approve` (a refused file, kept files). */
export async function renderRoadMap(c: Context<WebEnv>, deps: ServiceDeps, id: string, formState?: FormState, status: 200 | 400 | 403 | 404 | 409 | 413 | 415 | 429 = 200, topMessage?: string) {
  const returnForm = formState?.scope === 'approve' ? undefined : formState;
  const approveForm = formState?.scope === 'approve' ? formState : { ...emptyForm(), scope: 'approve' };
  const actor: Actor = c.get('actor');
  const csrf = c.get('csrfToken');
  const row = await readableRoadMap(deps.sql, actor, id);
  const versions = await roadMapVersionRows(deps.sql, row.id);
  const { time_zone: tz, name: region_name } = await regionOf(deps.sql, row.region_code);
  const state = stateOf(row, versions);
  // An acting director (и.о.) gets the director's buttons.
  const director = await asDirector(deps.sql, actor, row.region_code);
  const can = {
    submit: decideSubmit(state, actor) === null,
    approve: decideApprove(state, director) === null,
    return: decideReturn(state, director, 'проверка прав') === null,
    edit: decideEditDraft(state, actor) === null,
  };
  const top = topMessage ?? (returnForm?.message && !can.return ? returnForm.message : undefined);
  const shownVersion = Number(c.req.query('version')) || row.working_version || row.approved_version || versions.at(-1)!.version;
  const shown = versions.find((v) => v.version === shownVersion) ?? versions.at(-1)!;
  // Items of the draft under work can be changed one at a time (the same Update as PUT /api/roadmaps/{id}).
  const editable = can.edit && shown.version === state.working?.version;
  const doc = shown.document;
  // A direction of a large road map shows its first items unless all are asked for: a page of 1,000 rows is
  // megabytes of HTML to build and send at every view (docs/pages.md); the whole plan is in the Excel file.
  const allItems = c.req.query('items') === 'all';

  const ids = new Set<string>([doc.coordinatorId]);
  for (const { item } of itemsOf(doc)) ids.add(item.executorId).add(item.controllerId);
  for (const v of versions) [v.created_by, v.approved_by].forEach((p) => p && ids.add(p));
  const names = await personNames(deps.sql, [...ids]);
  const inForce = row.approved_version ? versions.find((v) => v.version === row.approved_version) : undefined;
  const issuers = inForce
    ? await appointingOrganisations(deps.sql, row.region_code, [...new Set(inForce.document.appointments.map((a) => a.organisationId))])
    : [];
  const name = (pid: string) => names.get(pid) ?? pid;
  const versionFiles = await roadMapVersionFiles(deps.sql, row.id);
  const chosenForApproval = can.approve ? await filesForForm(deps.sql, actor, { kind: 'roadmap_version', id: roadMapVersionKey(row.id, state.working?.version ?? 0) }, (approveForm.values.keep ?? '').split(',').filter(Boolean)) : [];
  const maxBytes = (deps.attachmentLimits ?? attachmentLimitsFromEnv()).maxBytes;

  // Differences: by default what the version under decision changes against the one in force.
  const q = { from: Number(c.req.query('from')), to: Number(c.req.query('to')) };
  const defaultTo = row.working_version ?? versions.at(-1)!.version;
  const defaultFrom = row.working_version && row.approved_version ? row.approved_version : Math.max(1, defaultTo - 1);
  const from = versions.find((v) => v.version === q.from) ?? versions.find((v) => v.version === defaultFrom);
  const to = versions.find((v) => v.version === q.to) ?? versions.find((v) => v.version === defaultTo);
  const diff = versions.length > 1 && from && to && from.version !== to.version ? diffRoadMaps(from.document, to.document) : null;
  const working = state.working ? versions.find((v) => v.version === state.working!.version) : undefined;
  const form = returnForm ?? { ...emptyForm(), scope: 'return' };
  const action = (s: string) => `/roadmaps/${encodeURIComponent(row.id)}/${s}`;

  return c.html(
    <Layout {...await frameFor(c, deps, { title: row.title, current: 'roadmaps', flash: flashFrom(c.req.query('ok')) })}>
      <p class="muted">
        <a href="/roadmaps">Дорожные карты</a> · {region_name}
      </p>
      <h1>{row.title}</h1>
      {top ? (
        <div class="alert" role="alert">
          <h2>Действие не выполнено</h2>
          <p>{sentence(top)}</p>
        </div>
      ) : null}
      <div class="card">
        <dl class="facts">
          <dt>Статус</dt>
          <dd id="roadmap-status">{roadMapStatusLabel[row.status]}</dd>
          <dt>Действующая редакция</dt>
          <dd>{row.approved_version ? `№ ${row.approved_version}` : 'нет (ещё не утверждена)'}</dd>
          {row.working_version ? (
            <>
              <dt>Готовится редакция</dt>
              <dd>№ {row.working_version}</dd>
            </>
          ) : null}
          <dt>Координатор мониторинга</dt>
          <dd>{name(doc.coordinatorId)}</dd>
          <dt>Дата начала</dt>
          <dd>{ruIsoDate(doc.startDate)}</dd>
          {doc.legalAct ? (
            <>
              <dt>Правовой акт</dt>
              <dd>
                {doc.legalAct.kind} № {doc.legalAct.number} от {ruIsoDate(doc.legalAct.date)} «{doc.legalAct.title}»
              </dd>
            </>
          ) : null}
          {versionFiles.get(shown.version)?.length ? (
            <>
              <dt>Подписанный акт</dt>
              <dd id="version-files">
                <ul style="list-style:none;padding:0;margin:0">
                  {versionFiles.get(shown.version)!.map((f) => (
                    <li>
                      <FileLink file={f} />
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
        {working?.last_return_comment && row.status === 'draft' ? (
          <p class="alert">Возвращена на доработку: {working.last_return_comment}</p>
        ) : null}
        <p class="actions">
          {row.approved_version ? <a class="button secondary" href={action('dashboard')}>Ход исполнения</a> : null}
        </p>
      </div>
      {inForce ? <DocumentLinks roadMapId={row.id} version={inForce.version} issuers={issuers} /> : null}

      {can.submit || can.approve || can.return ? (
        <section class="card" aria-labelledby="decision-title">
          <h2 id="decision-title">{can.submit ? 'Направить на утверждение' : `Решение по редакции № ${state.working?.version}`}</h2>
          {can.submit ? (
            <form method="post" action={action('submit')}>
              <Hidden csrf={csrf} />
              <p>Проект будет направлен директору ТФОМС; правила документа проверяются ещё раз.</p>
              <button type="submit">Направить на утверждение</button>
            </form>
          ) : null}
          {can.approve || can.return ? (
            <div class="cols">
              {can.approve ? (
                <form method="post" action={action('approve')} enctype="multipart/form-data" novalidate id="approve-form">
                  <Hidden csrf={csrf} />
                  <p>Утверждение вводит редакцию в действие и запускает исполнение мероприятий по каждой МО.</p>
                  <FileField form={approveForm} label="Подписанный утверждающий правовой акт (скан), если есть" chosen={chosenForApproval} maxBytes={maxBytes} />
                  <button type="submit">Утвердить</button>
                </form>
              ) : null}
              {can.return ? (
                <div>
                  <ErrorSummary form={form} labels={{ comment: 'Комментарий' }} />
                  <form method="post" action={action('return')} novalidate>
                    <Hidden csrf={csrf} />
                    <Field form={form} name="comment" label="Комментарий" type="textarea" required hint="Что доработать: увидит автор проекта." />
                    <div class="actions">
                      <button type="submit" class="danger">Вернуть на доработку</button>
                    </div>
                  </form>
                </div>
              ) : null}
            </div>
          ) : null}
        </section>
      ) : null}

      {versions.length > 1 ? (
        <section class="card" aria-labelledby="diff-title">
          <h2 id="diff-title">Отличия между редакциями</h2>
          <form method="get" action={`/roadmaps/${encodeURIComponent(row.id)}`} class="filters">
            <div class="field">
              <label for="diff-from">Было (редакция)</label>
              <select id="diff-from" name="from">
                {versions.map((v) => (
                  <option value={String(v.version)} selected={v.version === from?.version}>
                    № {v.version} ({roadMapStatusLabel[v.status]})
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="diff-to">Стало (редакция)</label>
              <select id="diff-to" name="to">
                {versions.map((v) => (
                  <option value={String(v.version)} selected={v.version === to?.version}>
                    № {v.version} ({roadMapStatusLabel[v.status]})
                  </option>
                ))}
              </select>
            </div>
            <div class="actions" style="margin:0">
              <button type="submit" class="secondary">Сравнить</button>
            </div>
          </form>
          {diff ? <DiffView diff={diff} tz={tz} name={name} /> : <p>Выберите две разные редакции.</p>}
        </section>
      ) : null}

      <section aria-labelledby="plan-title">
        <h2 id="plan-title">
          План мероприятий — редакция № {shown.version} ({roadMapStatusLabel[shown.status]})
        </h2>
        {versions.length > 1 ? (
          <p>
            Другие редакции:{' '}
            {versions
              .filter((v) => v.version !== shown.version)
              .map((v) => (
                <>
                  <a href={`/roadmaps/${encodeURIComponent(row.id)}?version=${v.version}`}>№ {v.version}</a>{' '}
                </>
              ))}
          </p>
        ) : null}
        {doc.directions.map((d) => (
          <section aria-labelledby={`dir-${d.id}`}>
            <h3 id={`dir-${d.id}`}>
              {d.party === 'SMO' ? 'СМО' : 'ТФОМС'}: {d.title}
            </h3>
            <div class="table-wrap">
              <table class="stack-sm">
                <thead>
                  <tr>
                    <th scope="col">Мероприятие</th>
                    <th scope="col">Срок</th>
                    <th scope="col">Исполнитель</th>
                    <th scope="col">Контролирует</th>
                    <th scope="col">Охват</th>
                    {editable ? <th scope="col">Изменить</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {(allItems ? d.items : d.items.slice(0, ITEMS_SHOWN)).map((i) => (
                    <tr>
                      <td data-label="Мероприятие">
                        {i.title}
                        <div class="muted">Результат: {i.expectedResult}</div>
                      </td>
                      <td data-label="Срок">{deadlineText(i.deadline, tz)}</td>
                      <td data-label="Исполнитель">{name(i.executorId)}</td>
                      <td data-label="Контролирует">{name(i.controllerId)}</td>
                      <td data-label="Охват">{scopeText(i.scope)}</td>
                      {editable ? (
                        <td data-label="Изменить">
                          <a href={`/roadmaps/${encodeURIComponent(row.id)}/items/${encodeURIComponent(i.id)}/edit`}>
                            Изменить<span class="visually-hidden"> мероприятие «{i.title}»</span>
                          </a>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {!allItems && d.items.length > ITEMS_SHOWN ? (
              <p>
                Показаны первые {ITEMS_SHOWN} из {d.items.length} мероприятий направления.{' '}
                <a href={`/roadmaps/${encodeURIComponent(row.id)}?version=${shown.version}&items=all#dir-${d.id}`}>Показать все мероприятия</a>
              </p>
            ) : null}
          </section>
        ))}
      </section>

      <section aria-labelledby="versions-title">
        <h2 id="versions-title">Редакции</h2>
        <ul>
          {versions.map((v) => (
            <li>
              № {v.version}: {roadMapStatusLabel[v.status]}; подготовил(а) {name(v.created_by)} {formatRuDateTime(v.created_at, tz)}
              {v.approved_at ? `; утвердил(а) ${name(v.approved_by ?? '')} ${formatRuDateTime(v.approved_at, tz)}` : ''}
              {versionFiles.get(v.version)?.map((f) => (
                <>
                  {'; '}
                  <FileLink file={f} />
                </>
              ))}
            </li>
          ))}
        </ul>
      </section>
    </Layout>,
    status,
  );
}

