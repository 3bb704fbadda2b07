import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitoringPolicyInput } from '../../domain/monitoring-policy.js';
import { smallDocument } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';
import { startTestProvider, testOidcConfig, type TestProvider } from '../support/oidc-provider.js';
import { monitoredRoadMap } from '../monitoring/monitoring-fixtures.js';
import {
  bodyCase,
  formCase,
  hostilePathSegments,
  hostileQueryValues,
  pick,
  resolver,
  seeded,
  type BodyCase,
  type JsonSchema,
} from './fuzz-generator.js';

/**
 * Hostile input on every route: every operation of /openapi.json and every
 * web page and form, as several roles and as nobody, with ids of real
 * resources and broken ones. Nothing may answer 5xx or hang, and nothing may
 * change: every request is built so that no valid command can come of it.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 5200);
const CONCURRENCY = 12;
const REQUEST_TIMEOUT_MS = 20_000;
const UPLOAD_REQUESTS = Number(process.env.FUZZ_UPLOAD_REQUESTS ?? 400);

// Weeks that never fall due while the fuzz runs: no timer of ours changes state in the middle of it.
const quietWeek: MonitoringPolicyInput = {
  fastCycle: { periodLength: 'PT6H', dueAfter: 'PT2H', cutoffAfter: 'PT4H' },
  lateReports: { rungs: [{ id: 'late', kind: 'escalation', offset: 'PT0S', notify: ['executor'] }] },
};

const WEB_ROUTES: { method: 'GET' | 'POST'; path: string; query?: string[] }[] = [
  { method: 'GET', path: '/' }, { method: 'GET', path: '/login' }, { method: 'POST', path: '/login' }, { method: 'POST', path: '/logout' },
  { method: 'GET', path: '/tasks' }, { method: 'GET', path: '/inbox' }, { method: 'POST', path: '/inbox/{id}/read' }, { method: 'POST', path: '/inbox/read-all' },
  { method: 'GET', path: '/executions/{id}' }, { method: 'POST', path: '/executions/{id}/complete' }, { method: 'POST', path: '/executions/{id}/accept' },
  { method: 'POST', path: '/executions/{id}/return' }, { method: 'POST', path: '/executions/{id}/extension' }, { method: 'POST', path: '/extension-requests/{id}/decision' },
  { method: 'GET', path: '/roadmaps' }, { method: 'GET', path: '/roadmaps/{id}' }, { method: 'GET', path: '/roadmaps/{id}/dashboard' }, { method: 'POST', path: '/roadmaps/{id}/return' },
  { method: 'POST', path: '/roadmaps/{id}/approve' },
  { method: 'GET', path: '/directory', query: ['region', 'kind', 'inactive', 'ok'] }, { method: 'GET', path: '/directory/people', query: ['region', 'organisation', 'inactive'] },
  { method: 'GET', path: '/directory/changes', query: ['region', 'offset'] }, { method: 'GET', path: '/directory/organisations/{id}' },
  { method: 'GET', path: '/directory/people/{id}' }, { method: 'POST', path: '/directory/organisations' }, { method: 'POST', path: '/directory/organisations/{id}' },
  { method: 'POST', path: '/directory/organisations/{id}/deactivate' }, { method: 'POST', path: '/directory/people' }, { method: 'POST', path: '/directory/people/{id}' },
  { method: 'POST', path: '/directory/people/{id}/deactivate' },
  { method: 'GET', path: '/directory/pilot' }, { method: 'POST', path: '/directory/pilot/groups/{id}' }, { method: 'POST', path: '/directory/pilot/regions' },
  { method: 'GET', path: '/tasks', query: ['kind', 'overdue', 'roadmap', 'status', 'mo', 'due', 'sort', 'page'] },
  { method: 'GET', path: '/roadmaps/{id}/items/{id}/edit' }, { method: 'POST', path: '/roadmaps/{id}/items/{id}/edit' },
  { method: 'GET', path: '/monitoring' }, { method: 'GET', path: '/monitoring/periods/{id}/report' }, { method: 'POST', path: '/monitoring/periods/{id}/report' },
  { method: 'GET', path: '/monitoring/periods/{id}/consolidated' }, { method: 'GET', path: '/monitoring/periods/{id}/consolidated.csv' },
  { method: 'GET', path: '/monitoring/periods/{id}/consolidated.xlsx' }, { method: 'POST', path: '/monitoring/periods/{id}/consolidated/submit' },
  { method: 'GET', path: '/attachments/{id}' },
  // Single sign-on (against the test provider started below): the start and the provider's redirect back.
  { method: 'GET', path: '/auth/oidc/login' }, { method: 'GET', path: '/auth/oidc/callback', query: ['code', 'state', 'iss', 'error', 'error_description'] },
  { method: 'POST', path: '/auth/oidc/backchannel-logout' },
  { method: 'GET', path: '/login/forgot' }, { method: 'POST', path: '/login/forgot' }, { method: 'GET', path: '/login/set-password' }, { method: 'POST', path: '/login/set-password' },
  { method: 'GET', path: '/account' }, { method: 'GET', path: '/account/password' }, { method: 'POST', path: '/account/password' }, { method: 'POST', path: '/account/tokens' },
  { method: 'POST', path: '/account/tokens/{id}/revoke' }, { method: 'GET', path: '/account/people/{id}' }, { method: 'POST', path: '/account/people/{id}/invitation' },
  { method: 'POST', path: '/account/people/{id}/lock' }, { method: 'POST', path: '/account/people/{id}/unlock' },
  { method: 'GET', path: '/directory-import' }, { method: 'GET', path: '/directory-import/templates/{id}' },
  { method: 'POST', path: '/directory-import/check' }, { method: 'POST', path: '/directory-import/apply' },
  { method: 'GET', path: '/pilot/trend' }, { method: 'GET', path: '/pilot/readiness' }, { method: 'GET', path: '/pilot/readiness.xlsx' },
];
const ROLES = ['director', 'coordinator', 'executor', 'controller', 'smo', 'curator', 'specialist', 'admin'];
const BAD_AUTH = ['', 'Bearer', 'Bearer garbage', `Bearer ${'x'.repeat(5000)}`, 'Basic ZGVtbzpkZW1v', 'Bearer a b', 'bearer  ', 'Bearer %00'];
// oidc_transactions: every GET /auth/oidc/login starts a login at the provider, as it would for anyone.
const EXCLUDED_TABLES = new Set(['sessions', 'login_throttle', 'oidc_transactions']);

let h: Harness;
let provider: TestProvider;
beforeAll(async () => {
  const appUrl = 'http://127.0.0.1:9';
  provider = await startTestProvider({ client_id: 'roadmaps', client_secret: 'roadmaps-test-secret', redirect_uris: [`${appUrl}/auth/oidc/callback`] });
  h = await startHarness({ oidc: testOidcConfig(provider.issuer, appUrl) });
});
afterAll(async () => {
  await h?.close();
  await provider?.stop();
});

interface Operation {
  kind: 'api' | 'web';
  method: string;
  path: string;
  query: { name: string; schema: JsonSchema }[];
  body?: JsonSchema;
  /** Has a JSON body the route validates: an always-invalid body makes it safe. */
  validatesBody: boolean;
}

