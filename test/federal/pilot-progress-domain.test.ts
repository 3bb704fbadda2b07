import { describe, expect, it } from 'vitest';
import { workingCalendarFor } from '../../domain/calendar/working-calendar.js';
import { parseIsoWeek } from '../../domain/federal/iso-week.js';
import { decideDocumentCell, pilotDocumentKindOf, type ItemEvidence, type PlatformEvidence } from '../../domain/federal/pilot-documents.js';
import { shareOnTime, trendCell, trendWeeks } from '../../domain/federal/pilot-trend.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { nextRoadMapRung, roadMapDeadlineRungKey, type RoadMapDeadlinePlan } from '../../domain/federal/roadmap-deadline-state.js';
import { roadMapDeadlineLadder, roadMapDeadlineText, roadMapDueAt, roadMapDueDate } from '../../domain/federal/roadmap-deadline.js';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { demoRoadMapDocument } from '../../infra/demo/roadmap.js';
import { pilotDemoRegions } from '../../infra/demo/pilot-regions.js';
import { pilotDemoDocument } from '../../infra/demo/pilot-roadmaps.js';

describe('which of the pilot’s seven documents an item produces', () => {
  it('the seed-000 road map (Орловская демо): each document from its item, everything else none', () => {
    const doc = RoadMapDocument.parse(demoRoadMapDocument);
    const kinds = Object.fromEntries(doc.directions.flatMap((d) => d.items).map((i) => [i.id, pilotDocumentKindOf(i)]).filter(([, k]) => k));
    expect(kinds).toEqual({
      'tfoms-roadmap-1': 'roadmap',
      'tfoms-roadmap-2': 'legal_act',
      'tfoms-responsible-1': 'appointment_order',
      'tfoms-agreement-2': 'representatives_agreement',
      'tfoms-exchange-1': 'information_exchange_rules',
      'tfoms-financing-1': 'financing_plan',
      ...Object.fromEntries(doc.directions.flatMap((d) => d.items).filter((i) => /^Приказ СМО о назначении/.test(i.resultDocument ?? '')).map((i) => [i.id, 'smo_local_act'])),
    });
    expect(Object.values(kinds).filter((k) => k === 'smo_local_act').length).toBe(2);
  });

  it('the kind comes first, the subject anywhere: reports, letters and other orders are none', () => {
    const none = [
      'Еженедельный отчет о выполнении плана мероприятий ТФОМС и СМО',
      'Приказ ТФОМС об организации еженедельного мониторинга выполнения плана мероприятий проекта',
      'Совместный приказ о создании рабочей группы по реализации проекта',
      'График присутствия страховых представителей в медицинской организации',
      'Мониторинг работы страховых представителей по оповещению застрахованных лиц',
      'План проведения тематических экспертиз качества медицинской помощи',
    ];
    for (const resultDocument of none) expect(pilotDocumentKindOf({ resultDocument, title: 'Мероприятие' }), resultDocument).toBeNull();
    expect(pilotDocumentKindOf({ resultDocument: 'Постановление Правительства области об утверждении «дорожной карты»', title: '' })).toBe('legal_act');
    expect(pilotDocumentKindOf({ resultDocument: 'Правила информационного обмена между ТФОМС, СМО и МО', title: '' })).toBe('information_exchange_rules');
    expect(pilotDocumentKindOf({ resultDocument: 'Локальный акт СМО о назначении ответственных лиц', title: '' })).toBe('smo_local_act');
    expect(pilotDocumentKindOf({ resultDocument: 'Приказ ТФОМС о назначении ответственных лиц', title: '' })).toBe('appointment_order');
  });

  it('a bare kind («Приказ ТФОМС») is read with the item’s title; an item without a result document produces none', () => {
    const doc = RoadMapDocument.parse(pilotDemoDocument(pilotDemoRegions[0], '2026-12-01'));
    const order = doc.directions[0].items.find((i) => i.id === 'order')!;
    expect(pilotDocumentKindOf(order)).toBe('appointment_order');
    expect(pilotDocumentKindOf({ title: 'Приказ директора ТФОМС о назначении ответственных лиц' })).toBeNull();
    expect(pilotDocumentKindOf({ resultDocument: 'Приказ ТФОМС', title: 'Издание приказа' })).toBeNull();
  });
});

