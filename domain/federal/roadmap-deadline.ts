/**
 * The pilot sets a date by which every region's road map must be approved
 * (the programme's default, overridden per region in `pilot_regions`). A
 * region without an approved road map by then climbs the same ladder as a
 * late consolidated report: the coordinator at the due time, the ТФОМС
 * director a working day later, the group's curator two.
 */
import { applyOffset } from '../calendar/duration.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';
import type { NotificationText } from '../notification-text.js';
import { formatRuDateTime } from '../zoned-time.js';
import type { FederalRecipient, FederalRungPlan } from './federal-week-state.js';
import type { FederalRung } from './federal-week.js';
import { bothClocks } from './federal-notification-text.js';

export const defaultRoadMapDeadlineRungs: FederalRung[] = [
  { id: 'coordinator', offset: 'PT0S', notify: 'coordinator' },
  { id: 'director', offset: '1WD', notify: 'director' },
  { id: 'curator', offset: '2WD', notify: 'curator' },
];

/** The due date applies until the end of that working day (18:00 local; the next working day when it is off). */
export const ROADMAP_DUE_TIME = '18:00';

/** A region's own date wins over the programme's; null when neither sets one (no ladder then). */
export function roadMapDueDate(programmeDefault: string | null, regionOverride: string | null): string | null {
  return regionOverride ?? programmeDefault;
}

export function roadMapDueAt(dueDate: string, timeZone: string, calendar: WorkingCalendar): Date {
  return calendar.endOfWorkingDay(dueDate, timeZone, ROADMAP_DUE_TIME);
}

/** When each rung fires, in the region's calendar and zone, in order. */
export function roadMapDeadlineLadder(dueAt: Date, timeZone: string, calendar: WorkingCalendar, rungs: FederalRung[] = defaultRoadMapDeadlineRungs): FederalRungPlan[] {
  return rungs
    .map((r) => ({ rungId: r.id, notify: r.notify, fireAt: applyOffset(dueAt, r.offset, calendar, timeZone).toISOString() }))
    .sort((a, b) => a.fireAt.localeCompare(b.fireAt));
}

export interface RoadMapDeadlineContext {
  regionName: string;
  dueAt: Date;
  timeZone: string;
  /** The road map's state: null when none has been drafted. */
  roadMapStatusLabel: string | null;
  link: string;
  actingForName: string | null;
}

/** Russian text of the escalation: the region's road map is not approved by the pilot's date. */
export function roadMapDeadlineText(to: FederalRecipient, c: RoadMapDeadlineContext): NotificationText {
  const lead: Record<FederalRecipient, string> = {
    coordinator: '«Дорожная карта» ТФОМС и СМО вашего региона не утверждена в срок, установленный пилотным проектом.',
    director: '«Дорожная карта» ТФОМС и СМО региона не утверждена в срок, установленный пилотным проектом: утверждает директор ТФОМС.',
    curator: 'Регион вашей группы не утвердил «дорожную карту» ТФОМС и СМО в срок, установленный пилотным проектом.',
  };
  const state = c.roadMapStatusLabel ? `Состояние: ${c.roadMapStatusLabel}.` : 'Проект «дорожной карты» не создан.';
  return {
    subject: `${c.regionName}: «дорожная карта» не утверждена в срок (${formatRuDateTime(c.dueAt, c.timeZone).slice(0, 10)})`,
    body:
      `${lead[to]}\nСрок — ${bothClocks(c.dueAt, c.timeZone)}. ${state}` +
      `${c.actingForName ? `\nВы получили это уведомление как исполняющий обязанности: ${c.actingForName}.` : ''}\n\nОткрыть: ${c.link}`,
  };
}
