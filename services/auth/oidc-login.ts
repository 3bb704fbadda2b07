import * as client from 'openid-client';
import type postgres from 'postgres';
import { logger } from '../../infra/observability/logger.js';
import type { Sessions } from './sessions.js';
import type { OidcConfig } from './oidc-config.js';
import { consumeTransaction, saveTransaction } from './oidc-transactions.js';
import { matchPerson, recordRefusal, type SsoRefusal } from './oidc-person.js';
import { ssoStartThrottle } from './sso-start-throttle.js';
import { createBackchannelLogout, type BackchannelOutcome } from './oidc-backchannel-logout.js';

const log = logger.child({ component: 'sso' });

/**
 * The provider did not answer (or answered something that is not its
 * discovery document, or named another issuer): the pages show a quick 503
 * naming it, never a hang or a 500.
 */
export class ProviderUnavailableError extends Error {
  constructor(
    readonly provider: string,
    readonly reason: 'unreachable' | 'issuer_mismatch',
    options?: { cause?: unknown },
  ) {
    super(`identity provider ${provider}: ${reason}`, options);
    this.name = 'ProviderUnavailableError';
  }
}

/** Why a callback did not become a session, before any person was looked at. */
export type CallbackFailure =
  /** No state cookie, a state that does not match it, or one already used or expired. */
  | 'state'
  /** The provider sent an error back (the person cancelled, the client is not allowed, …). */
  | 'provider_error'
  /** The code was refused at the token endpoint (used twice, expired, issued to someone else). */
  | 'code_refused'
  /** The ID token failed a check: expired, another issuer or audience, wrong nonce, bad signature. */
  | 'token_invalid';

/** Too many logins started from one address lately (sso-start-throttle.ts): the page answers 429. */
export class SsoStartThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`single sign-on starts throttled for ${retryAfterSeconds} s`);
    this.name = 'SsoStartThrottledError';
  }
}

export type CallbackOutcome =
  | { kind: 'ok'; token: string; expiresAt: Date; next: string; personId: string }
  | { kind: 'failed'; failure: CallbackFailure }
  | { kind: 'refused'; reason: SsoRefusal };

export interface OidcLogin {
  readonly config: OidcConfig;
  /** Starts a login from `address`: the provider's authorization URL and the state the browser must keep (cookie). */
  begin(next: string, address: string): Promise<{ url: URL; state: string }>;
  /** The provider's redirect back: checks, exchanges the code, maps the claim to a person, opens a session. */
  complete(query: URLSearchParams, cookieState: string | undefined, address: string): Promise<CallbackOutcome>;
  /** The provider's logout URL for a session it opened, or null when it offers none (or does not answer). */
  logoutUrl(idToken: string | null): Promise<URL | null>;
  /** The provider's back-channel logout: a logout token checked, the sessions it names ended (oidc-backchannel-logout.ts). */
  endSessionsFromProvider(logoutToken: string, address: string): Promise<BackchannelOutcome>;
}

const networkCodes = new Set(['OAUTH_TIMEOUT', 'OAUTH_ABORT', 'OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_RESPONSE_IS_NOT_JSON']);

/** A failure of the network or of the provider's service, as opposed to a protocol answer. */
function isOutage(err: unknown): boolean {
  if (err instanceof TypeError) return true; // fetch failed: refused, reset, DNS
  return err instanceof client.ClientError && !!err.code && networkCodes.has(err.code);
}

