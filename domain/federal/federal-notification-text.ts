import type { NotificationText } from '../notification-text.js';
import { formatRuDateTime } from '../zoned-time.js';
import type { FederalRecipient } from './federal-week-state.js';

export interface FederalRungContext {
  week: string;
  regionName: string;
  dueAt: Date;
  timeZone: string;
  coordinatorName: string;
  link: string;
  actingForName: string | null;
}

/** Both clocks: the region works by its own, ФОМС by Moscow's. */
export function bothClocks(at: Date, timeZone: string): string {
  const local = formatRuDateTime(at, timeZone);
  return timeZone === 'Europe/Moscow' ? `${local} (МСК)` : `${local} по местному времени (${formatRuDateTime(at, 'Europe/Moscow')} МСК)`;
}

/** Russian text of a federal escalation: the region's consolidated report has not reached ФОМС. */
export function federalRungText(to: FederalRecipient, c: FederalRungContext): NotificationText {
  const lead: Record<FederalRecipient, string> = {
    coordinator: 'Сводный отчёт мониторинга вашего региона не направлен в ФОМС.',
    director: `Координатор мониторинга (${c.coordinatorName}) не направил сводный отчёт в ФОМС.`,
    curator: `Регион вашей группы не направил сводный отчёт в ФОМС (координатор — ${c.coordinatorName}).`,
  };
  return {
    subject: `${c.regionName}: сводный отчёт за неделю ${c.week} не представлен в ФОМС`,
    body:
      `${lead[to]}\nНеделя ${c.week}, срок — ${bothClocks(c.dueAt, c.timeZone)}.` +
      `${c.actingForName ? `\nВы получили это уведомление как исполняющий обязанности: ${c.actingForName}.` : ''}\n\nОткрыть: ${c.link}`,
  };
}
