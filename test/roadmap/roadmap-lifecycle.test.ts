import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../services/auth/password.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { demoDocument, smallDocument } from '../support/fixtures.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  // A second region with its own director, for the region checks.
  await h.sql`insert into regions (code, name, federal_district, time_zone) values ('63', 'Самарская область', 'ПФО', 'Europe/Samara') on conflict do nothing`;
  await h.sql`insert into organisations (id, kind, name, region_code) values ('tfoms-63', 'TFOMS', 'ТФОМС Самарской области', '63') on conflict do nothing`;
  await h.sql`insert into people (id, login, full_name, organisation_id, position, position_title, password_hash)
              values ('samara-director', 'samara-director', 'Иванов Иван Иванович', 'tfoms-63', 'director', 'директор', ${await hashPassword('demo')})
              on conflict do nothing`;
});
afterAll(() => h?.close());

const events = async (id: string, token: string) =>
  (await h.call('GET', `/api/roadmaps/${id}/events?limit=1000`, { token })).body.events as { type: string; actorId: string | null; version: number }[];

async function createDraft(doc = smallDocument(), who = 'coordinator') {
  const res = await h.call('POST', '/api/roadmaps', { token: await h.login(who), body: doc });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.roadMapId as string;
}

describe('road-map lifecycle', () => {
  it('drafts, is returned with a comment, is resubmitted and approved, and launches one execution per item × МО', async () => {
    const coordinator = await h.login('coordinator');
    const director = await h.login('director');
    const id = await createDraft();

    let rm = await h.call('GET', `/api/roadmaps/${id}`, { token: coordinator });
    expect(rm.body).toMatchObject({ status: 'draft', workingVersion: 1, approvedVersion: null });

    expect((await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director })).status).toBe(409); // not submitted yet
    expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).body).toMatchObject({ status: 'submitted' });
    expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).status).toBe(409);
    expect((await h.call('PUT', `/api/roadmaps/${id}`, { token: coordinator, body: smallDocument() })).status).toBe(409);

    const returned = await h.call('POST', `/api/roadmaps/${id}/return`, { token: director, body: { comment: 'Уточните сроки по стендам' } });
    expect(returned.body).toMatchObject({ status: 'draft', version: 1 });
    rm = await h.call('GET', `/api/roadmaps/${id}`, { token: coordinator });
    expect(rm.body.versions[0].lastReturnComment).toBe('Уточните сроки по стендам');

    const edited = smallDocument();
    edited.directions[0].items[1].deadline = { date: '2017-05-12' };
    expect((await h.call('PUT', `/api/roadmaps/${id}`, { token: coordinator, body: edited })).status).toBe(200);
    expect((await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator })).status).toBe(200);
    const approved = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director });
    expect(approved.status).toBe(200);
    expect(approved.body).toEqual({ roadMapId: id, version: 1, status: 'approved' });
    expect((await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director })).status).toBe(409);

    const items = await eventually(
      () => h.call('GET', `/api/roadmaps/${id}/items`, { token: coordinator }),
      (r) => r.body.total === 3,
    );
    const byItem = items.body.items.map((e: { itemId: string; moId: string | null; status: string }) => `${e.itemId}/${e.moId}/${e.status}`).sort();
    const [mo1, mo2] = (smallDocument().participatingMoIds as string[]);
    expect(byItem).toEqual([`order/null/assigned`, `stands/${mo1}/assigned`, `stands/${mo2}/assigned`].sort());
    // The deadline is the end of the working day (18:00 Moscow) of the edited date.
    expect(items.body.items.find((e: { itemId: string }) => e.itemId === 'stands').deadlineAt).toBe('2017-05-12T15:00:00.000Z');

    // The executions really run in Temporal.
    const handle = h.env.client.workflow.getHandle(`item-execution:${id}.order.fund`);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // The 2017 deadlines are long past, so escalation rungs fire too: this test looks at the lifecycle only.
    const trail = (await events(id, coordinator)).filter((e) => e.type.startsWith('roadmap.') || e.type === 'execution.started');
    expect(trail.map((e) => e.type)).toEqual([
      'roadmap.drafted',
      'roadmap.submitted',
      'roadmap.returned',
      'roadmap.draft_edited',
      'roadmap.submitted',
      'roadmap.approved',
      'execution.started',
      'execution.started',
      'execution.started',
    ]);
    expect(trail.find((e) => e.type === 'roadmap.approved')?.actorId).toBe('director');
    expect(trail.find((e) => e.type === 'roadmap.returned')?.actorId).toBe('director');
  });

  it('amends an approved road map with a new version: the old one stays readable, the diff shows the change, dropped executions are cancelled', async () => {
    const coordinator = await h.login('coordinator');
    const director = await h.login('director');
    const id = await createDraft();
    await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator });
    await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director });
    await eventually(() => h.call('GET', `/api/roadmaps/${id}/items`, { token: coordinator }), (r) => r.body.total === 3);

    const v2 = smallDocument();
    v2.title = 'Тестовая дорожная карта (редакция 2)';
    v2.directions[0].items = [
      v2.directions[0].items[0],
      { ...v2.directions[0].items[0], id: 'agreement', title: 'Соглашение о страховых представителях', deadline: { date: '2017-04-03' } },
    ];
    const amend = await h.call('POST', `/api/roadmaps/${id}/versions`, { token: coordinator, body: { document: v2 } });
    expect(amend.status, JSON.stringify(amend.body)).toBe(201);
    expect(amend.body).toEqual({ roadMapId: id, version: 2, status: 'draft' });
    expect((await h.call('POST', `/api/roadmaps/${id}/versions`, { token: coordinator, body: {} })).status).toBe(409);

    let rm = await h.call('GET', `/api/roadmaps/${id}`, { token: director });
    expect(rm.body).toMatchObject({ status: 'draft', approvedVersion: 1, workingVersion: 2 });

    const diff = await h.call('GET', `/api/roadmaps/${id}/diff?from=1&to=2`, { token: director });
    expect(diff.status).toBe(200);
    expect(diff.body.diff.fields.map((f: { field: string }) => f.field)).toEqual(['title']);
    expect(diff.body.diff.items.map((i: { itemId: string; change: string }) => `${i.itemId}:${i.change}`).sort()).toEqual(['agreement:added', 'stands:removed']);

    await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator });
    expect((await h.call('POST', `/api/roadmaps/${id}/approve`, { token: director })).body).toEqual({ roadMapId: id, version: 2, status: 'approved' });

    const items = await eventually(
      () => h.call('GET', `/api/roadmaps/${id}/items`, { token: coordinator }),
      (r) => r.body.total === 4 && r.body.items.filter((e: { status: string }) => e.status === 'cancelled').length === 2,
    );
    const states = items.body.items.map((e: { itemId: string; status: string; version: number }) => `${e.itemId}:${e.status}:v${e.version}`).sort();
    expect(states).toEqual(['agreement:assigned:v2', 'order:assigned:v1', 'stands:cancelled:v1', 'stands:cancelled:v1']);

    rm = await h.call('GET', `/api/roadmaps/${id}`, { token: director });
    expect(rm.body.versions.map((v: { version: number; status: string }) => `${v.version}:${v.status}`)).toEqual(['1:superseded', '2:approved']);
    expect(rm.body.versions[0].document.title).toBe('Тестовая дорожная карта');
    const trail = await events(id, director);
    expect(trail.filter((e) => e.type === 'roadmap.approved').map((e) => e.version)).toEqual([1, 2]);
    expect(trail.filter((e) => e.type === 'roadmap.amendment_started')).toHaveLength(1);
  });

  it('the demo road map from the seeds is valid and expands to its executions', async () => {
    const id = await createDraft(demoDocument());
    const rm = await h.call('GET', `/api/roadmaps/${id}`, { token: await h.login('director') });
    expect(rm.body.versions[0].document.indicators.length).toBe(37);
  });
});

