import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../../domain/actor.js';
import { decideSubstitution, decideTransfer, managesPeopleOf, notManaging, notManagingTransfer, type StaffMember } from '../../domain/acting-official.js';
import { isAtLeast } from '../../domain/person.js';
import { MultiLineText, SingleLineText } from '../../domain/text.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { reassignExecutionUpdate } from '../../workflows/messages.js';
import { asRefusal } from '../commands/workflow-commands.js';
import type { ServiceDeps } from '../deps.js';
import { staffOf } from './staff-in-scope.js';

/** Acting officials (и.о.) and bulk transfer of a person's open work. */

export const SubstitutionBody = z
  .object({
    personId: SingleLineText.min(1).max(64),
    substituteId: SingleLineText.min(1).max(64),
    startsAt: z.string().datetime({ offset: true }),
    endsAt: z.string().datetime({ offset: true }),
    reason: MultiLineText.trim().min(1, 'укажите основание (приказ, отпуск, командировка)').max(1000),
  })
  .strict()
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { path: ['endsAt'], message: 'окончание должно быть позже начала' })
  .refine((s) => s.personId !== s.substituteId, { path: ['substituteId'], message: 'сотрудник не может замещать сам себя' });

export const TransferBody = z
  .object({
    // Text rules (no NUL or other control characters): PostgreSQL cannot store a NUL, so it would be a 500.
    toPersonId: SingleLineText.min(1).max(64),
    reason: MultiLineText.trim().min(1, 'укажите основание передачи').max(1000),
    dryRun: z.boolean().default(false),
  })
  .strict();

export interface MovedWork {
  executionId: string;
  itemTitle: string;
  roles: ('executor' | 'controller')[];
}

/**
 * The person replaced, as the actor may name them: themselves, or — for their
 * organisation's director or administrator — someone of that organisation.
 * Whoever manages nobody gets the same refusal whoever they name, and a person
 * of another organisation the same answer as one who does not exist.
 */
async function absentPerson(sql: ServiceDeps['sql'], actor: Actor, id: string): Promise<StaffMember> {
  if (id !== actor.personId && !managesPeopleOf(actor, actor.organisationId)) throw new RefusedError(notManaging);
  return staffOf(sql, actor.organisationId, id, 'personId');
}

export async function appointSubstitute(sql: ServiceDeps['sql'], actor: Actor, s: z.output<typeof SubstitutionBody>, commandId: string, keyed: boolean) {
  const absent = await absentPerson(sql, actor, s.personId);
  const substitute = await staffOf(sql, absent.organisationId, s.substituteId, 'substituteId');
  const refused = decideSubstitution(actor, absent, substitute);
  if (refused) throw new RefusedError(refused);
  const id = `sub-${keyed ? commandId.slice(0, 16) : randomUUID()}`;
  await sql`insert into substitutions (id, person_id, substitute_id, starts_at, ends_at, reason, created_by)
                 values (${id}, ${absent.id}, ${substitute.id}, ${s.startsAt}, ${s.endsAt}, ${s.reason}, ${actor.personId})
                 on conflict (id) do nothing`;
  return { id };
}

/** Moves every open execution and control duty through `reassignExecution` Updates, eight at a time, each keyed by the transfer. */
export async function transferWork(deps: Pick<ServiceDeps, 'sql' | 'temporal'>, actor: Actor, fromId: string, input: z.output<typeof TransferBody>, commandId: string) {
  if (!managesPeopleOf(actor, actor.organisationId)) throw new RefusedError(notManagingTransfer);
  const from = await staffOf(deps.sql, actor.organisationId, fromId, 'id', 'not_found');
  const to = await staffOf(deps.sql, from.organisationId, input.toPersonId, 'toPersonId');
  return moveOpenWork(deps, actor, from, to, input, commandId, (hasOpenWork) => decideTransfer(actor, from, to, hasOpenWork));
}

export interface TransferOutcome {
  transferId: string | null;
  dryRun: boolean;
  moved: MovedWork[];
  skipped: MovedWork[];
}

/** The open executions a person executes or controls, with the roles they hold in each. */
export async function openExecutionsOf(sql: ServiceDeps['sql'], personId: string) {
  return sql<{ id: string; workflow_id: string; item_title: string; executor_id: string; controller_id: string }[]>`
    select id, workflow_id, item_title, executor_id, controller_id from item_executions
    where (executor_id = ${personId} or controller_id = ${personId}) and status not in ('accepted', 'cancelled') order by id`;
}

/**
 * The transfer itself, once the caller has decided who may order it (`decide`): the organisation's
 * director or administrator here, the region's administrator when deactivating someone.
 */
export async function moveOpenWork(
  deps: Pick<ServiceDeps, 'sql' | 'temporal'>,
  actor: Actor,
  from: StaffMember,
  to: StaffMember,
  input: { reason: string; dryRun: boolean },
  commandId: string,
  decide: (hasOpenWork: boolean) => ReturnType<typeof decideTransfer>,
): Promise<TransferOutcome> {
  const { reason, dryRun } = input;
  const open = await openExecutionsOf(deps.sql, from.id);
  const moved: MovedWork[] = [];
  const skipped: MovedWork[] = [];
  for (const e of open) {
    const roles = [...(e.executor_id === from.id ? ['executor' as const] : []), ...(e.controller_id === from.id ? ['controller' as const] : [])];
    // Seed 000: executors and controllers are at least heads of directorate; and nobody controls their own work.
    const ok = isAtLeast(to.position, 'head_of_directorate') && !(roles.length === 1 && (roles[0] === 'executor' ? e.controller_id : e.executor_id) === to.id);
    (ok ? moved : skipped).push({ executionId: e.id, itemTitle: e.item_title, roles });
  }
  const refused = decide(open.length > 0);
  if (refused) throw new RefusedError(refused);
  if (dryRun) return { transferId: null, dryRun: true, moved, skipped };

  const transferId = `tr-${createHash('sha256').update(commandId).digest('hex').slice(0, 16)}`;
  const workflowIds = new Map(open.map((e) => [e.id, e.workflow_id]));
  const done: typeof moved = [];
  let next = 0;
  const worker = async () => {
    while (next < moved.length) {
      const m = moved[next++];
      try {
        await deps.temporal.workflow
          .getHandle(workflowIds.get(m.executionId)!)
          .executeUpdate(reassignExecutionUpdate, { args: [{ actor, fromPersonId: from.id, toPersonId: to.id, transferId }], updateId: `${transferId}:${m.executionId}` });
        done.push(m);
      } catch (err) {
        // Finished or already moved meanwhile: nothing to transfer, report it as skipped.
        if (!asRefusal(err, refusal('conflict', 'завершено'))) throw err;
        skipped.push(m);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, moved.length) }, worker));
  await deps.sql`insert into transfers (id, from_person_id, to_person_id, reason, created_by, moved)
                 values (${transferId}, ${from.id}, ${to.id}, ${reason}, ${actor.personId}, ${deps.sql.json(done as never)}) on conflict (id) do nothing`;
  return { transferId, dryRun: false, moved: done.sort((a, b) => a.executionId.localeCompare(b.executionId)), skipped };
}
