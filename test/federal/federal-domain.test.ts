import { describe, expect, it } from 'vitest';
import { moscowOffsetLabel } from '../../domain/zoned-time.js';
import type { Actor } from '../../domain/actor.js';
import { canReadRegion } from '../../domain/read-scope.js';
import { russianProductionCalendar, workingCalendarFor } from '../../domain/calendar/working-calendar.js';
import { federalSubject, federalSubjects } from '../../domain/federal/federal-subjects.js';
import { defaultFederalPolicy, federalDueAt, federalLadder } from '../../domain/federal/federal-week.js';
import { nextFederalRung, notDueReason, notDueReasonLabel, regionWeekLight, regionWeekStatus, type FederalWeekPlan } from '../../domain/federal/federal-week-state.js';
import { dayOfIsoWeek, isoWeekOf, isoWeekOfDate, parseIsoWeek, weekDatesLabel } from '../../domain/federal/iso-week.js';
import { curatedGroups, federalScope, pilotGroupOf, pilotProgramme, pilotRegionCodes } from '../../domain/federal/pilot.js';
import { Region } from '../../domain/region.js';
import { checkRoadMap, type Directory } from '../../domain/roadmap-rules.js';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { countExecutions } from '../../domain/roadmap-structure.js';
import { offsetMinutes } from '../../domain/zoned-time.js';
import { demo } from '../../infra/demo/index.js';
import { pilotDemoOrganisations, pilotDemoPeople, pilotDemoRegions } from '../../infra/demo/pilot-regions.js';
import { pilotDemoDocument } from '../../infra/demo/pilot-roadmaps.js';

const actor = (over: Partial<Actor>): Actor => ({
  personId: 'x', fullName: 'X', organisationId: 'o', organisationKind: 'TFOMS', regionCode: '57', position: 'director', roles: [], actingForId: null, ...over,
});

describe('federal subjects', () => {
  it('85 subjects, unique codes, each a valid region with one of the 8 districts', () => {
    expect(federalSubjects).toHaveLength(85);
    expect(new Set(federalSubjects.map((s) => s.code)).size).toBe(85);
    for (const s of federalSubjects) expect(Region.parse(s)).toEqual(s);
    expect(new Set(federalSubjects.map((s) => s.federalDistrict)).size).toBe(8);
    expect(federalSubjects.filter((s) => s.name.includes('Калининградск'))).toHaveLength(1);
    expect(federalSubject('91')?.name).toBe('Республика Крым');
    expect(federalSubject('92')?.name).toBe('г. Севастополь');
    expect(federalSubject('57')).toMatchObject({ name: demo.region.name, timeZone: demo.region.timeZone, federalDistrict: demo.region.federalDistrict });
  });

  it('span all 11 Russian offsets, UTC+2 to UTC+12, with the zones of the pilot regions right', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    const offsets = new Set(federalSubjects.map((s) => offsetMinutes(at, s.timeZone) / 60));
    expect([...offsets].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const zone = (code: string) => federalSubject(code)!.timeZone;
    expect({ kld: zone('39'), sam: zone('63'), udm: zone('18'), ekb: zone('66'), omsk: zone('55'), nsk: zone('54'), tomsk: zone('70'), alt: zone('22') }).toEqual({
      kld: 'Europe/Kaliningrad', sam: 'Europe/Samara', udm: 'Europe/Samara', ekb: 'Asia/Yekaterinburg', omsk: 'Asia/Omsk', nsk: 'Asia/Novosibirsk', tomsk: 'Asia/Tomsk', alt: 'Asia/Barnaul',
    });
    expect([zone('24'), zone('38'), zone('03'), zone('75'), zone('14'), zone('25'), zone('27'), zone('65'), zone('49'), zone('41')]).toEqual([
      'Asia/Krasnoyarsk', 'Asia/Irkutsk', 'Asia/Irkutsk', 'Asia/Chita', 'Asia/Yakutsk', 'Asia/Vladivostok', 'Asia/Vladivostok', 'Asia/Sakhalin', 'Asia/Magadan', 'Asia/Kamchatka',
    ]);
    expect([zone('64'), zone('30'), zone('73'), zone('34')]).toEqual(['Europe/Saratov', 'Europe/Astrakhan', 'Europe/Ulyanovsk', 'Europe/Volgograd']);
  });
});

