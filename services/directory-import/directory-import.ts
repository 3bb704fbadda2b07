import type postgres from 'postgres';
import type { Actor } from '../../domain/actor.js';
import { administersRegion } from '../../domain/administration.js';
import { RefusedError, refusal, type FieldIssue } from '../../domain/refusal.js';
import { randomUUID } from 'node:crypto';
import { withCommandDeadline } from '../../infra/temporal/temporal-client.js';
import type { inviteImportedPeopleWorkflow } from '../../workflows/invite-imported-people-workflow.js';
import { directoryImportLock, queueInvitations } from '../accounts/invitation-queue.js';
import type { ServiceDeps } from '../deps.js';
import { writeDirectoryPlan } from './directory-apply.js';
import { planDirectoryImport, type PlanEntry } from './directory-plan.js';
import { openWorkbook, readDirectoryRows } from './directory-rows.js';
import { loadDirectoryState } from './directory-state.js';
import { directoryTemplate } from './directory-templates.js';
import { LIST, type ListKind } from './directory-workbook.js';

/** A dry run lists at most this many errors (every one is counted); an apply refusal carries the API's usual first 50. */
export const MAX_LISTED_ERRORS = 1000;

export interface UploadedWorkbook {
  name: string;
  bytes: Buffer;
}

export interface DirectoryImportResult {
  regionCode: string;
  dryRun: boolean;
  /** Whether the changes were written (false on a dry run, and on an apply that found nothing to change). */
  applied: boolean;
  valid: boolean;
  lists: ListKind[];
  summary: { create: number; change: number; deactivate: number; reactivate: number; unchanged: number };
  creates: PlanEntry[];
  /** Changes and reactivations. */
  changes: PlanEntry[];
  deactivations: PlanEntry[];
  errors: FieldIssue[];
  errorCount: number;
  /**
   * After an apply that created people: their invitations, queued in the import's transaction and sent by the
   * worker in the background (inviteImportedPeopleWorkflow; each one sent is an `invited` row on the person's trail).
   */
  invitations?: { queued: number };
}

/**
 * The rights rule of the directory import, checked before any file is read: the region's administrator or a
 * ФОМС administrator. A region that does not exist is a 404 for the latter (region codes are public: no probing).
 */
export async function authorizeDirectoryImport(sql: postgres.Sql, actor: Actor, regionCode: string): Promise<void> {
  if (!administersRegion(actor, regionCode)) {
    throw new RefusedError(refusal('forbidden', 'загружать справочник региона может его администратор или администратор ФОМС'));
  }
  const [region] = /^\d{2,3}$/.test(regionCode) ? await sql`select 1 from regions where code = ${regionCode}` : [];
  if (!region) throw new RefusedError(refusal('not_found', `региона с кодом «${regionCode}» нет`));
}

export async function directoryTemplateFor(sql: postgres.Sql, actor: Actor, regionCode: string, kind: ListKind) {
  await authorizeDirectoryImport(sql, actor, regionCode);
  return directoryTemplate(kind);
}

const SHEET_ORDER: string[] = Object.values(LIST);
function place(issue: FieldIssue): [number, number, string] {
  const m = /^(.+)!([A-Z]+)(\d+)$/.exec(issue.field);
  if (!m) return [SHEET_ORDER.indexOf(issue.field), 0, ''];
  return [SHEET_ORDER.indexOf(m[1]), Number(m[3]), m[2]];
}
const byPlace = (a: FieldIssue, b: FieldIssue) => {
  const [sa, ra, ca] = place(a);
  const [sb, rb, cb] = place(b);
  return sa - sb || ra - rb || ca.localeCompare(cb);
};

/**
 * Checks (dry run) or applies the uploaded workbooks of one region. Every mistake — of a cell, across rows, across
 * sheets and files — is found in the same pass and reported at its sheet, row and column. Applying is one
 * transaction under a per-region lock, planned again inside it; nothing is written while anything is wrong, and a
 * file already applied writes nothing (no audit rows either).
 */
