import type { FC } from 'hono/jsx';
import type { Clock, RegionWeekRow } from '../../services/federal/week-view.js';
import { Light } from './traffic-light.js';

/** «04.12.2026 18:00» → «04.12 18:00»: the week names the year already. */
export const short = (text: string) => text.replace(/\.\d{4}/, '');

/** Moscow time, and the local time only where it differs. */
export const Time: FC<{ clock: Clock; offset: string }> = ({ clock, offset }) =>
  offset === 'МСК' ? <>{short(clock.moscow)} МСК</> : <>{short(clock.moscow)} МСК <span class="muted">({short(clock.local).split(' ')[1]} местн.)</span></>;

const owedStates = new Set(['on_time', 'late', 'missing', 'pending']);

/** One pilot region in one compact line: its light and state, due and submission, executions, and who was escalated when. */
export const RegionLine: FC<{ r: RegionWeekRow; week: string }> = ({ r, week }) => (
  <li data-region={r.regionCode}>
    <span class="name">
      <a href={`/pilot/regions/${r.regionCode}?week=${week}`}>{r.regionName}</a>
      {r.moscowOffset === 'МСК' ? null : <span class="muted"> · {r.moscowOffset}</span>}
    </span>
    <span class="state">
      <Light light={r.report.light} label={r.report.statusLabel} />
    </span>
    {owedStates.has(r.report.status) || r.executions.total ? (
      <span class="meta">
        {owedStates.has(r.report.status) ? (
          <>
            {r.report.submittedAt ? <>представлен <Time clock={r.report.submittedAt} offset={r.moscowOffset} />; </> : null}
            срок <Time clock={r.report.dueAt} offset={r.moscowOffset} />
            {r.executions.total ? ' · ' : ''}
          </>
        ) : null}
        {r.executions.total ? (
          <span data-executions>
            мероприятия: {r.executions.done} из {r.executions.total}
            {r.executions.overdue ? `, просрочено ${r.executions.overdue}` : ''}
          </span>
        ) : null}
      </span>
    ) : null}
    {r.escalations.length ? (
      <span class="esc" data-escalations>
        Эскалация:{' '}
        {r.escalations.map((e, i) => (
          <>
            {i ? '; ' : ''}
            {e.rungLabel} {e.recipients.map((p) => p.name).join(', ') || '—'}, {short(e.at.moscow)} МСК
          </>
        ))}
      </span>
    ) : null}
  </li>
);