describe('the pilot', () => {
  it('30 regions in four groups of 13, 6, 4 and 7, each curated from one of its own regions', () => {
    expect(pilotRegionCodes).toHaveLength(30);
    expect(new Set(pilotRegionCodes).size).toBe(30);
    expect(pilotProgramme.groups.map((g) => g.regionCodes.length)).toEqual([13, 6, 4, 7]);
    for (const g of pilotProgramme.groups) {
      expect(g.regionCodes).toContain(g.curatorRegionCode);
      for (const c of g.regionCodes) expect(federalSubject(c), c).toBeDefined();
    }
    expect(pilotProgramme.groups.map((g) => federalSubject(g.curatorRegionCode)!.name)).toEqual([
      'Ярославская область', 'г. Севастополь', 'Калининградская область', 'Свердловская область',
    ]);
    expect(pilotGroupOf('57')).toBeUndefined();
    expect(pilotProgramme.presentedBy).toEqual({ name: 'С.Г. Кравчук', position: 'начальник Управления организации ОМС ФОМС' });
  });

  it('rights: ФОМС and the methodological support all, a curator their groups (and reads them), a region\'s ТФОМС staff their own region, anyone else none', () => {
    expect(federalScope(actor({ organisationKind: 'FOMS', regionCode: null, position: 'head_of_directorate' }))?.regionCodes).toHaveLength(30);
    const pushkov = actor({ regionCode: '76' });
    expect(curatedGroups(pushkov).map((g) => g.id)).toEqual(['cfo-pfo']);
    expect(federalScope(pushkov)).toEqual({ all: false, kind: 'curator', regionCodes: pilotProgramme.groups[0].regionCodes });
    expect(canReadRegion(pushkov, '64')).toBe(true);
    expect(canReadRegion(pushkov, '65')).toBe(false);
    // The escalations of a region reach its coordinator and its director: they see their own region's federal status.
    expect(federalScope(actor({ regionCode: '65' }))).toEqual({ all: false, kind: 'own_region', regionCodes: ['65'] });
    expect(federalScope(actor({ regionCode: '65', position: 'head_of_division' }))).toEqual({ all: false, kind: 'own_region', regionCodes: ['65'] });
    expect(federalScope(actor({ regionCode: '57' }))).toBeNull();
    expect(federalScope(actor({ regionCode: '65', organisationKind: 'SMO' }))).toBeNull();
    // Methodological support (seed 000: Гроздова, director of ТФОМС Севастополя) is the pilot's data, not a name in code.
    const grozdova = actor({ regionCode: pilotProgramme.methodologicalSupport!.regionCode });
    expect(federalScope(grozdova)).toMatchObject({ all: true, kind: 'methodological_support' });
    expect(federalScope(grozdova)?.regionCodes).toHaveLength(30);
    expect(canReadRegion(grozdova, '65')).toBe(true);
    expect(canReadRegion(grozdova, '57')).toBe(false);
    const noSupport = { ...pilotProgramme, methodologicalSupport: null };
    expect(federalScope(grozdova, noSupport)).toMatchObject({ kind: 'curator', regionCodes: pilotProgramme.groups[1].regionCodes });
  });
});

describe('regional non-working days', () => {
  it('Татарстан rests on its republic days and feasts, with their source; Москва works', () => {
    const tatarstan = workingCalendarFor('16');
    expect(tatarstan.isWorkingDay('2026-11-06')).toBe(false);
    expect(tatarstan.regionalHoliday('2026-11-06')).toMatchObject({ name: 'День Конституции Республики Татарстан', source: expect.stringContaining('Закон Республики Татарстан') });
    expect(tatarstan.isWorkingDay('2026-05-27')).toBe(false);
    expect(workingCalendarFor('77').isWorkingDay('2026-11-06')).toBe(true);
    expect(workingCalendarFor('77')).toBe(russianProductionCalendar);
    expect(tatarstan.workingDaysInYear(2026)).toBe(russianProductionCalendar.workingDaysInYear(2026) - 3);
    expect(workingCalendarFor('02').addWorkingDays('2026-03-19', 1)).toBe('2026-03-23');
  });
});

