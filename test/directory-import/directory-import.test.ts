import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { filledTemplate, importRegion, seedImportRegion, upload } from './directory-import-fixtures.js';

const R = importRegion('33', 'dx');
let h: Harness;
let admin: string;
const templates: Record<string, Buffer> = {};

async function get(path: string, token: string) {
  const res = await fetch(h.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
  return { res, data: Buffer.from(await res.arrayBuffer()) };
}

async function counts() {
  const [r] = await h.sql<{ orgs: number; people: number; changes: number }[]>`
    select (select count(*)::int from organisations where region_code = ${R.code}) as orgs,
           (select count(*)::int from people p join organisations o on o.id = p.organisation_id where o.region_code = ${R.code}) as people,
           (select count(*)::int from directory_changes where region_code = ${R.code}) as changes`;
  return r;
}

const messages = (body: any): string[] => (body.errors ?? body.error.details).map((d: { message: string }) => d.message);

beforeAll(async () => {
  h = await startHarness();
  await seedImportRegion(h.sql, R);
  admin = await h.login(R.admin);
  for (const kind of ['mo', 'smo', 'people']) {
    const { res, data } = await get(`/api/regions/${R.code}/directory/templates/${kind}.xlsx`, admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    templates[kind] = data;
  }
}, 120_000);
afterAll(() => h?.close());

describe('directory import: templates', () => {
  it('each template has its sheet with Russian headers, a notes row and a sheet of allowed values', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(templates.people as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Сотрудники', 'Допустимые значения']);
    const ws = wb.getWorksheet('Сотрудники')!;
    expect(ws.getRow(1).values).toEqual([undefined, 'Логин', 'ФИО', 'Уровень должности', 'Должность', 'Организация', 'Подразделение (управление, отдел)', 'Электронная почта', 'Роли (через ;)', 'Статус']);
    expect(String(ws.getCell('E2').value)).toContain('реестровый номер МО');
    expect(ws.getCell('C3').dataValidation.formulae[0]).toContain('начальник управления');
    // The allowed values explain each level and role in Russian, each level with its own standing (seed 000).
    const values = wb.getWorksheet('Допустимые значения')!;
    const meaning = new Map<string, string>();
    values.eachRow((row, n) => {
      if (n > 1) meaning.set(`${row.getCell(1).value}: ${row.getCell(2).value}`, String(row.getCell(3).value));
    });
    const levels = ['директор', 'начальник управления', 'начальник отдела', 'специалист'].map((l) => meaning.get(`Уровень должности: ${l}`)!);
    expect(new Set(levels).size).toBe(4);
    expect(levels[1]).toMatch(/исполнителем и контролирующим лицом/);
    expect(levels[2]).toMatch(/координатором мониторинга \(не ниже начальника отдела\); исполнителем и контролирующим лицом — нет/);
    expect(levels[3]).toMatch(/^не может быть ни исполнителем, ни контролирующим лицом/);
    const roles = ['администратор региона', 'администратор ФОМС', 'куратор ФОМС'].map((r) => meaning.get(`Роли: ${r}`)!);
    for (const text of [...levels, ...roles]) expect(text).not.toMatch(/[a-z_]{4,}/);
    const mo = new ExcelJS.Workbook();
    await mo.xlsx.load(templates.mo as never);
    expect(mo.getWorksheet('МО')!.getRow(1).values).toEqual([undefined, 'Реестровый номер', 'Наименование', 'Структурное подразделение (номер головной МО)', 'Участвует в пилотном проекте', 'Статус']);
  });

  it('the empty templates import cleanly: nothing to do, no error', async () => {
    const before = await counts();
    const dry = await upload(h.baseUrl, admin, R.code, [templates.mo, templates.smo, templates.people], true);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ valid: true, errorCount: 0, lists: ['mo', 'smo', 'people'], summary: { create: 0, change: 0, deactivate: 0, reactivate: 0, unchanged: 0 } });
    const applied = await upload(h.baseUrl, admin, R.code, [templates.mo, templates.smo, templates.people], false);
    expect(applied.status).toBe(200);
    expect(applied.body.applied).toBe(false);
    expect(await counts()).toEqual(before);
  });
});

