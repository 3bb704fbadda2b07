import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo } from '../../infra/demo/index.js';
import { hashPassword } from '../../services/auth/password.js';
import { seedAccessFixtures } from '../support/access-fixtures.js';
import { smallDocument } from '../support/fixtures.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { approvedRoadMap } from '../support/roadmaps.js';
import { ownDatabase } from '../support/own-database.js';

/**
 * The directory a fund administers itself, through the API: organisations and people of a
 * region, who may touch what, the audit trail (before → after), deactivation (sessions end,
 * open work goes to a chosen receiver after a dry run), and history kept as it was.
 * Entries made here have ids of their own (dir-…, registry numbers 9xx) so that other test
 * files sharing the database see the demo as it was; renamed demo people are renamed back.
 */
let h: Harness;
let admin: string;
let fomsAdmin: string;
let a46: string;
let db: Awaited<ReturnType<typeof ownDatabase>>;
beforeAll(async () => {
  // A database of its own: it adds people (some without an address) and changes the pilot's curators,
  // which other files' notifications and federal views would otherwise meet.
  db = await ownDatabase();
  h = await startHarness({ databaseUrl: db.url });
  await seedAccessFixtures(h.sql);
  [admin, fomsAdmin, a46] = await Promise.all([h.login('admin'), h.login('foms-admin'), h.login('r46-admin')]);
}, 120_000);
afterAll(async () => {
  await h?.close();
  await db?.drop();
});

const orgs = '/api/directory/organisations';
const people = '/api/directory/people';

/** A person made through the API, given a password here (invitations are the accounts feature's). */
async function personWithPassword(body: Record<string, unknown>): Promise<string> {
  const made = await h.call('POST', people, { token: admin, body });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  await h.sql`update people set password_hash = ${await hashPassword('demo')} where id = ${made.body.id}`;
  return made.body.id;
}

