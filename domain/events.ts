/**
 * Domain events: what happened, emitted by workflows, appended once to the
 * PostgreSQL `events` table by activities (the id makes the append idempotent).
 */
export type EventType =
  | 'roadmap.drafted'
  | 'roadmap.draft_edited'
  | 'roadmap.submitted'
  | 'roadmap.returned'
  | 'roadmap.approved'
  | 'roadmap.amendment_started'
  | 'execution.started'
  | 'execution.cancelled'
  | 'execution.completed'
  | 'execution.accepted'
  | 'execution.returned'
  | 'execution.extension_requested'
  | 'execution.extension_decided'
  | 'execution.reassigned'
  | 'execution.rung_fired'
  | 'monitoring.period_opened'
  | 'monitoring.report_submitted'
  | 'monitoring.report_rung_fired'
  | 'monitoring.period_closed'
  | 'monitoring.consolidated_compiled'
  | 'monitoring.consolidated_submitted'
  | 'federal.week_opened'
  | 'federal.report_rung_fired'
  | 'federal.roadmap_rung_fired';

export interface DomainEvent<P = Record<string, unknown>> {
  /** Deterministic per workflow step: a retried append finds it already there. */
  id: string;
  type: EventType;
  roadMapId: string;
  /** "roadmap" for the road map itself, the item execution id, or the reporting period id. */
  subject: string;
  version: number | null;
  occurredAt: string;
  actorId: string | null;
  actingForId: string | null;
  payload: P;
}

export const eventLabel: Record<EventType, string> = {
  'roadmap.drafted': 'Создан проект дорожной карты',
  'roadmap.draft_edited': 'Проект изменён',
  'roadmap.submitted': 'Направлена на утверждение',
  'roadmap.returned': 'Возвращена на доработку',
  'roadmap.approved': 'Утверждена',
  'roadmap.amendment_started': 'Начата новая редакция',
  'execution.started': 'Исполнение начато',
  'execution.cancelled': 'Исполнение отменено',
  'execution.completed': 'Исполнитель отчитался о выполнении',
  'execution.accepted': 'Исполнение принято',
  'execution.returned': 'Возвращено на доработку',
  'execution.extension_requested': 'Запрошен перенос срока',
  'execution.extension_decided': 'Принято решение о переносе срока',
  'execution.reassigned': 'Ответственный заменён',
  'execution.rung_fired': 'Напоминание или эскалация',
  'monitoring.period_opened': 'Открыт отчётный период мониторинга',
  'monitoring.report_submitted': 'Представлен еженедельный отчёт',
  'monitoring.report_rung_fired': 'Напоминание или эскалация по еженедельному отчёту',
  'monitoring.period_closed': 'Приём еженедельных отчётов завершён',
  'monitoring.consolidated_compiled': 'Сформирован сводный отчёт',
  'monitoring.consolidated_submitted': 'Сводный отчёт направлен в ФОМС',
  'federal.week_opened': 'Открыта федеральная отчётная неделя',
  'federal.report_rung_fired': 'Эскалация: сводный отчёт региона не представлен в ФОМС',
  'federal.roadmap_rung_fired': 'Эскалация: «дорожная карта» региона не утверждена в срок пилота',
};