describe('a cell of the readiness matrix', () => {
  const platform = (state: PlatformEvidence['state']): PlatformEvidence => ({ state, date: state === 'done' ? '2026-12-01' : null, dateLabel: state === 'done' ? 'утверждена' : null, links: [{ label: 'распоряжение (DOCX)', href: '/x.docx' }], note: 'платформа' });
  const items = (o: Partial<ItemEvidence>): ItemEvidence => ({ executions: 1, accepted: 0, cancelled: 0, lastAcceptedAt: null, nextDeadlineAt: '2026-12-10T15:00:00.000Z', executionId: 'e1', attachment: null, ...o });

  it('items decide: all accepted is done with the file, any open is in work dated by its deadline', () => {
    const done = decideDocumentCell('appointment_order', items({ accepted: 1, lastAcceptedAt: '2026-12-03T10:00:00.000Z', nextDeadlineAt: null, attachment: { id: 'a1', name: 'приказ.pdf' } }), platform('done'));
    expect(done.state).toBe('done');
    expect(done).toMatchObject({ date: '2026-12-03T10:00:00.000Z', dateLabel: 'принято' });
    expect(done.links.map((l) => l.href)).toEqual(['/attachments/a1', '/executions/e1', '/x.docx']);
    const open = decideDocumentCell('appointment_order', items({ executions: 3, accepted: 2 }), platform('done'));
    expect(open).toMatchObject({ state: 'in_work', date: '2026-12-10T15:00:00.000Z' });
  });

  it('no items, or only cancelled ones: the platform decides; an approved road map wins over its own item', () => {
    expect(decideDocumentCell('financing_plan', null, platform('missing')).state).toBe('missing');
    expect(decideDocumentCell('financing_plan', items({ cancelled: 1 }), platform('done')).state).toBe('done');
    expect(decideDocumentCell('roadmap', items({}), platform('done')).state).toBe('done');
    expect(decideDocumentCell('roadmap', items({}), platform('in_work')).state).toBe('in_work');
  });
});

describe('the trend', () => {
  it('twelve ISO weeks ending with the given one, across the year boundary', () => {
    expect(trendWeeks(parseIsoWeek('2027-W02')!)).toEqual([
      '2026-W43', '2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49', '2026-W50', '2026-W51', '2026-W52', '2026-W53', '2027-W01', '2027-W02',
    ].slice(-12));
  });

  it('a week is on time, late, missing or pending by its due time; not expected unless a report was owed; the share counts decided weeks only', () => {
    const due = new Date('2026-12-04T15:00:00Z');
    const now = new Date('2026-12-05T00:00:00Z');
    expect(trendCell({ owed: false, dueAt: due, submittedAt: null, now })).toBe('none');
    expect(trendCell({ owed: true, dueAt: due, submittedAt: due, now })).toBe('on_time');
    expect(trendCell({ owed: true, dueAt: due, submittedAt: new Date(due.getTime() + 1), now })).toBe('late');
    expect(trendCell({ owed: true, dueAt: due, submittedAt: null, now })).toBe('missing');
    expect(trendCell({ owed: true, dueAt: due, submittedAt: null, now: new Date('2026-12-04T00:00:00Z') })).toBe('pending');
    // Not owed (approved after the due time, monitoring starting later): never «не представлен»; a report sent anyway still counts.
    expect(trendCell({ owed: false, dueAt: due, submittedAt: null, now: new Date('2026-12-10T00:00:00Z') })).toBe('none');
    expect(trendCell({ owed: false, dueAt: due, submittedAt: new Date(due.getTime() + 1), now })).toBe('late');
    expect(shareOnTime(['on_time', 'on_time', 'late', 'missing', 'pending', 'none'])).toEqual({ onTime: 2, late: 1, missing: 1, pending: 1, percent: 50 });
    expect(shareOnTime(['none', 'pending']).percent).toBeNull();
  });
});

