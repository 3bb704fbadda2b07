import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { freePort } from '../../infra/startup/free-port.js';
import { oidcConfigFromEnv, type OidcConfig } from '../../services/auth/oidc-config.js';
import { passwordLoginFromEnv } from '../../services/auth/password-login-switch.js';
import { launchBrowser } from '../support/browser.js';
import { expectAccessible } from '../support/accessibility.js';
import { eventually, startHarness, testSessionPolicy, type Harness } from '../support/harness.js';
import type { SessionPolicy } from '../../services/auth/session-policy.js';
import { startTestProvider, testOidcConfig, type TestProvider } from '../support/oidc-provider.js';

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider in its own
 * process, test/support/oidc-test-provider.mjs) and a real browser: the code flow
 * with PKCE, state and nonce, the claim mapped to an existing person, refusals on
 * record, the provider's logout, and the provider's outages as quick 503 pages.
 */
let h: Harness;
let browser: Browser;
let provider: TestProvider;
let appUrl: string;
const servers: ServerType[] = [];
const PROVIDER = 'Тестовый провайдер';


/** One more API+pages process over the harness's database and Temporal, with single sign-on set as given. */
async function serveApp(oidc: OidcConfig | null, opts: { port?: number; passwordLogin?: boolean; sessionPolicy?: SessionPolicy } = {}): Promise<string> {
  // Lenient throttling unless a test sets its own: every file's logins come from 127.0.0.1, counted in one table.
  const sessionPolicy = opts.sessionPolicy ?? testSessionPolicy;
  const app = createApp({ sql: h.sql, temporal: h.env.client, taskQueue: h.taskQueue, temporalUiUrl: null, oidc, passwordLogin: opts.passwordLogin ?? true, sessionPolicy });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function insertPerson(id: string, email: string, extra: { deactivated?: boolean; locked?: boolean } = {}) {
  const [{ organisation_id }] = await h.sql<{ organisation_id: string }[]>`select organisation_id from people where id = 'director'`;
  await h.sql`
    insert into people (id, login, full_name, organisation_id, position, position_title, email, roles, deactivated_at, locked_at)
    values (${id}, ${id}, ${`Сотрудник ${id}`}, ${organisation_id}, 'head_of_directorate', 'Начальник управления', ${email}, '{}',
            ${extra.deactivated ? new Date() : null}, ${extra.locked ? new Date() : null})
    on conflict (id) do nothing`;
}

const sessionCount = async () => (await h.sql<{ n: number }[]>`select count(*)::int as n from sessions`)[0].n;

interface Attempt {
  context: BrowserContext;
  page: Page;
  /** The answer of /auth/oidc/callback (303 on success). */
  status: number;
  callbackUrl: string;
}

/** The person presses the provider's button on /login, signs in at the provider, and comes back. */
async function ssoLogin(login: string, before?: (context: BrowserContext) => Promise<void>, opts: { bypassCSP?: boolean; from?: string } = {}): Promise<Attempt> {
  const context = await browser.newContext({ baseURL: appUrl, locale: 'ru-RU', bypassCSP: opts.bypassCSP });
  const page = await context.newPage();
  await page.goto(opts.from ?? '/login');
  await page.waitForURL((u) => u.pathname === '/login');
  await page.getByRole('link', { name: `Войти через ${PROVIDER}` }).click();
  await page.waitForURL((u) => u.origin === provider.issuer);
  await page.getByLabel('Login').fill(login);
  await before?.(context);
  const callback = page.waitForResponse((r) => r.url().startsWith(`${appUrl}/auth/oidc/callback`), { timeout: 60_000 });
  await page.getByRole('button', { name: 'Sign in' }).click();
  const res = await callback;
  await page.waitForLoadState();
  return { context, page, status: res.status(), callbackUrl: res.url() };
}

const hasSessionCookie = async (context: BrowserContext) => (await context.cookies(appUrl)).some((c) => c.name === 'rm_session');

beforeAll(async () => {
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  [h, browser, provider] = await Promise.all([
    startHarness(),
    launchBrowser(),
    startTestProvider({
      client_id: 'roadmaps',
      client_secret: 'roadmaps-test-secret',
      redirect_uris: [`${appUrl}/auth/oidc/callback`],
      post_logout_redirect_uris: [`${appUrl}/login`],
      backchannel_logout_uri: `${appUrl}/auth/oidc/backchannel-logout`,
      backchannel_logout_session_required: true,
    }),
  ]);
  await serveApp(testOidcConfig(provider.issuer, appUrl), { port });
  await Promise.all([
    insertPerson('sso-active', 'Sso.Active@Example.test'),
    insertPerson('sso-gone', 'sso.gone@example.test', { deactivated: true }),
    insertPerson('sso-locked', 'sso.locked@example.test', { locked: true }),
  ]);
  await provider.setAccounts({
    // The provider sends the address in lower case; the directory has it in mixed case.
    active: { email: 'sso.active@example.test', email_verified: true, preferred_username: 'sso-active' },
    stranger: { email: 'nobody@example.test', email_verified: true },
    visitor: { email: 'visitor@example.test', email_verified: true },
    gone: { email: 'sso.gone@example.test', email_verified: true },
    locked: { email: 'sso.locked@example.test', email_verified: true },
    unverified: { email: 'sso.active@example.test', email_verified: false },
    federal: { email: 'foms@demo-oms.example', email_verified: true },
  });
});

afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await browser?.close();
  await provider?.stop();
  await h?.close();
});

