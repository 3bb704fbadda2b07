import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { z } from 'zod';
import type { Actor } from '../../domain/actor.js';
import { refusal, RefusedError } from '../../domain/refusal.js';
import { SingleLineText } from '../../domain/text.js';
import { hashToken } from '../auth/sessions.js';
import { actorFrom, type ActorRow } from '../people/people-directory.js';
import { curatedRegionCodesColumn } from '../auth/sessions.js';
import type { ServiceDeps } from '../deps.js';
import { recordAccountChange } from './account-audit.js';
import { accountSettingsFromEnv } from './account-settings.js';

/**
 * Personal API tokens for integrations: `Authorization: Bearer rmt_…` on /api like a session
 * token, but never a cookie session of the pages, and never enough to create more tokens or
 * to change a password (those want a session). Stored as a SHA-256 hash, shown once, each
 * with an expiry, revocable; a locked or deactivated person's tokens stop working.
 */
export const API_TOKEN_PREFIX = 'rmt_';
export const isApiToken = (token: string) => token.startsWith(API_TOKEN_PREFIX);
/** Live tokens one person may hold at once. */
export const MAX_LIVE_TOKENS = 20;

export const ApiTokenRequest = z
  .object({
    name: SingleLineText.trim().min(1, 'назовите токен (для какой интеграции он)').max(100),
    /** Days until it expires; at most API_TOKEN_MAX_DAYS (checked by the service, which knows the setting). */
    expiresInDays: z.coerce.number().int('целое число дней').min(1, 'не меньше 1 дня').max(3650),
  })
  .strict();

export interface ApiTokenInfo {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  active: boolean;
}

type Row = { id: string; name: string; created_at: Date; expires_at: Date; last_used_at: Date | null; revoked_at: Date | null };
const info = (r: Row, now = Date.now()): ApiTokenInfo => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at.toISOString(),
  expiresAt: r.expires_at.toISOString(),
  lastUsedAt: r.last_used_at?.toISOString() ?? null,
  revokedAt: r.revoked_at?.toISOString() ?? null,
  active: !r.revoked_at && r.expires_at.getTime() > now,
});

export async function listApiTokens(deps: Pick<ServiceDeps, 'sql'>, actor: Actor): Promise<ApiTokenInfo[]> {
  const rows = await deps.sql<Row[]>`
    select id, name, created_at, expires_at, last_used_at, revoked_at from api_tokens
    where person_id = ${actor.personId} order by created_at desc, id limit 200`;
  return rows.map((r) => info(r));
}

/** A new token; the secret is in the answer only, never stored nor shown again. */
export async function createApiToken(
  deps: Pick<ServiceDeps, 'sql' | 'accountSettings'>,
  actor: Actor,
  body: z.output<typeof ApiTokenRequest>,
  source: 'api' | 'page' = 'api',
): Promise<ApiTokenInfo & { token: string }> {
  const max = (deps.accountSettings ?? accountSettingsFromEnv()).apiTokenMaxDays;
  if (body.expiresInDays > max) {
    throw new RefusedError(refusal('validation', `срок действия токена — не больше ${max} дней`, [{ field: 'expiresInDays', message: `не больше ${max}` }]));
  }
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const id = `tok-${randomBytes(8).toString('hex')}`;
  const expiresAt = new Date(Date.now() + body.expiresInDays * 86_400_000);
  const row = await deps.sql.begin(async (tx) => {
    // Counted under the person's row lock, so two requests at once cannot pass the limit together.
    await tx`select 1 from people where id = ${actor.personId} for update`;
    const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from api_tokens where person_id = ${actor.personId} and revoked_at is null and expires_at > now()`;
    if (n >= MAX_LIVE_TOKENS) throw new RefusedError(refusal('conflict', `у вас уже ${MAX_LIVE_TOKENS} действующих токенов: отзовите ненужные`));
    const [r] = await tx<Row[]>`
      insert into api_tokens (id, person_id, name, token_hash, expires_at) values (${id}, ${actor.personId}, ${body.name}, ${hashToken(token)}, ${expiresAt})
      returning id, name, created_at, expires_at, last_used_at, revoked_at`;
    await recordAccountChange(tx, { actorId: actor.personId, personId: actor.personId, action: 'token_created', source, after: { tokenId: id, name: body.name, expiresAt: expiresAt.toISOString() } });
    return r;
  });
  return { ...info(row as Row), token };
}

/** Revokes one of one's own tokens; revoking a revoked one changes nothing; another's is «not found». */
export async function revokeApiToken(deps: Pick<ServiceDeps, 'sql'>, actor: Actor, tokenId: string, source: 'api' | 'page' = 'api'): Promise<void> {
  await deps.sql.begin(async (tx) => {
    const [row] = await tx<{ revoked_at: Date | null }[]>`select revoked_at from api_tokens where id = ${tokenId} and person_id = ${actor.personId} for update`;
    if (!row) throw new RefusedError(refusal('not_found', `токен ${tokenId} не найден`));
    if (row.revoked_at) return;
    await tx`update api_tokens set revoked_at = now() where id = ${tokenId}`;
    await recordAccountChange(tx, { actorId: actor.personId, personId: actor.personId, action: 'token_revoked', source, after: { tokenId } });
  });
}

/** Revokes every live token of the person (a password changed or reset), in the caller's transaction: the ids revoked. */
export async function revokeApiTokens(tx: postgres.TransactionSql, personId: string): Promise<string[]> {
  const rows = await tx<{ id: string }[]>`update api_tokens set revoked_at = now() where person_id = ${personId} and revoked_at is null and expires_at > now() returning id`;
  return rows.map((r) => r.id);
}

/** The person behind a live API token (not revoked, not expired, the person active and unlocked). */
export async function apiTokenHolder(sql: postgres.Sql, token: string): Promise<{ actor: Actor; mustChangePassword: boolean } | null> {
  const [row] = await sql<(ActorRow & { must_change_password: boolean })[]>`
    with t as (
      select id, person_id, last_used_at from api_tokens
      where token_hash = ${hashToken(token)} and revoked_at is null and expires_at > now()
    ), touched as (
      -- at most once a minute: a write per request would double the cost of an integration's reads
      update api_tokens set last_used_at = now() from t
      where api_tokens.id = t.id and (t.last_used_at is null or t.last_used_at < now() - interval '1 minute')
    )
    select p.id, p.full_name, p.organisation_id, o.kind, o.region_code, p.position, p.roles, p.must_change_password,
      ${curatedRegionCodesColumn(sql)}
    from t join people p on p.id = t.person_id and p.deactivated_at is null and p.locked_at is null
    join organisations o on o.id = p.organisation_id`;
  return row ? { actor: actorFrom(row), mustChangePassword: row.must_change_password } : null;
}
