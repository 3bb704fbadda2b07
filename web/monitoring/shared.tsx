import type { FC } from 'hono/jsx';
import { overdueReportLabel, pendingOverdue, reportStatusLabel, type ReportStatus } from '../../domain/reporting-period.js';
import type { PeriodRow } from '../../services/monitoring/monitoring-read-model.js';


export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const periodLink = (id: string, page: 'report' | 'consolidated', reporter?: string | null) =>
  `/monitoring/periods/${encodeURIComponent(id)}/${page}${reporter ? `?reporter=${encodeURIComponent(reporter)}` : ''}`;

/** Fixed texts for `?ok=` after a redirect: never echoed input. */
export const flash: Record<string, string> = {
  on_time: 'Отчёт представлен в срок.',
  late: 'Отчёт представлен с опозданием: срок представления истёк, отчёт принят с отметкой об опоздании.',
  corrected: 'Исправленный отчёт принят; сводный отчёт будет пересобран.',
  submitted: 'Сводный отчёт направлен в ФОМС.',
};

/** With `dueAt`, a report still expected after the due time reads «не представлен в срок», not «ожидается». */
export const ReportStatusTag: FC<{ status: ReportStatus; dueAt?: Date }> = ({ status, dueAt }) =>
  status === 'pending' && dueAt && pendingOverdue(dueAt) ? (
    <span class="tag overdue">{overdueReportLabel}</span>
  ) : (
    <span class={`tag ${status === 'on_time' ? 'ok' : status === 'late' || status === 'missing' ? 'overdue' : 'wait'}`}>{reportStatusLabel[status]}</span>
  );

/** The period still takes reports: the workflow decides, this only hides a form that would be refused. */
export const accepting = (p: PeriodRow) => p.status === 'open' && p.cutoff_at.getTime() > Date.now();
