import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailerFromEnv } from '../../activities/email-delivery.js';
import { createFirstAdministrator } from '../../services/accounts/first-administrator.js';
import { requestPasswordReset } from '../../services/accounts/passwords.js';
import { startHarness, type Harness } from '../support/harness.js';
import { linkIn, startMailCatcher } from './mail-catcher.js';

const GOOD = 'вишнёвый сад у реки 1904';
const OTHER = 'совсем другой пароль 2024';

/** Accounts through the real API: invitations, passwords, lock/unlock, personal API tokens. */
describe('accounts', () => {
  let h: Harness;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let admin: string;

  beforeAll(async () => {
    mail = await startMailCatcher();
    h = await startHarness({ mailer: mailerFromEnv(mail.url) });
    admin = await h.login('admin');
  });
  afterAll(async () => {
    await h?.close();
    await mail?.close();
  });

  /** A person of ТФОМС 57 created as the directory would: no password yet. */
  async function newPerson(opts: { password?: string; organisationId?: string; roles?: string[] } = {}) {
    const id = `acc-${randomBytes(4).toString('hex')}`;
    const email = `${id}@accounts.example`;
    const { hashPassword } = await import('../../services/auth/password.js');
    await h.sql`insert into people (id, login, full_name, organisation_id, position, position_title, email, roles, password_hash)
                values (${id}, ${id}, ${'Проверочный ' + id}, ${opts.organisationId ?? 'tfoms-57'}, 'specialist', 'Специалист', ${email}, ${opts.roles ?? []},
                        ${opts.password ? await hashPassword(opts.password) : null})`;
    return { id, email };
  }
  const invite = (id: string, token = admin) => h.call('POST', `/api/people/${id}/invitation`, { token });
  const setPassword = (token: string, password: string) => h.call('POST', '/api/auth/set-password', { body: { token, password } });
  const loginStatus = async (login: string, password: string) => (await h.call('POST', '/api/auth/login', { body: { login, password } })).status;

  it('invitation → e-mail → set the password by the link → log in; the link works once; the trail records it', async () => {
    const p = await newPerson();
    expect(await loginStatus(p.id, GOOD)).toBe(401);
    const res = await invite(p.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ personId: p.id, delivery: 'sent' });
    const m = await mail.mailTo(p.email);
    expect(m.subject).toContain('Приглашение');
    expect(m.text).toContain(`логин: ${p.id}`);
    const { token } = linkIn(m.text);
    // Only the hash is stored.
    const [stored] = await h.sql`select token_hash from account_links where person_id = ${p.id}`;
    expect(stored.token_hash).not.toContain(token);

    expect((await setPassword(token, GOOD)).body).toEqual({ login: p.id });
    expect(await loginStatus(p.id, GOOD)).toBe(200);
    const reused = await setPassword(token, OTHER);
    expect(reused.status).toBe(400);
    expect(reused.body.error.details[0].field).toBe('token');
    expect(await loginStatus(p.id, OTHER)).toBe(401);
    // Once a password is set, an invitation is refused.
    expect((await invite(p.id)).status).toBe(409);
    const trail = await h.sql`select action, actor_id from directory_changes where subject_id = ${p.id} order by id`;
    expect(trail.map((r) => r.action)).toEqual(['invited', 'password_set']);
    expect(trail[0].actor_id).toBe('admin');
  });

  it('an expired link is refused; a resent invitation replaces the previous link', async () => {
    const p = await newPerson();
    await invite(p.id);
    const first = linkIn((await mail.mailTo(p.email, 1)).text).token;
    await invite(p.id);
    const second = linkIn((await mail.mailTo(p.email, 2)).text).token;
    expect(second).not.toBe(first);
    expect((await setPassword(first, GOOD)).status).toBe(400);
    await h.sql`update account_links set expires_at = now() - interval '1 second' where person_id = ${p.id}`;
    const expired = await setPassword(second, GOOD);
    expect(expired.status).toBe(400);
    expect(expired.body.error.message).toMatch(/истекла/);
    expect(await loginStatus(p.id, GOOD)).toBe(401);
  });

  it('only an administrator of the person\'s region resends, locks and unlocks', async () => {
    const p = await newPerson();
    const director = await h.login('director');
    expect((await invite(p.id, director)).status).toBe(403);
    expect((await h.call('POST', `/api/people/${p.id}/lock`, { token: director })).status).toBe(403);
    // An administrator of another region: the same answer as for nobody.
    const other = await newPerson({ organisationId: 'tfoms-76', roles: ['admin'], password: GOOD });
    const otherAdmin = await h.login(other.id, GOOD);
    expect((await invite(p.id, otherAdmin)).status).toBe(404);
    expect((await invite('no-such-person', otherAdmin)).status).toBe(404);
    expect((await h.call('POST', `/api/people/${p.id}/lock`, { token: otherAdmin })).status).toBe(404);
    expect((await h.call('POST', '/api/people/admin/lock', { token: admin })).status).toBe(409);
  });

  it('the password policy: 12 characters at least, up to 128, none of the common passwords', async () => {
    const p = await newPerson();
    await invite(p.id);
    const { token } = linkIn((await mail.mailTo(p.email)).text);
    const refusedWith = async (password: string) => {
      const r = await setPassword(token, password);
      expect(r.status).toBe(400);
      expect(r.body.error.details.map((d: { field: string }) => d.field)).toContain('password');
      return r.body.error.details.find((d: { field: string }) => d.field === 'password').message as string;
    };
    expect(await refusedWith('короткий11')).toMatch(/не короче 12/);
    expect(await refusedWith('123qweasdzxc')).toMatch(/распространён/);
    expect(await refusedWith('QWERTY123456')).toMatch(/распространён/);
    expect(await refusedWith('x'.repeat(129))).toMatch(/не длиннее 128/);
    // No composition rules: 64 lower-case letters and spaces are fine, and so are 128 characters.
    const long = 'тихо падает снег на крыши старого города и фонари горят до утра'.padEnd(64, '!');
    expect([...long].length).toBe(64);
    expect((await setPassword(token, long)).status).toBe(200);
    expect(await loginStatus(p.id, long)).toBe(200);
  });

  it('a password change needs the current one, ends the other sessions and the API tokens, and keeps this session', async () => {
    const p = await newPerson({ password: GOOD });
    const a = await h.login(p.id, GOOD);
    const b = (await h.call('POST', '/api/auth/login', { body: { login: p.id, password: GOOD } })).body.token;
    // A token made by whoever knew the old password.
    const apiToken = (await h.call('POST', '/api/account/tokens', { token: b, body: { name: 'Чужой скрипт', expiresInDays: 30 } })).body.token;
    expect((await h.call('GET', '/api/tasks', { token: apiToken })).status).toBe(200);
    const wrong = await h.call('POST', '/api/account/password', { token: a, body: { currentPassword: 'не тот пароль вовсе', newPassword: OTHER } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].field).toBe('currentPassword');
    const weak = await h.call('POST', '/api/account/password', { token: a, body: { currentPassword: GOOD, newPassword: 'qwertyuiop' } });
    expect(weak.status).toBe(400);
    expect((await h.call('POST', '/api/account/password', { token: a, body: { currentPassword: GOOD, newPassword: OTHER } })).status).toBe(204);
    expect((await h.call('GET', '/api/tasks', { token: a })).status).toBe(200);
    expect((await h.call('GET', '/api/tasks', { token: b })).status).toBe(401);
    expect((await h.call('GET', '/api/tasks', { token: apiToken })).status).toBe(401);
    const tokens = (await h.call('GET', '/api/account/tokens', { token: a })).body.tokens;
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ name: 'Чужой скрипт', active: false });
    expect(tokens[0].revokedAt).not.toBeNull();
    const [row] = await h.sql`select action, after from directory_changes where subject_id = ${p.id} order by id desc limit 1`;
    expect(row).toMatchObject({ action: 'password_changed', after: { tokensRevoked: [tokens[0].id] } });
    expect(await loginStatus(p.id, GOOD)).toBe(401);
    expect(await loginStatus(p.id, OTHER)).toBe(200);
  });

  it('a reset: the same answer for a known and an unknown address; the link sets a new password and ends sessions and API tokens', async () => {
    const p = await newPerson({ password: GOOD });
    const session = await h.login(p.id, GOOD);
    const apiToken = (await h.call('POST', '/api/account/tokens', { token: session, body: { name: 'Интеграция', expiresInDays: 30 } })).body.token;
    const known = await h.call('POST', '/api/auth/password-reset', { body: { email: p.email } });
    const unknown = await h.call('POST', '/api/auth/password-reset', { body: { email: 'nobody-here@accounts.example' } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect((await h.call('POST', '/api/auth/password-reset', { body: { email: 'не адрес' } })).status).toBe(400);
    const m = await mail.mailTo(p.email);
    expect(m.subject).toContain('Восстановление пароля');
    const { token } = linkIn(m.text);
    expect((await setPassword(token, OTHER)).status).toBe(200);
    expect((await h.call('GET', '/api/tasks', { token: session })).status).toBe(401);
    expect((await h.call('GET', '/api/tasks', { token: apiToken })).status).toBe(401);
    expect(await loginStatus(p.id, GOOD)).toBe(401);
    expect(await loginStatus(p.id, OTHER)).toBe(200);
    expect(mail.received.filter((r) => r.to === 'nobody-here@accounts.example')).toEqual([]);
    const [row] = await h.sql`select action from directory_changes where subject_id = ${p.id} order by id desc limit 1`;
    expect(row.action).toBe('password_reset');
  });

  it('reset e-mails for one address are limited per hour, silently (the answer does not change)', async () => {
    const p = await newPerson({ password: GOOD });
    const deps = { sql: h.sql, mailer: null };
    const sent = [];
    for (let i = 0; i < 4; i++) sent.push(await requestPasswordReset(deps, { email: p.email.toUpperCase() }).settled);
    expect(sent).toEqual([1, 1, 1, 0]);
    const answer = await h.call('POST', '/api/auth/password-reset', { body: { email: p.email } });
    expect(answer.status).toBe(202);
  });

  it('an initial password must be changed first: every other API answers 403 until then', async () => {
    const created = await createFirstAdministrator(h.sql, { login: `first-${randomBytes(3).toString('hex')}`, fullName: 'Первый Администратор Фондович', email: 'first@accounts.example' });
    expect(created.role).toBe('foms_admin');
    const login = await h.call('POST', '/api/auth/login', { body: { login: created.login, password: created.initialPassword } });
    expect(login.body.mustChangePassword).toBe(true);
    const token = login.body.token;
    const blocked = await h.call('GET', '/api/tasks', { token });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('password_change_required');
    expect((await h.call('GET', '/api/account/tokens', { token })).status).toBe(403);
    expect((await h.call('POST', '/api/account/password', { token, body: { currentPassword: created.initialPassword, newPassword: GOOD } })).status).toBe(204);
    expect((await h.call('GET', '/api/tasks', { token })).status).toBe(200);
    expect((await h.call('POST', '/api/auth/login', { body: { login: created.login, password: GOOD } })).body.mustChangePassword).toBe(false);
    // The same login again is refused, and nothing changes.
    await expect(createFirstAdministrator(h.sql, { login: created.login.toUpperCase(), fullName: 'Другой', email: 'x@accounts.example' })).rejects.toThrow(/уже существует/);
  });

  it('a lock ends the sessions and stops logins and API tokens; unlock restores the login', async () => {
    const p = await newPerson({ password: GOOD });
    const session = await h.login(p.id, GOOD);
    const apiToken = (await h.call('POST', '/api/account/tokens', { token: session, body: { name: 'Интеграция', expiresInDays: 30 } })).body.token;
    expect((await h.call('GET', '/api/tasks', { token: apiToken })).status).toBe(200);
    const locked = await h.call('POST', `/api/people/${p.id}/lock`, { token: admin });
    expect(locked.status, JSON.stringify(locked.body)).toBe(200);
    expect(locked.body.locked).toBe(true);
    expect((await h.call('POST', `/api/people/${p.id}/lock`, { token: admin })).body.lockedAt).toBe(locked.body.lockedAt);
    const [{ n }] = await h.sql`select count(*)::int as n from sessions where person_id = ${p.id}`;
    expect(n).toBe(0);
    expect((await h.call('GET', '/api/tasks', { token: session })).status).toBe(401);
    expect((await h.call('GET', '/api/tasks', { token: apiToken })).status).toBe(401);
    expect(await loginStatus(p.id, GOOD)).toBe(401);
    const unlocked = await h.call('POST', `/api/people/${p.id}/unlock`, { token: admin });
    expect(unlocked.body.locked).toBe(false);
    expect(await loginStatus(p.id, GOOD)).toBe(200);
    expect((await h.call('GET', '/api/tasks', { token: apiToken })).status).toBe(200);
    expect((await h.call('GET', `/api/people/${p.id}/account`, { token: admin })).body).toMatchObject({ locked: false, hasPassword: true });
    const trail = await h.sql`select action from directory_changes where subject_id = ${p.id} and action in ('locked', 'unlocked') order by id`;
    expect(trail.map((r) => r.action)).toEqual(['locked', 'unlocked']);
  });

  it('a personal API token: shown once, a bearer until revoked or expired, never a cookie, never for tokens or passwords', async () => {
    const p = await newPerson({ password: GOOD });
    const session = await h.login(p.id, GOOD);
    const created = await h.call('POST', '/api/account/tokens', { token: session, body: { name: 'Выгрузка в МИС', expiresInDays: 90 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { token, id } = created.body;
    expect(token).toMatch(/^rmt_/);
    const list = await h.call('GET', '/api/account/tokens', { token: session });
    expect(list.body.tokens).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(token.slice(4));
    const [stored] = await h.sql`select token_hash from api_tokens where id = ${id}`;
    expect(stored.token_hash).not.toContain(token.slice(4));

    expect((await h.call('GET', '/api/tasks', { token })).status).toBe(200);
    expect((await h.call('POST', '/api/account/tokens', { token, body: { name: 'ещё один', expiresInDays: 1 } })).status).toBe(403);
    expect((await h.call('POST', '/api/account/password', { token, body: { currentPassword: GOOD, newPassword: OTHER } })).status).toBe(403);
    const page = await fetch(`${h.baseUrl}/tasks`, { headers: { cookie: `rm_session=${token}` }, redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toMatch(/^\/login/);
    // Beyond the longest allowed lifetime (API_TOKEN_MAX_DAYS, 365 by default).
    const tooLong = await h.call('POST', '/api/account/tokens', { token: session, body: { name: 'навсегда', expiresInDays: 366 } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.details[0].field).toBe('expiresInDays');

    // Somebody else's token is «not found».
    expect((await h.call('DELETE', `/api/account/tokens/${id}`, { token: admin })).status).toBe(404);
    expect((await h.call('DELETE', `/api/account/tokens/${id}`, { token: session })).status).toBe(204);
    expect((await h.call('DELETE', `/api/account/tokens/${id}`, { token: session })).status).toBe(204);
    expect((await h.call('GET', '/api/tasks', { token })).status).toBe(401);

    const second = (await h.call('POST', '/api/account/tokens', { token: session, body: { name: 'Краткий', expiresInDays: 1 } })).body;
    expect((await h.call('GET', '/api/tasks', { token: second.token })).status).toBe(200);
    await h.sql`update api_tokens set expires_at = now() - interval '1 second' where id = ${second.id}`;
    expect((await h.call('GET', '/api/tasks', { token: second.token })).status).toBe(401);
    const after = await h.call('GET', '/api/account/tokens', { token: session });
    expect(after.body.tokens.map((t: { active: boolean }) => t.active)).toEqual([false, false]);

    // A deactivated person's tokens stop working.
    const third = (await h.call('POST', '/api/account/tokens', { token: session, body: { name: 'Третий', expiresInDays: 1 } })).body;
    expect((await h.call('GET', '/api/tasks', { token: third.token })).status).toBe(200);
    await h.sql`update people set deactivated_at = now() where id = ${p.id}`;
    expect((await h.call('GET', '/api/tasks', { token: third.token })).status).toBe(401);
  });
});