describe('the pilot’s deadline for the road maps', () => {
  it('the region’s own date wins; due at 18:00 local of that working day, the next one when it is off', () => {
    // No programme-wide date: a fund starting the platform escalates nobody until the pilot's data sets one.
    expect(pilotProgramme.roadMapDueDate).toBeNull();
    expect(roadMapDueDate(pilotProgramme.roadMapDueDate, null)).toBeNull();
    expect(roadMapDueDate('2026-12-01', null)).toBe('2026-12-01');
    expect(roadMapDueDate(pilotProgramme.roadMapDueDate, '2026-12-18')).toBe('2026-12-18');
    // Friday 18 December 2026, Южно-Сахалинск (UTC+11): 07:00 UTC.
    expect(roadMapDueAt('2026-12-18', 'Asia/Sakhalin', workingCalendarFor('65')).toISOString()).toBe('2026-12-18T07:00:00.000Z');
    // Saturday → Monday 21 December, Moscow.
    expect(roadMapDueAt('2026-12-19', 'Europe/Moscow', workingCalendarFor('76')).toISOString()).toBe('2026-12-21T15:00:00.000Z');
  });

  it('coordinator at the due time, director a working day later, curator two; rungs in order, keyed by region, due time and rung', () => {
    const due = roadMapDueAt('2026-12-18', 'Europe/Moscow', workingCalendarFor('76'));
    const ladder = roadMapDeadlineLadder(due, 'Europe/Moscow', workingCalendarFor('76'));
    expect(ladder).toEqual([
      { rungId: 'coordinator', notify: 'coordinator', fireAt: '2026-12-18T15:00:00.000Z' },
      { rungId: 'director', notify: 'director', fireAt: '2026-12-21T15:00:00.000Z' },
      { rungId: 'curator', notify: 'curator', fireAt: '2026-12-22T15:00:00.000Z' },
    ]);
    const key = (region: string, rung: string) => roadMapDeadlineRungKey('p', region, due.toISOString(), rung);
    expect(key('76', 'director')).not.toBe(roadMapDeadlineRungKey('p', '76', '2026-12-25T15:00:00.000Z', 'director'));
    const plan: RoadMapDeadlinePlan = {
      programmeId: 'p',
      regions: [
        { regionCode: '76', dueAt: due.toISOString(), ladder: ladder.slice(1).map((r) => ({ ...r, key: key('76', r.rungId) })) },
        { regionCode: '65', dueAt: due.toISOString(), ladder: [{ rungId: 'coordinator', notify: 'coordinator', fireAt: '2026-12-18T07:00:00.000Z', key: key('65', 'coordinator') }] },
        { regionCode: '39', dueAt: due.toISOString(), ladder: [] },
      ],
    };
    expect(nextRoadMapRung(plan)?.rung.key).toBe(key('65', 'coordinator'));
    expect(nextRoadMapRung({ ...plan, regions: plan.regions.slice(0, 1) })?.rung.rungId).toBe('director');
    expect(nextRoadMapRung({ ...plan, regions: plan.regions.slice(2) })).toBeNull();
  });

  it('the escalation names the region, both clocks and the road map’s state', () => {
    const t = roadMapDeadlineText('curator', { regionName: 'Сахалинская область', dueAt: new Date('2026-12-18T07:00:00Z'), timeZone: 'Asia/Sakhalin', roadMapStatusLabel: 'проект', link: 'http://x/pilot/readiness', actingForName: null });
    expect(t.subject).toBe('Сахалинская область: «дорожная карта» не утверждена в срок (18.12.2026)');
    expect(t.body).toContain('18.12.2026 18:00 по местному времени (18.12.2026 10:00 МСК)');
    expect(t.body).toContain('Состояние: проект.');
  });
});