export function createOidcLogin(deps: { sql: postgres.Sql; sessions: Sessions; config: OidcConfig; startsPerMinute: number }): OidcLogin {
  const { sql, sessions, config } = deps;
  const starts = ssoStartThrottle(sql, deps.startsPerMinute);
  const provider = config.displayName;
  let discovered: client.Configuration | null = null;
  let pending: Promise<client.Configuration> | null = null;

  /**
   * Discovery on first use, not at start-up (the app serves password logins while
   * the provider is down); concurrent requests share one attempt, a failure is not
   * kept, so the next login tries again.
   */
  function configuration(): Promise<client.Configuration> {
    if (discovered) return Promise.resolve(discovered);
    pending ??= client
      .discovery(config.issuer, config.clientId, config.clientSecret ?? undefined, config.clientSecret ? undefined : client.None(), {
        timeout: config.timeoutSeconds,
        execute: config.allowHttp ? [client.allowInsecureRequests] : [],
      })
      .then((c) => (discovered = c))
      .catch((err: unknown) => {
        const mismatch = err instanceof client.ClientError && err.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED';
        log.error({ err, issuer: config.issuer.href }, mismatch ? 'identity provider names another issuer than OIDC_ISSUER' : 'identity provider discovery failed');
        throw new ProviderUnavailableError(provider, mismatch ? 'issuer_mismatch' : 'unreachable', { cause: err });
      })
      .finally(() => (pending = null));
    return pending;
  }

  async function refuse(reason: SsoRefusal, subject: string, personId: string | null, address: string): Promise<CallbackOutcome> {
    log.warn({ reason, claim: config.claim, subject, personId, issuer: config.issuer.href, address }, 'single sign-on refused');
    await recordRefusal(sql, { issuer: config.issuer.href, claim: config.claim, subject, reason, personId, address });
    return { kind: 'refused', reason };
  }

  return {
    config,
    async begin(next, address) {
      const wait = await starts.take(address);
      if (wait !== null) throw new SsoStartThrottledError(wait);
      const c = await configuration();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      await saveTransaction(sql, state, { nonce, codeVerifier, next }, config.transactionSeconds);
      const url = client.buildAuthorizationUrl(c, {
        redirect_uri: config.redirectUrl.href,
        scope: config.scopes,
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url, state };
    },

    async complete(query, cookieState, address) {
      // The registered redirect URL with the provider's parameters: behind a proxy the request's own URL
      // (http, another host) is not what the provider redirected to, and the token request must name the latter.
      const currentUrl = new URL(config.redirectUrl);
      for (const [k, v] of query) currentUrl.searchParams.append(k, v);
      const sentState = query.get('state');
      // The state must be the one this browser was given (login CSRF) and must still be waiting (single use).
      if (!cookieState || !sentState || sentState !== cookieState) {
        log.warn({ address, reason: cookieState ? 'state does not match the cookie' : 'no state cookie' }, 'single sign-on callback refused');
        return { kind: 'failed', failure: 'state' };
      }
      const transaction = await consumeTransaction(sql, sentState);
      if (!transaction) {
        log.warn({ address, reason: 'state used already or expired' }, 'single sign-on callback refused');
        return { kind: 'failed', failure: 'state' };
      }
      const c = await configuration();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(c, currentUrl, {
          pkceCodeVerifier: transaction.codeVerifier,
          expectedNonce: transaction.nonce,
          expectedState: sentState,
          idTokenExpected: true,
        });
      } catch (err) {
        if (isOutage(err)) throw new ProviderUnavailableError(provider, 'unreachable', { cause: err });
        const failure: CallbackFailure =
          err instanceof client.AuthorizationResponseError ? 'provider_error' : err instanceof client.ResponseBodyError ? 'code_refused' : 'token_invalid';
        log.warn({ err, failure, address, code: (err as { code?: string }).code }, 'single sign-on callback refused');
        return { kind: 'failed', failure };
      }
      const idToken = tokens.id_token!;
      const claims = tokens.claims()!;
      let value = claims[config.claim];
      let verified = claims.email_verified;
      // Providers that follow the core spec to the letter (oidc-provider) put profile claims in userinfo only.
      if (value === undefined && c.serverMetadata().userinfo_endpoint) {
        try {
          const info = await client.fetchUserInfo(c, tokens.access_token, claims.sub);
          value = info[config.claim];
          verified = info.email_verified;
        } catch (err) {
          if (isOutage(err)) throw new ProviderUnavailableError(provider, 'unreachable', { cause: err });
          log.warn({ err, address }, 'single sign-on: userinfo refused');
        }
      }
      if (typeof value !== 'string' || value.trim() === '') return refuse('no_claim', claims.sub, null, address);
      const subject = value.trim();
      if (config.claim === 'email' && verified === false) return refuse('email_unverified', subject, null, address);
      const match = await matchPerson(sql, config.claim, subject);
      if (match.kind === 'refused') return refuse(match.reason, subject, match.personId, address);
      const sid = typeof claims.sid === 'string' ? claims.sid : null;
      const session = await sessions.startSession(match.personId, { idToken, provider: { subject: claims.sub, session: sid } });
      log.info({ personId: match.personId, issuer: config.issuer.href, address }, 'single sign-on');
      return { kind: 'ok', ...session, next: transaction.next, personId: match.personId };
    },

    endSessionsFromProvider: createBackchannelLogout({ sql, config, configuration }),

    async logoutUrl(idToken) {
      let c: client.Configuration;
      try {
        c = await configuration();
      } catch {
        return null; // the local session is ended already; a provider that does not answer must not keep anyone in
      }
      if (!c.serverMetadata().end_session_endpoint) return null;
      const params: Record<string, string> = { post_logout_redirect_uri: config.postLogoutRedirectUrl.href, client_id: config.clientId };
      if (idToken) params.id_token_hint = idToken;
      return client.buildEndSessionUrl(c, params);
    },
  };
}
