import { describe, expect, it } from 'vitest';
import { deadlineShift, deadlineShiftText, deadlineWithShiftText } from '../../domain/deadline-shift.js';
import { decideSubmit, type RoadMapState } from '../../domain/roadmap-lifecycle.js';
import type { Actor } from '../../domain/actor.js';
import type { RoadMapDocument } from '../../domain/roadmap.js';
import { titleForYears } from '../../infra/demo/shift-dates.js';

describe('deadlineShift: how a deadline written on a day off was moved, and why', () => {
  it('a Sunday moves to Monday as «выходной»; a holiday and a working day', () => {
    expect(deadlineShift({ date: '2027-01-10' })).toEqual({ written: '2027-01-10', due: '2027-01-11', reason: 'weekend' });
    expect(deadlineShiftText(deadlineShift({ date: '2027-01-10' })!)).toBe('10.01.2027 → 11.01.2027 (выходной)');
    expect(deadlineShift({ date: '2026-01-07' })?.reason).toBe('holiday');
    expect(deadlineShift({ date: '2027-01-11' })).toBeNull();
    expect(deadlineShift({ dateTime: '2027-01-10T12:00:00+03:00' })).toBeNull();
    // A year the calendar does not cover: nothing to explain, the date as written.
    expect(deadlineWithShiftText({ date: '2040-01-01' }, '01.01.2040')).toBe('01.01.2040');
  });
});

describe('decideSubmit: a draft is its author\'s or its coordinator\'s to send', () => {
  const actor = (personId: string, extra: Partial<Actor> = {}): Actor => ({
    personId, fullName: personId, organisationId: 'tfoms-57', organisationKind: 'TFOMS', regionCode: '57', position: 'head_of_division', roles: [], actingForId: null, ...extra,
  });
  const state = (authorId?: string): RoadMapState => ({
    roadMapId: 'rm', regionCode: '57', approvedVersion: null, approvedDocument: null,
    working: { version: 1, status: 'draft', document: { coordinatorId: 'coordinator' } as RoadMapDocument, lastReturnComment: null, authorId },
  });
  it('author, coordinator and their acting officials may; another head of division may not', () => {
    expect(decideSubmit(state('executor'), actor('executor'))).toBeNull();
    expect(decideSubmit(state('executor'), actor('coordinator'))).toBeNull();
    expect(decideSubmit(state('executor'), actor('admin', { actingForId: 'coordinator' }))).toBeNull();
    expect(decideSubmit(state('executor'), actor('admin'))?.code).toBe('forbidden');
    // A workflow started before authors were recorded keeps the old rule.
    expect(decideSubmit(state(undefined), actor('admin'))).toBeNull();
  });
});

describe('the demo title follows its shifted dates', () => {
  it('«на 2017 год» becomes the years the plan runs in', () => {
    expect(titleForYears('План … на 2017 год', [2026, 2027])).toBe('План … на 2026–2027 годы');
    expect(titleForYears('План … на 2017 год', [2027, 2027])).toBe('План … на 2027 год');
    expect(titleForYears('План без года', [2026, 2027])).toBe('План без года');
  });
});
