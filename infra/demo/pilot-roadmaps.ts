import type { RoadMapDocumentInput } from '../../domain/roadmap.js';
import { moIdOf, smoIdOf, type PilotDemoRegion } from './pilot-regions.js';

const day = (today: string, n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
export const pilotRoadMapId = (r: PilotDemoRegion) => `rm-pilot-${r.code}`;

/**
 * A small road map of a pilot region (4 items, 2 + 2 per МО executions),
 * integrated into the region's own road map; Свердловская's first item is
 * already overdue so its dashboard shows one.
 */
export function pilotDemoDocument(r: PilotDemoRegion, today: string): RoadMapDocumentInput {
  const [head, deputy] = r.heads.map((h) => h[0]);
  const smo = r.smoHead[0];
  const mos = r.mo.map((_, i) => moIdOf(r, i));
  const regionName = r.tfoms.replace('Территориальный фонд обязательного медицинского страхования ', '');
  return {
    title: `План мероприятий («дорожная карта») ТФОМС и СМО ${regionName} по тиражированию модели «Бережливая поликлиника» (демо)`,
    regionCode: r.code,
    regionalPlan: { name: `Региональная «дорожная карта» создания новой модели медицинской организации (${regionName}, демо)`, number: `${r.code}-рп`, date: day(today, -40) },
    startDate: day(today, -21),
    coordinatorId: r.coordinator[0],
    participatingMoIds: mos,
    directions: [
      {
        id: 'tfoms-org',
        party: 'TFOMS',
        title: 'Организационные мероприятия ТФОМС',
        items: [
          {
            id: 'order',
            title: 'Приказ директора ТФОМС о назначении ответственных лиц по каждой медицинской организации',
            deadline: { date: day(today, r.state === 'approved_late_week' ? -3 : 10) },
            executorId: head,
            controllerId: deputy,
            scope: { kind: 'fund' },
            expectedResult: 'Приказ подписан, ответственные назначены',
            resultDocument: 'Приказ ТФОМС',
            regionalItemNumber: '1.2',
          },
          {
            id: 'integration',
            title: 'Включение мероприятий ТФОМС и СМО в региональную «дорожную карту»',
            deadline: { date: day(today, 20) },
            executorId: deputy,
            controllerId: head,
            scope: { kind: 'fund' },
            expectedResult: 'Мероприятия включены в региональную «дорожную карту»',
            regionalItemNumber: '1.5',
          },
        ],
      },
      {
        id: 'smo-representatives',
        party: 'SMO',
        title: 'Работа страховых представителей в медицинских организациях',
        items: [
          {
            id: 'representatives',
            title: 'Организация работы страховых представителей в каждой МО',
            deadline: { date: day(today, 30) },
            executorId: smo,
            controllerId: deputy,
            scope: { kind: 'all_mo' },
            expectedResult: 'Страховой представитель работает в МО по графику',
            regionalItemNumber: '3.1',
          },
        ],
      },
      {
        id: 'smo-informing',
        party: 'SMO',
        title: 'Индивидуальное информирование застрахованных лиц о прохождении диспансеризации',
        items: [
          {
            id: 'informing',
            title: 'Индивидуальное информирование застрахованных лиц о диспансеризации',
            deadline: { date: day(today, 45) },
            executorId: smo,
            controllerId: head,
            scope: { kind: 'all_mo' },
            expectedResult: 'Застрахованные лица проинформированы',
          },
        ],
      },
    ],
    appointments: mos.flatMap((moId) =>
      ['smo-representatives', 'smo-informing'].map((directionId) => ({ directionId, moId, organisationId: smoIdOf(r, 0), personId: smo })),
    ),
  };
}