describe('the federal week', () => {
  it('ISO weeks', () => {
    expect(parseIsoWeek('2026-W49')).toEqual({ year: 2026, week: 49 });
    expect(parseIsoWeek('2025-W53')).toBeNull();
    expect(parseIsoWeek('2026-W53')).toEqual({ year: 2026, week: 53 });
    expect(parseIsoWeek('2020-W53')).toEqual({ year: 2020, week: 53 });
    expect(parseIsoWeek('2026-49')).toBeNull();
    expect(dayOfIsoWeek({ year: 2026, week: 49 })).toBe('2026-11-30');
    expect(isoWeekOfDate('2027-01-01')).toEqual({ year: 2026, week: 53 });
    expect(isoWeekOfDate('2027-01-04')).toEqual({ year: 2027, week: 1 });
    expect(isoWeekOf(new Date('2026-11-29T20:00:00Z'), 'Asia/Sakhalin')).toBe('2026-W49');
    expect(isoWeekOf(new Date('2026-11-29T20:00:00Z'), 'Europe/Moscow')).toBe('2026-W48');
  });

  it('the week by its dates and the zones as МСК±N, as ФОМС reads them', () => {
    expect(weekDatesLabel(parseIsoWeek('2026-W49')!)).toBe('30.11–06.12.2026');
    expect(weekDatesLabel(parseIsoWeek('2026-W53')!)).toBe('28.12.2026–03.01.2027');
    const at = new Date('2026-12-04T12:00:00Z');
    expect(moscowOffsetLabel(at, 'Europe/Moscow')).toBe('МСК');
    expect(moscowOffsetLabel(at, 'Asia/Sakhalin')).toBe('МСК+8');
    expect(moscowOffsetLabel(at, 'Europe/Kaliningrad')).toBe('МСК−1');
    expect(moscowOffsetLabel(at, 'Asia/Kamchatka')).toBe('МСК+9');
  });

  it('UTC+11 is late while it is still morning in Moscow: 18:00 in Южно-Сахалинск is 10:00 МСК', () => {
    const week = parseIsoWeek('2026-W49')!;
    const sakhalin = federalDueAt(week, 'Asia/Sakhalin', workingCalendarFor('65'));
    const yaroslavl = federalDueAt(week, 'Europe/Moscow', workingCalendarFor('76'));
    expect(sakhalin.toISOString()).toBe('2026-12-04T07:00:00.000Z');
    expect(yaroslavl.toISOString()).toBe('2026-12-04T15:00:00.000Z');
    const elevenMoscow = new Date('2026-12-04T08:00:00Z');
    const owed = { roadMapStatus: 'approved', owed: true, approvedAt: new Date('2026-11-20T08:00:00Z'), submittedAt: null, now: elevenMoscow };
    expect(regionWeekStatus({ ...owed, dueAt: sakhalin })).toBe('missing');
    expect(regionWeekStatus({ ...owed, dueAt: yaroslavl })).toBe('pending');
    expect(regionWeekStatus({ ...owed, dueAt: sakhalin, submittedAt: elevenMoscow })).toBe('late');
    expect(regionWeekStatus({ ...owed, roadMapStatus: null, owed: false, dueAt: sakhalin })).toBe('no_roadmap');
    // Nothing owed: monitoring starts later, or the road map was approved after the due time; never missing.
    const notOwed = { ...owed, owed: false, dueAt: sakhalin, now: new Date('2026-12-05T08:00:00Z') };
    expect(regionWeekStatus(notOwed)).toBe('not_due');
    expect(notDueReason(notOwed)).toBe('monitoring_later');
    expect(notDueReason({ ...notOwed, approvedAt: new Date('2026-12-04T09:00:00Z') })).toBe('approved_after_due');
    // Said as what it means: the road map was approved after this week's report was due, not late itself.
    expect(notDueReasonLabel.approved_after_due).toBe('утверждена после срока отчёта этой недели');
    // «Ожидается» and «представлен с опозданием» never share a light.
    expect(regionWeekLight.pending).not.toBe(regionWeekLight.late);
    expect(regionWeekStatus({ ...notOwed, roadMapStatus: 'submitted' })).toBe('not_monitored');
    // The ladder: coordinator at the due time, director a working day later (Monday), curator two.
    expect(federalLadder(sakhalin, 'Asia/Sakhalin', workingCalendarFor('65')).map((r) => [r.notify, r.fireAt])).toEqual([
      ['coordinator', '2026-12-04T07:00:00.000Z'],
      ['director', '2026-12-07T07:00:00.000Z'],
      ['curator', '2026-12-08T07:00:00.000Z'],
    ]);
    expect(defaultFederalPolicy.rungs.map((r) => r.notify)).toEqual(['coordinator', 'director', 'curator']);
  });

  it('a Friday off moves the due day back (Башкортостан, Ураза-байрам 20.03.2026)', () => {
    expect(federalDueAt(parseIsoWeek('2026-W12')!, 'Asia/Yekaterinburg', workingCalendarFor('02')).toISOString()).toBe('2026-03-19T13:00:00.000Z');
    expect(federalDueAt(parseIsoWeek('2026-W12')!, 'Europe/Moscow', workingCalendarFor('77')).toISOString()).toBe('2026-03-20T15:00:00.000Z');
  });

  it('each rung once, and none for a region that has submitted', () => {
    const plan: FederalWeekPlan = {
      federalWeekId: 'w', programmeId: 'p', week: '2026-W49',
      regions: ['65', '76'].map((c, i) => ({ regionCode: c, roadMapId: `rm-${c}`, coordinatorId: 'c', groupId: 'g', timeZone: 'Europe/Moscow', dueAt: 'x', submittedAt: null,
        ladder: [{ rungId: 'coordinator', notify: 'coordinator' as const, fireAt: `2026-12-0${4 + i}T00:00:00Z` }, { rungId: 'director', notify: 'director' as const, fireAt: `2026-12-0${6 + i}T00:00:00Z` }] })),
    };
    const state = { submitted: {} as Record<string, string>, fired: [] as string[] };
    const order: string[] = [];
    for (let n = nextFederalRung(plan, state); n; n = nextFederalRung(plan, state)) {
      order.push(n.key);
      state.fired.push(n.key);
      if (order.length === 1) state.submitted['76'] = '2026-12-04T01:00:00Z';
    }
    expect(order).toEqual(['w:65:coordinator', 'w:65:director']);
  });
});

describe('pilot demo data', () => {
  const directory: Directory = {
    people: new Map([...demo.people, ...pilotDemoPeople].map((p) => [p.id, p])),
    organisations: new Map([...demo.organisations, ...pilotDemoOrganisations].map((o) => [o.id, o])),
  };
  it('each demo road map passes the seed-000 rules and is integrated into the regional plan', () => {
    for (const r of pilotDemoRegions.filter((x) => x.state !== 'none')) {
      const doc = RoadMapDocument.parse(pilotDemoDocument(r, '2026-12-01'));
      expect(checkRoadMap(doc, directory), r.code).toEqual([]);
      expect(doc.regionalPlan?.number).toBeTruthy();
      expect(doc.directions[0].items[0].regionalItemNumber).toBe('1.2');
      expect(countExecutions(doc)).toBe(2 + 2 * r.mo.length);
    }
    const logins = new Set(pilotDemoPeople.map((p) => p.login));
    for (const l of ['foms', 'pushkov', 'grozdova', 'semenyuk', 'shelyakin']) expect(logins.has(l), l).toBe(true);
    for (const r of pilotDemoRegions) expect(pilotDemoPeople.find((p) => p.login === r.director[0])?.position).toBe('director');
  });
});