export async function importDirectory(deps: Pick<ServiceDeps, 'sql' | 'temporal' | 'taskQueue'>, actor: Actor, regionCode: string, files: UploadedWorkbook[], dryRun: boolean): Promise<DirectoryImportResult> {
  await authorizeDirectoryImport(deps.sql, actor, regionCode);
  if (!files.length) throw new RefusedError(refusal('validation', 'нужен файл .xlsx по шаблону', [{ field: 'file', message: 'файл не передан' }]));
  const readers = await Promise.all(files.map((f) => openWorkbook(f.bytes, f.name)));
  const rows = readDirectoryRows(readers);
  const issuesOf = () => {
    const issues = readers.flatMap((r) => r.issues).sort(byPlace);
    if (!rows.lists.length) issues.unshift({ field: 'file', message: `в файле нет листов «${Object.values(LIST).join('», «')}»: загрузите файл по шаблону` });
    return issues;
  };

  if (dryRun) {
    const plan = planDirectoryImport(actor, rows, await loadDirectoryState(deps.sql, regionCode, rows));
    return result(regionCode, true, false, rows.lists, plan.entries, plan.unchanged, issuesOf());
  }
  const outcome = await deps.sql.begin(async (tx) => {
    // Two applies of one region wait for each other, so the second plans against the first one's result.
    await tx`select pg_advisory_xact_lock(hashtext(${directoryImportLock(regionCode)}))`;
    const plan = planDirectoryImport(actor, rows, await loadDirectoryState(tx, regionCode, rows));
    const issues = issuesOf();
    if (issues.length) {
      const more = issues.length > 50 ? ` (показаны первые 50; все — в пробной загрузке)` : '';
      throw new RefusedError(refusal('validation', `файл не принят, ничего не изменено: ошибок ${issues.length}${more}`, issues));
    }
    await writeDirectoryPlan(tx, actor, regionCode, plan.write);
    // New people have no password: each is owed the invitation that sets it. Queued here and the sender started
    // before the commit, so that a committed import always has both (a Temporal outage refuses the whole import
    // with a 503, nothing written); the sender's first round waits for this transaction (the region's lock).
    const invited = plan.write.insertPeople.map((p) => p.id);
    if (!invited.length) return { plan, invitations: undefined };
    const batchId = randomUUID();
    const queued = await queueInvitations(tx, { batchId, actorId: actor.personId, personIds: invited });
    const workflowId = `directory-import-invitations-${batchId}`;
    await withCommandDeadline(deps.temporal, () =>
      deps.temporal.workflow.start<typeof inviteImportedPeopleWorkflow>('inviteImportedPeopleWorkflow', { workflowId, taskQueue: deps.taskQueue, args: [{ batchId, regionCode }] }),
    );
    return { plan, invitations: { queued } };
  });
  const { plan, invitations } = outcome;
  return { ...result(regionCode, false, plan.entries.length > 0, rows.lists, plan.entries, plan.unchanged, []), ...(invitations ? { invitations } : {}) };
}

function result(regionCode: string, dryRun: boolean, applied: boolean, lists: ListKind[], entries: PlanEntry[], unchanged: number, issues: FieldIssue[]): DirectoryImportResult {
  const count = (a: PlanEntry['action']) => entries.filter((e) => e.action === a).length;
  return {
    regionCode, dryRun, applied, valid: issues.length === 0, lists,
    summary: { create: count('create'), change: count('change'), deactivate: count('deactivate'), reactivate: count('reactivate'), unchanged },
    creates: entries.filter((e) => e.action === 'create'),
    changes: entries.filter((e) => e.action === 'change' || e.action === 'reactivate'),
    deactivations: entries.filter((e) => e.action === 'deactivate'),
    errors: issues.slice(0, MAX_LISTED_ERRORS),
    errorCount: issues.length,
  };
}
