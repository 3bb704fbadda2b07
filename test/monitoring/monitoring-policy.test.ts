import { describe, expect, it } from 'vitest';
import { MonitoringPolicy, nextOpening, periodTimes, reportLadder } from '../../domain/monitoring-policy.js';
import { reportingDuties, type DutyPerson } from '../../domain/reporting-duty.js';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { checkReportAgainstDuty, informingEffectiveness, WeeklyReport } from '../../domain/weekly-report.js';
import { SMO1_ID, SMO2_ID, TFOMS_ID } from '../../infra/demo/orel-region.js';
import { demoDocument } from '../support/fixtures.js';

const MOSCOW = 'Europe/Moscow';
const week = MonitoringPolicy.parse({});

describe('reporting-period timing on the production calendar (calendar-pinned dates)', () => {
  it('an ordinary week: opens Monday 09:00, due Friday 15:00, cut-off two working days later (Moscow time)', () => {
    // Wednesday 2024-03-13: the next opening is Monday 2024-03-18.
    const opensAt = nextOpening(week, null, new Date('2024-03-13T10:00:00Z'), MOSCOW);
    expect(opensAt).toBe('2024-03-18T06:00:00.000Z');
    expect(periodTimes(week, opensAt, MOSCOW)).toEqual({
      opensAt,
      dueAt: '2024-03-22T12:00:00.000Z',
      cutoffAt: '2024-03-26T12:00:00.000Z',
    });
  });

  it('a holiday on Friday moves the due day to the previous working day: 08.03.2024 → Thursday 07.03.2024 15:00', () => {
    const opensAt = nextOpening(week, null, new Date('2024-03-01T12:00:00Z'), MOSCOW);
    expect(opensAt).toBe('2024-03-04T06:00:00.000Z');
    const t = periodTimes(week, opensAt, MOSCOW);
    expect(t.dueAt).toBe('2024-03-07T12:00:00.000Z');
    // The cut-off counts working days past the weekend and the holiday: Thursday + 2WD = Tuesday 12.03.
    expect(t.cutoffAt).toBe('2024-03-12T12:00:00.000Z');
  });

  it('a week with no working day before its due weekday (New Year holidays 2026) has no period', () => {
    expect(nextOpening(week, null, new Date('2026-01-01T00:00:00Z'), MOSCOW)).toBe('2026-01-12T06:00:00.000Z');
    expect(nextOpening(week, '2025-12-29T06:00:00.000Z', new Date('2025-12-30T00:00:00Z'), MOSCOW)).toBe('2026-01-12T06:00:00.000Z');
  });

  it('uses the region’s zone: Vladivostok’s Friday 15:00 is 05:00 UTC', () => {
    const opensAt = nextOpening(week, null, new Date('2024-03-13T10:00:00Z'), 'Asia/Vladivostok');
    expect(periodTimes(week, opensAt, 'Asia/Vladivostok').dueAt).toBe('2024-03-22T05:00:00.000Z');
  });

  it('the default late-report ladder: reminder, reporter, controlling official, director — within the period', () => {
    const times = periodTimes(week, '2024-03-04T06:00:00.000Z', MOSCOW);
    expect(reportLadder(week, times, MOSCOW).map((r) => [r.rung.id, r.fireAt])).toEqual([
      ['remind', '2024-03-07T09:00:00.000Z'],
      ['late', '2024-03-07T12:00:00.000Z'],
      ['late-controller', '2024-03-07T14:00:00.000Z'],
      ['late-director', '2024-03-11T12:00:00.000Z'],
    ]);
  });

  it('a week played in seconds: elapsed offsets from the opening, the first period opens at once', () => {
    const fast = MonitoringPolicy.parse({ fastCycle: { periodLength: 'PT20S', dueAfter: 'PT8S', cutoffAfter: 'PT15S' } });
    const now = new Date('2026-11-23T10:00:00Z');
    expect(nextOpening(fast, null, now, MOSCOW)).toBe(now.toISOString());
    expect(nextOpening(fast, now.toISOString(), now, MOSCOW)).toBe('2026-11-23T10:00:20.000Z');
    expect(periodTimes(fast, now.toISOString(), MOSCOW)).toEqual({ opensAt: now.toISOString(), dueAt: '2026-11-23T10:00:08.000Z', cutoffAt: '2026-11-23T10:00:15.000Z' });
    expect(() => MonitoringPolicy.parse({ fastCycle: { periodLength: 'PT20S', dueAfter: 'PT8S', cutoffAfter: 'PT5S' } })).toThrow(/окончание приёма/);
    expect(() => MonitoringPolicy.parse({ fastCycle: { periodLength: '1WD', dueAfter: 'PT8S', cutoffAfter: 'PT9S' } })).toThrow();
  });

  it('old road maps without a policy stay valid; a policy is accepted and defaulted', () => {
    const doc = RoadMapDocument.parse({ ...demoDocument(), monitoring: { dueAt: '16:00' } });
    expect(doc.monitoring?.dueOn).toBe('friday');
    expect(doc.monitoring?.dueAt).toBe('16:00');
    expect(RoadMapDocument.parse(demoDocument()).monitoring).toBeUndefined();
  });
});

