import { createHash } from 'node:crypto';
import type { Actor } from '../../domain/actor.js';
import { decideReceiver, levelToStandInFor, type StaffMember } from '../../domain/acting-official.js';
import type { PersonDeactivation } from '../../domain/directory/person-entry.js';
import { isAtLeast, positionLabel } from '../../domain/person.js';
import { refusal, RefusedError, type FieldIssue, type Refusal } from '../../domain/refusal.js';
import type { ServiceDeps } from '../deps.js';
import { moveOpenWork, openExecutionsOf, type TransferOutcome } from '../people/substitutions-and-transfers.js';
import { staffOf } from '../people/staff-in-scope.js';
import { recordChange, type ChangeSource } from './directory-changes.js';
import { personNotFound, personRow } from './people.js';
import { requireAdministers } from './directory-access.js';

/**
 * Someone leaves: they are deactivated (never deleted — road maps, reports and the history
 * name them), their sessions end at once, and whatever they still hold goes to a receiver the
 * administrator chooses — executions through the existing transfer (a dry run shows it
 * first), weekly reporting duties through a substitution (the receiver reports as и.о. until
 * the road map names someone else), substitutions they were part of end.
 * With open work and no receiver the deactivation is refused, listing the work.
 */

export interface OpenWork {
  executions: { executionId: string; itemTitle: string; roles: ('executor' | 'controller')[] }[];
  reportingDuties: { periodId: string; roadMapId: string; roadMapTitle: string; dueAt: string }[];
  substitutions: { id: string; personId: string; substituteId: string; startsAt: string; endsAt: string }[];
  headOf: { id: string; name: string }[];
}

export async function openWorkOf(sql: ServiceDeps['sql'], personId: string): Promise<OpenWork> {
  const executions = (await openExecutionsOf(sql, personId)).map((e) => ({
    executionId: e.id,
    itemTitle: e.item_title,
    roles: [...(e.executor_id === personId ? ['executor' as const] : []), ...(e.controller_id === personId ? ['controller' as const] : [])],
  }));
  const duties = await sql<{ period_id: string; roadmap_id: string; title: string; due_at: Date }[]>`
    select d.period_id, p.roadmap_id, r.title, p.due_at from reporting_duties d
    join reporting_periods p on p.id = d.period_id join roadmaps r on r.id = p.roadmap_id
    where d.person_id = ${personId} and d.status = 'pending' and p.status = 'open' order by p.due_at`;
  const subs = await sql<{ id: string; person_id: string; substitute_id: string; starts_at: Date; ends_at: Date }[]>`
    select id, person_id, substitute_id, starts_at, ends_at from substitutions
    where (person_id = ${personId} or substitute_id = ${personId}) and ends_at > now() order by starts_at`;
  const heads = await sql<{ id: string; name: string }[]>`select id, name from organisations where head_person_id = ${personId} order by id`;
  return {
    executions,
    reportingDuties: duties.map((d) => ({ periodId: d.period_id, roadMapId: d.roadmap_id, roadMapTitle: d.title, dueAt: d.due_at.toISOString() })),
    substitutions: subs.map((s) => ({ id: s.id, personId: s.person_id, substituteId: s.substitute_id, startsAt: s.starts_at.toISOString(), endsAt: s.ends_at.toISOString() })),
    headOf: heads,
  };
}

/** Work that needs a receiver (substitutions simply end, the head of an organisation is simply unset). */
export const needsReceiver = (w: OpenWork) => w.executions.length > 0 || w.reportingDuties.length > 0;

function openWorkRefusal(w: OpenWork): Refusal {
  const details: FieldIssue[] = [
    ...w.executions.map((e) => ({ field: 'receiverId', message: `исполнение «${e.itemTitle}» (${e.executionId}): ${e.roles.map((r) => (r === 'executor' ? 'исполнитель' : 'контролирующее лицо')).join(', ')}` })),
    ...w.reportingDuties.map((d) => ({ field: 'receiverId', message: `еженедельный отчёт по «${d.roadMapTitle}» (${d.periodId})` })),
  ];
  return refusal(
    'conflict',
    `у сотрудника есть незавершённая работа: исполнений мероприятий — ${w.executions.length}, еженедельных отчётов — ${w.reportingDuties.length}. ` +
      'Укажите, кому её передать (receiverId), и посмотрите передачу заранее (dryRun)',
    details,
  );
}

const onReceiver = (r: Refusal): Refusal => ({ ...r, details: r.details.map((d) => ({ ...d, field: d.field === 'toPersonId' ? 'receiverId' : d.field })) });

export interface DeactivationOutcome {
  personId: string;
  dryRun: boolean;
  deactivated: boolean;
  openWork: OpenWork;
  receiverId: string | null;
  transfer: TransferOutcome | null;
  endedSessions: number;
}

