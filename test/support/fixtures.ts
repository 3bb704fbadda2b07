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
