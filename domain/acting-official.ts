import { replacedPerson, type Actor } from './actor.js';
import type { OrganisationKind } from './organisation.js';
import { isAtLeast, positionLabel, type PositionLevel } from './position-rank.js';
import { refusal, type Refusal } from './refusal.js';

/**
 * Acting officials (исполняющий обязанности) and the hand-over of work meet the
 * rules of the person replaced: the same organisation, and the standing the
 * duties require (seed 000: executors and controllers at least head of
 * directorate, the monitoring coordinator at least head of division).
 */
export type Duty = 'executor' | 'controller' | 'director' | 'coordinator';

const dutyLevel: Record<Duty, PositionLevel> = {
  executor: 'head_of_directorate',
  controller: 'head_of_directorate',
  director: 'head_of_directorate',
  coordinator: 'head_of_division',
};

const dutyLabel: Record<Duty, string> = {
  executor: 'исполнителя',
  controller: 'контролирующего лица',
  director: 'директора',
  coordinator: 'координатора мониторинга',
};

/** The level a substitute needs to take over whatever a person of this position may hold. */
export function levelToStandInFor(position: PositionLevel): PositionLevel {
  return isAtLeast(position, 'head_of_directorate') ? 'head_of_directorate' : position;
}

/** Refuses an acting official who does not meet the standing of the duty they act in. Null when the actor acts in their own name. */
export function decideActingStanding(actor: Actor, duty: Duty): Refusal | null {
  if (!actor.actingForId) return null;
  const replaced = replacedPerson(actor);
  if (replaced && replaced.organisationId !== actor.organisationId) {
    return refusal('forbidden', `исполняющий обязанности ${dutyLabel[duty]} должен работать в той же организации`);
  }
  if (!isAtLeast(actor.position, dutyLevel[duty])) {
    return refusal('forbidden', `исполняющий обязанности ${dutyLabel[duty]} должен быть не ниже: ${positionLabel[dutyLevel[duty]]} (сейчас: ${positionLabel[actor.position]})`);
  }
  return null;
}

/** A person as the people rules need to know them. */
export interface StaffMember {
  id: string;
  fullName: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  regionCode: string | null;
  position: PositionLevel;
}

/** The organisation's director and administrators manage who stands in for whom, inside their own organisation only. */
export function managesPeopleOf(actor: Actor, organisationId: string): boolean {
  return actor.organisationId === organisationId && (actor.position === 'director' || actor.roles.includes('admin'));
}

export function decideSubstitution(actor: Actor, absent: StaffMember, substitute: StaffMember): Refusal | null {
  if (actor.personId !== absent.id && !managesPeopleOf(actor, absent.organisationId)) return notManaging;
  if (substitute.organisationId !== absent.organisationId) {
    return refusal('validation', 'исполняющий обязанности должен работать в той же организации', [{ field: 'substituteId', message: 'другая организация' }]);
  }
  const needed = levelToStandInFor(absent.position);
  if (!isAtLeast(substitute.position, needed)) {
    return refusal('validation', `исполняющий обязанности должен быть не ниже: ${positionLabel[needed]} (${substitute.fullName}: ${positionLabel[substitute.position]})`, [
      { field: 'substituteId', message: 'должность ниже требуемой' },
    ]);
  }
  return null;
}

export const notManaging = refusal('forbidden', 'назначить исполняющего обязанности может сам сотрудник, директор его организации или её администратор');
export const notManagingTransfer = refusal('forbidden', 'передать работу сотрудника может директор его организации или её администратор');

/** A bulk hand-over: within the organisation, by its director or administrator, to someone who may hold the duties. */
export function decideTransfer(actor: Actor, from: StaffMember, to: StaffMember, hasOpenWork: boolean): Refusal | null {
  if (!managesPeopleOf(actor, from.organisationId)) return notManagingTransfer;
  return decideReceiver(from, to, hasOpenWork);
}

/** Who may receive a person's work, whoever orders the hand-over (their manager, or the region's administrator deactivating them). */
export function decideReceiver(from: StaffMember, to: StaffMember, hasOpenWork: boolean): Refusal | null {
  if (to.id === from.id) return refusal('validation', 'передать работу самому себе нельзя', [{ field: 'toPersonId', message: 'тот же сотрудник' }]);
  if (to.organisationId !== from.organisationId) {
    return refusal('validation', 'работу можно передать только сотруднику той же организации', [{ field: 'toPersonId', message: 'другая организация' }]);
  }
  if (hasOpenWork && !isAtLeast(to.position, 'head_of_directorate')) {
    return refusal('validation', `исполнители и контролирующие лица — не ниже начальника управления (${to.fullName}: ${positionLabel[to.position]})`, [
      { field: 'toPersonId', message: 'должность ниже требуемой' },
    ]);
  }
  return null;
}
