import { describe, expect, it } from 'vitest';
import { decideActingStanding, decideSubstitution, decideTransfer, managesPeopleOf, type StaffMember } from '../../domain/acting-official.js';
import { type Actor, type StoodInFor } from '../../domain/actor.js';
import { decideAccept, decideComplete, decideExtension, decideReturnForRework, initialExecutionState, type ExecutionState } from '../../domain/execution-lifecycle.js';
import type { PositionLevel } from '../../domain/position-rank.js';
import { canReadRegion, canReadRegionWideWork, canReadWeeklyReport, canReadWork, workScopeOf } from '../../domain/read-scope.js';
import { decideApprove, decideReturn, type RoadMapState } from '../../domain/roadmap-lifecycle.js';

type Org = { id: string; kind: Actor['organisationKind']; region: string | null };
const TFOMS57: Org = { id: 'tfoms-57', kind: 'TFOMS', region: '57' };
const SMO1: Org = { id: 'smo-57-1', kind: 'SMO', region: '57' };
const SMO2: Org = { id: 'smo-57-2', kind: 'SMO', region: '57' };
const TFOMS46: Org = { id: 'tfoms-46', kind: 'TFOMS', region: '46' };
const FOMS: Org = { id: 'foms', kind: 'FOMS', region: null };

function actor(personId: string, org: Org, position: PositionLevel = 'head_of_directorate', roles: Actor['roles'] = []): Actor {
  return { personId, fullName: personId, organisationId: org.id, organisationKind: org.kind, regionCode: org.region, position, roles, actingForId: null };
}
const member = (a: Actor): StaffMember => ({ id: a.personId, fullName: a.fullName, organisationId: a.organisationId, organisationKind: a.organisationKind, regionCode: a.regionCode, position: a.position });
const stood = (a: Actor): StoodInFor => ({ personId: a.personId, organisationId: a.organisationId, organisationKind: a.organisationKind, regionCode: a.regionCode, position: a.position });
/** The actor as the API sends it: standing in for `replaced` (all in force), acting for `actingFor`. */
const standingIn = (a: Actor, replaced: Actor[], actingFor: Actor | null = null): Actor => ({ ...a, actingForId: actingFor?.personId ?? null, standsInFor: replaced.map(stood) });

const director = actor('director', TFOMS57, 'director');
const executor = actor('executor', TFOMS57);
const controller = actor('controller', TFOMS57);
const finance = actor('finance', TFOMS57);
const specialist = actor('specialist', TFOMS57, 'specialist');
const coordinator = actor('coordinator', TFOMS57, 'head_of_division');
const admin = actor('admin', TFOMS57, 'head_of_division', ['admin']);
const smo = actor('smo', SMO1);
const smo2 = actor('smo2', SMO2);
const curator = actor('curator', FOMS, 'head_of_directorate', ['foms_curator']);
const director46 = actor('director-46', TFOMS46, 'director');

function execution(patch: Partial<ExecutionState> = {}): ExecutionState {
  const plan = { executionId: 'rm.i.mo', roadMapId: 'rm', version: 1, directionId: 'd', itemId: 'i', itemTitle: 'i', moId: 'mo', executorId: 'executor', controllerId: 'controller', coordinatorId: 'coordinator', deadlineAt: '2030-01-01T00:00:00Z' };
  return { ...initialExecutionState(plan, []), ...patch };
}
const submitted = (by = 'executor') => execution({ status: 'submitted', submittedBy: by });

describe('reading scope', () => {
  it('ТФОМС reads its region, an СМО only its own organisation, ФОМС every region', () => {
    const smo1Work = { regionCode: '57', organisationIds: [SMO1.id, TFOMS57.id] };
    const smo2Work = { regionCode: '57', organisationIds: [SMO2.id] };
    expect([director, smo, smo2, curator, director46].map((a) => canReadWork(a, smo2Work))).toEqual([true, false, true, true, false]);
    expect([director, smo, smo2, curator, director46].map((a) => canReadWork(a, smo1Work))).toEqual([true, true, false, true, false]);
    expect(workScopeOf(smo)).toEqual({ kind: 'organisation', regionCode: '57', organisationId: SMO1.id });
  });

  it('an administrator reads its own region only, like the rest of its fund', () => {
    expect(canReadRegion(admin, '57')).toBe(true);
    expect(canReadRegion(admin, '46')).toBe(false);
    expect(canReadRegion(curator, '46')).toBe(true);
  });

  it('ФОМС reads weekly reports only of submitted periods; СМО never the region-wide views', () => {
    const report = { regionCode: '57', organisationIds: [SMO1.id] };
    expect(canReadWeeklyReport(curator, { ...report, periodSubmitted: false })).toBe(false);
    expect(canReadWeeklyReport(curator, { ...report, periodSubmitted: true })).toBe(true);
    expect(canReadWeeklyReport(director, { ...report, periodSubmitted: false })).toBe(true);
    expect(canReadWeeklyReport(smo2, { ...report, periodSubmitted: true })).toBe(false);
    expect([director, curator, smo, director46].map((a) => canReadRegionWideWork(a, '57'))).toEqual([true, true, false, false]);
  });
});