describe('single sign-on through an OpenID Connect provider', () => {
  it('signs the person in through the provider and lands on «Мои задачи» as that person; logout ends the provider session too', async () => {
    const { context, page, status } = await ssoLogin('active');
    expect(status).toBe(303);
    await page.waitForURL((u) => u.pathname === '/tasks');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent()).toContain('Мои задачи');
    expect(await page.locator('header').textContent()).toContain('Сотрудник sso-active');
    const [session] = await h.sql<{ id_token: string | null }[]>`select id_token from sessions where person_id = 'sso-active'`;
    expect(session.id_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    // Logout: the local session ends, the browser goes on to the provider's end_session with the ID token as hint.
    await page.getByRole('button', { name: 'Выйти' }).click();
    await page.waitForURL((u) => u.origin === provider.issuer);
    const ends = await provider.endSessions();
    const hint = new URLSearchParams(ends.at(-1));
    expect(hint.get('id_token_hint')).toBe(session.id_token);
    expect(hint.get('post_logout_redirect_uri')).toBe(`${appUrl}/login`);
    expect((await h.sql`select 1 from sessions where person_id = 'sso-active'`).length).toBe(0);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL((u) => u.origin === appUrl && u.pathname === '/login');
    expect(await hasSessionCookie(context)).toBe(false);
    await context.close();
  });

  it('lands where a password login would: ФОМС staff on the pilot cockpit; a deep link survives the round trip to the provider', async () => {
    const federal = await ssoLogin('federal');
    expect(federal.status).toBe(303);
    await federal.page.waitForURL((u) => u.pathname.startsWith('/pilot/weeks/'));
    await federal.context.close();

    // Opened before signing in: /login?next=… → the provider → back to the page asked for, not the landing.
    const deep = await ssoLogin('active', undefined, { from: '/account' });
    expect(deep.status).toBe(303);
    await deep.page.waitForURL((u) => u.pathname === '/account');
    await deep.context.close();
  });

  it('ends the session the provider says has ended (back-channel logout): that one only, once per token; a forged or misused token ends nothing', async () => {
    const others = await h.sql<{ token_hash: string }[]>`select token_hash from sessions where person_id = 'sso-active'`;
    const { context, page } = await ssoLogin('active');
    await page.waitForURL((u) => u.pathname === '/tasks');
    const [mine] = await h.sql<{ token_hash: string; oidc_subject: string; oidc_session: string | null; id_token: string }[]>`
      select token_hash, oidc_subject, oidc_session, id_token from sessions where person_id = 'sso-active' and not (token_hash = any(${others.map((o) => o.token_hash)}))`;
    expect(mine.oidc_subject).toBe('active');
    expect(mine.oidc_session).toBeTruthy();
    // A second browser of the same person: another provider session, not to be ended with the first.
    const second = await ssoLogin('active');
    await second.page.waitForURL((u) => u.pathname === '/tasks');
    const live = async () => (await h.sql<{ token_hash: string }[]>`select token_hash from sessions where person_id = 'sso-active'`).map((r) => r.token_hash);
    expect(await live()).toHaveLength(others.length + 2);

    const endpoint = `${appUrl}/auth/oidc/backchannel-logout`;
    const post = (body: Record<string, string>) => fetch(endpoint, { method: 'POST', body: new URLSearchParams(body) });
    // Forged: the right claims signed by a key that is not the provider's; an ID token posted as a logout token; none at all.
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ events: { 'http://schemas.openid.net/event/backchannel-logout': {} }, sid: mine.oidc_session! })
      .setProtectedHeader({ alg: 'RS256', kid: 'not-the-providers' }).setIssuer(provider.issuer).setAudience('roadmaps')
      .setSubject('active').setIssuedAt().setJti('forged-1').sign(privateKey);
    const bodies: Record<string, string>[] = [{ logout_token: forged }, { logout_token: mine.id_token }, {}, { logout_token: 'x.y.z' }];
    for (const body of bodies) {
      const answer = await post(body);
      expect(answer.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect((await answer.json()).error).toBe('invalid_request');
    }
    expect(await live()).toHaveLength(others.length + 2);

    // Signed out at the provider itself (its own page, or another application of the fund): it tells us server to server.
    const sent = (await provider.logoutTokens()).length;
    await page.goto(`${provider.issuer}/session/end`);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await eventually(() => live(), (hashes) => !hashes.includes(mine.token_hash), 30_000);
    expect(await live()).toHaveLength(others.length + 1); // the second browser's session stays
    await page.goto(`${appUrl}/tasks`);
    await page.waitForURL((u) => u.origin === appUrl && u.pathname === '/login');
    await second.page.goto(`${appUrl}/tasks`);
    expect(new URL(second.page.url()).pathname).toBe('/tasks');

    // The provider's token again (a replay): refused, nothing more ends.
    const tokens = await provider.logoutTokens();
    expect(tokens.length).toBe(sent + 1);
    const replay = await post({ logout_token: tokens.at(-1)! });
    expect(replay.status).toBe(400);
    expect(await live()).toHaveLength(others.length + 1);
    await context.close();
    await second.context.close();
  });

  it('refuses an unknown person with a Russian page, opens no session and records the attempt', async () => {
    const before = await sessionCount();
    const { context, page, status } = await ssoLogin('stranger');
    expect(status).toBe(403);
    expect(await page.getByRole('alert').textContent()).toContain('не связана ни с одним сотрудником');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Вход не выполнен');
    expect(await hasSessionCookie(context)).toBe(false);
    expect(await sessionCount()).toBe(before);
    const refusals = await h.sql`select claim, subject, reason from sso_refusals where subject = 'nobody@example.test'`;
    expect(refusals).toEqual([{ claim: 'email', subject: 'nobody@example.test', reason: 'unknown' }]);

    // The refusal page is usable without sight: language, title, one h1, the message announced, a named way back.
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    expect(await page.title()).toContain('Вход не выполнен');
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'На страницу входа' }).count()).toBe(1);
    await context.close();
  });

  it('axe-core finds no violation on the refusal page', async () => {
    const { context, page, status } = await ssoLogin('visitor');
    expect(status).toBe(403);
    await expectAccessible(page);
    await context.close();
  });

  it('refuses a deactivated and a locked person, on their directory trail', async () => {
    for (const [login, personId, text] of [
      ['gone', 'sso-gone', 'отключена'],
      ['locked', 'sso-locked', 'заблокирована'],
    ] as const) {
      const before = await sessionCount();
      const { context, page, status } = await ssoLogin(login);
      expect(status).toBe(403);
      expect(await page.getByRole('alert').textContent()).toContain(text);
      expect(await hasSessionCookie(context)).toBe(false);
      expect(await sessionCount()).toBe(before);
      const trail = await h.sql<{ action: string; source: string; actor_id: string | null; after: { reason: string } }[]>`
        select action, source, actor_id, after from directory_changes where subject_kind = 'person' and subject_id = ${personId}`;
      expect(trail).toHaveLength(1);
      expect(trail[0]).toMatchObject({ action: 'sso_login_refused', source: 'sso', actor_id: null, after: { reason: login === 'gone' ? 'deactivated' : 'locked' } });
      await context.close();
    }
  });

  it('refuses an e-mail the provider says is not verified', async () => {
    const { context, page, status } = await ssoLogin('unverified');
    expect(status).toBe(403);
    expect(await page.getByRole('alert').textContent()).toContain('не подтвердил ваш адрес');
    expect(await hasSessionCookie(context)).toBe(false);
    await context.close();
  });

  it('refuses a callback whose state is not the one this browser was given', async () => {
    const before = await sessionCount();
    // Between the button and the provider's redirect back, the state cookie is replaced (a login CSRF would bring its own).
    const { context, page, status } = await ssoLogin('active', (ctx) => ctx.addCookies([{ name: 'rm_oidc_state', value: 'forged-state', url: `${appUrl}/auth/oidc/` }]));
    expect(status).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('Вход устарел');
    expect(await hasSessionCookie(context)).toBe(false);
    expect(await sessionCount()).toBe(before);
    // And with no cookie at all.
    const bare = await fetch(`${appUrl}/auth/oidc/callback?code=x&state=y`, { redirect: 'manual' });
    expect(bare.status).toBe(400);
    await context.close();
  });

  it('refuses a replayed callback and a replayed code', async () => {
    const first = await ssoLogin('active');
    expect(first.status).toBe(303);
    const used = new URL(first.callbackUrl);
    const before = await sessionCount();

    // The same callback again, with its state cookie put back: the state was consumed by the first.
    const replay = await fetch(used, { redirect: 'manual', headers: { cookie: `rm_oidc_state=${used.searchParams.get('state')}` } });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('Вход устарел');

    // A fresh login's state with the used code: the provider refuses the code at its token endpoint.
    const start = await fetch(`${appUrl}/auth/oidc/login`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const cookie = start.headers.getSetCookie().find((c) => c.startsWith('rm_oidc_state='))!.split(';')[0];
    const reused = new URL(used);
    reused.searchParams.set('state', state);
    const answer = await fetch(reused, { redirect: 'manual', headers: { cookie } });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('не принял код входа');
    expect(await sessionCount()).toBe(before);
    await first.context.close();
  });

  it('refuses an expired ID token', async () => {
    const before = await sessionCount();
    // The provider's clock ten minutes behind: its ID tokens (60 s) expired long before they arrive.
    await provider.setClockOffset(-600);
    try {
      const { context, page, status } = await ssoLogin('active');
      expect(status).toBe(400);
      expect(await page.getByRole('alert').textContent()).toContain('срок действия подтверждения истёк');
      expect(await hasSessionCookie(context)).toBe(false);
      await context.close();
    } finally {
      await provider.setClockOffset(0);
    }
    expect(await sessionCount()).toBe(before);
  });

  it('answers a quick 503 naming the provider when it names another issuer, does not answer, or hangs', async () => {
    // The provider reached under another address (a proxy in front of it): its discovery document names its own issuer.
    const proxy = createHttpServer(async (req, res) => {
      const answer = await fetch(provider.issuer + req.url!);
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const wrongIssuer = await serveApp(testOidcConfig(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, appUrl));
      const page = await fetch(`${wrongIssuer}/auth/oidc/login`, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
      expect(page.status).toBe(503);
      const text = await page.text();
      expect(text).toContain(`Провайдер входа ${PROVIDER} представился не тем адресом`);
      expect(text).toContain('OIDC_ISSUER');
    } finally {
      proxy.close();
    }

    const closedPort = await freePort();
    const down = await serveApp(testOidcConfig(`http://127.0.0.1:${closedPort}`, appUrl));
    const downPage = await fetch(`${down}/auth/oidc/login`, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    expect(downPage.status).toBe(503);
    expect(await downPage.text()).toContain(`Провайдер входа ${PROVIDER} не отвечает`);

    // A provider that accepts the connection and never answers: the timeout (1 s here) ends the wait.
    const silent: Server = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const hung = await serveApp(testOidcConfig(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`, appUrl, { timeoutSeconds: 1 }));
      const hungPage = await fetch(`${hung}/auth/oidc/login`, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
      expect(hungPage.status).toBe(503);
      // Password login is untouched by the provider's outage.
      expect((await fetch(`${hung}/login`)).status).toBe(200);
    } finally {
      silent.close();
    }
  });

  it('with PASSWORD_LOGIN=off hides the password form and refuses password logins on the page and the API', async () => {
    const url = await serveApp(testOidcConfig(provider.issuer, appUrl), { passwordLogin: false });
    const login = await (await fetch(`${url}/login`)).text();
    expect(login).toContain(`Войти через ${PROVIDER}`);
    expect(login).not.toContain('name="password"');
    const form = await fetch(`${url}/login`, { method: 'POST', body: new URLSearchParams({ login: 'director', password: 'demo' }), redirect: 'manual' });
    expect(form.status).toBe(403);
    expect(await form.text()).toContain(`Вход по паролю отключён: войдите через ${PROVIDER}.`);
    const api = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'director', password: 'demo' }) });
    expect(api.status).toBe(403);
    expect(((await api.json()) as any).error.message).toBe(`Вход по паролю отключён: войдите через ${PROVIDER}.`);
    // The CSP lets forms continue to the provider (logout), and nowhere else.
    expect(api.headers.get('content-security-policy')).toContain(`form-action 'self' ${new URL(provider.issuer).origin}`);
  });

  it('answers 429 with Retry-After and a Russian page to an address past SSO_LOGIN_STARTS_PER_MINUTE, and starts no login for it', async () => {
    const url = await serveApp(testOidcConfig(provider.issuer, appUrl), { sessionPolicy: { ...testSessionPolicy, ssoStartsPerMinute: 3 } });
    // The count is per address and shared by every process (and by this run's other files, all on 127.0.0.1):
    // the fourth start at the latest is refused.
    let refused: Response | null = null;
    for (let i = 0; i < 4 && !refused; i++) {
      const start = await fetch(`${url}/auth/oidc/login`, { redirect: 'manual' });
      if (start.status === 429) refused = start;
      else expect(start.status).toBe(302);
    }
    expect(refused).not.toBeNull();
    const retryAfter = Number(refused!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // No state handed out, no redirect to the provider.
    expect(refused!.headers.get('location')).toBeNull();
    expect(refused!.headers.getSetCookie().some((c) => c.startsWith('rm_oidc_state='))).toBe(false);
    const text = await refused!.text();
    expect(text).toContain(`Слишком много попыток входа через ${PROVIDER} с вашего адреса. Повторите через ${retryAfter} с.`);
    expect(text).toContain('Вход по логину и паролю на странице входа по-прежнему работает.');
    // The password form is not counted against it.
    expect((await fetch(`${url}/login`)).status).toBe(200);
  });

  it('keeps single sign-on off when no issuer is configured', async () => {
    const url = await serveApp(null);
    expect(await (await fetch(`${url}/login`)).text()).not.toContain('Войти через');
    expect((await fetch(`${url}/auth/oidc/login`, { redirect: 'manual' })).status).toBe(404);
  });
});

describe('single sign-on settings', () => {
  it('are off without an issuer, default from APP_URL, and name a missing or wrong variable', () => {
    expect(oidcConfigFromEnv({})).toBeNull();
    const c = oidcConfigFromEnv({ OIDC_ISSUER: 'https://sso.example.ru/realms/tfoms57', OIDC_CLIENT_ID: 'roadmaps', APP_URL: 'https://rm.example.ru' })!;
    expect(c).toMatchObject({ clientSecret: null, scopes: 'openid email profile', claim: 'email', displayName: 'sso.example.ru', timeoutSeconds: 5, allowHttp: false, transactionSeconds: 600 });
    expect(c.redirectUrl.href).toBe('https://rm.example.ru/auth/oidc/callback');
    expect(c.postLogoutRedirectUrl.href).toBe('https://rm.example.ru/login');
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: 'https://sso.example.ru' })).toThrow('OIDC_CLIENT_ID');
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: 'https://sso.example.ru', OIDC_CLIENT_ID: 'a', OIDC_CLAIM: 'sub' })).toThrow('OIDC_CLAIM');
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: 'sso.example.ru', OIDC_CLIENT_ID: 'a' })).toThrow('OIDC_ISSUER');
    expect(() => oidcConfigFromEnv({ OIDC_ISSUER: 'https://sso.example.ru', OIDC_CLIENT_ID: 'a', OIDC_SCOPES: 'email' })).toThrow('OIDC_SCOPES');
    expect([undefined, '', 'on', 'ON'].map((v) => passwordLoginFromEnv({ PASSWORD_LOGIN: v }))).toEqual([true, true, true, true]);
    expect(passwordLoginFromEnv({ PASSWORD_LOGIN: 'off' })).toBe(false);
    expect(() => passwordLoginFromEnv({ PASSWORD_LOGIN: 'no' })).toThrow('PASSWORD_LOGIN');
  });
});
