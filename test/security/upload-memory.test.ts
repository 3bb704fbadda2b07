/**
 * Issue 22: an upload cannot exhaust the process that serves the API. The API runs in a
 * process of its own, with the default limits (docs/security.md, «Limits»), and gets the
 * worst bodies: 400 MB declared with an Idempotency-Key (read whole into memory before the
 * route's limit, once), 400 MB chunked — to the upload route with a key, to a JSON route, to
 * a page's form with files — and a file at its limit, twice under one key. Every answer is
 * a 4xx or the 201, and the process's peak RSS (VmHWM) stays under the documented bound.
 */
import { randomUUID } from 'node:crypto';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../infra/database/database.js';
import { freePort } from '../../infra/startup/free-port.js';
import { seedReferenceData } from '../../infra/demo/seed-demo.js';
import { spawnEntry, waitForStatus, type Spawned } from '../support/entry-process.js';
import { apiClient } from '../support/harness.js';
import { peakRss, streamBody } from '../support/streamed-body.js';

/** docs/security.md «Limits»: the API process's peak RSS under the worst uploads, with the default limits. */
const PEAK_RSS_BOUND = 768 * 1024 * 1024;
const HUGE = 400 * 1024 * 1024;

const limitVariables = ['ATTACHMENT_MAX_BYTES', 'ATTACHMENTS_PER_COMMAND', 'ATTACHMENT_UPLOAD_MAX_BYTES', 'UPLOADS_IN_FLIGHT'];

describe.skipIf(inject('databaseEmbedded'))('the API process under the worst uploads', () => {
  let api: Spawned;
  let sql: postgres.Sql;
  let baseUrl: string;
  let token: string;

  beforeAll(async () => {
    sql = connectDatabase(inject('databaseUrl'));
    await seedReferenceData(sql);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      TASK_QUEUE: `upload-memory-${randomUUID()}`,
      PORT: String(port),
      METRICS_PORT: 'off',
      SMTP_URL: '',
      DEMO: '0',
    };
    for (const v of limitVariables) env[v] = '';
    api = spawnEntry('api/main.ts', env);
    await waitForStatus(`${baseUrl}/health`, 200);
    // A person the other upload tests leave alone: the file stored here counts against its quota of unattached uploads.
    token = await apiClient(baseUrl).login('smo');
  }, 180_000);
  afterAll(async () => {
    api?.child.kill('SIGTERM');
    await api?.exited;
    await sql?.end();
  });

  const auth = () => ({ authorization: `Bearer ${token}` });
  const boundary = '----upload-memory';
  const filePart = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n`;

  it('refuses 400 MB bodies — declared or chunked, with or without a key, to the API and to a page — with a 413 before reading them', async () => {
    const multipart = { ...auth(), 'content-type': `multipart/form-data; boundary=${boundary}` };
    const attempts: { label: string; url: string; headers: Record<string, string>; chunked: boolean }[] = [
      { label: 'declared, with a key', url: '/api/attachments', headers: { ...multipart, 'idempotency-key': `declared-${randomUUID()}` }, chunked: false },
      { label: 'chunked, with a key', url: '/api/attachments', headers: { ...multipart, 'idempotency-key': `chunked-${randomUUID()}` }, chunked: true },
      { label: 'chunked, no key', url: '/api/attachments', headers: multipart, chunked: true },
      { label: 'chunked JSON, with a key', url: '/api/roadmaps', headers: { ...auth(), 'content-type': 'application/json', 'idempotency-key': `json-${randomUUID()}` }, chunked: true },
      { label: 'chunked page form', url: '/executions/x/complete', headers: { cookie: `rm_session=${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, chunked: true },
    ];
    for (const a of attempts) {
      const answer = await streamBody(baseUrl + a.url, { headers: a.headers, prefix: a.url.startsWith('/api/roadmaps') ? '{"title":"' : filePart, total: HUGE, chunked: a.chunked });
      expect(answer.status, `${a.label}: ${answer.body.slice(0, 300)}`).toBe(413);
      // Refused long before the end: at most the upload limit (52 MiB) and what was in flight had been sent.
      expect(answer.sent, a.label).toBeLessThan(HUGE / 2);
    }
    const peak = await peakRss(api.child.pid!);
    expect(peak).toBeLessThan(PEAK_RSS_BOUND);
  }, 300_000);

  it('stores a file at its limit once under one key, answering a retry with the same id, within the same bound', async () => {
    const key = `big-${randomUUID()}`;
    const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(24 * 1024 * 1024, 0x20), Buffer.from('\n%%EOF\n')]);
    const send = async () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), 'Большой отчёт.pdf');
      const res = await fetch(`${baseUrl}/api/attachments`, { method: 'POST', headers: { ...auth(), 'idempotency-key': key }, body: form });
      return { status: res.status, body: (await res.json()) as { id: string } };
    };
    const first = await send();
    const again = await send();
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const peak = await peakRss(api.child.pid!);
    expect(peak).toBeLessThan(PEAK_RSS_BOUND);
  }, 300_000);
});
