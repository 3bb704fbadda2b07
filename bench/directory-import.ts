import type { Client } from '@temporalio/client';
/**
 * 7. The directory import at a region's scale: one workbook with 500 МО (50 of them sub-units) and 2,000 people
 * (the fund, two СМО, every МО), checked and applied through the same service as the API, against a region of its
 * own: the first apply creates everything, a file with a tenth of the rows changed (and 20 people leaving) changes
 * them, and the same file again changes nothing. The figures include reading the workbook.
 */
import ExcelJS from 'exceljs';
import type postgres from 'postgres';
import type { Actor } from '../domain/actor.js';
import { importDirectory, type DirectoryImportResult } from '../services/directory-import/directory-import.js';
import { addListSheet } from '../services/directory-import/directory-templates.js';

export interface DirectoryImportBenchResult {
  mo: number;
  people: number;
  fileKiB: number;
  /** Empty region: everything is created. */
  firstCheckMs: number;
  firstApplyMs: number;
  /** A tenth of the rows changed, 20 people leaving. */
  changeCheckMs: number;
  changeApplyMs: number;
  /** The same file again: nothing to do. */
  repeatCheckMs: number;
  repeatApplyMs: number;
  created: number;
  changed: number;
  deactivated: number;
}

const REGION = '35';
const MO = 500;
const SUB_UNITS = 50;
const PEOPLE = 2000;

async function workbook(round: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const mo = addListSheet(wb, 'mo');
  const mains = MO - SUB_UNITS;
  for (let i = 1; i <= mains; i++) mo.addRow([String(i), `Медицинская организация № ${i}${round && i % 10 === 0 ? ' (переименована)' : ''}`, '', i % 3 === 0 ? 'да' : 'нет', '']);
  for (let i = 1; i <= SUB_UNITS; i++) mo.addRow([`${i}.1`, `Врачебная амбулатория ${i}`, String(i), 'нет', '']);
  const smo = addListSheet(wb, 'smo');
  smo.addRow(['bd-smo-35-1', 'СМО «Нагрузка-1»', 'bd-p-1']);
  smo.addRow(['bd-smo-35-2', 'СМО «Нагрузка-2»', 'bd-p-2']);
  const people = addListSheet(wb, 'people');
  for (let i = 1; i <= PEOPLE; i++) {
    const org = i <= 2 ? `bd-smo-35-${i}` : i % 5 === 0 ? 'ТФОМС' : i % 7 === 0 ? `bd-smo-35-${1 + (i % 2)}` : String(1 + (i % mains));
    const title = round && i % 10 === 0 ? 'Ведущий специалист' : 'Специалист';
    people.addRow([`bd-p-${i}`, `Сотрудник Нагрузочный ${i}`, i <= 2 ? 'директор' : 'специалист', title, org, i % 5 === 0 ? 'Управление организации ОМС' : '', `p${i}@bench.example`, '', round && i % 100 === 1 && i > 2 ? 'выбыл' : '']);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function timed(fn: () => Promise<DirectoryImportResult>): Promise<[number, DirectoryImportResult]> {
  const t = performance.now();
  const r = await fn();
  return [Math.round(performance.now() - t), r];
}

export async function benchDirectoryImport(env: { sql: postgres.Sql; temporal: Client; stack: { taskQueue: string } }, log: (m: string) => void): Promise<DirectoryImportBenchResult> {
  await env.sql`insert into organisations (id, kind, name, region_code) values ('bd-tfoms-35', 'TFOMS', 'ТФОМС (нагрузка)', ${REGION}) on conflict do nothing`;
  await env.sql`insert into people (id, login, full_name, organisation_id, position, position_title, roles, password_hash)
                values ('bd-admin', 'bd-admin', 'Администратор (нагрузка)', 'bd-tfoms-35', 'head_of_division', 'Начальник отдела', '{admin}', 'x') on conflict do nothing`;
  const actor: Actor = {
    personId: 'bd-admin', fullName: 'Администратор (нагрузка)', organisationId: 'bd-tfoms-35', organisationKind: 'TFOMS',
    regionCode: REGION, position: 'head_of_division', roles: ['admin'], actingForId: null,
  };
  const deps = { sql: env.sql, temporal: env.temporal, taskQueue: env.stack.taskQueue };
  const run = async (file: Buffer, dryRun: boolean) => importDirectory(deps, actor, REGION, [{ name: 'справочник.xlsx', bytes: file }], dryRun);
  const first = await workbook(0);
  const changed = await workbook(1);
  const [firstCheckMs, check] = await timed(() => run(first, true));
  if (!check.valid) throw new Error(`the bench workbook is refused: ${check.errors.slice(0, 3).map((e) => e.message).join('; ')}`);
  const [firstApplyMs, created] = await timed(() => run(first, false));
  log(`directory import: ${MO} МО + ${PEOPLE} people created (check ${firstCheckMs} ms, apply ${firstApplyMs} ms)`);
  const [changeCheckMs] = await timed(() => run(changed, true));
  const [changeApplyMs, change] = await timed(() => run(changed, false));
  const [repeatCheckMs] = await timed(() => run(changed, true));
  const [repeatApplyMs, repeat] = await timed(() => run(changed, false));
  if (repeat.applied) throw new Error('the same file applied twice changed something');
  return {
    mo: MO, people: PEOPLE, fileKiB: Math.round(changed.byteLength / 1024),
    firstCheckMs, firstApplyMs, changeCheckMs, changeApplyMs, repeatCheckMs, repeatApplyMs,
    created: created.summary.create, changed: change.summary.change, deactivated: change.summary.deactivate,
  };
}