describe('managing people', () => {
  it('the director and the administrator manage their own organisation only', () => {
    expect(managesPeopleOf(admin, TFOMS57.id)).toBe(true);
    expect(managesPeopleOf(admin, SMO1.id)).toBe(false);
    expect(managesPeopleOf(admin, TFOMS46.id)).toBe(false);
    expect(managesPeopleOf(director, SMO1.id)).toBe(false);
    expect(managesPeopleOf(executor, TFOMS57.id)).toBe(false);
  });

  it('a substitute works in the same organisation and meets the standing of the person replaced', () => {
    expect(decideSubstitution(executor, member(executor), member(finance))).toBeNull();
    expect(decideSubstitution(executor, member(executor), member(specialist))?.details[0].field).toBe('substituteId');
    expect(decideSubstitution(director, member(director), member(controller))).toBeNull();
    expect(decideSubstitution(director, member(controller), member(smo))?.details[0]).toEqual({ field: 'substituteId', message: 'другая организация' });
    expect(decideSubstitution(director, member(coordinator), member(admin))).toBeNull();
    expect(decideSubstitution(admin, member(smo), member(smo))?.code).toBe('forbidden');
    expect(decideSubstitution(smo, member(controller), member(finance))?.code).toBe('forbidden');
  });

  it('no transfer across organisations, nor by an outsider, nor to someone below head of directorate', () => {
    expect(decideTransfer(director, member(executor), member(finance), true)).toBeNull();
    expect(decideTransfer(director, member(executor), member(smo), true)?.details[0]).toEqual({ field: 'toPersonId', message: 'другая организация' });
    expect(decideTransfer(admin, member(smo), member(actor('smo-controller', SMO1)), true)?.code).toBe('forbidden');
    expect(decideTransfer(director, member(executor), member(specialist), true)?.details[0].field).toBe('toPersonId');
    expect(decideTransfer(director, member(executor), member(specialist), false)).toBeNull();
  });
});

describe('acting officials in the execution rules', () => {
  it('a specialist named acting executor cannot complete the item', () => {
    const asSpecialist = standingIn(specialist, [executor], executor);
    expect(decideComplete(execution(), asSpecialist)).toMatchObject({ code: 'forbidden', message: expect.stringContaining('не ниже') });
    expect(decideComplete(execution(), standingIn(finance, [executor], executor))).toBeNull();
  });

  it('an acting official of another organisation is refused even if a substitution says so', () => {
    expect(decideActingStanding(standingIn(smo, [executor], executor), 'executor')?.message).toMatch(/той же организации/);
  });

  it('separation of duties holds across substitution chains (executor → finance, controller → executor)', () => {
    // finance reports for the executor; the executor, standing in for the controller, may not accept it.
    const state = submitted('finance');
    const executorAsController = standingIn(executor, [controller], controller);
    expect(decideAccept(state, executorAsController)).toMatchObject({ code: 'forbidden', message: expect.stringContaining('четырёх глаз') });
    expect(decideReturnForRework(state, executorAsController, 'переделать')).toMatchObject({ code: 'forbidden', message: expect.stringContaining('четырёх глаз') });
    // Whoever stands in for the executor and the controller at once decides nothing, even on a report the executor filed.
    const bothSeats = standingIn(finance, [executor, controller], controller);
    expect(decideAccept(submitted('executor'), bothSeats)?.message).toMatch(/четырёх глаз/);
    expect(decideAccept(submitted('executor'), standingIn(finance, [controller], controller))).toBeNull();
  });

  it('an executor accepting their own item gets the four-eyes reason, not "only the controlling official"', () => {
    expect(decideAccept(submitted('executor'), executor)?.message).toMatch(/четырёх глаз/);
    expect(decideAccept(submitted('executor'), smo)?.message).toBe('принять исполнение может только контролирующее лицо');
    expect(decideAccept(submitted('executor'), controller)).toBeNull();
  });

  it('the executor does not decide on an extension of their own item, even standing in for the controller', () => {
    const state = execution({ pendingExtension: { requestId: 'x1', newDeadlineAt: '2031-01-01T00:00:00Z', reason: 'r', requestedBy: 'finance', requestedAt: '2029-01-01T00:00:00Z' } });
    expect(decideExtension(state, standingIn(executor, [controller], controller), 'x1')?.message).toMatch(/четырёх глаз/);
    expect(decideExtension(state, controller, 'x1')).toBeNull();
  });
});

describe('acting director', () => {
  const submittedRoadMap: RoadMapState = {
    roadMapId: 'rm', regionCode: '57', approvedVersion: null, approvedDocument: null,
    working: { version: 1, status: 'submitted', document: {} as never, lastReturnComment: null },
  };
  it('approves and returns in the director\'s absence; a director of another region or an unsubstituted deputy does not', () => {
    const acting = standingIn(controller, [director], director);
    expect(decideApprove(submittedRoadMap, acting)).toBeNull();
    expect(decideReturn(submittedRoadMap, acting, 'доработать')).toBeNull();
    expect(decideApprove(submittedRoadMap, controller)?.code).toBe('forbidden');
    expect(decideApprove(submittedRoadMap, director46)?.code).toBe('forbidden');
    expect(decideApprove(submittedRoadMap, standingIn(director46, [director], director))?.code).toBe('forbidden');
    expect(decideApprove(submittedRoadMap, standingIn(specialist, [director], director))?.message).toMatch(/не ниже/);
  });
});
