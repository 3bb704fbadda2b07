import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { smallDocument } from '../support/fixtures.js';

let h: Harness;
let token: string;
let id: string;
beforeAll(async () => {
  h = await startHarness();
  token = await h.login('coordinator');
  id = (await h.call('POST', '/api/roadmaps', { token, body: smallDocument() })).body.roadMapId;
});
afterAll(() => h?.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${h.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

describe('hostile input is a 400 naming the field, never a 500', () => {
  it('refuses control characters in path ids and query values of /api routes with JSON', async () => {
    for (const path of ['/api/roadmaps/a%00b', '/api/notifications?unread=%00', '/api/monitoring/periods?roadmap=x%00y', `/api/roadmaps/${id}/items?subject=%01`, '/api/attachments/a%00b']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      const body = await res.json();
      expect(body.error.code, path).toBe('validation');
      expect(body.error.details.length, path).toBeGreaterThan(0);
    }
    const body = await (await get('/api/monitoring/periods?roadmap=x%00y')).json();
    expect(body.error.details).toEqual([{ field: 'roadmap', message: 'недопустимый управляющий символ' }]);
  });

  it('refuses control characters in page addresses with a 400 page', async () => {
    const res = await get('/roadmaps/a%00b', { cookie: `rm_session=${token}` });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('Неверный адрес');
  });

  it('refuses a NUL login name on the API and on the login form', async () => {
    const api = await h.call('POST', '/api/auth/login', { body: { login: '\u0000', password: 'x' } });
    expect(api.status).toBe(400);
    expect(api.body.error.details.map((d: { field: string }) => d.field)).toContain('login');

    const page = await fetch(`${h.baseUrl}/login`);
    const cookie = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(csrf).toBeTruthy();
    const res = await fetch(`${h.baseUrl}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `_csrf=${encodeURIComponent(csrf!)}&login=a%00b&password=x`,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<form');
  });

  it('refuses diff versions beyond the integer range and dates outside the calendar', async () => {
    const diff = await h.call('GET', `/api/roadmaps/${id}/diff?from=1&to=3000000000`, { token });
    expect(diff.status).toBe(400);
    expect(diff.body.error.details.map((d: { field: string }) => d.field)).toEqual(['to']);
    const periods = await h.call('GET', '/api/monitoring/periods?from=0000-01-01', { token });
    expect(periods.status).toBe(400);
    expect(periods.body.error.details).toEqual([{ field: 'from', message: 'год от 2000 до 2100' }]);
  });

  it('refuses a malformed multipart body on a web form with a 400 page', async () => {
    for (const path of [`/roadmaps/${id}/return`, '/inbox/read-all']) {
      const res = await fetch(`${h.baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: `rm_session=${token}`, 'content-type': 'multipart/form-data; boundary=abc' },
        body: '--abc\r\nbroken',
      });
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toContain('Форма отклонена');
    }
  });

  it('caps error details at 50', async () => {
    const doc = smallDocument();
    const item = doc.directions[0].items[0];
    const bad = { ...doc, directions: [{ ...doc.directions[0], items: Array.from({ length: 80 }, (_, i) => ({ ...item, id: `i${i}`, title: '' })) }] };
    const res = await h.call('POST', '/api/roadmaps', { token, body: bad });
    expect(res.status).toBe(400);
    expect(res.body.error.details.length).toBe(50);
  });
});
