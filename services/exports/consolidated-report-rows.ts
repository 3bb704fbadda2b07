import type { ConsolidatedReport } from '../../domain/consolidated-report.js';
import type { ExecutionStatus } from '../../domain/execution.js';
import { reportStatusLabel } from '../../domain/reporting-period.js';
import { weeklyItemStatusLabel, type WeeklyItemStatus } from '../../domain/weekly-report.js';
import { formatRuDate, formatRuDateTimeZoned } from '../../domain/zoned-time.js';

/**
 * The consolidated report as the rows of a reporting form, shared by the
 * XLSX and CSV exports: Russian headings, dates ДД.ММ.ГГГГ in the region's zone, and times with
 * that zone named («04.12.2026 15:00 (МСК+2)»): federal staff in Moscow read them.
 */
export type Cell = string | number;

const executionStatusLabel: Record<ExecutionStatus, string> = {
  assigned: 'назначено',
  in_progress: 'выполняется',
  submitted: 'на приёмке',
  accepted: 'принято',
  cancelled: 'отменено',
};

const date = (r: ConsolidatedReport, iso: string | null) => (iso ? formatRuDate(new Date(iso), r.timeZone) : '');
const dateTime = (r: ConsolidatedReport, iso: string | null) => (iso ? formatRuDateTimeZoned(new Date(iso), r.timeZone) : '');
const number = (v: number | null) => (v === null ? '' : v);

export function lateBy(ms: number | null): string {
  if (!ms || ms <= 0) return '';
  const minutes = Math.max(1, Math.round(ms / 60000));
  if (minutes < 60) return `${minutes} мин.`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} ч.` : `${Math.round(hours / 24)} дн.`;
}

export function titleLines(r: ConsolidatedReport): string[] {
  const t = r.totals;
  return [
    'Сводный отчёт о ходе реализации плана мероприятий проекта («Дорожной карты») ТФОМС и СМО',
    r.roadMapTitle,
    `Субъект Российской Федерации: ${r.regionName} (код ${r.regionCode})`,
    // The week runs from the opening to the due day, as the report form says; late reports are taken until the cut-off.
    `Отчётный период: неделя ${r.number}, с ${date(r, r.opensAt)} по ${date(r, r.dueAt)}; срок представления отчётов: ${dateTime(r, r.dueAt)}; ` +
      `приём отчётов (с отметкой об опоздании) до ${dateTime(r, r.cutoffAt)}`,
    `Сформирован: ${dateTime(r, r.compiledAt)}; координатор мониторинга: ${r.coordinator.name}`,
    `Отчёты ответственных: всего ${t.reporters}, в срок ${t.onTime}, с опозданием ${t.late}, не представлено ${t.missing}` +
      (t.pending ? `, ожидается ${t.pending}` : '') +
      `; просроченных мероприятий: ${t.overdueItems}`,
  ];
}

export const mainHeader = [
  '№ п/п',
  'Направление',
  'Мероприятие',
  'Медицинская организация',
  'Ответственный',
  'Срок исполнения',
  'Статус исполнения',
  'Состояние на отчётную дату',
  '% выполнения',
  'Что сделано',
  'Проблемы и риски',
  'Просрочено',
];

export function mainRows(r: ConsolidatedReport): Cell[][] {
  const missing = new Set(r.reporters.filter((x) => x.status === 'missing' || x.status === 'pending').map((x) => x.personId));
  return r.lines.map((l, i) => [
    i + 1,
    l.directionTitle,
    l.itemTitle,
    l.moName ?? 'ТФОМС (в целом)',
    l.reporterName,
    date(r, l.deadlineAt),
    l.executionStatus ? executionStatusLabel[l.executionStatus as ExecutionStatus] ?? l.executionStatus : '',
    l.status
      ? weeklyItemStatusLabel[l.status as WeeklyItemStatus]
      : l.executionStatus === 'cancelled'
        ? 'отменено'
        : missing.has(l.reporterId)
          ? 'отчёт не представлен'
          : 'не отражено в отчёте',
    number(l.percent),
    l.done,
    l.problems,
    l.overdue ? 'да' : 'нет',
  ]);
}

export const smoHeader = [
  '№ п/п',
  'Медицинская организация',
  'СМО',
  'Ответственный',
  'Страховых представителей в МО',
  'Оповещено о диспансеризации, чел.',
  'Из них прошли диспансеризацию, чел.',
  'Результативность информирования, %',
  'Этап опроса населения',
  'Срок этапа',
  'Опрошено, чел.',
  'План, чел.',
  'Выполнение плана опроса, %',
];

export function smoRows(r: ConsolidatedReport): Cell[][] {
  return r.smoForm.map((s, i) => [
    i + 1,
    s.moName,
    s.organisationName,
    s.reporterName,
    s.representativesPresent,
    s.notified,
    s.completedCheckup,
    number(s.effectiveness),
    s.survey?.itemTitle ?? '',
    date(r, s.survey?.waveDeadlineAt ?? null),
    s.survey ? s.survey.surveyed : '',
    s.survey ? s.survey.planned : '',
    s.survey ? s.survey.percent : '',
  ]);
}

export const indicatorHeader = ['№ п/п', 'Показатель', 'Единица измерения', 'Целевое значение', 'Фактическое значение', 'Достигнуто'];

export function indicatorRows(r: ConsolidatedReport): Cell[][] {
  return r.indicators.map((x, i) => [i + 1, x.title, x.unit, number(x.target), number(x.actual), x.meets === null ? 'нет данных' : x.meets ? 'да' : 'нет']);
}

export const reporterHeader = ['№ п/п', 'Ответственный', 'Организация', 'Отчёт', 'Дата и время представления', 'Опоздание'];

export function reporterRows(r: ConsolidatedReport): Cell[][] {
  return r.reporters.map((x, i) => [i + 1, x.name, x.organisationName, reportStatusLabel[x.status], dateTime(r, x.submittedAt), lateBy(x.lateByMs)]);
}

export const exportFileName = (r: ConsolidatedReport, ext: 'xlsx' | 'csv') =>
  `svodnyj-otchet-${r.roadMapId}-nedelya-${r.number}-${date(r, r.opensAt).split('.').reverse().join('-')}.${ext}`;
