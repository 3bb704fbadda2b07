import { describe, expect, it } from 'vitest';
import { isFinancingAllowed } from '../../domain/financing.js';
import { TargetIndicator } from '../../domain/indicator.js';
import { Organisation } from '../../domain/organisation.js';
import { Person } from '../../domain/person.js';
import { Region } from '../../domain/region.js';
import { checkRoadMap, namedPeople, type Directory } from '../../domain/roadmap-rules.js';
import { RoadMapDocument, type RoadMapDocumentInput } from '../../domain/roadmap.js';
import { countExecutions, itemsOf } from '../../domain/roadmap-structure.js';
import { demo, REQUIRED_DEMO_LOGINS } from '../../infra/demo/index.js';
import { planYears, shiftDemoDates } from '../../infra/demo/shift-dates.js';

const directory: Directory = {
  people: new Map(demo.people.map((p) => [p.id, p])),
  organisations: new Map(demo.organisations.map((o) => [o.id, o])),
};

const parse = (input: RoadMapDocumentInput) => RoadMapDocument.parse(input);

describe('demo data set', () => {
  it('region, organisations and people match the domain schemas', () => {
    expect(Region.parse(demo.region)).toEqual(demo.region);
    for (const o of demo.organisations) expect(Organisation.parse(o)).toEqual(o);
    for (const p of demo.people) {
      const { login, password, ...person } = p;
      expect(Person.parse(person)).toEqual(person);
      expect(login).toBe(p.id);
      expect(password).toBe('demo');
    }
    expect(new Set(demo.organisations.map((o) => o.id)).size).toBe(demo.organisations.length);
    expect(new Set(demo.people.map((p) => p.id)).size).toBe(demo.people.length);
  });

  it('has ФОМС, ТФОМС, two СМО and the health authority', () => {
    const byKind = (k: string) => demo.organisations.filter((o) => o.kind === k);
    expect(byKind('FOMS')).toHaveLength(1);
    expect(byKind('FOMS')[0].regionCode).toBeNull();
    expect(byKind('TFOMS')).toHaveLength(1);
    expect(byKind('SMO')).toHaveLength(2);
    expect(byKind('HEALTH_AUTHORITY').map((o) => o.name)).toEqual(['Департамент социальной политики Орловской области']);
    for (const o of demo.organisations.filter((o) => o.kind !== 'FOMS')) expect(o.regionCode).toBe('57');
  });

  it('lists all 55 numbered Orel МО of seed 003 Appendix 1 and their 23 sub-units', () => {
    const mo = demo.organisations.filter((o) => o.kind === 'MO');
    const numbered = mo.filter((o) => /^\d+$/.test(o.registryNumber ?? ''));
    expect(numbered.map((o) => Number(o.registryNumber))).toEqual(Array.from({ length: 55 }, (_, i) => i + 1));
    for (const o of numbered) expect(o.parentId).toBeNull();

    const subUnits = mo.filter((o) => o.registryNumber?.includes('.'));
    // 22.1, 25.1–3, 26.1, 27.1–2, 32.1, 36.1–2, 39.1–5, 40.1–2, 41.1, 44.1–2, 53.1, 54.1–2 (35.1–35.5 were excluded).
    expect(subUnits).toHaveLength(23);
    expect(mo).toHaveLength(78);
    const byId = new Map(mo.map((o) => [o.id, o]));
    for (const s of subUnits) {
      const parent = byId.get(s.parentId ?? '');
      expect(parent?.registryNumber).toBe(s.registryNumber!.split('.')[0]);
    }
    expect(mo.find((o) => o.registryNumber === '22.1')?.name).toBe('Злынская врачебная амбулатория');
    expect(mo.some((o) => o.registryNumber?.startsWith('35.'))).toBe(false);

    expect(demo.participatingMoIds).toHaveLength(8);
    for (const id of demo.participatingMoIds) expect(byId.get(id)?.parentId).toBeNull();
  });

  it('has all required logins with the right organisations, positions and roles', () => {
    const byLogin = new Map(demo.people.map((p) => [p.login, p]));
    for (const login of REQUIRED_DEMO_LOGINS) expect(byLogin.has(login), login).toBe(true);
    const org = (login: string) => demo.organisations.find((o) => o.id === byLogin.get(login)!.organisationId)!;

    expect(byLogin.get('director')!.position).toBe('director');
    for (const l of ['director', 'controller', 'executor', 'coordinator', 'specialist', 'admin']) expect(org(l).kind, l).toBe('TFOMS');
    expect(byLogin.get('controller')!.position).toBe('head_of_directorate');
    expect(byLogin.get('executor')!.position).toBe('head_of_directorate');
    expect(byLogin.get('coordinator')!.position).toBe('head_of_division');
    expect(byLogin.get('specialist')!.position).toBe('specialist');
    expect(byLogin.get('admin')!.position).toBe('head_of_division');
    expect(byLogin.get('admin')!.roles).toContain('admin');
    expect(byLogin.get('curator')!.roles).toContain('foms_curator');
    expect(byLogin.get('curator')!.position).toBe('head_of_directorate');
    expect(org('curator').kind).toBe('FOMS');
    expect(org('smo').id).toBe('smo-57-1');
    expect(org('smo-controller').id).toBe('smo-57-1');
    expect(org('smo2').id).toBe('smo-57-2');
    expect(byLogin.get('smo')!.position).toBe('head_of_directorate');
    expect(byLogin.get('smo2')!.position).toBe('head_of_directorate');

    const tfomsHeads = demo.people.filter((p) => org(p.login).kind === 'TFOMS' && p.position === 'head_of_directorate');
    expect(tfomsHeads.length).toBeGreaterThanOrEqual(4);
  });

  it('has the 36 Samara indicators of seed 002 section 8 and the informing indicator', () => {
    for (const ind of demo.indicators) expect(TargetIndicator.parse(ind)).toEqual(ind);
    const samara = demo.indicators.filter((i) => i.id.startsWith('samara-'));
    expect(samara).toHaveLength(36);
    expect(samara.map((i) => i.id)).toEqual(Array.from({ length: 36 }, (_, i) => `samara-${String(i + 1).padStart(2, '0')}`));
    for (const i of samara) {
      expect(Object.keys(i.targets).sort()).toEqual(['2015', '2016', '2017']);
      expect(i.source).toBe('Постановление Правительства Самарской области от 25.12.2014 № 828, раздел 8');
      expect(i.direction).not.toBe('unspecified');
    }
    const sat = samara.find((i) => i.id === 'samara-01')!;
    expect(sat.targets).toEqual({ '2015': 68, '2016': 70, '2017': 71 });
    // The TB early-detection row repeats "2017"; the middle value is the 2016 target.
    expect(samara.find((i) => i.id === 'samara-19')!.targets).toEqual({ '2015': 59.6, '2016': 60.1, '2017': 60.6 });
    expect(demo.indicators).toHaveLength(37);
    const informing = demo.indicators.find((i) => i.title === 'Результативность информирования застрахованных лиц о диспансеризации');
    expect(informing).toMatchObject({ unit: '%', direction: 'at_least' });
  });

  it('the demo road map parses and passes checkRoadMap with no issues', () => {
    const doc = parse(demo.roadMapDocument);
    expect(doc.regionCode).toBe('57');
    expect(doc.startDate).toBe('2017-03-01');
    expect(doc.coordinatorId).toBe('coordinator');
    expect(checkRoadMap(doc, directory)).toEqual([]);
    for (const id of namedPeople(doc)) expect(directory.people.has(id), id).toBe(true);

    const executions = countExecutions(doc);
    expect(executions).toBeGreaterThanOrEqual(60);
    expect(executions).toBeLessThanOrEqual(200);

    for (const d of doc.directions) {
      expect(d.items.length).toBeGreaterThanOrEqual(1);
      expect(d.items.length).toBeLessThanOrEqual(4);
    }
    expect(doc.directions.filter((d) => d.party === 'SMO')).toHaveLength(7);
  });

  it('shifted to today, its approving act is dated before the approval and its items name the plan’s years', () => {
    const today = '2026-12-06';
    const doc = parse(shiftDemoDates(demo.roadMapDocument, today));
    // The director approves («УТВЕРЖДАЮ») at the earliest on the day the demo is seeded: the act is not later.
    expect(doc.legalAct!.date < today).toBe(true);
    expect(doc.legalAct!.date).toBe('2026-12-05');
    expect(planYears(doc)).toEqual([2026, 2027]);
    const texts = doc.directions.flatMap((d) => d.items.flatMap((i) => [i.title, i.expectedResult, i.resultDocument ?? '']));
    expect(texts.filter((t) => t.includes('2017'))).toEqual([]);
    expect(texts).toContain('Застрахованные лица, подлежащие диспансеризации в 2026–2027 годах, проинформированы; результативность информирования не ниже целевой');
    expect(checkRoadMap(doc, directory)).toEqual([]);
  });

  it('schedules the three survey waves of seed 000', () => {
    const doc = parse(demo.roadMapDocument);
    const survey = doc.directions.find((d) => d.id === 'smo-surveys')!;
    const dates = survey.items.map((i) => ('date' in i.deadline ? i.deadline.date : null));
    expect(dates).toEqual(expect.arrayContaining(['2017-05-15', '2017-07-01', '2017-08-15']));
    for (const item of survey.items.filter((i) => i.scope.kind === 'all_mo')) expect(item.indicatorIds).toContain('samara-01');
  });

  it('uses only the financing pairs seed 000 allows, and every expense category', () => {
    const doc = parse(demo.roadMapDocument);
    const lines = [...itemsOf(doc)].flatMap(({ item }) => item.financing);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(isFinancingAllowed(l.expense, l.source), `${l.expense} ← ${l.source}`).toBe(true);
    expect(new Set(lines.map((l) => l.expense))).toEqual(
      new Set(['staff_training', 'equipment_purchase', 'equipment_repair', 'routine_repair', 'furniture', 'information_materials']),
    );
  });

  it('links the informing item to the informing indicator and appoints the first СМО per МО and activity', () => {
    const doc = parse(demo.roadMapDocument);
    const informing = doc.directions.find((d) => d.id === 'smo-informing')!;
    expect(informing.items.some((i) => i.indicatorIds.includes('informing-effectiveness'))).toBe(true);
    for (const d of doc.directions.filter((d) => d.party === 'SMO')) {
      for (const mo of doc.participatingMoIds) {
        expect(doc.appointments.some((a) => a.directionId === d.id && a.moId === mo && a.organisationId === 'smo-57-1')).toBe(true);
      }
    }
    for (const { item } of itemsOf(doc)) expect(item.executorId).not.toBe(item.controllerId);
  });

  it('names the offending field when a specialist becomes an executor', () => {
    const doc = parse(structuredClone(demo.roadMapDocument) as RoadMapDocumentInput);
    const d = 3;
    const m = 1;
    doc.directions[d].items[m].executorId = 'specialist';
    const issues = checkRoadMap(doc, directory);
    expect(issues.map((i) => i.field)).toContain(`directions.${d}.items.${m}.executorId`);
    expect(issues).toHaveLength(1);
    // The original stays clean.
    expect(checkRoadMap(parse(demo.roadMapDocument), directory)).toEqual([]);
  });

  it('names the offending field for a forbidden financing pair', () => {
    const doc = parse(structuredClone(demo.roadMapDocument) as RoadMapDocumentInput);
    const at = [...itemsOf(doc)].find(({ item }) => item.financing.some((l) => l.expense === 'information_materials'))!;
    at.item.financing[0] = { ...at.item.financing[0], source: 'oms_funds' };
    const issues = checkRoadMap(doc, directory);
    expect(issues.map((i) => i.field)).toEqual([[...at.path, 'financing', 0, 'source'].join('.')]);
  });
});
