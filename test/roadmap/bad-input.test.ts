import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

function postRaw(url: string, token: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'EPIPE' || (err as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(err)));
    req.end(body);
  });
}
import { startHarness, type Harness } from '../support/harness.js';
import { smallDocument } from '../support/fixtures.js';

let h: Harness;
let id: string;
beforeAll(async () => {
  h = await startHarness();
  const token = await h.login('coordinator');
  id = (await h.call('POST', '/api/roadmaps', { token, body: smallDocument() })).body.roadMapId;
});
afterAll(() => h?.close());

const stateOf = async () => {
  const [rm] = await h.sql`select status, working_version, approved_version from roadmaps where id = ${id}`;
  const [{ count }] = await h.sql<{ count: number }[]>`select count(*)::int as count from events where roadmap_id = ${id}`;
  return { ...rm, events: count };
};

describe('bad input gets a 4xx naming the problem and changes nothing', () => {
  it('on every route', async () => {
    const token = await h.login('coordinator');
    const director = await h.login('director');
    const before = await stateOf();
    const huge = JSON.stringify({ ...smallDocument(), title: 'x'.repeat(3 * 1024 * 1024) });

    const attempts: [string, string, Parameters<Harness['call']>[2], number, string?][] = [
      ['POST', '/api/roadmaps', { token, rawBody: '{"title": ' }, 400],
      ['POST', '/api/roadmaps', { token, body: { ...smallDocument(), colour: 'red' } }, 400, ''],
      ['POST', '/api/roadmaps', { token, body: { ...smallDocument(), startDate: 20170301 } }, 400, 'startDate'],
      ['POST', '/api/roadmaps', { token, body: { ...smallDocument(), startDate: '2017-02-30' } }, 400, 'startDate'],
      ['POST', '/api/roadmaps', { token, body: [] }, 400],
      ['PUT', `/api/roadmaps/${id}`, { token, rawBody: 'not json' }, 400],
      ['PUT', `/api/roadmaps/${id}`, { token, body: { title: 'только заголовок' } }, 400, 'regionCode'],
      ['PUT', '/api/roadmaps/rm-missing', { token, body: smallDocument() }, 404],
      ['POST', `/api/roadmaps/${id}/return`, { token: director, body: { comment: 42 } }, 400, 'comment'],
      ['POST', `/api/roadmaps/${id}/return`, { token: director, body: { comment: '   ' } }, 400, 'comment'],
      ['POST', `/api/roadmaps/${id}/return`, { token: director, body: { comment: 'ok', extra: 1 } }, 400],
      ['POST', `/api/roadmaps/${id}/return`, { token: director, rawBody: '{' }, 400],
      ['POST', `/api/roadmaps/${id}/versions`, { token, body: { document: { title: 1 } } }, 400, 'document.title'],
      ['POST', '/api/roadmaps/rm-missing/submit', { token }, 404],
      ['POST', '/api/roadmaps/rm-missing/approve', { token: director }, 404],
      ['GET', `/api/roadmaps/${id}/items?limit=0`, { token }, 400, 'limit'],
      ['GET', `/api/roadmaps/${id}/items?status=lost`, { token }, 400, 'status'],
      ['GET', `/api/roadmaps/${id}/items?colour=red`, { token }, 400],
      ['GET', `/api/roadmaps/${id}/events?offset=-1`, { token }, 400, 'offset'],
      ['GET', `/api/roadmaps/${id}/diff?from=1`, { token }, 400, 'to'],
      ['GET', `/api/roadmaps/${id}/diff?from=1&to=7`, { token }, 404, 'to'],
      ['GET', '/api/roadmaps/rm-missing', { token }, 404],
      ['GET', '/api/roadmaps', {}, 401],
      ['POST', `/api/roadmaps/${id}/submit`, { token: 'forged' }, 401],
      ['POST', '/api/executions/missing/complete', { token, body: { text: 'сделано' } }, 404],
      ['POST', '/api/auth/login', { body: { login: 'director', password: 'wrong' } }, 401],
      ['POST', '/api/auth/login', { body: { login: 'director' } }, 400, 'password'],
      ['POST', `/api/roadmaps/${id}/submit`, { token, headers: { 'Idempotency-Key': 'k'.repeat(201) } }, 400, 'Idempotency-Key'],
      ['GET', '/api/nowhere', { token }, 404],
      ['GET', '/api/tasks?kind=everything', { token }, 400, 'kind'],
      ['GET', '/api/tasks?overdue=maybe', { token }, 400, 'overdue'],
      ['GET', '/api/notifications?limit=100000', { token }, 400, 'limit'],
      ['POST', '/api/notifications/nope/read', { token }, 404],
      ['GET', '/api/executions/nope', { token }, 404],
      ['POST', '/api/executions/nope/accept', { token }, 404],
      ['POST', '/api/executions/nope/return', { token, body: { comment: 'x' } }, 404],
      ['POST', '/api/executions/nope/complete', { token, body: { text: '' } }, 400, 'text'],
      ['POST', '/api/executions/nope/complete', { token, body: { text: 'x', attachments: [{ name: 'a', size: -1, sha256: 'z' }] } }, 400, 'attachments.0.size'],
      ['POST', '/api/executions/nope/extension-requests', { token, body: { newDeadline: { date: '2026-13-01' }, reason: 'x' } }, 400],
      ['POST', '/api/extension-requests/nope/decision', { token, body: { granted: 'yes' } }, 400, 'granted'],
      ['POST', '/api/extension-requests/nope/decision', { token, body: { granted: true } }, 404],
      ['POST', '/api/substitutions', { token, body: { personId: 'controller' } }, 400, 'substituteId'],
      ['POST', '/api/substitutions', { token, body: { personId: 'controller', substituteId: 'quality', startsAt: 'завтра', endsAt: '2030-01-01T00:00:00Z', reason: 'x' } }, 400, 'startsAt'],
      ['POST', '/api/people/nobody/transfer', { token: director, body: { toPersonId: 'it', reason: 'x' } }, 404],
      ['POST', '/api/people/controller/transfer', { token: director, body: { toPersonId: 'it' } }, 400, 'reason'],
      ['POST', '/api/people/controller/transfer', { token: director, body: { toPersonId: 'nobody', reason: 'x', dryRun: true } }, 400, 'toPersonId'],
    ];
    for (const [method, path, opts, status, field] of attempts) {
      const res = await h.call(method, path, opts);
      const label = `${method} ${path} → ${JSON.stringify(res.body).slice(0, 300)}`;
      expect(res.status, label).toBe(status);
      expect(res.body.error, label).toMatchObject({ code: expect.any(String), message: expect.any(String), details: expect.any(Array) });
      if (field) expect(res.body.error.details.map((d: { field: string }) => d.field), label).toContain(field);
    }
    // An oversized body is refused before it is read: the server answers 413 and may close while the client still writes.
    const tooBig = await postRaw(`${h.baseUrl}/api/roadmaps`, token, huge);
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body).error.code).toBe('payload_too_large');
    expect(await stateOf()).toEqual(before);
  });

  it('publishes the OpenAPI document and the docs page', async () => {
    const doc = await h.call('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    for (const path of ['/api/roadmaps', '/api/roadmaps/{id}/approve', '/api/roadmaps/{id}/events', '/api/executions/{id}/complete', '/health']) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    expect(doc.body.components.schemas.RoadMapDocument.properties.directions).toBeDefined();
    // /docs is Swagger UI over that same document, its assets served by the app (no CDN) and its start-up in a file, not inline.
    const page = await fetch(`${h.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const shell = await page.text();
    expect(shell).toContain('<div id="swagger-ui">');
    const scripts = [...shell.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/docs\/assets\//);
      expect(body.trim()).toBe('');
    }
    const assets = [...shell.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(expect.arrayContaining(['/docs/assets/swagger-ui.css', '/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-initializer.js']));
    const types: Record<string, RegExp> = { css: /^text\/css/, js: /^text\/javascript/, png: /^image\/png/ };
    for (const asset of assets) {
      const res = await fetch(`${h.baseUrl}${asset}`);
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('content-type'), asset).toMatch(types[asset.split('.').pop()!]);
      expect((await res.arrayBuffer()).byteLength, asset).toBeGreaterThan(0);
    }
    expect(await (await fetch(`${h.baseUrl}/docs/assets/swagger-initializer.js`)).text()).toContain("url: '/openapi.json'");
    expect((await fetch(`${h.baseUrl}/docs/assets/package.json`)).status).toBe(404);
  });

  it('reports health of both parts', async () => {
    const res = await h.call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', temporal: 'ok', postgres: 'ok' });
  });
});
