import { appUrlOf } from '../../domain/app-url.js';
/**
 * Single sign-on settings (docs/sso.md lists every variable with its default).
 * Off unless OIDC_ISSUER is set; a half-configured provider (an issuer without
 * a client id, an unknown claim) stops the process at start-up with the
 * variable's name, rather than failing at the first person's login.
 */
export type OidcClaim = 'email' | 'preferred_username';

export interface OidcConfig {
  /** The provider's issuer identifier, exactly as its discovery document names it. */
  issuer: URL;
  clientId: string;
  /** Absent for a public client (PKCE alone). */
  clientSecret: string | null;
  /** Where the provider sends the browser back: this app's /auth/oidc/callback. */
  redirectUrl: URL;
  scopes: string;
  /** Which claim of the provider names the person: `email` → people.email, `preferred_username` → people.login. */
  claim: OidcClaim;
  /** Shown on the login button («Войти через …») and on the pages that name the provider. */
  displayName: string;
  /** Where the provider sends the browser after its logout. */
  postLogoutRedirectUrl: URL;
  /** Discovery and token requests give up after this many seconds (a 503 naming the provider). */
  timeoutSeconds: number;
  /** http:// issuers (a provider on the same host in a test or a demo); https only otherwise. */
  allowHttp: boolean;
  /** Seconds the login at the provider may take, from the button to the callback. */
  transactionSeconds: number;
}

const CLAIMS: readonly OidcClaim[] = ['email', 'preferred_username'];

function url(name: string, raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new Error(`${name} must be an absolute URL, got «${raw}»`);
  }
}

function positive(name: string, raw: string | undefined, fallback: number, unit: string): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number of ${unit}, got «${raw}»`);
  return n;
}

/** null when OIDC_ISSUER is unset: single sign-on is off and the login page shows the password form only. */
export function oidcConfigFromEnv(env: NodeJS.ProcessEnv = process.env): OidcConfig | null {
  const issuerRaw = env.OIDC_ISSUER?.trim();
  if (!issuerRaw) return null;
  const issuer = url('OIDC_ISSUER', issuerRaw);
  const clientId = env.OIDC_CLIENT_ID?.trim();
  if (!clientId) throw new Error('OIDC_CLIENT_ID is required when OIDC_ISSUER is set');
  const claim = (env.OIDC_CLAIM?.trim() || 'email') as OidcClaim;
  if (!CLAIMS.includes(claim)) throw new Error(`OIDC_CLAIM must be one of ${CLAIMS.join(', ')}, got «${env.OIDC_CLAIM}»`);
  const appUrl = appUrlOf(env);
  const scopes = env.OIDC_SCOPES?.trim() || 'openid email profile';
  if (!scopes.split(/\s+/).includes('openid')) throw new Error(`OIDC_SCOPES must include openid, got «${scopes}»`);
  return {
    issuer,
    clientId,
    clientSecret: env.OIDC_CLIENT_SECRET || null,
    redirectUrl: url('OIDC_REDIRECT_URL', env.OIDC_REDIRECT_URL?.trim() || new URL('/auth/oidc/callback', appUrl).href),
    scopes,
    claim,
    displayName: env.OIDC_DISPLAY_NAME?.trim() || issuer.host,
    postLogoutRedirectUrl: url('OIDC_POST_LOGOUT_REDIRECT_URL', env.OIDC_POST_LOGOUT_REDIRECT_URL?.trim() || new URL('/login', appUrl).href),
    timeoutSeconds: positive('OIDC_TIMEOUT_SECONDS', env.OIDC_TIMEOUT_SECONDS, 5, 'seconds'),
    allowHttp: env.OIDC_ALLOW_HTTP === '1',
    transactionSeconds: positive('OIDC_LOGIN_MINUTES', env.OIDC_LOGIN_MINUTES, 10, 'minutes') * 60,
  };
}
