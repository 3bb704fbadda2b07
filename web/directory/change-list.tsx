import type { FC } from 'hono/jsx';
import { formatRuDateTime } from '../../domain/zoned-time.js';
import { organisationKindLabel } from '../../domain/organisation.js';
import { positionLabel, roleLabel } from '../../domain/person.js';
import type { DirectoryChange } from '../../services/directory/directory-changes.js';

/** The audit trail as a table: when, who, what, before → after, through what. */

const actionLabel: Record<string, string> = {
  created: 'добавлено',
  changed: 'изменено',
  deactivated: 'деактивировано',
  reactivated: 'восстановлено',
  locked: 'заблокировано',
  unlocked: 'разблокировано',
  invited: 'приглашён',
};

const fieldLabel: Record<string, string> = {
  kind: 'вид',
  name: 'наименование',
  regionCode: 'регион',
  registryNumber: 'номер в реестре',
  parentId: 'подразделение организации',
  inPilot: 'в пилотном проекте',
  headPersonId: 'руководитель',
  login: 'логин',
  fullName: 'ФИО',
  organisationId: 'организация',
  position: 'уровень должности',
  positionTitle: 'должность',
  email: 'e-mail',
  roles: 'роли',
  unit: 'подразделение',
  deactivatedAt: 'деактивирован(а)',
  reason: 'основание',
  receiverId: 'работа передана',
  transferId: 'передача',
  movedExecutions: 'передано исполнений',
  reportingSubstitutionId: 'замещение по отчётам',
  endedSubstitutions: 'завершены замещения',
  endedSessions: 'завершено сессий',
};

const sourceLabel: Record<string, string> = { api: 'API', page: 'страница', import: 'импорт', command: 'команда на сервере', sso: 'единый вход' };

function valueText(key: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (key === 'kind' && typeof v === 'string') return organisationKindLabel[v as keyof typeof organisationKindLabel] ?? v;
  if (key === 'position' && typeof v === 'string') return positionLabel[v as keyof typeof positionLabel] ?? v;
  if (key === 'deactivatedAt' && typeof v === 'string') return formatRuDateTime(new Date(v), 'Europe/Moscow');
  if (key === 'roles' && Array.isArray(v)) return v.length ? v.map((r) => roleLabel[r as keyof typeof roleLabel] ?? r).join(', ') : '—';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '—';
  return String(v);
}

/** Fields in the order of the forms, whatever order jsonb keeps them in. */
const order = (k: string) => {
  const i = Object.keys(fieldLabel).indexOf(k);
  return i < 0 ? 1000 : i;
};

const Values: FC<{ values: Record<string, unknown> | null }> = ({ values }) =>
  values ? (
    <ul style="margin:0;padding-left:1.1rem">
      {Object.entries(values).sort(([a], [b]) => order(a) - order(b)).map(([k, v]) => (
        <li>
          {fieldLabel[k] ?? k}: {valueText(k, v)}
        </li>
      ))}
    </ul>
  ) : (
    <>—</>
  );

export const ChangeList: FC<{ changes: DirectoryChange[]; subject?: boolean; caption: string }> = ({ changes, subject, caption }) =>
  changes.length ? (
    <div class="table-wrap">
      <table class="stack-sm" id="changes">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Когда</th>
            <th scope="col">Кто</th>
            {subject ? <th scope="col">Запись</th> : null}
            <th scope="col">Что</th>
            <th scope="col">Было</th>
            <th scope="col">Стало</th>
            <th scope="col">Через</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr data-change={c.id}>
              <td data-label="Когда">
                <time datetime={c.at}>{formatRuDateTime(new Date(c.at), 'Europe/Moscow')}</time>
              </td>
              <td data-label="Кто">{c.actorName ?? c.actorId ?? 'сервер'}</td>
              {subject ? (
                <td data-label="Запись">
                  {c.subjectKind === 'person' ? (
                    <a href={`/directory/people/${encodeURIComponent(c.subjectId)}`}>сотрудник {c.subjectId}</a>
                  ) : c.subjectKind === 'organisation' ? (
                    <a href={`/directory/organisations/${encodeURIComponent(c.subjectId)}`}>организация {c.subjectId}</a>
                  ) : (
                    `${c.subjectKind} ${c.subjectId}`
                  )}
                </td>
              ) : null}
              <td data-label="Что">{actionLabel[c.action] ?? c.action}</td>
              <td data-label="Было"><Values values={c.before} /></td>
              <td data-label="Стало"><Values values={c.after} /></td>
              <td data-label="Через">{sourceLabel[c.source] ?? c.source}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  ) : (
    <p class="muted">Изменений пока нет.</p>
  );
