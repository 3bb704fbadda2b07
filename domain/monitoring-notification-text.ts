import type { Rung } from './escalation-policy.js';
import type { NotificationText } from './notification-text.js';
import { formatRuDate, formatRuDateTime } from './zoned-time.js';

export type MonitoringNotificationKind = 'report_requested' | 'report_reminder' | 'report_late' | 'consolidated_compiled' | 'consolidated_submitted';

export interface PeriodContext {
  number: number;
  roadMapTitle: string;
  opensAt: Date;
  dueAt: Date;
  cutoffAt: Date;
  timeZone: string;
  link: string;
  actingForName: string | null;
}

const week = (c: PeriodContext) => `неделя ${c.number} (с ${formatRuDate(c.opensAt, c.timeZone)})`;
const local = (d: Date, c: PeriodContext) => `${formatRuDateTime(d, c.timeZone)} (местное время региона)`;
const footer = (c: PeriodContext) =>
  `${c.actingForName ? `\nВы получили это уведомление как исполняющий обязанности: ${c.actingForName}.` : ''}\n\nОткрыть: ${c.link}`;

/** Russian texts of the weekly-monitoring notifications, times in the region's local time. */
export function reportRequestedText(c: PeriodContext, lines: number): NotificationText {
  return {
    subject: `Еженедельный отчёт: ${week(c)}, срок ${formatRuDateTime(c.dueAt, c.timeZone)}`,
    body:
      `Открыт отчётный период мониторинга «${c.roadMapTitle}»: ${week(c)}.\n` +
      `Представьте отчёт о ходе исполнения мероприятий (${lines} поз.) до ${local(c.dueAt, c)}.\n` +
      `Приём отчётов завершается ${local(c.cutoffAt, c)}.${footer(c)}`,
  };
}

export function reportRungText(rung: Rung, c: PeriodContext, lateNames: string[]): NotificationText {
  if (rung.kind === 'reminder') {
    return {
      subject: `Напоминание: еженедельный отчёт до ${formatRuDateTime(c.dueAt, c.timeZone)}`,
      body: `Ваш еженедельный отчёт (${week(c)}) ещё не представлен.\nСрок: ${local(c.dueAt, c)}.${footer(c)}`,
    };
  }
  return {
    subject: `Не представлен еженедельный отчёт: ${week(c)}`,
    body:
      `В срок ${local(c.dueAt, c)} не представлены еженедельные отчёты: ${lateNames.join(', ')}.\n` +
      `Отчёт ещё можно представить до ${local(c.cutoffAt, c)}; он будет отмечен как представленный с опозданием.${footer(c)}`,
  };
}

export function consolidatedCompiledText(c: PeriodContext, missing: string[]): NotificationText {
  return {
    subject: `Сводный отчёт сформирован: ${week(c)}`,
    body:
      `Сводный отчёт мониторинга «${c.roadMapTitle}» (${week(c)}) сформирован и ждёт проверки и направления в ФОМС.\n` +
      (missing.length ? `Не представили отчёт: ${missing.join(', ')}.` : 'Все отчёты представлены.') +
      footer(c),
  };
}

export function consolidatedSubmittedText(c: PeriodContext, regionName: string, coordinatorName: string, comment: string): NotificationText {
  return {
    subject: `${regionName}: сводный отчёт мониторинга направлен в ФОМС, ${week(c)}`,
    body:
      `Координатор ${coordinatorName} направил сводный отчёт о ходе реализации «${c.roadMapTitle}» (${week(c)}).` +
      (comment ? `\nКомментарий координатора: ${comment}` : '') +
      footer(c),
  };
}
