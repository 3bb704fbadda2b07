import { RoadMapDocument, type RoadMapDocumentInput } from '../../domain/roadmap.js';
import { demoRoadMapDocument } from '../../infra/demo/roadmap.js';

/** A fresh deep copy of the demo road map, to mutate per test. */
export function demoDocument(): RoadMapDocumentInput {
  return structuredClone(demoRoadMapDocument) as RoadMapDocumentInput;
}

/** A small valid road map: two items, one fund-level, one for two МО — three executions. */
export function smallDocument(): RoadMapDocumentInput {
  const demo = RoadMapDocument.parse(demoDocument());
  const mos = demo.participatingMoIds.slice(0, 2);
  return {
    title: 'Тестовая дорожная карта',
    regionCode: demo.regionCode,
    legalAct: null,
    startDate: '2017-03-01',
    coordinatorId: 'coordinator',
    participatingMoIds: mos,
    directions: [
      {
        id: 'd1',
        party: 'TFOMS',
        title: 'Организационные мероприятия',
        items: [
          {
            id: 'order',
            title: 'Распоряжение о назначении ответственных лиц',
            deadline: { date: '2017-03-20' },
            executorId: 'executor',
            controllerId: 'controller',
            scope: { kind: 'fund' },
            expectedResult: 'Распоряжение подписано',
          },
          {
            id: 'stands',
            title: 'Информационные стенды в МО',
            deadline: { date: '2017-04-28' },
            executorId: 'executor',
            controllerId: 'controller',
            scope: { kind: 'mo_list', moIds: mos },
            expectedResult: 'Стенды размещены',
            financing: [{ moId: mos[0], expense: 'staff_training', source: 'nsz_tfoms', amount: 1000 }],
          },
        ],
      },
    ],
  };
}

/**
 * A road map whose deadlines are seconds away and whose ladder is in seconds:
 * a week of reminders and escalations played in a few seconds on the real server.
 */
export function fastDocument(opts: { deadlineInMs: number; items?: number; rungs?: unknown[]; moCount?: number }): RoadMapDocumentInput {
  const doc = smallDocument();
  const deadline = new Date(Date.now() + opts.deadlineInMs).toISOString();
  doc.startDate = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const mos = doc.participatingMoIds!.slice(0, opts.moCount ?? 1);
  doc.participatingMoIds = mos;
  doc.directions[0].items = Array.from({ length: opts.items ?? 1 }, (_, i) => ({
    id: `fast-${i + 1}`,
    title: `Срочное мероприятие ${i + 1}`,
    deadline: { dateTime: deadline },
    executorId: 'executor',
    controllerId: 'controller',
    scope: { kind: 'mo_list' as const, moIds: mos },
    expectedResult: 'Сделано',
  }));
  doc.escalationPolicy = {
    rungs: (opts.rungs as never) ?? [
      { id: 'remind', kind: 'reminder', offset: '-PT3S', notify: ['executor'] },
      { id: 'overdue', kind: 'escalation', offset: 'PT0S', notify: ['executor', 'controller'] },
      { id: 'director', kind: 'escalation', offset: 'PT3S', notify: ['director'] },
    ],
  };
  return doc;
}
