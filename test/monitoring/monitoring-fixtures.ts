import { expect } from 'vitest';
import type { MonitoringPolicyInput } from '../../domain/monitoring-policy.js';
import { RoadMapDocument, type RoadMapDocumentInput } from '../../domain/roadmap.js';
import { informingIndicator } from '../../infra/demo/indicators.js';
import { SMO1_ID } from '../../infra/demo/orel-region.js';
import { demoDocument } from '../support/fixtures.js';
import { eventually, type Harness } from '../support/harness.js';
import { approvedRoadMap } from '../support/roadmaps.js';

/** Elapsed-time week for tests: reports due 12 s after opening, accepted until 25 s; the next week far away. */
export const fastWeek = (over: Partial<{ dueAfter: string; cutoffAfter: string }> = {}): MonitoringPolicyInput => ({
  fastCycle: { periodLength: 'PT30M', dueAfter: over.dueAfter ?? 'PT12S', cutoffAfter: over.cutoffAfter ?? 'PT25S' },
  lateReports: {
    rungs: [
      { id: 'late', kind: 'escalation', offset: 'PT0S', notify: ['executor'] },
      { id: 'late-controller', kind: 'escalation', offset: 'PT2S', notify: ['controller'] },
      { id: 'late-director', kind: 'escalation', offset: 'PT4S', notify: ['director'] },
    ],
  },
});

/**
 * Three reporters: executor (a ТФОМС fund-level item), smo (СМО «Полис-Орёл»,
 * appointed per МО for informing and surveys) and smo2 (СМО «Долголетие»,
 * executor of its own informing item) — 7 executions.
 */
export function monitoredDocument(monitoring: MonitoringPolicyInput): RoadMapDocumentInput {
  const demo = RoadMapDocument.parse(demoDocument());
  const mos = demo.participatingMoIds.slice(0, 2);
  const later = { date: new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10) };
  return {
    title: 'Мониторинг: тестовая дорожная карта',
    regionCode: demo.regionCode,
    startDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    coordinatorId: 'coordinator',
    participatingMoIds: mos,
    directions: [
      {
        id: 'org', party: 'TFOMS', title: 'Организационные мероприятия',
        items: [{ id: 'order', title: 'Распоряжение о назначении ответственных лиц', deadline: { dateTime: new Date(Date.now() - 60_000).toISOString() },
          executorId: 'executor', controllerId: 'controller', scope: { kind: 'fund' }, expectedResult: 'Распоряжение подписано' }],
      },
      {
        id: 'smo-informing', party: 'SMO', title: 'Индивидуальное информирование застрахованных лиц о прохождении диспансеризации',
        items: [
          { id: 'inform-1', title: 'Информирование застрахованных лиц СМО «Полис-Орёл»', deadline: later, executorId: 'smo', controllerId: 'smo-controller',
            scope: { kind: 'all_mo' }, expectedResult: 'Проинформированы', indicatorIds: [informingIndicator.id] },
          { id: 'inform-2', title: 'Информирование застрахованных лиц СМО «Долголетие»', deadline: later, executorId: 'smo2', controllerId: 'executor',
            scope: { kind: 'all_mo' }, expectedResult: 'Проинформированы', indicatorIds: [informingIndicator.id] },
        ],
      },
      {
        id: 'smo-surveys', party: 'SMO', title: 'Опросы населения по доступности и качеству медицинской помощи',
        items: [{ id: 'survey-1', title: 'Опрос населения (первый этап)', deadline: later, executorId: 'smo', controllerId: 'smo-controller',
          scope: { kind: 'all_mo' }, expectedResult: 'Опрос проведён' }],
      },
    ],
    appointments: mos.flatMap((mo) => ['smo-informing', 'smo-surveys'].map((directionId) => ({ directionId, moId: mo, organisationId: SMO1_ID, personId: 'smo' }))),
    indicators: [{ ...informingIndicator, targets: { '2026': 50, '2027': 50 } }],
    escalationPolicy: { rungs: [{ id: 'overdue', kind: 'escalation', offset: 'P30D', notify: ['controller'] }] },
    monitoring,
  };
}

export async function monitoredRoadMap(h: Harness, monitoring: MonitoringPolicyInput) {
  const doc = monitoredDocument(monitoring);
  const rm = await approvedRoadMap(h, doc, 7);
  const coordinator = await h.login('coordinator');
  const list = await eventually(() => h.call('GET', `/api/monitoring/periods?roadmap=${rm.id}`, { token: coordinator }), (r) => r.body.periods?.length === 1, 30_000);
  const period = list.body.periods[0];
  expect(period.number).toBe(1);
  return { roadMapId: rm.id, periodId: period.id as string, mos: doc.participatingMoIds as string[], period };
}

export const executorReport = { lines: [{ itemId: 'order', moId: null, status: 'in_progress', percent: 60, done: 'Проект распоряжения согласован с юристом', problems: '' }] };

export const smoReport = (mos: string[]) => ({
  lines: mos.flatMap((mo) => [
    { itemId: 'inform-1', moId: mo, status: 'in_progress', percent: 40, done: 'Разосланы SMS и письма', problems: '' },
    { itemId: 'survey-1', moId: mo, status: 'at_risk', percent: 30, done: 'Опрошено 90 человек', problems: 'Мало анкет в детской поликлинике' },
  ]),
  smoForm: mos.map((mo, i) => ({ moId: mo, representativesPresent: 2 + i, notified: 200, completedCheckup: 80 + 20 * i, survey: { itemId: 'survey-1', planned: 300, surveyed: 90 } })),
});

export const smo2Report = (mos: string[]) => ({
  lines: mos.map((mo) => ({ itemId: 'inform-2', moId: mo, status: 'in_progress', percent: 50, done: 'Обзвон застрахованных', problems: '' })),
  smoForm: mos.map((mo) => ({ moId: mo, representativesPresent: 1, notified: 100, completedCheckup: 50 })),
});

export async function periodEvents(h: Harness, periodId: string, type: string) {
  return h.sql<{ id: string; payload: any; occurred_at: Date }[]>`select id, payload, occurred_at from events where subject = ${periodId} and type = ${type} order by seq`;
}
