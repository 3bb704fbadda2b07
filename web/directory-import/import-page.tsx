import { Hono, type Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { Actor } from '../../domain/actor.js';
import { administersPilot } from '../../domain/administration.js';
import { RefusedError, refusal, type FieldIssue } from '../../domain/refusal.js';
import { downloadAttachment, FileRefusedError, uploadAttachments } from '../../services/attachments/attachments.js';
import type { ServiceDeps } from '../../services/deps.js';
import { contentDisposition } from '../../services/documents/content-disposition.js';
import { authorizeDirectoryImport, directoryTemplateFor, importDirectory, type DirectoryImportResult } from '../../services/directory-import/directory-import.js';
import type { PlanEntry } from '../../services/directory-import/directory-plan.js';
import { LIST, LIST_KINDS, type ListKind } from '../../services/directory-import/directory-workbook.js';
import { listRegions } from '../../services/federal/region-queries.js';
import { Hidden } from '../components/forms.js';
import { frameFor, Layout } from '../components/layout.js';
import { formCommandId, type WebEnv } from '../session/web-session.js';

/**
 * «Загрузка справочника»: a region's administrator downloads the templates, uploads the filled workbooks, reads
 * the dry run (what would be created, changed, deactivated, and every error at its cell) and confirms. The files
 * of a check are kept as the administrator's own uploads, so the confirmation applies exactly what was checked;
 * applying twice (a double submit) changes nothing the second time.
 */
const ID = /^[0-9a-f-]{36}$/;
const REGION = /^\d{2,3}$/;

interface Shown {
  result?: DirectoryImportResult;
  fileIds?: string[];
  refused?: { message: string; details: FieldIssue[] };
}

/** The region the page works on: the administrator's own, or (ФОМС administrator) the one chosen. */
function regionOf(c: Context<WebEnv>): string | null {
  const actor = c.get('actor');
  const chosen = c.req.query('region');
  if (administersPilot(actor)) return chosen && REGION.test(chosen) ? chosen : null;
  return actor.regionCode;
}

const listLabel: Record<ListKind, string> = { mo: 'МО', smo: 'СМО', people: 'Сотрудник' };

const Entries: FC<{ caption: string; entries: PlanEntry[]; withChanges?: boolean }> = ({ caption, entries, withChanges }) =>
  entries.length ? (
    <div class="table-wrap">
      <table class="stack-sm">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Перечень</th>
            <th scope="col">Номер, код или логин</th>
            <th scope="col">Наименование, ФИО</th>
            <th scope="col">Строка файла</th>
            {withChanges ? <th scope="col">Изменения (было → станет)</th> : null}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr>
              <td data-label="Перечень">{listLabel[e.list]}</td>
              <td data-label="Ключ">{e.key}</td>
              <td data-label="Наименование">{e.name}</td>
              <td data-label="Строка">{`${e.sheet}, строка ${e.row}`}</td>
              {withChanges ? (
                <td data-label="Изменения">
                  <ul>
                    {e.changes.map((ch) => (
                      <li>
                        {ch.field}: «{ch.before || '—'}» → «{ch.after || '—'}»
                      </li>
                    ))}
                  </ul>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  ) : (
    <p class="muted">Нет.</p>
  );

const Result: FC<{ r: DirectoryImportResult }> = ({ r }) => (
  <section aria-labelledby="result-title">
    <h2 id="result-title">{r.dryRun ? 'Результат проверки' : r.applied ? 'Изменения применены' : 'Изменений нет'}</h2>
    <p>
      {r.dryRun ? 'Будет создано' : 'Создано'}: {r.summary.create}; {r.dryRun ? 'изменено' : 'изменено'}: {r.summary.change + r.summary.reactivate};{' '}
      {r.dryRun ? 'отключено' : 'отключено'}: {r.summary.deactivate}; без изменений: {r.summary.unchanged}.
    </p>
    {r.invitations ? (
      <p>
        Приглашения новым сотрудникам ({r.invitations.queued}) отправляются в фоне: каждому придёт письмо со ссылкой для
        установки пароля. Если почтовый сервер не примет письмо, отправка повторится сама; состояние учётной записи
        видно на её странице.
      </p>
    ) : null}
    <h3>{r.dryRun ? 'Будут созданы' : 'Созданы'}</h3>
    <Entries caption="Создаваемые записи" entries={r.creates} withChanges={r.creates.some((e) => e.changes.length > 0)} />
    <h3>{r.dryRun ? 'Будут изменены' : 'Изменены'}</h3>
    <Entries caption="Изменяемые записи" entries={r.changes} withChanges />
    <h3>{r.dryRun ? 'Будут отключены' : 'Отключены'}</h3>
    <Entries caption="Отключаемые записи" entries={r.deactivations} withChanges />
  </section>
);

async function page(c: Context<WebEnv>, deps: ServiceDeps, region: string | null, shown: Shown = {}, status: 200 | 400 | 413 | 415 | 429 = 200) {
  const actor = c.get('actor');
  const csrf = c.get('csrfToken');
  const q = region ? `?region=${region}` : '';
  const regions = administersPilot(actor) ? await listRegions(deps.sql) : [];
  const r = shown.result;
  const errors = shown.refused ?? (r && r.errorCount ? { message: `Файл не принят: ошибок ${r.errorCount}${r.errorCount > r.errors.length ? ` (показаны первые ${r.errors.length})` : ''}. Исправьте файл и загрузите снова.`, details: r.errors } : null);
  return c.html(
    <Layout {...await frameFor(c, deps, { title: 'Загрузка справочника', current: 'directory-import' })}>
      <h1>Загрузка справочника из Excel</h1>
      {regions.length ? (
        <form method="get" action="/directory-import" class="card filters">
          <div class="field">
            <label for="region">Регион</label>
            <select id="region" name="region">
              {regions.map((g) => <option value={g.code} selected={g.code === region}>{`${g.code} — ${g.name}`}</option>)}
            </select>
          </div>
          <button type="submit" class="secondary">Выбрать</button>
        </form>
      ) : null}
      {region ? (
        <div class="card">
          <p>
            МО, СМО и сотрудники региона загружаются из таблиц. Скачайте шаблоны, заполните их с третьей строки (во второй —
            пояснения к столбцам) и загрузите один или несколько файлов сразу. Сначала файл проверяется: вы увидите, что будет
            создано, изменено и отключено, и все ошибки с листом, строкой и столбцом. Ничего не меняется, пока вы не нажмёте
            «Применить». Сотрудники, которых нет в файле, не затрагиваются; отключается только тот, у кого в файле стоит «выбыл».
          </p>
          <ul>
            {LIST_KINDS.map((k) => (
              <li><a href={`/directory-import/templates/${k}.xlsx${q}`} download>Шаблон «{LIST[k]}» (XLSX)</a></li>
            ))}
          </ul>
          <form method="post" action={`/directory-import/check${q}`} enctype="multipart/form-data">
            <Hidden csrf={csrf} />
            <label for="import-files">
              Файлы XLSX <span class="hint">можно выбрать несколько: перечень МО, СМО и сотрудников</span>
            </label>
            <input id="import-files" name="file" type="file" multiple required
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              aria-describedby={errors ? 'import-errors' : undefined} />
            <p class="actions"><button type="submit">Проверить</button></p>
          </form>
        </div>
      ) : (
        <p>Выберите регион.</p>
      )}
      {errors ? (
        <div class="alert" role="alert" id="import-errors">
          <h2>Файл не принят</h2>
          <p>{errors.message}</p>
          <ul>{errors.details.map((d) => <li>{d.message}</li>)}</ul>
        </div>
      ) : null}
      {r ? <Result r={r} /> : null}
      {r && r.dryRun && r.valid && shown.fileIds?.length && r.creates.length + r.changes.length + r.deactivations.length > 0 ? (
        <form method="post" action={`/directory-import/apply${q}`} class="card">
          <Hidden csrf={csrf} />
          {shown.fileIds.map((id) => <input type="hidden" name="fileId" value={id} />)}
          <p>Изменения будут внесены одной операцией и записаны в журнал изменений справочника.</p>
          <p class="actions"><button type="submit">Применить изменения</button></p>
        </form>
      ) : null}
    </Layout>,
    status,
  );
}

/** Refusals of the import (not of rights) are shown in place; a rights refusal is the usual error page. */
async function shownRefusal(c: Context<WebEnv>, deps: ServiceDeps, region: string, err: unknown) {
  if (err instanceof FileRefusedError) return page(c, deps, region, { refused: { message: err.reason, details: [] } }, err.status);
  if (err instanceof RefusedError && err.refusal.code === 'validation') return page(c, deps, region, { refused: err.refusal }, 400);
  throw err;
}

const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

export function directoryImportPages(deps: ServiceDeps) {
  const app = new Hono<WebEnv>();
  const authorized = async (c: Context<WebEnv>): Promise<string | null> => {
    const region = regionOf(c);
    if (region) await authorizeDirectoryImport(deps.sql, c.get('actor'), region);
    else if (!administersPilot(c.get('actor'))) throw new RefusedError(refusal('forbidden', 'загружать справочник региона может его администратор или администратор ФОМС'));
    return region;
  };
  app.get('/directory-import', async (c) => page(c, deps, await authorized(c)));
  app.get('/directory-import/templates/:file', async (c) => {
    const kind = c.req.param('file').replace(/\.xlsx$/, '') as ListKind;
    const region = await authorized(c);
    if (!region || !LIST_KINDS.includes(kind)) throw new RefusedError(refusal('not_found', 'нет такого шаблона'));
    const t = await directoryTemplateFor(deps.sql, c.get('actor'), region, kind);
    return c.body(new Uint8Array(t.data), 200, { 'content-type': t.type, 'content-disposition': contentDisposition(t.fileName) });
  });
  app.post('/directory-import/check', async (c) => {
    const region = await authorized(c);
    if (!region) return page(c, deps, null);
    const actor: Actor = c.get('actor');
    const body = await c.req.parseBody({ all: true });
    const files = list(body.file).filter((f): f is File => f instanceof File && f.size > 0);
    if (!files.length) return page(c, deps, region, { refused: { message: 'Выберите файлы XLSX по шаблону.', details: [] } }, 400);
    try {
      const named = await Promise.all(files.map(async (f) => ({ name: f.name || 'файл.xlsx', bytes: Buffer.from(await f.arrayBuffer()) })));
      // Kept as the administrator's own uploads (keyed by the form: a resent form stores nothing twice) for the confirmation.
      const stored = await uploadAttachments(deps, actor, named.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })), { key: formCommandId(actor, body._command) });
      const result = await importDirectory(deps, actor, region, named, true);
      return page(c, deps, region, { result, fileIds: stored.map((s) => s.id) });
    } catch (err) {
      return shownRefusal(c, deps, region, err);
    }
  });
  app.post('/directory-import/apply', async (c) => {
    const region = await authorized(c);
    if (!region) return page(c, deps, null);
    const actor: Actor = c.get('actor');
    const body = await c.req.parseBody({ all: true });
    const ids = list(body.fileId).filter((v): v is string => typeof v === 'string' && ID.test(v));
    if (!ids.length) return page(c, deps, region, { refused: { message: 'Сначала загрузите и проверьте файлы.', details: [] } }, 400);
    try {
      // Only the administrator's own unattached uploads are readable here: anyone else's id is a missing one.
      const files = await Promise.all(ids.map(async (id) => {
        const f = await downloadAttachment(deps, actor, id);
        return { name: f.name, bytes: Buffer.from(f.bytes) };
      }));
      return page(c, deps, region, { result: await importDirectory(deps, actor, region, files, false) });
    } catch (err) {
      if (err instanceof RefusedError && err.refusal.code === 'not_found') {
        return page(c, deps, region, { refused: { message: 'Проверенные файлы не найдены: загрузите их снова.', details: [] } }, 400);
      }
      return shownRefusal(c, deps, region, err);
    }
  });
  return app;
}
