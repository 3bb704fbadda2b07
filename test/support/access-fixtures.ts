import type postgres from 'postgres';
import type { RoadMapDocumentInput } from '../../domain/roadmap.js';
import { SMO1_ID } from '../../infra/demo/orel-region.js';

/**
 * The world the access rules are tried in, beyond the demo region 57 (its fund,
 * two competing СМО, ФОМС): a second region with a fund of its own (director,
 * deputy, head of directorate, coordinator, administrator, specialist) and an СМО, plus a
 * director for the first СМО of region 57. Everyone's password is "demo".
 */
export const REGION2 = { code: '46', name: 'Курская область', federalDistrict: 'ЦФО', timeZone: 'Europe/Moscow' } as const;
export const TFOMS2_ID = 'fx-tfoms-46';
export const SMO2_1_ID = 'fx-smo-46-1';
export const MO2_IDS = ['fx-mo-46-01', 'fx-mo-46-02'] as const;

type Level = 'director' | 'head_of_directorate' | 'head_of_division' | 'specialist';
/** [login, organisation, position, roles] */
export const fixturePeople: readonly (readonly [string, string, Level, string[]])[] = [
  ['r46-director', TFOMS2_ID, 'director', []],
  ['r46-controller', TFOMS2_ID, 'head_of_directorate', []],
  ['r46-executor', TFOMS2_ID, 'head_of_directorate', []],
  ['r46-coordinator', TFOMS2_ID, 'head_of_division', []],
  ['r46-admin', TFOMS2_ID, 'head_of_division', ['admin']],
  ['r46-specialist', TFOMS2_ID, 'specialist', []],
  ['r46-smo', SMO2_1_ID, 'head_of_directorate', []],
  ['smo-director', SMO1_ID, 'director', []],
];

/** Idempotent: every test file may call it on the shared database. */
export async function seedAccessFixtures(sql: postgres.Sql): Promise<void> {
  await sql`insert into regions (code, name, federal_district, time_zone)
            values (${REGION2.code}, ${REGION2.name}, ${REGION2.federalDistrict}, ${REGION2.timeZone}) on conflict (code) do nothing`;
  await sql`insert into organisations ${sql([
    { id: TFOMS2_ID, kind: 'TFOMS', name: 'Территориальный фонд обязательного медицинского страхования Курской области', region_code: REGION2.code },
    { id: SMO2_1_ID, kind: 'SMO', name: 'Страховая медицинская организация "Курск-Полис"', region_code: REGION2.code },
    ...MO2_IDS.map((id, i) => ({ id, kind: 'MO', name: `Курская городская поликлиника № ${i + 1}`, region_code: REGION2.code })),
  ])} on conflict (id) do nothing`;
  const [{ hash }] = await sql<{ hash: string }[]>`select password_hash as hash from people where id = 'executor'`;
  await sql`insert into people ${sql(
    fixturePeople.map(([login, organisationId, position, roles]) => ({
      id: login, login, full_name: `Тестовый сотрудник ${login}`, organisation_id: organisationId, position,
      position_title: position, email: `${login}@fixture.example`, roles, password_hash: hash,
    })),
  )} on conflict (id) do nothing`;
}

/** A small valid road map of the second region: one fund-level item and one for both of its МО. */
export function region2Document(): RoadMapDocumentInput {
  return {
    title: 'Дорожная карта Курской области (тест)',
    regionCode: REGION2.code,
    legalAct: null,
    startDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    coordinatorId: 'r46-coordinator',
    participatingMoIds: [...MO2_IDS],
    directions: [
      {
        id: 'd1',
        party: 'TFOMS',
        title: 'Организационные мероприятия',
        items: [
          { id: 'order', title: 'Распоряжение о назначении ответственных лиц', deadline: { date: new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10) },
            executorId: 'r46-executor', controllerId: 'r46-controller', scope: { kind: 'fund' }, expectedResult: 'Распоряжение подписано' },
        ],
      },
    ],
    monitoring: { enabled: false },
  } as RoadMapDocumentInput;
}