describe('directory import: rights, checked before the file is read', () => {
  it('another region’s administrator and a plain user get 403 whatever they send; a ФОМС administrator may; an unknown region is 404', async () => {
    const garbage = Buffer.from('not a workbook at all');
    for (const who of ['r46-admin', R.specialist, 'admin']) {
      const token = await h.login(who).catch(async () => {
        const { seedAccessFixtures } = await import('../support/access-fixtures.js');
        await seedAccessFixtures(h.sql);
        return h.login(who);
      });
      const refused = await upload(h.baseUrl, token, R.code, [garbage], true);
      expect(refused.status, who).toBe(403);
      expect((await get(`/api/regions/${R.code}/directory/templates/mo.xlsx`, token)).res.status, who).toBe(403);
    }
    // The same garbage from the region's administrator is read, and refused as such: the check above came first.
    const read = await upload(h.baseUrl, admin, R.code, [garbage], true);
    expect(read.status).toBe(400);
    expect(read.body.error.message).toContain('не читается как книга Excel');
    const foms = await h.login(R.fomsAdmin);
    expect((await upload(h.baseUrl, foms, R.code, [templates.mo], true)).status).toBe(200);
    expect((await upload(h.baseUrl, foms, '98', [templates.mo], true)).status).toBe(404);
    expect((await upload(h.baseUrl, admin, '98', [templates.mo], true)).status).toBe(403);
  });

  it('takes the raw body of one workbook as well', async () => {
    const res = await fetch(`${h.baseUrl}/api/regions/${R.code}/directory/import`, {
      method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: new Uint8Array(templates.people),
    });
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ dryRun: true, valid: true, lists: ['people'] });
  });
});