describe('roles and regions', () => {
  it('only the ТФОМС director of the region approves or returns; others get 403 (another region: 404) and nothing changes', async () => {
    const coordinator = await h.login('coordinator');
    const id = await createDraft();
    await h.call('POST', `/api/roadmaps/${id}/submit`, { token: coordinator });
    for (const who of ['controller', 'coordinator', 'smo', 'curator']) {
      const res = await h.call('POST', `/api/roadmaps/${id}/approve`, { token: await h.login(who) });
      expect(res.status, who).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.body.error.message).toMatch(/директор ТФОМС/);
    }
    // Another region's director is told it does not exist, exactly as for a missing id (no existence oracle).
    const foreign = await h.login('samara-director');
    const missing = await h.call('GET', `/api/roadmaps/${id}-missing`, { token: foreign });
    expect(missing.status).toBe(404);
    for (const [method, path, body] of [['POST', `/api/roadmaps/${id}/approve`], ['POST', `/api/roadmaps/${id}/return`, { comment: 'нет' }], ['GET', `/api/roadmaps/${id}`]] as const) {
      const res = await h.call(method, path, { token: foreign, body });
      expect(res.status, path).toBe(404);
      expect(res.body.error.message).toBe(missing.body.error.message.replace(`${id}-missing`, id));
    }
    expect((await h.call('GET', `/api/roadmaps`, { token: foreign })).body.roadmaps.find((r: { id: string }) => r.id === id)).toBeUndefined();
    // ФОМС staff see every region's road maps but cannot approve them.
    expect((await h.call('GET', `/api/roadmaps/${id}`, { token: await h.login('curator') })).status).toBe(200);

    expect((await h.call('POST', `/api/roadmaps/${id}/return`, { token: await h.login('specialist'), body: { comment: 'x' } })).status).toBe(403);
    const spec = await h.call('POST', '/api/roadmaps', { token: await h.login('specialist'), body: smallDocument() });
    expect(spec.status).toBe(403);
    const smo = await h.call('POST', '/api/roadmaps', { token: await h.login('smo'), body: smallDocument() });
    expect(smo.status).toBe(403);

    const rm = await h.call('GET', `/api/roadmaps/${id}`, { token: coordinator });
    expect(rm.body.status).toBe('submitted');
    expect((await events(id, coordinator)).map((e) => e.type)).toEqual(['roadmap.drafted', 'roadmap.submitted']);
  });
});
