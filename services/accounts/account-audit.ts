import type postgres from 'postgres';

/** Where the change came from (directory_changes.source). */
export type AccountChangeSource = 'api' | 'page' | 'import' | 'command' | 'sso';

export type AccountAction =
  | 'created'
  | 'invited'
  | 'password_set'
  | 'password_changed'
  | 'password_reset'
  | 'locked'
  | 'unlocked'
  | 'token_created'
  | 'token_revoked'
  | 'sso_login_refused';

/**
 * One row of the directory's audit trail (directory_changes, migration 010) for an account
 * event, in the transaction of the change itself. Secrets never go in: a token is named by its id.
 */
export async function recordAccountChange(
  sql: postgres.Sql | postgres.TransactionSql,
  change: { actorId: string | null; personId: string; action: AccountAction; source: AccountChangeSource; after?: Record<string, unknown> },
): Promise<void> {
  const q = sql as postgres.Sql;
  await q`insert into directory_changes (actor_id, subject_kind, subject_id, region_code, action, after, source)
          select ${change.actorId}, 'person', p.id, o.region_code, ${change.action}, ${change.after ? q.json(change.after as never) : null}, ${change.source}
          from people p join organisations o on o.id = p.organisation_id where p.id = ${change.personId}`;
}