describe('directory import: dry run, errors, apply', () => {
  const moRows = () => [
    ['1', 'Поликлиника № 1 (переименована)', '', 'да', 'действует'],
    ['2', 'Поликлиника № 2', '', 'нет', 'закрыта'],
    ['100', 'Центральная районная больница', '', 'да', ''],
    ['100.1', 'Врачебная амбулатория', '100', '', ''],
  ];
  const smoRows = () => [[R.smo, `СМО региона ${R.code} (тест)`, R.smoHead], ['dx-smo-new', 'Новая СМО', 'dx-new-smo-head']];
  const peopleRows = () => [
    ['dx-new', 'Новикова Анна Петровна', 'специалист', 'Врач-методист', '100.1', '', 'anna@example.ru', '', ''],
    ['dx-new-smo-head', 'Смирнов Олег', 'директор', 'Директор филиала', 'dx-smo-new', '', '', '', ''],
    [R.specialist, `Сотрудник ${R.specialist}`, 'начальник отдела', 'Начальник отдела мониторинга', 'ТФОМС', 'Управление организации ОМС', '', '', 'действует'],
    [R.leaver, `Сотрудник ${R.leaver}`, 'специалист', 'Должность', 'ТФОМС', '', '', '', 'выбыл'],
  ];
  const files = async (mo = moRows(), smo = smoRows(), people = peopleRows()) =>
    Promise.all([filledTemplate(templates.mo, mo), filledTemplate(templates.smo, smo), filledTemplate(templates.people, people)]);

  it('every error at its sheet, row and column, all at once: cells, cross-row and cross-sheet rules; nothing written by the apply', async () => {
    const mo = [...moRows(), ['100', 'Повтор', '', 'может быть', ''], ['200.1', 'Подразделение без головной', '777', '', '']];
    const smo = [...smoRows(), [R.smo.replace('smo', 'smo2'), 'СМО с чужим руководителем', R.specialist]];
    const people = [
      ...peopleRows(),
      ['dx-new', 'Повтор логина', 'специалист', 'Должность', 'ТФОМС', '', '', '', ''],
      ['dx-nowhere', 'Без организации', 'специалист', 'Должность', '555', '', 'не-почта', '', ''],
      [R.busy, `Сотрудник ${R.busy}`, 'начальник управления', 'Должность', 'ТФОМС', '', '', '', 'выбыл'],
      ['Плохой Логин', 'Кто-то', 'стажёр', 'Должность', 'ТФОМС', '', '', 'суперадмин', ''],
    ];
    const before = await counts();
    const dry = await upload(h.baseUrl, admin, R.code, await files(mo, smo, people), true);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.valid).toBe(false);
    const m = messages(dry.body);
    expect(m).toEqual([
      'МО, строка 7, «Реестровый номер»: 100 — реестровый номер повторяется в файле (впервые в строке 5)',
      'МО, строка 7, «Участвует в пилотном проекте»: может быть — допустимо: да / нет',
      'МО, строка 8, «Структурное подразделение (номер головной МО)»: 777 — головной МО с таким реестровым номером нет ни на листе «МО», ни в справочнике региона',
      `СМО, строка 5, «Руководитель (логин)»: ${R.specialist} — руководитель должен быть сотрудником этой СМО, а он числится в «ТФОМС»`,
      'Сотрудники, строка 7, «Логин»: dx-new — логин повторяется в файле (впервые в строке 3)',
      'Сотрудники, строка 8, «Организация»: 555 — МО с таким реестровым номером нет ни на листе «МО», ни в справочнике региона',
      'Сотрудники, строка 8, «Электронная почта»: не-почта — адрес электронной почты вида name@example.ru',
      `Сотрудники, строка 9, «Статус»: выбыл — у сотрудника незавершённых исполнений: 1; сначала передайте их другому сотруднику (справочник → «Передать дела», POST /api/people/${R.busy}/transfer)`,
      'Сотрудники, строка 10, «Логин»: Плохой Логин — логин — латиница в нижнем регистре, цифры, . _ - (до 64 символов)',
      'Сотрудники, строка 10, «Уровень должности»: стажёр — допустимо: директор / начальник управления / начальник отдела / специалист',
      'Сотрудники, строка 10, «Роли (через ;)»: неизвестная роль «суперадмин»; допустимо: администратор региона, администратор ФОМС, куратор ФОМС, «нет»',
    ]);
    expect(dry.body.errors.map((e: { field: string }) => e.field)).toContain('Сотрудники!I9');
    const applied = await upload(h.baseUrl, admin, R.code, await files(mo, smo, people), false);
    expect(applied.status).toBe(400);
    expect(applied.body.error.message).toContain('ничего не изменено: ошибок 11');
    expect(messages(applied.body)).toEqual(m);
    expect(await counts()).toEqual(before);
  });

  it('one bad row refuses the whole apply: nothing is written', async () => {
    const before = await counts();
    const people = [...peopleRows(), ['dx-bad', 'Без уровня', '', 'Должность', 'ТФОМС', '', '', '', '']];
    const applied = await upload(h.baseUrl, admin, R.code, await files(undefined, undefined, people), false);
    expect(applied.status).toBe(400);
    expect(messages(applied.body)).toEqual(['Сотрудники, строка 7, «Уровень должности»: не заполнено']);
    expect(await counts()).toEqual(before);
  });

  it('the dry run lists what would be created, changed (before → after) and deactivated; applying does it once; the same file again changes nothing', async () => {
    const leaverToken = await h.login(R.leaver);
    const dry = await upload(h.baseUrl, admin, R.code, await files(), true);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.valid).toBe(true);
    expect(dry.body.summary).toEqual({ create: 5, change: 3, deactivate: 2, reactivate: 0, unchanged: 0 });
    expect(dry.body.creates.map((e: any) => `${e.list}:${e.key}`)).toEqual(['mo:100', 'mo:100.1', 'smo:dx-smo-new', 'people:dx-new', 'people:dx-new-smo-head']);
    const change = (key: string) => dry.body.changes.concat(dry.body.deactivations).find((e: any) => e.key === key);
    expect(change('1').changes).toEqual([
      { field: 'Наименование', before: 'Поликлиника № 1', after: 'Поликлиника № 1 (переименована)' },
      { field: 'Участвует в пилотном проекте', before: 'нет', after: 'да' },
    ]);
    expect(change(R.specialist).changes).toEqual([
      { field: 'Уровень должности', before: 'специалист', after: 'начальник отдела' },
      { field: 'Должность', before: 'Должность', after: 'Начальник отдела мониторинга' },
      { field: 'Подразделение (управление, отдел)', before: '', after: 'Управление организации ОМС' },
    ]);
    expect(dry.body.deactivations.map((e: any) => `${e.list}:${e.key}:${e.action}`)).toEqual(['mo:2:deactivate', `people:${R.leaver}:deactivate`]);
    expect(dry.body.creates.find((e: any) => e.key === 'dx-smo-new').changes).toEqual([{ field: 'Руководитель (логин)', before: '', after: 'dx-new-smo-head' }]);
    expect((await counts()).changes).toBe(0);

    const applied = await upload(h.baseUrl, admin, R.code, await files(), false);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, dryRun: false, summary: dry.body.summary });
    const [sub] = await h.sql`select o.parent_id, p.registry_number as parent_number from organisations o join organisations p on p.id = o.parent_id where o.region_code = ${R.code} and o.registry_number = '100.1'`;
    expect(sub.parent_number).toBe('100');
    const [person] = await h.sql`select p.password_hash, p.organisation_id, o.registry_number from people p join organisations o on o.id = p.organisation_id where p.login = 'dx-new'`;
    expect(person).toMatchObject({ password_hash: null, registry_number: '100.1' });
    const [smo] = await h.sql`select head_person_id from organisations where id = 'dx-smo-new'`;
    expect(smo.head_person_id).toBe('dx-new-smo-head');
    const [closed] = await h.sql`select deactivated_at from organisations where region_code = ${R.code} and registry_number = '2'`;
    expect(closed.deactivated_at).not.toBeNull();
    // The new people's invitations are the worker's, after the answer: on the trail once it has sent them.
    expect(applied.body.invitations).toEqual({ queued: 2 });
    await eventually(async () => (await h.sql`select 1 from invitation_queue where person_id in ('dx-new', 'dx-new-smo-head')`).length, (n) => n === 0);
    const audit = await h.sql<{ subject_id: string; action: string; source: string; actor_id: string }[]>`
      select subject_id, action, source, actor_id from directory_changes where region_code = ${R.code} order by id`;
    expect(audit.every((a) => a.source === 'import' && a.actor_id === R.admin)).toBe(true);
    expect(audit.filter((a) => a.action === 'deactivated').map((a) => a.subject_id).sort()).toEqual([`${R.tfoms}-mo-2`, R.leaver].sort());
    // Leaving ends the person's sessions.
    expect((await h.call('GET', '/api/tasks', { token: leaverToken })).status).toBe(401);

    const again = await upload(h.baseUrl, admin, R.code, await files(), false);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ applied: false, summary: { create: 0, change: 0, deactivate: 0, reactivate: 0, unchanged: 10 } });
    expect((await counts()).changes).toBe(audit.length);
  });

  it('the head of an СМО cannot leave it while the file names no other head', async () => {
    const people = [[R.smoHead, `Сотрудник ${R.smoHead}`, 'директор', 'Должность', 'ТФОМС', '', '', '', '']];
    const dry = await upload(h.baseUrl, admin, R.code, [await filledTemplate(templates.people, people)], true);
    expect(messages(dry.body)).toEqual([`Сотрудники, строка 3, «Организация»: ТФОМС — сотрудник — руководитель СМО «${R.smo}»: сначала укажите другого руководителя на листе «СМО»`]);
  });
});