export async function deactivatePerson(
  deps: Pick<ServiceDeps, 'sql' | 'temporal'>,
  actor: Actor,
  id: string,
  input: PersonDeactivation,
  commandId: string,
  source: ChangeSource,
): Promise<DeactivationOutcome> {
  const { sql } = deps;
  const row = await personRow(sql, id);
  if (!row) throw new RefusedError(refusal('not_found', personNotFound(id)));
  requireAdministers(actor, row.region_code, personNotFound(id));
  if (id === actor.personId) throw new RefusedError(refusal('forbidden', 'свою учётную запись деактивирует другой администратор'));
  if (row.deactivated_at) throw new RefusedError(refusal('conflict', 'сотрудник уже деактивирован'));
  const from: StaffMember = { id: row.id, fullName: row.full_name, organisationId: row.organisation_id, organisationKind: row.kind, regionCode: row.region_code, position: row.position };
  const work = await openWorkOf(sql, id);
  const receiverId = input.receiverId ?? null;
  if (needsReceiver(work) && !receiverId) throw new RefusedError(openWorkRefusal(work));

  let to: StaffMember | null = null;
  if (receiverId) {
    to = await staffOf(sql, row.organisation_id, receiverId, 'receiverId');
    const [active] = await sql`select 1 from people where id = ${to.id} and deactivated_at is null and locked_at is null`;
    if (!active) throw new RefusedError(refusal('validation', 'получатель работы деактивирован или заблокирован', [{ field: 'receiverId', message: 'не действует' }]));
    const refused = decideReceiver(from, to, work.executions.length > 0);
    if (refused) throw new RefusedError(onReceiver(refused));
    if (work.reportingDuties.length && !isAtLeast(to.position, levelToStandInFor(from.position))) {
      const needed = levelToStandInFor(from.position);
      throw new RefusedError(refusal('validation', `еженедельные отчёты принимает сотрудник не ниже: ${positionLabel[needed]}`, [{ field: 'receiverId', message: 'должность ниже требуемой' }]));
    }
  }

  const receiver = to;
  const transferInput = { reason: `Деактивация: ${input.reason}`, dryRun: true };
  const preview = receiver ? await moveOpenWork(deps, actor, from, receiver, transferInput, commandId, () => null) : null;
  if (preview?.skipped.length) {
    throw new RefusedError(
      refusal('conflict', `не всю работу можно передать сотруднику ${receiver!.fullName}: выберите другого получателя`, preview.skipped.map((s) => ({ field: 'receiverId', message: `«${s.itemTitle}» (${s.executionId})` }))),
    );
  }
  if (input.dryRun) return { personId: id, dryRun: true, deactivated: false, openWork: work, receiverId, transfer: preview, endedSessions: 0 };

  // The executions first, through the transfer (Temporal Updates keyed by the command, safe to retry);
  // then the person, the sessions, the substitutions and the audit row in one transaction.
  const transfer = receiver && work.executions.length ? await moveOpenWork(deps, actor, from, receiver, { ...transferInput, dryRun: false }, commandId, () => null) : null;
  const ended = await sql.begin(async (tx) => {
    const [locked] = await tx<{ deactivated_at: Date | null }[]>`select deactivated_at from people where id = ${id} for update`;
    if (locked.deactivated_at) throw new RefusedError(refusal('conflict', 'сотрудник уже деактивирован'));
    const [{ deactivated_at }] = await tx<{ deactivated_at: Date }[]>`update people set deactivated_at = now() where id = ${id} returning deactivated_at`;
    const sessions = await tx`delete from sessions where person_id = ${id}`;
    // Substitutions they take part in end now (one not yet begun goes away: it never was in force).
    await tx`delete from substitutions where (person_id = ${id} or substitute_id = ${id}) and starts_at > now()`;
    await tx`update substitutions set ends_at = now() where (person_id = ${id} or substitute_id = ${id}) and starts_at <= now() and ends_at > now()`;
    await tx`update organisations set head_person_id = null where head_person_id = ${id}`;
    let substitutionId: string | null = null;
    if (receiver && work.reportingDuties.length) {
      substitutionId = `sub-${createHash('sha256').update(`deactivation:${commandId}`).digest('hex').slice(0, 16)}`;
      await tx`insert into substitutions (id, person_id, substitute_id, starts_at, ends_at, reason, created_by)
               values (${substitutionId}, ${id}, ${receiver.id}, now(), now() + interval '366 days',
                       ${`Деактивация сотрудника: еженедельные отчёты до изменения дорожной карты. ${input.reason}`}, ${actor.personId})
               on conflict (id) do nothing`;
    }
    await recordChange(tx, {
      actorId: actor.personId,
      subjectKind: 'person',
      subjectId: id,
      regionCode: row.region_code,
      action: 'deactivated',
      before: { deactivatedAt: null },
      after: {
        deactivatedAt: deactivated_at.toISOString(),
        reason: input.reason,
        receiverId,
        transferId: transfer?.transferId ?? null,
        movedExecutions: transfer?.moved.length ?? 0,
        reportingSubstitutionId: substitutionId,
        endedSubstitutions: work.substitutions.map((s) => s.id),
        endedSessions: sessions.count,
      },
      source,
    });
    return sessions.count;
  });
  return { personId: id, dryRun: false, deactivated: true, openWork: work, receiverId, transfer, endedSessions: ended };
}
