import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Actor } from '../../domain/actor.js';
import type { ServiceDeps } from '../../services/deps.js';
import { requestAddress } from '../../services/auth/client-address.js';
import type { LoginOutcome } from '../../services/auth/sessions.js';

/**
 * Browser sessions: the cookie carries a token of the same `sessions` table
 * the API's Bearer tokens live in, so a person has one notion of a session.
 * The cookie never authenticates /api (that wants the Authorization header),
 * so the forms below are the only cookie-driven writes and each carries a CSRF token.
 */
export const SESSION_COOKIE = 'rm_session';
/** Before login there is no session to bind the token to: a random value in a cookie, echoed by the form. */
const LOGIN_CSRF_COOKIE = 'rm_login_csrf';

export interface WebVars {
  actor: Actor;
  sessionToken: string;
  csrfToken: string;
  /** An initial password to replace first: every page but the change form answers 403 until then. */
  mustChangePassword: boolean;
}
export type WebEnv = { Variables: WebVars };

const secure = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
/** Whether cookies set on this request must be Secure (https, or https at the proxy). */
export const secureRequest = secure;

/**
 * Keyed by the session token itself: only the holder of the HttpOnly cookie
 * can know it, it needs no server secret, and it survives restarts.
 */
export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('csrf:v1').digest('base64url');
}

const sameString = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Opens a session and sets its cookie; a wrong password or a throttled caller gets the outcome back to show. */
export async function signIn(c: Context, deps: ServiceDeps, login: string, password: string): Promise<LoginOutcome> {
  const session = await deps.sessions.login(login, password, requestAddress(c));
  if (session.kind !== 'ok') return session;
  openSessionCookie(c, session);
  return session;
}

/** The cookie of a session just opened, by the password form or by single sign-on alike. */
export function openSessionCookie(c: Context, session: { token: string; expiresAt: Date }): void {
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: secure(c),
    path: '/',
    expires: session.expiresAt,
  });
  deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/login' });
}

/** Ends the session and drops its cookie; returns the provider's ID token of a single sign-on session (for its logout). */
export async function signOut(c: Context, deps: ServiceDeps, sessionToken: string): Promise<string | null> {
  const { idToken } = await deps.sessions.revoke(sessionToken);
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c) });
  return idToken;
}

export function loginCsrf(c: Context): string {
  const existing = getCookie(c, LOGIN_CSRF_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{20,}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  setCookie(c, LOGIN_CSRF_COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure: secure(c), path: '/login', maxAge: 3600 });
  return token;
}

export function loginCsrfValid(c: Context, sent: unknown): boolean {
  const cookie = getCookie(c, LOGIN_CSRF_COOKIE);
  return typeof sent === 'string' && !!cookie && sameString(sent, cookie);
}

/** Sets the session's person and tokens on the context when the cookie names a live session (for answers given before the session middleware). */
export async function adoptWebSession(c: Context, deps: ServiceDeps): Promise<boolean> {
  const token = getCookie(c, SESSION_COOKIE);
  const actor = token ? await deps.sessions.actor(token) : null;
  if (!token || !actor) return false;
  c.set('actor', actor);
  c.set('sessionToken', token);
  c.set('csrfToken', csrfTokenFor(token));
  return true;
}

/** Pages need a signed-in person: otherwise to the login form, coming back here afterwards. */
export function requireWebSession(deps: ServiceDeps): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const holder = token ? await deps.sessions.resolve(token) : null;
    const actor = holder?.actor ?? null;
    if (!token || !actor) {
      if (token) deleteCookie(c, SESSION_COOKIE, { path: '/' });
      const back = c.req.method === 'GET' ? `?next=${encodeURIComponent(new URL(c.req.url).pathname + new URL(c.req.url).search)}` : '';
      return c.redirect(`/login${back}`, 303);
    }
    c.set('actor', actor);
    c.set('sessionToken', token);
    c.set('csrfToken', csrfTokenFor(token));
    c.set('mustChangePassword', holder!.mustChangePassword);
    if (holder!.mustChangePassword && !WHILE_PASSWORD_CHANGE_REQUIRED.has(c.req.path)) {
      return c.html(passwordChangeRequired, 403);
    }
    await next();
  };
}

/** The pages someone with an initial password may still open: the change form and logout. */
export const PASSWORD_CHANGE_PATH = '/account/password';
const WHILE_PASSWORD_CHANGE_REQUIRED = new Set([PASSWORD_CHANGE_PATH, '/logout']);
const passwordChangeRequired =
  '<!doctype html><html lang="ru"><meta charset="utf-8"><title>Смените начальный пароль</title>' +
  '<body style="font-family:sans-serif;margin:2rem"><main><h1>Смените начальный пароль</h1>' +
  '<p>Вы вошли с начальным паролем, выданным администратором. Пока вы не зададите свой пароль, остальные страницы недоступны.</p>' +
  `<p><a href="${PASSWORD_CHANGE_PATH}">Сменить пароль</a></p></main></body></html>`;

const refusedForm = (why: string) =>
  '<!doctype html><html lang="ru"><meta charset="utf-8"><title>Форма отклонена</title>' +
  '<body style="font-family:sans-serif;margin:2rem"><h1>Форма отклонена</h1>' +
  `<p>${why} Вернитесь назад, обновите страницу и повторите.</p>` +
  '<p><a href="/tasks">Мои задачи</a></p></body></html>';

/** Every POST of a page carries the session's CSRF token; a forged or stale form is refused before anything runs. */
export function requireCsrf(): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    // A malformed multipart or urlencoded body is the sender's fault: a 400 page, not a 500.
    const form = await c.req.parseBody().catch(() => null);
    if (!form) {
      return c.html(refusedForm('Форма пришла повреждённой.'), 400);
    }
    const sent = form._csrf;
    if (typeof sent !== 'string' || !sameString(sent, c.get('csrfToken'))) {
      return c.html(refusedForm('Форма устарела или отправлена не с этого сайта.'), 403);
    }
    await next();
  };
}

/**
 * The Temporal Update id of a form submission: the form carries a random id
 * rendered with it, so a double click or a resent POST is the same command.
 */
export function formCommandId(actor: Actor, sent: unknown): string {
  const id = typeof sent === 'string' && /^[0-9a-f-]{36}$/.test(sent) ? sent : randomUUID();
  return createHash('sha256').update(`${actor.personId}\nweb:${id}`).digest('hex');
}
