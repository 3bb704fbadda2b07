import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { smallDocument } from '../support/fixtures.js';
import { seedAccessFixtures } from '../support/access-fixtures.js';
import { executorReport, fastWeek, monitoredRoadMap, periodEvents, smo2Report, smoReport } from '../monitoring/monitoring-fixtures.js';

/** Files of weekly reports and of road-map versions (the signed approving act): referenced, recorded, readable, frozen. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await seedAccessFixtures(h.sql);
});
afterAll(() => h?.close());

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

async function upload(login: string, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${h.baseUrl}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${await h.login(login)}` }, body: form });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; sha256: string; name: string; size: number; type: string };
}
const downloadStatus = async (login: string, id: string) => {
  const res = await fetch(`${h.baseUrl}/api/attachments/${id}`, { headers: { authorization: `Bearer ${await h.login(login)}` } });
  await res.arrayBuffer();
  return res.status;
};
const statuses = async (logins: string[], id: string) => Object.fromEntries(await Promise.all(logins.map(async (l) => [l, await downloadStatus(l, id)] as const)));
const fields = (body: any) => body.error.details.map((d: { field: string }) => d.field);
const attachedRow = async (id: string) => (await h.sql<{ attached_kind: string | null; attached_id: string | null; roadmap_id: string | null }[]>`
  select attached_kind, attached_id, roadmap_id from attachments where id = ${id}`)[0];

describe('weekly report attachments', () => {
  it('are resolved into the audit trail, readable like the report (curator only after submission), frozen, and kept by revision', async () => {
    const { roadMapId, periodId, mos } = await monitoredRoadMap(h, fastWeek({ dueAfter: 'PT60S', cutoffAfter: 'PT150S' }));
    const smo = await h.login('smo');
    const mine = await upload('smo', 'Отчёт об информировании, неделя 1.pdf', pdf(`smo ${periodId}`));
    const theirs = await upload('executor', 'чужой.pdf', pdf(`executor ${periodId}`));
    const reportsPath = `/api/monitoring/periods/${periodId}/reports`;

    const refused = await h.call('POST', reportsPath, {
      token: smo,
      body: { ...smoReport(mos), attachments: [{ attachmentId: mine.id }, { attachmentId: theirs.id }, { attachmentId: 'нет-такого' }] },
    });
    expect(refused.status).toBe(400);
    expect(fields(refused.body)).toEqual(['attachments.1.attachmentId', 'attachments.2.attachmentId']);
    expect(refused.body.error.details[0].message).toMatch(/[а-яё]/i);
    expect((await attachedRow(mine.id)).attached_kind).toBeNull();

    // Sent twice with one Idempotency-Key (a retry): one revision, attached once.
    const headers = { 'Idempotency-Key': `weekly-files-${periodId}` };
    const body = { ...smoReport(mos), attachments: [{ attachmentId: mine.id }] };
    const first = await h.call('POST', reportsPath, { token: smo, body, headers });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const retried = await h.call('POST', reportsPath, { token: smo, body, headers });
    expect(retried.status).toBe(200);
    expect(retried.body.revision).toBe(first.body.revision);
    expect(await attachedRow(mine.id)).toEqual({ attached_kind: 'weekly_report', attached_id: `${periodId}/smo`, roadmap_id: roadMapId });

    const [submitted] = await periodEvents(h, periodId, 'monitoring.report_submitted');
    expect(submitted.payload.report.attachments).toEqual([
      { attachmentId: mine.id, name: 'Отчёт об информировании, неделя 1.pdf', size: mine.size, sha256: mine.sha256, type: 'application/pdf' },
    ]);

    // Readers of the report: its СМО and the region's ТФОМС; not the competing СМО, not ФОМС before the submission, not another region.
    const readers = ['smo', 'smo-controller', 'coordinator', 'director', 'specialist', 'smo2', 'curator', 'r46-director'];
    expect(await statuses(readers, mine.id)).toEqual({
      smo: 200, 'smo-controller': 200, coordinator: 200, director: 200, specialist: 200, smo2: 404, curator: 404, 'r46-director': 404,
    });

    // A file of this report cannot be referenced from another report or changed.
    const other = await h.call('POST', reportsPath, { token: await h.login('executor'), body: { ...executorReport, attachments: [{ attachmentId: mine.id }] } });
    expect(other.status).toBe(400);
    expect(fields(other.body)).toEqual(['attachments.0.attachmentId']);
    await expect(h.sql`update attachments set name = 'подмена.pdf' where id = ${mine.id}`).rejects.toThrow(/cannot change/);

    // A correction is a new revision: it keeps the first file and adds one; revision 1 still names only its own.
    const added = await upload('smo', 'Дополнение.pdf', pdf(`smo addendum ${periodId}`));
    const corrected = await h.call('POST', reportsPath, { token: smo, body: { ...smoReport(mos), attachments: [{ attachmentId: mine.id }, { attachmentId: added.id }] } });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body.revision).toBe(2);
    const all = await h.call('GET', `/api/monitoring/reports?roadmap=${roadMapId}&period=${periodId}&reporter=smo&revisions=all`, { token: await h.login('coordinator') });
    expect(all.body.reports.map((r: any) => [r.revision, r.report.attachments.map((a: any) => a.name)])).toEqual([
      [2, ['Отчёт об информировании, неделя 1.pdf', 'Дополнение.pdf']],
      [1, ['Отчёт об информировании, неделя 1.pdf']],
    ]);

    // Every report in: the week is compiled; once the coordinator submits it, ФОМС reads the files too.
    expect((await h.call('POST', reportsPath, { token: await h.login('executor'), body: executorReport })).status).toBe(200);
    expect((await h.call('POST', reportsPath, { token: await h.login('smo2'), body: smo2Report(mos) })).status).toBe(200);
    const coordinator = await h.login('coordinator');
    await eventually(() => h.call('GET', `/api/monitoring/periods/${periodId}/consolidated`, { token: coordinator }), (r) => r.status === 200, 30_000);
    expect((await h.call('POST', `/api/monitoring/periods/${periodId}/consolidated/submit`, { token: coordinator, body: { comment: 'Направляю' } })).status).toBe(200);
    expect(await statuses(['curator', 'smo2', 'r46-director'], added.id)).toEqual({ curator: 200, smo2: 404, 'r46-director': 404 });
  });
});

describe('road-map version attachments: the signed approving act', () => {
  it('the approval references the act, recorded in the audit trail, attached to the version, readable by the road map’s readers', async () => {
    const coordinator = await h.login('coordinator');
    const director = await h.login('director');
    const created = await h.call('POST', '/api/roadmaps', { token: coordinator, body: smallDocument() });
    expect(created.status).toBe(201);
    const id = created.body.roadMapId as string;
    expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).status).toBe(200);

    const act = await upload('director', 'Приказ ТФОМС № 45 об утверждении дорожной карты.pdf', pdf(`act ${id}`));
    const foreign = await upload('coordinator', 'проект.pdf', pdf(`coordinator ${id}`));
    const refused = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director, body: { attachments: [{ attachmentId: act.id }, { attachmentId: foreign.id }] } });
    expect(refused.status).toBe(400);
    expect(fields(refused.body)).toEqual(['attachments.1.attachmentId']);
    const bad = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director, body: { attachments: [{ id: act.id }] } });
    expect(bad.status).toBe(400);
    expect((await h.call('GET', `/api/roadmaps/${id}`, { token: coordinator })).body.status).toBe('submitted');

    const headers = { 'Idempotency-Key': `approve-act-${id}` };
    const approved = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director, body: { attachments: [{ attachmentId: act.id }] }, headers });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const again = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director, body: { attachments: [{ attachmentId: act.id }] }, headers });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(approved.body);
    expect(await attachedRow(act.id)).toEqual({ attached_kind: 'roadmap_version', attached_id: `${id}/1`, roadmap_id: id });

    const events = await h.call('GET', `/api/roadmaps/${id}/events?limit=1000`, { token: coordinator });
    const approval = events.body.events.find((e: any) => e.type === 'roadmap.approved');
    expect(approval.payload.attachments).toEqual([
      { attachmentId: act.id, name: 'Приказ ТФОМС № 45 об утверждении дорожной карты.pdf', size: act.size, sha256: act.sha256, type: 'application/pdf' },
    ]);
    expect(await statuses(['director', 'coordinator', 'smo', 'smo2', 'curator', 'r46-director'], act.id)).toEqual({
      director: 200, coordinator: 200, smo: 200, smo2: 200, curator: 200, 'r46-director': 404,
    });
    await expect(h.sql`update attachments set attached_id = ${`${id}/2`} where id = ${act.id}`).rejects.toThrow(/cannot change/);
  });
});

describe('the attachment routes in /openapi.json', () => {
  it('documents the multipart upload and the binary download', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body;
    const up = doc.paths['/api/attachments'].post;
    expect(Object.keys(up.requestBody.content)).toEqual(['multipart/form-data']);
    expect(up.requestBody.content['multipart/form-data'].schema.properties.file.items).toEqual({ type: 'string', format: 'binary' });
    expect(Object.keys(up.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '413', '415']));
    const down = doc.paths['/api/attachments/{id}'].get;
    expect(down.parameters.map((p: any) => [p.name, p.in])).toEqual([['id', 'path']]);
    expect(down.responses['200'].content['application/octet-stream'].schema).toMatchObject({ type: 'string', format: 'binary' });
    const approve = doc.paths['/api/roadmaps/{id}/approve'].post;
    expect(approve.requestBody.required).toBe(false);
  });
});
