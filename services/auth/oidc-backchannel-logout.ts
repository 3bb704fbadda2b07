import type * as client from 'openid-client';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type postgres from 'postgres';
import { logger } from '../../infra/observability/logger.js';
import type { OidcConfig } from './oidc-config.js';

const log = logger.child({ component: 'sso' });

/** The event a logout token must carry (OpenID Connect Back-Channel Logout 1.0, section 2.4). */
const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** A logout token older than this is refused: the provider sends it when the session ends, not later. */
const MAX_TOKEN_AGE_SECONDS = 300;

export type BackchannelOutcome = { kind: 'ended'; sessions: number } | { kind: 'refused'; reason: string } | { kind: 'unavailable'; cause: unknown };

/**
 * The provider's back-channel logout: a signed logout token, posted server to server when a person's session
 * at the provider ends (they signed out elsewhere, or an administrator ended it). It is checked like an ID
 * token — signature by the provider's keys (`jose`, the library openid-client itself builds on), issuer,
 * audience, age — plus the logout rules: the event, no nonce, a `sub` or a `sid`, a `jti` taken once. The
 * sessions it names end: the one provider session (`sid`) if given, else every session of the subject.
 */
export function createBackchannelLogout(deps: { sql: postgres.Sql; config: OidcConfig; configuration: () => Promise<client.Configuration> }) {
  const { sql, config } = deps;
  let keys: { uri: string; set: ReturnType<typeof createRemoteJWKSet> } | null = null;

  return async function endSessionsFromProvider(logoutToken: string, address: string): Promise<BackchannelOutcome> {
    const outcome = await check(logoutToken);
    if (outcome.kind === 'refused') log.warn({ reason: outcome.reason, address }, 'back-channel logout refused');
    if (outcome.kind === 'unavailable') log.error({ err: outcome.cause, address }, 'back-channel logout: the provider\'s keys are unavailable');
    return outcome;
  };

  async function check(logoutToken: string): Promise<BackchannelOutcome> {
    let metadata: client.ServerMetadata;
    try {
      metadata = (await deps.configuration()).serverMetadata();
    } catch (cause) {
      return { kind: 'unavailable', cause };
    }
    if (!metadata.jwks_uri) return { kind: 'refused', reason: 'the provider publishes no keys (jwks_uri)' };
    if (keys?.uri !== metadata.jwks_uri) keys = { uri: metadata.jwks_uri, set: createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: config.timeoutSeconds * 1000 }) };
    const algorithms = (metadata.id_token_signing_alg_values_supported ?? ['RS256']).filter((a) => a !== 'none');

    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(logoutToken, keys.set, {
        issuer: metadata.issuer,
        audience: config.clientId,
        algorithms,
        maxTokenAge: MAX_TOKEN_AGE_SECONDS,
        clockTolerance: 30,
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWKSTimeout || err instanceof TypeError) return { kind: 'unavailable', cause: err };
      return { kind: 'refused', reason: `logout token: ${(err as Error).message}` };
    }
    const events = claims.events as Record<string, unknown> | undefined;
    if (!events || typeof events !== 'object' || typeof events[BACKCHANNEL_LOGOUT_EVENT] !== 'object') return { kind: 'refused', reason: 'logout token: no back-channel logout event' };
    if ('nonce' in claims) return { kind: 'refused', reason: 'logout token: carries a nonce (an ID token?)' };
    const sid = typeof claims.sid === 'string' && claims.sid ? claims.sid : null;
    const sub = typeof claims.sub === 'string' && claims.sub ? claims.sub : null;
    if (!sid && !sub) return { kind: 'refused', reason: 'logout token: neither sub nor sid' };
    if (typeof claims.jti !== 'string' || !claims.jti) return { kind: 'refused', reason: 'logout token: no jti' };

    const ended = await sql.begin(async (tx) => {
      await tx`delete from oidc_logout_tokens where expires_at < now()`;
      const [taken] = await tx`
        insert into oidc_logout_tokens (jti, expires_at) values (${claims.jti!}, now() + make_interval(secs => ${MAX_TOKEN_AGE_SECONDS * 2}))
        on conflict (jti) do nothing returning jti`;
      if (!taken) return null;
      const gone = sid
        ? await tx`delete from sessions where oidc_session = ${sid} ${sub ? tx`and oidc_subject = ${sub}` : tx``} returning person_id`
        : await tx`delete from sessions where oidc_subject = ${sub} returning person_id`;
      return gone.map((r) => r.person_id as string);
    });
    if (ended === null) return { kind: 'refused', reason: 'logout token: used already (jti)' };
    log.info({ sessions: ended.length, personIds: [...new Set(ended)], sid, sub }, 'single sign-on: sessions ended by the provider (back-channel logout)');
    return { kind: 'ended', sessions: ended.length };
  }
}
