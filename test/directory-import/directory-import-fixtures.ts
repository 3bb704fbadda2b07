import ExcelJS from 'exceljs';
import type postgres from 'postgres';

/**
 * A region of the directory-import tests' own (not a pilot region, untouched by the demo), so that what these tests
 * create, change and deactivate cannot disturb another test file on the shared database: its ТФОМС, one СМО, two МО,
 * and people — the region's administrator, a plain specialist, someone with open work, someone about to leave,
 * the СМО's head — plus a ФОМС administrator. Passwords "demo".
 */
export interface ImportRegion {
  code: string;
  tfoms: string;
  smo: string;
  admin: string;
  specialist: string;
  busy: string;
  leaver: string;
  smoHead: string;
  fomsAdmin: string;
}

export function importRegion(code: string, prefix: string): ImportRegion {
  return {
    code, tfoms: `${prefix}-tfoms-${code}`, smo: `${prefix}-smo-${code}`, admin: `${prefix}-admin`, specialist: `${prefix}-spec`,
    busy: `${prefix}-busy`, leaver: `${prefix}-leaver`, smoHead: `${prefix}-smo-head`, fomsAdmin: `${prefix}-foms-admin`,
  };
}

export async function seedImportRegion(sql: postgres.Sql, r: ImportRegion): Promise<void> {
  await sql`insert into organisations ${sql([
    { id: r.tfoms, kind: 'TFOMS', name: `ТФОМС региона ${r.code} (тест)`, region_code: r.code, registry_number: null, parent_id: null },
    { id: r.smo, kind: 'SMO', name: `СМО региона ${r.code} (тест)`, region_code: r.code, registry_number: null, parent_id: null },
    { id: `${r.tfoms}-mo-1`, kind: 'MO', name: 'Поликлиника № 1', region_code: r.code, registry_number: '1', parent_id: null },
    { id: `${r.tfoms}-mo-2`, kind: 'MO', name: 'Поликлиника № 2', region_code: r.code, registry_number: '2', parent_id: null },
  ])} on conflict (id) do nothing`;
  const [{ hash }] = await sql<{ hash: string }[]>`select password_hash as hash from people where id = 'executor'`;
  const people: [string, string, string, string[]][] = [
    [r.admin, r.tfoms, 'head_of_division', ['admin']],
    [r.specialist, r.tfoms, 'specialist', []],
    [r.busy, r.tfoms, 'head_of_directorate', []],
    [r.leaver, r.tfoms, 'specialist', []],
    [r.smoHead, r.smo, 'director', []],
    [r.fomsAdmin, 'foms', 'head_of_division', ['foms_admin']],
  ];
  await sql`insert into people ${sql(people.map(([id, org, position, roles]) => ({
    id, login: id, full_name: `Сотрудник ${id}`, organisation_id: org, position, position_title: 'Должность', email: null, roles, password_hash: hash,
  })))} on conflict (id) do nothing`;
  // Open work of `busy`: one unfinished execution (a read-model row is all the import looks at).
  await sql`insert into roadmaps (id, region_code, title, status, approved_version, working_version, created_by, created_at, updated_at)
            values (${`rm-${r.tfoms}`}, ${r.code}, 'Дорожная карта (тест)', 'approved', 1, 1, ${r.admin}, now(), now()) on conflict do nothing`;
  await sql`insert into item_executions (id, roadmap_id, version, direction_id, item_id, mo_id, executor_id, controller_id, deadline_at, original_deadline_at,
                                         status, workflow_id, started_at, updated_at, item_title)
            values (${`ex-${r.tfoms}`}, ${`rm-${r.tfoms}`}, 1, 'd1', 'i1', null, ${r.busy}, ${r.specialist}, now() + interval '30 days', now() + interval '30 days',
                    'assigned', 'none', now(), now(), 'Мероприятие (тест)') on conflict do nothing`;
}

/** A filled template: the template's sheet (headers and notes kept), rows written from row 3. */
export async function filledTemplate(template: Buffer, rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as never);
  const ws = wb.worksheets[0];
  rows.forEach((cells, i) => cells.forEach((v, j) => {
    ws.getCell(3 + i, j + 1).value = v;
  }));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function upload(baseUrl: string, token: string, code: string, files: Buffer[], dryRun: boolean) {
  const form = new FormData();
  files.forEach((f, i) => form.append('file', new Blob([new Uint8Array(f)]), `справочник-${i + 1}.xlsx`));
  const res = await fetch(`${baseUrl}/api/regions/${code}/directory/import?dryRun=${dryRun}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as any };
}
