import type { Deadline } from '../../domain/deadline.js';
import type { RoadMapDiff } from '../../domain/roadmap-diff.js';
import type { RoadMapItem } from '../../domain/roadmap.js';
import { formatRuDeadline } from '../../domain/zoned-time.js';
import { ruIsoDate } from '../components/dates.js';

import { deadlineWithShiftText } from '../../domain/deadline-shift.js';

/** As written, and where a date falls on a day off, where it moved and why: «10.01.2027 → 11.01.2027 (выходной)». */
export const deadlineText = (d: Deadline, tz: string) => deadlineWithShiftText(d, formatRuDeadline(d, tz));
export const fieldLabel: Record<string, string> = {
  title: 'Наименование',
  legalAct: 'Правовой акт',
  startDate: 'Дата начала',
  coordinatorId: 'Координатор мониторинга',
  participatingMoIds: 'Участвующие МО',
  appointments: 'Назначения ответственных',
  indicators: 'Целевые показатели',
  deadline: 'Срок',
  executorId: 'Исполнитель',
  controllerId: 'Контролирующее лицо',
  scope: 'Охват',
  expectedResult: 'Ожидаемый результат',
  resultDocument: 'Итоговый документ',
  financing: 'Финансирование',
  indicatorIds: 'Показатели',
};

function valueText(field: string, v: unknown, tz: string, name: (id: string) => string): string {
  if (v === undefined || v === null) return '—';
  if (field === 'deadline') return deadlineText(v as Deadline, tz);
  if (field === 'executorId' || field === 'controllerId' || field === 'coordinatorId') return name(String(v));
  if (field === 'startDate') return ruIsoDate(String(v));
  if (field === 'scope') return scopeText(v as RoadMapItem['scope']);
  if (Array.isArray(v)) return `${v.length} шт.`;
  if (typeof v === 'object') return JSON.stringify(v).slice(0, 200);
  return String(v);
}

export const scopeText = (s: RoadMapItem['scope']) => (s.kind === 'fund' ? 'ТФОМС в целом' : s.kind === 'all_mo' ? 'все участвующие МО' : `МО: ${s.moIds.length}`);

/** What the director weighs on an amendment: changed fields, directions and items, with both values. */
export const DiffView = ({ diff, tz, name }: { diff: RoadMapDiff; tz: string; name: (id: string) => string }) => {
  if (!diff.fields.length && !diff.directions.length && !diff.items.length) return <p>Редакции совпадают.</p>;
  const change = { added: 'добавлено', removed: 'исключено', changed: 'изменено' } as const;
  return (
    <div id="diff">
      {diff.fields.length ? (
        <>
          <h3>Реквизиты</h3>
          <ul>
            {diff.fields.map((f) => (
              <li>
                {fieldLabel[f.field] ?? f.field}: <span class="diff-removed">{valueText(f.field, f.before, tz, name)}</span> →{' '}
                <span class="diff-added">{valueText(f.field, f.after, tz, name)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.directions.length ? (
        <>
          <h3>Направления</h3>
          <ul>
            {diff.directions.map((d) => (
              <li class={d.change === 'added' ? 'diff-added' : d.change === 'removed' ? 'diff-removed' : undefined}>
                {change[d.change]}: {d.title}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {diff.items.length ? (
        <>
          <h3>Мероприятия</h3>
          <ul>
            {diff.items.map((i) => (
              <li>
                <span class={i.change === 'added' ? 'diff-added' : i.change === 'removed' ? 'diff-removed' : undefined}>
                  <strong>{change[i.change]}</strong>: {i.title}
                </span>
                {i.fields?.length ? (
                  <ul>
                    {i.fields.map((f) => (
                      <li>
                        {fieldLabel[f.field] ?? f.field}: <span class="diff-removed">{valueText(f.field, f.before, tz, name)}</span> →{' '}
                        <span class="diff-added">{valueText(f.field, f.after, tz, name)}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
};

/** The lifecycle state the workflow validators decide on, rebuilt from the read model to decide which buttons to show. */
