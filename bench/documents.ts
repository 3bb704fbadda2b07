/**
 * Road maps sized for the benchmarks: items × the demo road map's МО, the
 * last item trimmed so the road map expands to exactly N executions, every
 * deadline the same instant and a one-rung policy at the deadline.
 */
import { RoadMapDocument, type RoadMapDocumentInput } from '../domain/roadmap.js';
import { demoRoadMapDocument } from '../infra/demo/roadmap.js';

const demo = RoadMapDocument.parse(structuredClone(demoRoadMapDocument));
export const DEMO_MO_IDS: readonly string[] = demo.participatingMoIds;

export function benchDocument(opts: { executions: number; deadlineAt: Date; title?: string }): RoadMapDocumentInput {
  const mos = [...DEMO_MO_IDS];
  const items: RoadMapDocumentInput['directions'][number]['items'] = [];
  for (let left = opts.executions, i = 1; left > 0; i++) {
    const take = Math.min(left, mos.length);
    items.push({
      id: `b-${i}`,
      title: `Мероприятие ${i}`,
      deadline: { dateTime: opts.deadlineAt.toISOString() },
      executorId: 'executor',
      controllerId: 'controller',
      scope: take === mos.length ? { kind: 'all_mo' } : { kind: 'mo_list', moIds: mos.slice(0, take) },
      expectedResult: 'Сделано',
    });
    left -= take;
  }
  return {
    title: opts.title ?? `Нагрузочная дорожная карта на ${opts.executions}`,
    regionCode: demo.regionCode,
    legalAct: null,
    startDate: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10),
    coordinatorId: 'coordinator',
    participatingMoIds: mos,
    directions: [{ id: 'd1', party: 'TFOMS', title: 'Нагрузка', items }],
    escalationPolicy: { rungs: [{ id: 'overdue', kind: 'escalation', offset: 'PT0S', notify: ['executor'] }] },
  };
}

/** A completion report as the executor's form sends it. */
export const completionReport = (n: number) => ({ text: `Выполнено (нагрузочный отчёт ${n})`, metrics: { done: 1 } });
