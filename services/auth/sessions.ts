import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ServiceDeps } from '../deps.js';
import { actorFrom, type ActorRow } from '../people/people-directory.js';
import { verifyPassword } from './password.js';

/** Sessions behind both the API's bearer tokens and the pages' cookie: only a hash of the token is stored. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const LoginRequest = z.object({ login: z.string().min(1).max(100), password: z.string().min(1).max(200) }).strict();

/** Checks the password and opens a session; null when the login or password is wrong. Shared with the web login form. */
export async function startSession(deps: Pick<ServiceDeps, 'sql' | 'tokenTtlMs'>, login: string, password: string): Promise<{ token: string; expiresAt: Date } | null> {
  const [person] = await deps.sql<{ id: string; password_hash: string }[]>`select id, password_hash from people where login = ${login}`;
  if (!person || !(await verifyPassword(password, person.password_hash))) return null;
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + (deps.tokenTtlMs ?? 12 * 3600_000));
  await deps.sql`insert into sessions (token_hash, person_id, expires_at) values (${hashToken(token)}, ${person.id}, ${expiresAt})`;
  return { token, expiresAt };
}

/** The person behind a live session token, or null when it is unknown or expired. */
export async function sessionActor(deps: Pick<ServiceDeps, 'sql'>, token: string) {
  const [row] = await deps.sql<ActorRow[]>`
    select p.id, p.full_name, p.organisation_id, o.kind, o.region_code, p.position, p.roles
    from sessions s join people p on p.id = s.person_id join organisations o on o.id = p.organisation_id
    where s.token_hash = ${hashToken(token)} and s.expires_at > now()`;
  return row ? actorFrom(row) : null;
}

export async function endSession(deps: Pick<ServiceDeps, 'sql'>, token: string): Promise<void> {
  await deps.sql`delete from sessions where token_hash = ${hashToken(token)}`;
}