describe('who reports on what (demo road map)', () => {
  const doc = RoadMapDocument.parse(demoDocument());
  const person = (organisationId: string, organisationKind: 'TFOMS' | 'SMO'): DutyPerson => ({ organisationId, organisationKind });
  const people = new Map<string, DutyPerson>([
    ...['director', 'controller', 'executor', 'quality', 'finance', 'it', 'coordinator'].map((id): [string, DutyPerson] => [id, person(TFOMS_ID, 'TFOMS')]),
    ['smo', person(SMO1_ID, 'SMO')],
    ['smo-controller', person(SMO1_ID, 'SMO')],
    ['smo2', person(SMO2_ID, 'SMO')],
  ]);
  const duties = reportingDuties(doc, people);
  const of = (id: string) => duties.find((d) => d.personId === id)!;

  it('each item × МО has exactly one reporter: the appointee of its direction and МО in the executing organisation, else the executor', () => {
    const lines = duties.flatMap((d) => d.lines.map((l) => `${l.itemId}|${l.moId}`));
    expect(new Set(lines).size).toBe(lines.length);
    // ТФОМС order: the coordinator is appointed per МО for the monitoring direction, executed by the controller.
    expect(of('coordinator').lines.every((l) => l.directionId === 'tfoms-monitoring' && l.moId !== null)).toBe(true);
    expect(of('controller').lines.some((l) => l.itemId === 'tfoms-monitoring-3')).toBe(true);
    // СМО «Долголетие» has no appointments: its executor reports its own items.
    expect(of('smo2').smo).toBe(true);
    expect(of('smo2').controllerIds).toEqual(['executor']);
    expect(of('smo').controllerIds).toEqual(expect.arrayContaining(['smo-controller', 'executor', 'quality']));
    expect(of('smo').moIds).toHaveLength(doc.participatingMoIds.length);
  });

  it('a report speaks only of its own lines and МО; the СМО form is for СМО reporters', () => {
    const smoMo = of('smo').moIds[0];
    const ok = WeeklyReport.parse({
      lines: [{ itemId: 'smo-informing-1', moId: smoMo, status: 'in_progress', percent: 40, done: 'Оповещено 120 человек' }],
      smoForm: [{ moId: smoMo, representativesPresent: 2, notified: 120, completedCheckup: 45, survey: { itemId: 'smo-surveys-1', planned: 300, surveyed: 120 } }],
    });
    expect(checkReportAgainstDuty(ok, of('smo'))).toEqual([]);
    const bad = WeeklyReport.parse({ lines: [{ itemId: 'smo-informing-2', moId: smoMo, status: 'done', percent: 100 }], smoForm: [{ moId: smoMo, representativesPresent: 1, notified: 1, completedCheckup: 0 }] });
    expect(checkReportAgainstDuty(bad, of('smo')).map((i) => i.field)).toEqual(['lines.0']);
    expect(checkReportAgainstDuty(bad, of('executor')).map((i) => i.field)).toEqual(['lines.0', 'smoForm.0']);
    expect(() => WeeklyReport.parse({ smoForm: [{ moId: smoMo, representativesPresent: 1, notified: 10, completedCheckup: 11 }] })).toThrow(/больше оповещённых/);
    expect(informingEffectiveness(120, 45)).toBe(37.5);
    expect(informingEffectiveness(0, 0)).toBeNull();
  });
});
