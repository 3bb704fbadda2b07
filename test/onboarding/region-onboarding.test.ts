import { spawn } from 'node:child_process';
import ExcelJS from 'exceljs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mailerFromEnv } from '../../activities/email-delivery.js';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { roadMapWorkbook } from '../../services/documents/roadmap-xlsx-export.js';
import { linkIn, startMailCatcher } from '../accounts/mail-catcher.js';
import { REPO_ROOT } from '../support/entry-process.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';

/**
 * A fund moves in, on an empty database with demo data off, through the API alone:
 *   1. the first-administrator command (a ФОМС administrator, then the region's);
 *   2. the region's МО, СМО and staff imported from the templates (dry run, then apply);
 *   3. the invitations: each person sets a password by the e-mailed link and logs in;
 *   4. a road map drafted from Excel by the region's coordinator with those people,
 *      submitted, and approved by their director; its executions start.
 */
const PASSWORD = 'ромашковое поле за рекой 2026';

describe.skipIf(inject('databaseEmbedded'))('a region puts itself on the platform (empty database, no demo)', () => {
  const serverUrl = inject('databaseUrl');
  const dbName = `rm_onboarding_${Date.now()}`;
  const dbUrl = (() => {
    const u = new URL(serverUrl);
    u.pathname = `/${dbName}`;
    return u.toString();
  })();
  let h: Harness;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;

  const adminCommand = (args: string[]) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'infra/startup/admin-command.ts', ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, DATABASE_URL: dbUrl, DEMO: '0', LOG_LEVEL: 'warn' },
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c));
      child.stderr.on('data', (c: Buffer) => (out += c));
      child.on('exit', (code) => resolve({ code, out }));
    });

  beforeAll(async () => {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${dbName}"`);
    await admin.end();
    mail = await startMailCatcher();
  });
  afterAll(async () => {
    await h?.close();
    await mail?.close();
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  });

  /** Logs in with an initial password and replaces it, as the forced change requires. */
  async function firstLogin(login: string, initial: string): Promise<string> {
    const first = await h.call('POST', '/api/auth/login', { body: { login, password: initial } });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.mustChangePassword).toBe(true);
    const changed = await h.call('POST', '/api/account/password', { token: first.body.token, body: { currentPassword: initial, newPassword: PASSWORD } });
    expect(changed.status, JSON.stringify(changed.body)).toBeLessThan(300);
    return h.login(login, PASSWORD);
  }

  async function upload(path: string, token: string, data: Buffer, name: string) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)]), name);
    const res = await fetch(h.baseUrl + path, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, body: await res.json() };
  }

  it('first administrator → directory from templates → invitations → road map from Excel → approved by their director', async () => {
    // 1. The command, twice: the ФОМС administrator, and the Orel region's first administrator.
    const foms = await adminCommand(['create', '--login', 'fomsadmin', '--name', 'Смирнова Анна Викторовна', '--email', 'smirnova@ffoms.example']);
    expect(foms.code, foms.out).toBe(0);
    const regional = await adminCommand(['create', '--login', 'orel-admin', '--name', 'Орлов Пётр Ильич', '--email', 'orlov@tfoms57.example', '--region', '57']);
    expect(regional.code, regional.out).toBe(0);
    const initial = /Начальный пароль:\s+(\S+)/.exec(regional.out)![1];

    h = await startHarness({ databaseUrl: dbUrl, seedDemo: false, mailer: mailerFromEnv(mail.url) });
    const [{ n: demoPeople }] = await h.sql<{ n: number }[]>`select count(*)::int as n from people where login in ('director', 'executor', 'foms')`;
    expect(demoPeople).toBe(0);
    const admin = await firstLogin('orel-admin', initial);

    // 2. The templates, filled in as the fund's tables would be, then a dry run and the apply.
    const workbooks: Buffer[] = [];
    const rows: Record<'mo' | 'smo' | 'people', (string | null)[][]> = {
      mo: [
        ['1', 'БУЗ Орловской области «Поликлиника № 1»', null, 'да', null],
        ['2', 'БУЗ Орловской области «Поликлиника № 2»', null, 'да', null],
        ['2.1', 'Врачебная амбулатория поликлиники № 2', '2', 'нет', null],
      ],
      smo: [['smo-57-a', 'Страховая медицинская организация «Орёл-Полис»', 'smo-head']],
      people: [
        ['dir57', 'Белов Игорь Николаевич', 'директор', 'Директор ТФОМС Орловской области', 'ТФОМС', null, 'dir57@tfoms57.example', null, null],
        ['head57', 'Кудрина Марина Сергеевна', 'начальник управления', 'Начальник управления организации ОМС', 'ТФОМС', 'Управление организации ОМС', 'head57@tfoms57.example', null, null],
        ['deputy57', 'Тихонов Алексей Петрович', 'начальник управления', 'Заместитель директора — начальник управления', 'ТФОМС', 'Управление защиты прав застрахованных', 'deputy57@tfoms57.example', null, null],
        ['coord57', 'Сафронова Наталья Игоревна', 'начальник отдела', 'Начальник отдела мониторинга', 'ТФОМС', 'Отдел мониторинга', 'coord57@tfoms57.example', null, null],
        ['smo-head', 'Никитина Светлана Валерьевна', 'директор', 'Директор филиала', 'smo-57-a', null, 'nikitina@smo.example', null, null],
      ],
    };
    for (const list of ['mo', 'smo', 'people'] as const) {
      const template = await fetch(`${h.baseUrl}/api/regions/57/directory/templates/${list}.xlsx`, { headers: { authorization: `Bearer ${admin}` } });
      expect(template.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await template.arrayBuffer()) as never);
      const sheet = wb.worksheets[0];
      rows[list].forEach((values, i) => values.forEach((v, c) => { if (v !== null) sheet.getRow(3 + i).getCell(c + 1).value = v; }));
      workbooks.push(Buffer.from(await wb.xlsx.writeBuffer()));
    }
    const importDirectory = async (dryRun: boolean) => {
      const form = new FormData();
      workbooks.forEach((b, i) => form.append('file', new Blob([new Uint8Array(b)]), `list-${i}.xlsx`));
      const res = await fetch(`${h.baseUrl}/api/regions/57/directory/import?dryRun=${dryRun}`, { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form });
      return { status: res.status, body: await res.json() };
    };
    const dry = await importDirectory(true);
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.errorCount, JSON.stringify(dry.body.errors)).toBe(0);
    expect(dry.body.summary).toMatchObject({ create: 9 });
    const [{ n: before }] = await h.sql<{ n: number }[]>`select count(*)::int as n from people`;
    expect(before).toBe(2);
    const applied = await importDirectory(false);
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.applied).toBe(true);
    expect(applied.body.invitations).toEqual({ queued: 5 }); // sent by the worker, after the answer
    expect((await importDirectory(false)).body.applied).toBe(false); // the same files again change nothing

    // 3. Each new person sets a password by the e-mailed link, then logs in.
    const people = rows.people.map((r) => ({ login: r[0]!, email: r[6]! }));
    for (const p of people) {
      const { token } = linkIn((await mail.mailTo(p.email)).text);
      const set = await h.call('POST', '/api/auth/set-password', { body: { token, password: PASSWORD } });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      expect((await h.call('POST', '/api/auth/login', { body: { login: p.login, password: PASSWORD } })).status).toBe(200);
    }

    // 4. The coordinator drafts a road map from Excel with those people; the director approves it.
    const ids = new Map((await h.sql<{ id: string; login: string }[]>`select id, login from people`).map((r) => [r.login, r.id]));
    const mos = await h.sql<{ id: string; registry_number: string }[]>`select id, registry_number from organisations where kind = 'MO' and region_code = '57' and in_pilot order by registry_number`;
    expect(mos.map((m) => m.registry_number)).toEqual(['1', '2']);
    const due = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const document = RoadMapDocument.parse({
      regionCode: '57',
      title: 'План мероприятий («дорожная карта») ТФОМС Орловской области',
      startDate: new Date().toISOString().slice(0, 10),
      coordinatorId: ids.get('coord57'),
      participatingMoIds: mos.map((m) => m.id),
      directions: [{
        id: 'org', party: 'TFOMS', title: 'Организационные мероприятия',
        items: [
          { id: 'order', title: 'Распоряжение о назначении ответственных лиц', deadline: { date: due }, executorId: ids.get('head57'), controllerId: ids.get('deputy57'),
            scope: { kind: 'fund' }, expectedResult: 'Распоряжение издано', resultDocument: 'Распоряжение директора ТФОМС' },
          { id: 'visits', title: 'Выезды в пилотные МО', deadline: { date: due }, executorId: ids.get('deputy57'), controllerId: ids.get('head57'),
            scope: { kind: 'all_mo' }, expectedResult: 'Проведены выезды' },
        ],
      }],
    });
    const loginOf = new Map([...ids].map(([login, id]) => [id, login]));
    const coordinator = await h.login('coord57', PASSWORD);
    const drafted = await upload('/api/roadmaps/import', coordinator, await roadMapWorkbook(document, loginOf), 'дорожная-карта.xlsx');
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const roadMapId = drafted.body.roadMapId as string;
    expect((await h.call('POST', `/api/roadmaps/${roadMapId}/submit`, { token: coordinator })).status).toBe(200);
    const director = await h.login('dir57', PASSWORD);
    const approved = await h.call('POST', `/api/roadmaps/${roadMapId}/approve`, { token: director });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('approved');
    // One execution for the fund item and one per pilot МО for the other.
    const items = await eventually(() => h.call('GET', `/api/roadmaps/${roadMapId}/items`, { token: coordinator }), (r) => r.body.total === 3);
    expect(items.body.items.map((e: { executorId: string }) => e.executorId).sort()).toEqual([ids.get('deputy57'), ids.get('deputy57'), ids.get('head57')].sort());
  }, 300_000);
});