async function tableStates(): Promise<Record<string, string>> {
  const tables = await h.sql<{ table_name: string }[]>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`;
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    if (EXCLUDED_TABLES.has(table_name)) continue;
    const [r] = await h.sql<{ n: number; digest: string | null }[]>`
      select count(*)::int as n, md5(string_agg(md5(t::text), '' order by md5(t::text))) as digest from ${h.sql(table_name)} t`;
    out[table_name] = `${r.n}:${r.digest ?? ''}`;
  }
  return out;
}

/** Waits until the launch, its ladders and the e-mail outbox are done: then only a request could change a table. */
async function quiescent(): Promise<Record<string, string>> {
  let last = await tableStates();
  for (let i = 0; i < 60; i++) {
    await new Promise((r) => setTimeout(r, 2000));
    const [{ pending }] = await h.sql<{ pending: number }[]>`select count(*)::int as pending from notifications where email_status = 'pending'`;
    const now = await tableStates();
    if (pending === 0 && JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  throw new Error('the database never settled before the fuzz');
}

// Part of `npm test`: bounded by TOTAL requests (FUZZ_REQUESTS, ≥ 5,000 by default) and the 15-minute cap below.
describe('fuzz: hostile input on every route', () => {
  it(`answers ${TOTAL} hostile requests without a 5xx, a hang or a change`, async () => {
    const { roadMapId, periodId } = await monitoredRoadMap(h, quietWeek);
    const coordinator = await h.login('coordinator');
    const draft = await h.call('POST', '/api/roadmaps', { token: coordinator, body: smallDocument() });
    expect(draft.status).toBe(201);
    const tokens = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await h.login(r)] as const)));
    const executions = (await h.sql<{ id: string }[]>`select id from item_executions where roadmap_id = ${roadMapId}`).map((r) => r.id);
    const notifications = (await h.sql<{ id: string }[]>`select id from notifications limit 20`).map((r) => r.id);
    const realIds: [RegExp, string[]][] = [
      [/^\/(api\/)?directory\/organisations\//, ['tfoms-57', 'mo-57-03', 'smo-57-1', 'foms']],
      [/^\/(api\/)?directory\/people\//, ['executor', 'director', 'smo', 'admin']],
      [/^\/(api\/)?roadmaps\//, [roadMapId, draft.body.roadMapId]],
      [/^\/(api\/)?executions\//, executions],
      [/^\/(api\/)?monitoring\/periods\//, [periodId]],
      [/^\/api\/notifications\/|^\/inbox\//, notifications.length ? notifications : ['none']],
      [/^\/(api|account)\/people\//, ['executor', 'controller', 'smo', 'director']],
      [/^\/(api\/)?extension-requests\//, [`${executions[0]}~x1`]],
    ];

    const doc = (await h.call('GET', '/openapi.json')).body;
    const resolve = resolver(doc);
    const operations: Operation[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
        const op = item[method];
        if (!op) continue;
        const params = [...(item.parameters ?? []), ...(op.parameters ?? [])];
        const content = op.requestBody?.content?.['application/json']?.schema;
        operations.push({
          kind: 'api', method: method.toUpperCase(), path,
          query: params.filter((p: any) => p.in === 'query').map((p: any) => ({ name: p.name, schema: p.schema ?? {} })),
          body: content, validatesBody: !!content,
        });
      }
      // A method the route does not have: 404/405, never 5xx.
      operations.push({ kind: 'api', method: 'PATCH', path, query: [], validatesBody: false });
    }
    for (const r of WEB_ROUTES) operations.push({ kind: 'web', method: r.method, path: r.path, query: (r.query ?? ['next', 'roadmap', 'status', 'token', 'ok']).map((name) => ({ name, schema: {} })), validatesBody: false });
    expect(operations.filter((o) => o.kind === 'api').length).toBeGreaterThan(30);

    const before = await quiescent();
    const rng = seeded(SEED);
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    const byCase = new Map<string, number>();
    let hangs = 0;
    let socketRetries = 0;
    let maxMs = 0;
    let largestError = 0;
    const started = Date.now();

    function build(i: number) {
      // Every operation in turn, so each is hit TOTAL / operations times whatever the seed.
      const op = operations[i % operations.length];
      const mutating = op.method !== 'GET';
      const asRole = rng() < 0.75;
      const role = pick(rng, ROLES);
      let realPath = true;
      const path = op.path.replace(/\{(\w+)\}/g, () => {
        const real = realIds.find(([re]) => re.test(op.path))?.[1];
        if (real && rng() < 0.5) return encodeURIComponent(pick(rng, real));
        realPath = false;
        return pick(rng, hostilePathSegments);
      });
      const hasPathParam = op.path.includes('{');
      const query = op.query
        .filter(() => rng() < 0.6)
        .map((q) => `${encodeURIComponent(q.name)}=${rng() < 0.8 ? pick(rng, hostileQueryValues) : encodeURIComponent(pick(rng, [roadMapId, periodId, 'smo', '1']))}`);
      if (rng() < 0.1 && op.query.length) query.push(...query); // repeated parameters
      let body: BodyCase | null = null;
      if (mutating || rng() < 0.1) body = op.kind === 'web' ? formCase(rng) : bodyCase(op.body, resolve, rng);
      const headers: Record<string, string> = {};
      let authenticated = false;
      if (op.kind === 'api') {
        if (asRole) {
          headers.authorization = `Bearer ${tokens[role]}`;
          authenticated = true;
        } else {
          const bad = pick(rng, BAD_AUTH);
          if (bad) headers.authorization = bad;
        }
        if (mutating && rng() < 0.3) headers['idempotency-key'] = pick(rng, ['', 'k'.repeat(5000), '%D0%BA%D0%BB%D1%8E%D1%87', '%00', `fuzz-${i}`]);
      } else {
        headers.cookie = asRole ? `rm_session=${tokens[role]}` : pick(rng, ['', 'rm_session=garbage', `rm_session=${'x'.repeat(4000)}`, 'rm_session=; rm_login_csrf=x']);
        authenticated = asRole;
      }
      // No valid command may come of a request: an authenticated write on real ids must carry a body its route refuses.
      if (op.kind === 'api' && mutating && authenticated && (realPath || !hasPathParam) && !(body?.alwaysInvalid && op.validatesBody)) {
        headers.authorization = pick(rng, BAD_AUTH.filter(Boolean));
        authenticated = false;
      }
      if (body?.contentType) headers['content-type'] = body.contentType;
      const url = h.baseUrl + path + (query.length ? `?${query.join('&')}` : '');
      return { op, url, method: op.method, headers, body: body?.body, name: `${op.kind}:${body?.name ?? 'no-body'}` };
    }

    let next = 0;
    async function lane() {
      while (next < TOTAL) {
        const req = build(next++);
        const t0 = Date.now();
        try {
          const send = () => fetch(req.url, { method: req.method, headers: req.headers, body: req.method === 'GET' ? undefined : req.body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
          // The server closes a connection after refusing a body it did not read (413): a request that undici
          // had queued on that kept-alive socket is sent again, on a fresh one, as a browser would; with 12 lanes
          // and ~170 such closes a resend can land on another closing socket, so up to three times.
          const attempt = (left: number): Promise<Response> =>
            send().catch((err: any) => {
              // EPIPE is the same close met while the resent body was still being written.
              if (!['UND_ERR_SOCKET', 'EPIPE'].includes(err?.cause?.code) || left === 0) throw err;
              socketRetries++;
              return attempt(left - 1);
            });
          const res = await attempt(3);
          const text = await res.text();
          byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
          byCase.set(req.name, (byCase.get(req.name) ?? 0) + 1);
          if (res.status >= 500) failures.push(`${res.status} ${req.method} ${req.url.slice(0, 300)} [${req.name}] ${text.slice(0, 300)}`);
          if (req.op.kind === 'api' && res.status >= 400) {
            largestError = Math.max(largestError, text.length);
            let ok = false;
            try {
              const parsed = JSON.parse(text);
              ok = typeof parsed.error?.code === 'string' && Array.isArray(parsed.error.details) && parsed.error.details.length <= 50;
            } catch {
              /* not JSON */
            }
            if (!ok) failures.push(`no JSON error body: ${res.status} ${req.method} ${req.url.slice(0, 200)} [${req.name}] ${text.slice(0, 200)}`);
          }
        } catch (err) {
          if ((err as Error).name === 'TimeoutError') {
            hangs++;
            failures.push(`hang ${req.method} ${req.url.slice(0, 300)} [${req.name}]`);
          } else failures.push(`transport ${req.method} ${req.url.slice(0, 200)} [${req.name}]: ${(err as Error).message} ${String((err as any).cause?.code ?? (err as any).cause?.message ?? "")}`);
        }
        maxMs = Math.max(maxMs, Date.now() - t0);
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    const elapsed = Date.now() - started;
    const after = await quiescent();

    const changed = Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
    console.log(
      `fuzz: seed ${SEED}, ${TOTAL} requests over ${operations.length} operations in ${(elapsed / 1000).toFixed(1)} s (concurrency ${CONCURRENCY}), slowest ${maxMs} ms, ` +
        `largest error body ${largestError} B\n  statuses: ${[...byStatus].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}\n` +
        `  cases: ${[...byCase].sort().map(([c, n]) => `${c}×${n}`).join(' ')}\n  failures: ${failures.length}, hangs: ${hangs}, resent after a closed socket: ${socketRetries}, tables changed: ${changed.join(', ') || 'none'}`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(hangs).toBe(0);
    expect(changed).toEqual([]);
    expect([...byStatus.values()].reduce((a, b) => a + b, 0)).toBe(TOTAL);
  }, 900_000);

  // Issue 22: uploads — hostile file names, sizes past every limit, chunked bodies, keys — through the API and
  // the pages' forms with files. Every request is refused (content no type allows, no session, no CSRF token),
  // so nothing is stored; none may answer 5xx or hang, whatever the framing.
  it(`answers ${UPLOAD_REQUESTS} hostile uploads without a 5xx, a hang or a change`, async () => {
    const tokens = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await h.login(r)] as const)));
    const [execution] = await h.sql<{ id: string }[]>`select id from item_executions limit 1`;
    const [period] = await h.sql<{ id: string }[]>`select id from reporting_periods limit 1`;
    const [roadMap] = await h.sql<{ id: string }[]>`select id from roadmaps limit 1`;
    const targets = [
      { kind: 'api', path: '/api/attachments' },
      { kind: 'api', path: '/api/roadmaps/import' },
      { kind: 'json', path: '/api/roadmaps' },
      { kind: 'web', path: `/executions/${execution?.id ?? 'x'}/complete` },
      { kind: 'web', path: `/executions/${execution?.id ?? 'x'}/extension` },
      { kind: 'web', path: `/monitoring/periods/${period?.id ?? 'x'}/report` },
      { kind: 'web', path: `/roadmaps/${roadMap?.id ?? 'x'}/approve` },
    ] as const;
    const names = [
      'акт\u0000сверки.pdf', 'a\tb\u001b[31m.pdf', '../../etc/passwd.pdf', '..\\..\\win.ini.pdf', 'C:\\Users\\Иван\\отчёт.pdf', `${'Я'.repeat(20_000)}.pdf`,
      'exe\u202Efdp.pdf', '', '.pdf', '...', '"кавычки".pdf', '%00.pdf', 'имя;filename=x.exe', '\u0085\u2028.pdf', 'нормальное имя.pdf',
    ];
    const contents = [
      Buffer.from('просто текст, не PDF'),
      Buffer.alloc(0),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(200)]),
    ];
    const keys = [undefined, undefined, '', 'k'.repeat(5000), '%00', 'fuzz-upload-shared', `fuzz-upload-${Math.random()}`];
    const sizes = [0, 1_000, 3 * 1024 * 1024, 60 * 1024 * 1024];
    const rng = seeded(SEED + 22);
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    const before = await quiescent();

    function build(i: number) {
      const target = targets[i % targets.length];
      const name = pick(rng, names);
      const content = pick(rng, contents);
      // The big ones are few: each is streamed in full (or until refused).
      const padding = rng() < 0.06 ? pick(rng, sizes) : 0;
      const chunked = rng() < 0.5;
      const boundary = `fuzz${Math.floor(rng() * 1e9)}`;
      const headers: Record<string, string> = {};
      const key = pick(rng, keys);
      if (key !== undefined) headers['idempotency-key'] = key;
      if (target.kind === 'web') headers.cookie = rng() < 0.7 ? `rm_session=${tokens[pick(rng, ROLES)]}` : 'rm_session=garbage';
      else if (rng() < 0.75) headers.authorization = `Bearer ${tokens[pick(rng, ROLES)]}`;
      let head: Buffer;
      let tail: Buffer;
      if (target.kind === 'json') {
        headers['content-type'] = 'application/json';
        head = Buffer.from('{"title":"');
        tail = Buffer.from('"');
      } else {
        headers['content-type'] = rng() < 0.9 ? `multipart/form-data; boundary=${boundary}` : pick(rng, ['multipart/form-data', 'application/json', 'text/plain']);
        // A wrong CSRF token at most: no form is ever accepted.
        const csrf = target.kind === 'web' && rng() < 0.5 ? `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nnot-the-token\r\n` : '';
        const field = target.kind === 'web' && (target.path.endsWith('/report') || target.path.endsWith('/approve')) ? 'files' : 'file';
        head = Buffer.concat([Buffer.from(`${csrf}--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="`), Buffer.from(name), Buffer.from('"\r\nContent-Type: application/pdf\r\n\r\n'), content]);
        tail = rng() < 0.15 ? Buffer.alloc(0) : Buffer.from(`\r\n--${boundary}--\r\n`); // sometimes never closed
      }
      return { target, headers, head, padding, tail, chunked };
    }

    async function send(r: ReturnType<typeof build>) {
      let body: BodyInit;
      if (r.chunked || r.padding > 1024 * 1024) {
        let sent = 0;
        const block = Buffer.alloc(256 * 1024, 0x20);
        body = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent === 0) {
              controller.enqueue(new Uint8Array(r.head));
              sent += r.head.length;
            } else if (sent < r.head.length + r.padding) {
              const n = Math.min(block.length, r.head.length + r.padding - sent);
              controller.enqueue(new Uint8Array(block.subarray(0, n)));
              sent += n;
            } else {
              controller.enqueue(new Uint8Array(r.tail));
              controller.close();
            }
          },
        });
      } else body = new Uint8Array(Buffer.concat([r.head, Buffer.alloc(r.padding, 0x20), r.tail]));
      return fetch(h.baseUrl + r.target.path, { method: 'POST', headers: r.headers, body, redirect: 'manual', signal: AbortSignal.timeout(60_000), duplex: 'half' } as RequestInit);
    }

    let next = 0;
    let hangs = 0;
    let closedEarly = 0;
    async function lane() {
      while (next < UPLOAD_REQUESTS) {
        const r = build(next++);
        try {
          // As above: a body refused unread closes its connection, and a request undici had queued on it fails; sent again.
          const attempt = (left: number): Promise<Response> =>
            send(r).catch((err: any) => {
              if (err?.cause?.code !== 'UND_ERR_SOCKET' || left === 0) throw err;
              return attempt(left - 1);
            });
          const res = await attempt(3);
          const text = await res.text();
          byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
          if (res.status >= 500) failures.push(`${res.status} POST ${r.target.path} ${JSON.stringify(r.headers).slice(0, 200)} ${text.slice(0, 300)}`);
          if (res.status < 300) failures.push(`accepted: ${res.status} POST ${r.target.path} ${text.slice(0, 300)}`);
        } catch (err) {
          if ((err as Error).name === 'TimeoutError') {
            hangs++;
            failures.push(`hang POST ${r.target.path} (${r.padding} bytes${r.chunked ? ', chunked' : ''})`);
          } else if (r.padding > 1024 * 1024) closedEarly++; // a big body refused unread: the server may close while the client still writes
          else failures.push(`transport POST ${r.target.path}: ${(err as Error).message} ${String((err as any).cause?.code ?? '')}`);
        }
      }
    }
    await Promise.all(Array.from({ length: 6 }, lane));
    const after = await quiescent();
    const changed = Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
    console.log(`fuzz uploads: ${UPLOAD_REQUESTS} requests, statuses: ${[...byStatus].sort((a, b) => a[0] - b[0]).map(([st, n]) => `${st}×${n}`).join(' ')}, closed while sending: ${closedEarly}`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(hangs).toBe(0);
    expect(changed).toEqual([]);
  }, 600_000);
});