describe('organisations of a region', () => {
  it('the region administrator adds an МО with a readable id, a sub-unit, changes and deactivates them; every change is in the trail', async () => {
    const mo = await h.call('POST', orgs, { token: admin, body: { kind: 'MO', regionCode: '57', registryNumber: '901', name: 'БУЗ ОО «Тестовая поликлиника № 901»', inPilot: true } });
    expect(mo.status, JSON.stringify(mo.body)).toBe(201);
    expect(mo.body).toMatchObject({ id: 'mo-57-901', kind: 'MO', regionCode: '57', registryNumber: '901', inPilot: true, deactivatedAt: null });

    const sub = await h.call('POST', orgs, { token: admin, body: { kind: 'MO', regionCode: '57', registryNumber: '901.1', name: 'Тестовая врачебная амбулатория', parentId: 'mo-57-901' } });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    expect(sub.body.id).toBe('mo-57-901-1');

    const given = await h.call('POST', orgs, { token: admin, body: { id: 'dir-smo-57-test', kind: 'SMO', regionCode: '57', name: 'Филиал СМО «Тест-Полис» в Орловской области' } });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    expect(given.body.id).toBe('dir-smo-57-test');

    const dup = await h.call('POST', orgs, { token: admin, body: { kind: 'MO', regionCode: '57', registryNumber: '901', name: 'Другая МО' } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details).toEqual([{ field: 'registryNumber', message: expect.stringContaining('mo-57-901') }]);
    const noNumber = await h.call('POST', orgs, { token: admin, body: { kind: 'MO', regionCode: '57', name: 'МО без номера' } });
    expect(noNumber.status).toBe(400);
    expect(noNumber.body.error.details).toEqual([{ field: 'registryNumber', message: 'номер в реестре: обязателен для медицинской организации' }]);
    const secondFund = await h.call('POST', orgs, { token: admin, body: { kind: 'TFOMS', regionCode: '57', name: 'Второй ТФОМС' } });
    expect(secondFund.status).toBe(409);

    const changed = await h.call('PATCH', `${orgs}/mo-57-901`, { token: admin, body: { name: 'БУЗ ОО «Поликлиника № 901»', inPilot: false } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ name: 'БУЗ ОО «Поликлиника № 901»', inPilot: false });

    const refused = await h.call('POST', `${orgs}/mo-57-901/deactivate`, { token: admin });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual([{ field: 'units', message: 'Тестовая врачебная амбулатория (mo-57-901-1)' }]);
    expect((await h.call('POST', `${orgs}/mo-57-901-1/deactivate`, { token: admin })).status).toBe(200);
    expect((await h.call('POST', `${orgs}/mo-57-901/deactivate`, { token: admin })).status).toBe(200);
    expect((await h.call('PATCH', `${orgs}/mo-57-901`, { token: admin, body: { name: 'x' } })).status).toBe(409);
    const listed = await h.call('GET', `${orgs}?kind=MO`, { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.organisations.map((o: { id: string }) => o.id)).not.toContain('mo-57-901');
    // The demo road map's 8 МО are marked at seeding (other files may add more to the shared database).
    expect(listed.body.organisations.filter((o: { inPilot: boolean }) => o.inPilot).map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining(demo.participatingMoIds));
    const all = await h.call('GET', `${orgs}?kind=MO&includeInactive=true`, { token: admin });
    expect(all.body.organisations.map((o: { id: string }) => o.id)).toContain('mo-57-901');
    expect((await h.call('POST', `${orgs}/mo-57-901/reactivate`, { token: admin })).status).toBe(200);

    const details = await h.call('GET', `${orgs}/mo-57-901`, { token: admin });
    expect(details.status).toBe(200);
    const trail = [...details.body.changes].reverse();
    expect(trail.map((c: { action: string }) => c.action)).toEqual(['created', 'changed', 'deactivated', 'reactivated']);
    expect(trail[1]).toMatchObject({
      actorId: 'admin',
      actorName: 'Овчинников Павел Евгеньевич',
      source: 'api',
      regionCode: '57',
      before: { name: 'БУЗ ОО «Тестовая поликлиника № 901»', inPilot: true },
      after: { name: 'БУЗ ОО «Поликлиника № 901»', inPilot: false },
    });
    const region = await h.call('GET', '/api/directory/changes?limit=500', { token: admin });
    expect(region.status).toBe(200);
    expect(region.body.changes.some((c: { subjectId: string; action: string }) => c.subjectId === 'mo-57-901-1' && c.action === 'deactivated')).toBe(true);
  });

  it('a change that fails validation changes nothing and names the field in Russian', async () => {
    const before = await h.sql`select count(*)::int as n from directory_changes`;
    const bad = await h.call('POST', orgs, { token: admin, body: { kind: 'MO', regionCode: '57', registryNumber: '902', name: '', parentId: 'mo-46-nowhere' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toContain('name');
    const badParent = await h.call('POST', orgs, { token: admin, body: { kind: 'MO', regionCode: '57', registryNumber: '902', name: 'МО', parentId: 'fx-smo-46-1' } });
    expect(badParent.status).toBe(400);
    expect(badParent.body.error.details[0].field).toBe('parentId');
    expect(await h.sql`select count(*)::int as n from directory_changes`).toEqual(before);
    expect(await h.sql`select id from organisations where registry_number = '902'`).toEqual([]);
  });
});

describe('who administers what', () => {
  it('a region administrator: nothing of another region (404), nothing as a non-administrator (403), no ФОМС roles, never their own rights', async () => {
    expect((await h.call('GET', `${orgs}/tfoms-57`, { token: a46 })).status).toBe(404);
    expect((await h.call('GET', `${people}/director`, { token: a46 })).status).toBe(404);
    expect((await h.call('PATCH', `${people}/r46-executor`, { token: admin, body: { fullName: 'Чужой' } })).status).toBe(404);
    expect((await h.call('POST', `${people}/r46-executor/deactivate`, { token: admin, body: { reason: 'x' } })).status).toBe(404);
    expect((await h.call('GET', `${people}?region=46`, { token: admin })).status).toBe(403);
    const foreign = await h.call('POST', orgs, { token: admin, body: { kind: 'MO', regionCode: '46', registryNumber: '1', name: 'Курская МО' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.details[0].field).toBe('regionCode');
    const elsewhere = await h.call('POST', people, { token: admin, body: { login: 'dir-k46', fullName: 'Курский Иван', organisationId: 'fx-tfoms-46', position: 'specialist', positionTitle: 'Специалист' } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.details[0].field).toBe('organisationId');

    for (const who of ['director', 'specialist', 'smo']) {
      const token = await h.login(who);
      expect((await h.call('GET', `${orgs}/tfoms-57`, { token })).status, who).toBe(403);
      expect((await h.call('GET', people, { token })).status, who).toBe(403);
      expect((await h.call('POST', orgs, { token, body: { kind: 'MO', regionCode: '57', registryNumber: '903', name: 'МО' } })).status, who).toBe(403);
    }

    const curatorRole = await h.call('POST', people, {
      token: admin,
      body: { login: 'dir-would-be-curator', fullName: 'Куратов Пётр Ильич', organisationId: 'tfoms-57', position: 'specialist', positionTitle: 'Специалист', roles: ['foms_curator'] },
    });
    expect(curatorRole.status).toBe(403);
    expect(curatorRole.body.error.details[0].field).toBe('roles');
    const own = await h.call('PATCH', `${people}/admin`, { token: admin, body: { roles: [] } });
    expect(own.status).toBe(403);
    const raiseOwn = await h.call('PATCH', `${people}/admin`, { token: admin, body: { roles: ['admin', 'foms_admin'] } });
    expect(raiseOwn.status).toBe(403);
    expect((await h.sql`select roles from people where id = 'admin'`)[0].roles).toEqual(['admin']);
    // Their own name they may correct; their own account they do not deactivate.
    expect((await h.call('POST', `${people}/admin/deactivate`, { token: admin, body: { reason: 'x' } })).status).toBe(403);

    // A region administrator appoints another administrator of the region.
    const second = await h.call('POST', people, {
      token: admin,
      body: { login: 'dir-admin2', fullName: 'Вторая Анна Сергеевна', organisationId: 'tfoms-57', position: 'head_of_division', positionTitle: 'Начальник отдела', roles: ['admin'] },
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
  });

  it('a ФОМС administrator creates a region\'s first administrator, reads any region, grants ФОМС roles only to ФОМС staff', async () => {
    const first = await h.call('POST', people, {
      token: fomsAdmin,
      body: { login: 'dir-r46-first-admin', fullName: 'Первый Курский Администратор', organisationId: 'fx-tfoms-46', position: 'head_of_division', positionTitle: 'Начальник отдела', roles: ['admin'], email: 'first@fixture.example' },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ id: 'dir-r46-first-admin', regionCode: '46', roles: ['admin'] });
    expect((await h.call('GET', `${people}?region=46`, { token: fomsAdmin })).body.people.map((p: { id: string }) => p.id)).toContain('dir-r46-first-admin');
    expect((await h.call('GET', `${people}/dir-r46-first-admin`, { token: a46 })).status).toBe(200);
    expect((await h.call('GET', `${people}/dir-r46-first-admin`, { token: admin })).status).toBe(404);

    const misfit = await h.call('PATCH', `${people}/dir-r46-first-admin`, { token: fomsAdmin, body: { roles: ['admin', 'foms_curator'] } });
    expect(misfit.status).toBe(400);
    expect(misfit.body.error.details[0]).toEqual({ field: 'roles', message: expect.stringContaining('только сотрудникам ФОМС') });
    const curator = await h.call('POST', people, {
      token: fomsAdmin,
      body: { login: 'dir-foms-curator', fullName: 'Федеральный Куратор', organisationId: 'foms', position: 'head_of_directorate', positionTitle: 'Начальник управления', roles: ['foms_curator'] },
    });
    expect(curator.status, JSON.stringify(curator.body)).toBe(201);
    expect((await h.call('GET', people, { token: fomsAdmin })).body.people.map((p: { id: string }) => p.id)).toContain('dir-foms-curator');
    expect((await h.call('PATCH', `${people}/foms-admin`, { token: fomsAdmin, body: { roles: ['foms_admin', 'foms_curator'] } })).status).toBe(403);
    // ФОМС's own people are kept by a ФОМС administrator only.
    expect((await h.call('GET', `${people}/foms-admin`, { token: admin })).status).toBe(404);
  });
});

describe('people', () => {
  it('created with a unit (ТФОМС only), changed with before → after in the trail; a taken login is refused', async () => {
    const made = await h.call('POST', people, {
      token: admin,
      body: { login: 'dir-petrov', fullName: 'Петров Пётр Петрович', organisationId: 'tfoms-57', position: 'head_of_directorate', positionTitle: 'Начальник управления', email: 'petrov@demo-oms57.example', unit: 'Управление организации ОМС' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ id: 'dir-petrov', login: 'dir-petrov', unit: 'Управление организации ОМС', roles: [], organisationKind: 'TFOMS' });
    expect((await h.sql`select password_hash from people where id = 'dir-petrov'`)[0].password_hash).toBeNull();

    const taken = await h.call('POST', people, { token: admin, body: { login: 'director', fullName: 'Двойник', organisationId: 'tfoms-57', position: 'specialist', positionTitle: 'Специалист' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details).toEqual([{ field: 'login', message: 'уже занят' }]);
    const unit = await h.call('POST', people, { token: admin, body: { login: 'dir-smo-unit', fullName: 'Страховой Агент', organisationId: 'smo-57-1', position: 'specialist', positionTitle: 'Специалист', unit: 'Отдел' } });
    expect(unit.status).toBe(400);
    expect(unit.body.error.details[0].field).toBe('unit');
    const badEmail = await h.call('POST', people, { token: admin, body: { login: 'dir-x', fullName: 'Икс', organisationId: 'tfoms-57', position: 'chief', positionTitle: 'Х', email: 'нет' } });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'position']);
    expect(badEmail.body.error.details.find((d: { field: string }) => d.field === 'email').message).toBe('e-mail: неверный адрес');

    const changed = await h.call('PATCH', `${people}/dir-petrov`, { token: admin, body: { fullName: 'Петров-Водкин Пётр Петрович', positionTitle: 'Заместитель директора' } });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    const details = await h.call('GET', `${people}/dir-petrov`, { token: admin });
    expect(details.body.changes[0]).toMatchObject({
      action: 'changed',
      actorId: 'admin',
      before: { fullName: 'Петров Пётр Петрович', positionTitle: 'Начальник управления' },
      after: { fullName: 'Петров-Водкин Пётр Петрович', positionTitle: 'Заместитель директора' },
    });
    expect(details.body.changes.find((c: { action: string }) => c.action === 'created')).toMatchObject({ before: null, after: { login: 'dir-petrov', unit: 'Управление организации ОМС' } });
    // Created without a password: the invitation that sets it went out, in the same trail.
    expect(made.body.invitation).toBe('logged');
    expect(details.body.changes.map((c: { action: string }) => c.action)).toContain('invited');
  });

  it('deactivation ends the sessions at once; reactivation brings the person back (not the sessions)', async () => {
    const id = await personWithPassword({ login: 'dir-leaver', fullName: 'Уходящий Олег Павлович', organisationId: 'tfoms-57', position: 'specialist', positionTitle: 'Главный специалист' });
    const token = await h.login(id);
    expect((await h.call('GET', '/api/tasks', { token })).status).toBe(200);
    const done = await h.call('POST', `${people}/${id}/deactivate`, { token: admin, body: { reason: 'Увольнение, приказ № 12-к' } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ deactivated: true, endedSessions: 1 });
    expect(await h.sql`select 1 from sessions where person_id = ${id}`).toEqual([]);
    expect((await h.call('GET', '/api/tasks', { token })).status).toBe(401);
    expect((await h.call('POST', '/api/auth/login', { body: { login: id, password: 'demo' } })).status).toBe(401);
    expect((await h.call('POST', `${people}/${id}/deactivate`, { token: admin, body: { reason: 'ещё раз' } })).status).toBe(409);
    const [row] = await h.sql`select action, before, after from directory_changes where subject_id = ${id} and action = 'deactivated'`;
    expect(row.before).toEqual({ deactivatedAt: null });
    expect(row.after).toMatchObject({ reason: 'Увольнение, приказ № 12-к', endedSessions: 1, receiverId: null });
    expect((await h.call('POST', `${people}/${id}/reactivate`, { token: admin })).status).toBe(200);
    expect((await h.call('POST', '/api/auth/login', { body: { login: id, password: 'demo' } })).status).toBe(200);
  });

  it('with open work: refused without a receiver (listing it), shown by a dry run, then moved to the receiver and the person deactivated', async () => {
    const leaver = await personWithPassword({ login: 'dir-busy', fullName: 'Занятой Игорь Львович', organisationId: 'tfoms-57', position: 'head_of_directorate', positionTitle: 'Начальник управления' });
    const receiver = await personWithPassword({ login: 'dir-receiver', fullName: 'Принимающая Вера Ивановна', organisationId: 'tfoms-57', position: 'head_of_directorate', positionTitle: 'Начальник управления' });
    const junior = await personWithPassword({ login: 'dir-junior', fullName: 'Младший Юрий', organisationId: 'tfoms-57', position: 'specialist', positionTitle: 'Специалист' });
    const doc = smallDocument();
    doc.startDate = new Date().toISOString().slice(0, 10);
    for (const item of doc.directions[0].items) {
      item.executorId = leaver;
      item.deadline = { date: new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10) };
    }
    const { executions } = await approvedRoadMap(h, doc, 3);
    const leaverToken = await h.login(leaver);

    const refused = await h.call('POST', `${people}/${leaver}/deactivate`, { token: admin, body: { reason: 'Перевод в другой фонд' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/незавершённая работа: исполнений мероприятий — 3/);
    expect(refused.body.error.details).toHaveLength(3);
    expect(refused.body.error.details[0]).toEqual({ field: 'receiverId', message: expect.stringMatching(/^исполнение «.+» \(.+\): исполнитель$/) });
    const low = await h.call('POST', `${people}/${leaver}/deactivate`, { token: admin, body: { reason: 'Перевод', receiverId: junior } });
    expect(low.status).toBe(400);
    expect(low.body.error.details[0].field).toBe('receiverId');
    const outsider = await h.call('POST', `${people}/${leaver}/deactivate`, { token: admin, body: { reason: 'Перевод', receiverId: 'smo' } });
    expect(outsider.status).toBe(400);

    const dry = await h.call('POST', `${people}/${leaver}/deactivate`, { token: admin, body: { reason: 'Перевод в другой фонд', receiverId: receiver, dryRun: true } });
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, deactivated: false, receiverId: receiver });
    expect(dry.body.transfer.moved.map((m: { executionId: string }) => m.executionId).sort()).toEqual(executions.map((e) => e.id).sort());
    expect((await h.sql`select deactivated_at from people where id = ${leaver}`)[0].deactivated_at).toBeNull();
    expect((await h.call('GET', '/api/tasks', { token: leaverToken })).status).toBe(200);

    const done = await h.call('POST', `${people}/${leaver}/deactivate`, { token: admin, body: { reason: 'Перевод в другой фонд', receiverId: receiver } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.transfer.moved).toHaveLength(3);
    expect(done.body.endedSessions).toBe(1);
    const rows = await eventually(
      () => h.sql<{ executor_id: string }[]>`select executor_id from item_executions where id = any(${executions.map((e) => e.id)})`,
      (r) => r.every((x) => x.executor_id === receiver),
    );
    expect(rows).toHaveLength(3);
    expect((await h.call('GET', '/api/tasks', { token: leaverToken })).status).toBe(401);
    const [audit] = await h.sql`select after from directory_changes where subject_id = ${leaver} and action = 'deactivated'`;
    expect(audit.after).toMatchObject({ receiverId: receiver, movedExecutions: 3, transferId: done.body.transfer.transferId });
    expect(await h.sql`select from_person_id, to_person_id from transfers where id = ${done.body.transfer.transferId}`).toEqual([{ from_person_id: leaver, to_person_id: receiver }]);
  });
});

async function docxText(data: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(data);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

describe('history is kept as it was', () => {
  it('an approved version prints the director and the executor as they were at approval, after both are renamed', async () => {
    const { id } = await approvedRoadMap(h, smallDocument(), 3);
    const [v] = await h.sql`select named_snapshot from roadmap_versions where roadmap_id = ${id} and version = 1`;
    expect(v.named_snapshot.people.director.fullName).toBe('Белозёров Игорь Николаевич');
    const original = await h.sql<{ id: string; full_name: string; position_title: string }[]>`
      select id, full_name, position_title from people where id in ('director', 'executor')`;
    try {
      expect((await h.call('PATCH', `${people}/director`, { token: admin, body: { fullName: 'Новиков Андрей Борисович', positionTitle: 'Временно исполняющий обязанности директора' } })).status).toBe(200);
      expect((await h.call('PATCH', `${people}/executor`, { token: admin, body: { fullName: 'Переименованный Семён Семёнович' } })).status).toBe(200);
      const coordinator = await h.login('coordinator');
      const res = await fetch(`${h.baseUrl}/api/roadmaps/${id}/versions/1/roadmap.docx`, { headers: { authorization: `Bearer ${coordinator}` } });
      expect(res.status).toBe(200);
      const text = await docxText(Buffer.from(await res.arrayBuffer()));
      expect(text).toContain('Директор ТФОМС Орловской области');
      expect(text).toMatch(/Белозёров И\.Н\./);
      expect(text).toContain('Тихонравов Алексей Петрович');
      expect(text).not.toContain('Новиков');
      expect(text).not.toContain('Переименованный');
    } finally {
      for (const p of original) await h.sql`update people set full_name = ${p.full_name}, position_title = ${p.position_title} where id = ${p.id}`;
    }
  });
});

describe('the pilot set-up, kept by a ФОМС administrator', () => {
  it('changes who curates a group and which group a region is in: the federal view and the trail follow; nobody else may', async () => {
    const [director, semenyuk] = await Promise.all([h.login('director'), h.login('semenyuk')]);
    expect((await h.call('GET', '/api/directory/pilot', { token: admin })).status).toBe(403);
    expect((await h.call('PATCH', '/api/directory/pilot/groups/szfo', { token: admin, body: { curatorRegionCode: '57' } })).status).toBe(403);
    expect((await h.call('PUT', '/api/directory/pilot/regions/57', { token: a46, body: { groupId: 'szfo' } })).status).toBe(403);
    const setup = await h.call('GET', '/api/directory/pilot', { token: fomsAdmin });
    expect(setup.status).toBe(200);
    const szfo = setup.body.groups.find((g: { id: string }) => g.id === 'szfo');
    expect(szfo).toMatchObject({ curatorRegionCode: '39', regionCodes: ['10', '39', '53', '60'] });
    expect((await h.call('GET', '/api/pilot', { token: director })).status).toBe(403);
    expect((await h.call('GET', '/api/pilot', { token: semenyuk })).status).toBe(200);

    try {
      const changed = await h.call('PATCH', '/api/directory/pilot/groups/szfo', {
        token: fomsAdmin,
        body: { curatorRegionCode: '57', curatorName: 'Белозёров Игорь Николаевич', curatorRole: 'директор ТФОМС Орловской области' },
      });
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      const placed = await h.call('PUT', '/api/directory/pilot/regions/57', { token: fomsAdmin, body: { groupId: 'szfo' } });
      expect(placed.body).toEqual({ regionCode: '57', groupId: 'szfo' });
      expect((await h.call('PUT', '/api/directory/pilot/regions/57', { token: fomsAdmin, body: { groupId: 'no-such-group' } })).status).toBe(400);

      // The same sessions, the new set-up: the rules read it with each request.
      const view = await h.call('GET', '/api/pilot', { token: director });
      expect(view.status).toBe(200);
      expect(view.body.groups.map((g: { id: string }) => g.id)).toEqual(['szfo']);
      expect(view.body.groups[0].curator).toMatchObject({ regionCode: '57', name: 'Белозёров Игорь Николаевич', personId: 'director' });
      expect(view.body.groups[0].regions.map((r: { code: string }) => r.code).sort()).toEqual(['10', '39', '53', '57', '60']);
      // No longer a curator: Калининградская's director sees his own pilot region only.
      const own = await h.call('GET', '/api/pilot', { token: semenyuk });
      expect(own.status).toBe(200);
      expect(own.body.groups.flatMap((g: { regions: { code: string }[] }) => g.regions.map((r) => r.code))).toEqual(['39']);

      const trail = await h.call('GET', '/api/directory/changes', { token: fomsAdmin });
      const pilot = trail.body.changes.filter((c: { subjectKind: string }) => c.subjectKind === 'pilot');
      expect(pilot.slice(0, 2)).toMatchObject([
        { subjectId: 'region:57', before: { groupId: null }, after: { groupId: 'szfo' }, actorId: 'foms-admin' },
        { subjectId: 'group:szfo', before: { curatorRegionCode: '39' }, after: { curatorRegionCode: '57' } },
      ]);
    } finally {
      expect((await h.call('PUT', '/api/directory/pilot/regions/57', { token: fomsAdmin, body: { groupId: null } })).status).toBe(200);
      const back = await h.call('PATCH', '/api/directory/pilot/groups/szfo', { token: fomsAdmin, body: { curatorRegionCode: szfo.curatorRegionCode, curatorName: szfo.curatorName, curatorRole: szfo.curatorRole } });
      expect(back.status).toBe(200);
    }
    expect((await h.call('GET', '/api/pilot', { token: semenyuk })).status).toBe(200);
    expect((await h.call('GET', '/api/pilot', { token: director })).status).toBe(403);
  });
});
