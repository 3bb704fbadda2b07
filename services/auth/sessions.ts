import { createHash, randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { z } from 'zod';
import type { Actor } from '../../domain/actor.js';
import { SingleLineText } from '../../domain/text.js';
import { actorFrom, type ActorRow } from '../people/people-directory.js';
import { hashPassword, verifyPassword } from './password.js';
import { createLoginThrottle, type LoginThrottle } from './login-throttle.js';
import type { SessionPolicy } from './session-policy.js';

/** Sessions behind both the API's bearer tokens and the pages' cookie: only a hash of the token is stored. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const LoginRequest = z.object({ login: SingleLineText.min(1).max(100), password: SingleLineText.min(1).max(200) }).strict();

export type LoginOutcome =
  | { kind: 'ok'; token: string; expiresAt: Date; mustChangePassword: boolean }
  | { kind: 'invalid' }
  | { kind: 'throttled'; retryAfterSeconds: number };

/** Expired sessions and throttle rows removed per login: purging rides on logins, bounded, with no timer of its own. */
const PURGE_BATCH = 200;

export interface SessionHolder {
  actor: Actor;
  mustChangePassword: boolean;
}

/**
 * Sessions of the JSON API and the web pages: login with throttling, the
 * session behind a token (absolute lifetime and idle timeout), logout.
 */
export interface Sessions {
  readonly policy: SessionPolicy;
  login(login: string, password: string, address: string): Promise<LoginOutcome>;
  /**
   * Opens a session for a person whose identity is already proven (the password
   * login after its checks, single sign-on after the provider's); `idToken` is kept
   * for the provider's logout, its `sub` and `sid` for the provider's back-channel logout.
   */
  startSession(personId: string, opts?: { idToken?: string | null; provider?: { subject: string; session: string | null } }): Promise<{ token: string; expiresAt: Date }>;
  actor(token: string): Promise<Actor | null>;
  /** The same, with whether the person must first replace an initial password (pages and API then refuse the rest). */
  resolve(token: string): Promise<SessionHolder | null>;
  /** Ends the session; what it kept for the provider's logout (null for a password session or an unknown token). */
  revoke(token: string): Promise<{ idToken: string | null }>;
  purgeExpired(limit?: number): Promise<number>;
}

export function createSessions(
  sql: postgres.Sql,
  policy: SessionPolicy,
  throttle: LoginThrottle = createLoginThrottle(sql, policy),
  verify: (password: string, stored: string) => Promise<boolean> = verifyPassword,
): Sessions {
  // An unknown login is checked against this hash, so that it costs the same scrypt as a wrong password.
  let dummyHash: Promise<string> | null = null;
  const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
  // last_seen_at is written at most this often per session: a write per request would double the cost of reads.
  const touchEveryMs = Math.min(60_000, Math.max(1, Math.floor(policy.idleMs / 10)));

  async function purgeExpired(limit = PURGE_BATCH): Promise<number> {
    const idleSince = new Date(Date.now() - policy.idleMs);
    const sessions = await sql`
      delete from sessions where token_hash in (
        select token_hash from sessions where expires_at <= now() or last_seen_at <= ${idleSince} limit ${limit})`;
    await sql`delete from login_throttle where key in (select key from login_throttle where expire <= ${Date.now()} limit ${limit})`;
    return sessions.count;
  }

  async function startSession(personId: string, opts: { idToken?: string | null; provider?: { subject: string; session: string | null } } = {}) {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + policy.lifetimeMs);
    await sql`
      insert into sessions (token_hash, person_id, expires_at, id_token, oidc_subject, oidc_session)
      values (${hashToken(token)}, ${personId}, ${expiresAt}, ${opts.idToken ?? null}, ${opts.provider?.subject ?? null}, ${opts.provider?.session ?? null})`;
    await purgeExpired();
    return { token, expiresAt };
  }

  return {
    policy,
    purgeExpired,
    startSession,
    async login(login, password, address) {
      const gate = await throttle.check(login, address);
      if (gate.kind === 'blocked') return { kind: 'throttled', retryAfterSeconds: gate.retryAfterSeconds };
      const [person] = await sql<{ id: string; password_hash: string | null; must_change_password: boolean }[]>`select id, password_hash, must_change_password from people where login = ${login} and deactivated_at is null and locked_at is null`;
      const ok = await verify(password, person?.password_hash ?? (await dummy()));
      // An invited person without a password yet costs the same scrypt and gets the same answer.
      if (!person || !ok) {
        await throttle.failed(login, address);
        // From a blocked address a wrong password reads as the block itself: no oracle beyond the one try.
        return gate.kind === 'addressBlocked' ? { kind: 'throttled', retryAfterSeconds: gate.retryAfterSeconds } : { kind: 'invalid' };
      }
      await throttle.succeeded(login);
      return { kind: 'ok', ...(await startSession(person.id)), mustChangePassword: person.must_change_password };
    },
    async actor(token) {
      return (await resolve(token))?.actor ?? null;
    },
    resolve,
    async revoke(token) {
      const [row] = await sql<{ id_token: string | null }[]>`delete from sessions where token_hash = ${hashToken(token)} returning id_token`;
      return { idToken: row?.id_token ?? null };
    },
  };

  async function resolve(token: string): Promise<SessionHolder | null> {
    const now = Date.now();
    const [row] = await sql<(ActorRow & { must_change_password: boolean })[]>`
      with s as (
        select token_hash, person_id, last_seen_at from sessions
        where token_hash = ${hashToken(token)} and expires_at > now() and last_seen_at > ${new Date(now - policy.idleMs)}
      ), touched as (
        update sessions set last_seen_at = now() from s
        where sessions.token_hash = s.token_hash and s.last_seen_at < ${new Date(now - touchEveryMs)}
      )
      select p.id, p.full_name, p.organisation_id, o.kind, o.region_code, p.position, p.roles, p.must_change_password,
        ${curatedRegionCodesColumn(sql)}
      from s join people p on p.id = s.person_id and p.deactivated_at is null and p.locked_at is null
      join organisations o on o.id = p.organisation_id`;
    return row ? { actor: actorFrom(row), mustChangePassword: row.must_change_password } : null;
  }
}

/**
 * The regions a ТФОМС director curates, as the pilot's set-up in the database says (a ФОМС administrator
 * changes it): a column of the actor's query over people `p` and organisations `o`, for every way in
 * (a session, a personal API token).
 */
export function curatedRegionCodesColumn(sql: postgres.Sql) {
  return sql`case when o.kind = 'TFOMS' and p.position = 'director' then coalesce((
    select array_agg(pr.region_code order by pr.region_code) from pilot_groups g join pilot_regions pr on pr.group_id = g.id
    where g.curator_region_code = o.region_code), '{}') else '{}' end as curated_region_codes`;
}
