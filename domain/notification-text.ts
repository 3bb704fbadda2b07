import type { Rung } from './escalation-policy.js';
import { recipientLabel } from './escalation-policy.js';
import { formatRuDateTime } from './zoned-time.js';

export type NotificationKind =
  | 'reminder'
  | 'escalation'
  | 'submitted_for_acceptance'
  | 'returned_for_rework'
  | 'accepted'
  | 'extension_requested'
  | 'extension_decided'
  | 'reassigned';

export interface NotificationContext {
  itemTitle: string;
  moName: string | null;
  deadlineAt: Date;
  timeZone: string;
  link: string;
  actingForName?: string | null;
}

export interface NotificationText {
  subject: string;
  body: string;
}

const where = (c: NotificationContext) => (c.moName ? ` (${c.moName})` : '');
const deadline = (c: NotificationContext) => `${formatRuDateTime(c.deadlineAt, c.timeZone)} (местное время региона)`;
const footer = (c: NotificationContext) =>
  `${c.actingForName ? `\nВы получили это уведомление как исполняющий обязанности: ${c.actingForName}.` : ''}\n\nОткрыть: ${c.link}`;

/** Russian texts of notifications, with the deadline in the region's local time. */
export function rungText(rung: Rung, c: NotificationContext, overdueBy: string | null): NotificationText {
  if (rung.kind === 'reminder') {
    return {
      subject: `Напоминание: срок исполнения ${formatRuDateTime(c.deadlineAt, c.timeZone)} — ${c.itemTitle}`,
      body: `Приближается срок исполнения мероприятия «${c.itemTitle}»${where(c)}.\nСрок: ${deadline(c)}.${footer(c)}`,
    };
  }
  return {
    subject: `Просрочено: ${c.itemTitle}${where(c)}`,
    body:
      `Мероприятие «${c.itemTitle}»${where(c)} не исполнено в срок.\nСрок: ${deadline(c)}${overdueBy ? `, просрочка: ${overdueBy}` : ''}.\n` +
      `Уведомлены: ${rung.notify.map((r) => recipientLabel[r]).join(', ')}.${footer(c)}`,
  };
}

export function commandText(kind: Exclude<NotificationKind, 'reminder' | 'escalation'>, c: NotificationContext, detail = ''): NotificationText {
  const subjects: Record<typeof kind, string> = {
    submitted_for_acceptance: 'Отчёт об исполнении ждёт приёмки',
    returned_for_rework: 'Возвращено на доработку',
    accepted: 'Исполнение принято',
    extension_requested: 'Запрос на перенос срока',
    extension_decided: 'Решение по переносу срока',
    reassigned: 'Вам передано исполнение мероприятия',
  };
  return {
    subject: `${subjects[kind]}: ${c.itemTitle}${where(c)}`,
    body: `${subjects[kind]}: «${c.itemTitle}»${where(c)}.\nСрок: ${deadline(c)}.${detail ? `\n${detail}` : ''}${footer(c)}`,
  };
}
