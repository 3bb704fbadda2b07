import type postgres from 'postgres';
import type { ZodError } from 'zod';
import { canDraftRoadMap, type Actor } from '../../domain/actor.js';
import { ExpenseCategory, expenseLabel, FinancingSource, sourceLabel } from '../../domain/financing.js';
import { RefusedError, refusal, type FieldIssue } from '../../domain/refusal.js';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { createRoadMapDraft } from '../roadmaps/roadmap-drafts.js';
import type { ServiceDeps } from '../deps.js';
import {
  APPOINTMENT_COLUMNS, DIRECTION_COLUMNS, FINANCING_COLUMNS, GENERAL, ITEM_COLUMNS, PARAMETER_COLUMNS, PARTY, SCOPE_ALL, SCOPE_FUND, SHEET,
} from './roadmap-workbook.js';
import { openWorkbook, ruDateToIso, splitList, WorkbookReader, type CellPlace } from './workbook-reader.js';

type Json = Record<string, unknown>;
const MAX_ISSUES = 50;

const byLabel = <K extends string>(labels: Record<K, string>) =>
  new Map<string, K>(Object.entries(labels).flatMap(([k, v]) => [[(v as string).toLowerCase(), k as K], [k.toLowerCase(), k as K]]));
const expenses = byLabel(expenseLabel);
const sources = byLabel(sourceLabel);
const parties = new Map<string, 'TFOMS' | 'SMO'>([['тфомс', 'TFOMS'], ['смо', 'SMO'], ['tfoms', 'TFOMS'], ['smo', 'SMO']]);

/**
 * The workbook as a road-map document, logins still unresolved. Cell-level mistakes (a date that does not exist,
 * a word not in a list, a row pointing at a code not defined) are collected with their places; nothing is guessed.
 */
export function readRoadMapWorkbook(reader: WorkbookReader): { document: Json; logins: { path: (string | number)[]; login: string; place: CellPlace }[] } {
  const logins: { path: (string | number)[]; login: string; place: CellPlace }[] = [];
  const person = (path: (string | number)[], login: string, place: CellPlace) => {
    reader.at(path, place);
    logins.push({ path, login, place });
    return login;
  };
  const doc: Json = {};
  const sheets = Object.values(SHEET).map((name) => [name, reader.sheet(name)] as const);
  for (const [name, ws] of sheets) {
    if (!ws && name !== SHEET.parameters) reader.issues.push({ field: name, message: `нет листа «${name}»: загрузите файл по шаблону` });
  }

  // General: label → value.
  const general = new Map<string, { value: string; row: number }>();
  for (const { row, cells } of reader.rows(reader.sheet(SHEET.general))) general.set(cells[0], { value: cells[1], row });
  const generalPlace = (label: string) => ({ sheet: SHEET.general, row: general.get(label)?.row ?? 0, column: label, letter: 'B' });
  const field = (key: keyof typeof GENERAL, path: string) => {
    const label = GENERAL[key];
    reader.at([path], generalPlace(label));
    return general.get(label)?.value ?? '';
  };
  const date = (text: string, place: CellPlace) => {
    const r = ruDateToIso(text);
    if ('reason' in r) reader.fail(place, r.reason, text);
    return 'iso' in r ? r.iso : text;
  };
  doc.title = field('title', 'title');
  doc.regionCode = field('regionCode', 'regionCode');
  doc.startDate = date(field('startDate', 'startDate'), generalPlace(GENERAL.startDate));
  doc.coordinatorId = person(['coordinatorId'], field('coordinator', 'coordinatorId'), generalPlace(GENERAL.coordinator));
  doc.workdayEnd = field('workdayEnd', 'workdayEnd') || '18:00';
  doc.participatingMoIds = splitList(field('participatingMoIds', 'participatingMoIds'));
  const act = { kind: field('actKind', 'legalAct.kind'), number: field('actNumber', 'legalAct.number'), date: field('actDate', 'legalAct.date'), title: field('actTitle', 'legalAct.title') };
  doc.legalAct = Object.values(act).some(Boolean) ? { ...act, date: date(act.date, generalPlace(GENERAL.actDate)) } : null;
  reader.at(['legalAct'], generalPlace(GENERAL.actKind));

  // Directions, then items under them.
  const directions: Json[] = [];
  const directionIndex = new Map<string, number>();
  for (const { row, cells } of reader.rows(reader.sheet(SHEET.directions))) {
    const at = (i: number) => reader.place(SHEET.directions, row, DIRECTION_COLUMNS, i);
    const i = directions.length;
    const party = parties.get(cells[1].toLowerCase());
    if (!party) reader.fail(at(1), `сторона — ${PARTY.TFOMS} или ${PARTY.SMO}`, cells[1]);
    if (directionIndex.has(cells[0])) reader.fail(at(0), 'код направления повторяется', cells[0]);
    directionIndex.set(cells[0], i);
    directions.push({ id: cells[0], party: party ?? cells[1], title: cells[2], items: [] });
    [['id', 0], ['party', 1], ['title', 2]].forEach(([k, c]) => reader.at(['directions', i, k as string], at(c as number)));
    reader.at(['directions', i], at(0));
  }
  doc.directions = directions;

  const itemPath = new Map<string, (string | number)[]>();
  for (const { row, cells } of reader.rows(reader.sheet(SHEET.items))) {
    const at = (i: number) => reader.place(SHEET.items, row, ITEM_COLUMNS, i);
    const d = directionIndex.get(cells[0]);
    if (d === undefined) {
      reader.fail(at(0), 'такого направления нет на листе «Направления»', cells[0] || '(пусто)');
      continue;
    }
    const items = directions[d].items as Json[];
    const path = ['directions', d, 'items', items.length];
    if (itemPath.has(cells[1])) reader.fail(at(1), 'код мероприятия повторяется', cells[1]);
    itemPath.set(cells[1], path);
    const deadlineText = cells[3];
    const deadline = /^\d{4}-\d{2}-\d{2}T/.test(deadlineText) ? { dateTime: deadlineText } : { date: date(deadlineText, at(3)) };
    const scopeText = cells[6].toLowerCase();
    const scope = scopeText === SCOPE_ALL.toLowerCase() ? { kind: 'all_mo' } : scopeText === SCOPE_FUND.toLowerCase() ? { kind: 'fund' } : { kind: 'mo_list', moIds: splitList(cells[6]) };
    let extra: Json = {};
    if (cells[10]) {
      try {
        extra = JSON.parse(cells[10]);
      } catch {
        reader.fail(at(10), 'не JSON', cells[10].slice(0, 40));
      }
    }
    const item: Json = {
      ...extra,
      id: cells[1], title: cells[2], deadline,
      executorId: person([...path, 'executorId'], cells[4], at(4)),
      controllerId: person([...path, 'controllerId'], cells[5], at(5)),
      scope, expectedResult: cells[7], financing: [], indicatorIds: splitList(cells[9]),
      ...(cells[8] ? { resultDocument: cells[8] } : {}),
    };
    items.push(item);
    const columns: [string, number][] = [['id', 1], ['title', 2], ['deadline', 3], ['scope', 6], ['expectedResult', 7], ['resultDocument', 8], ['indicatorIds', 9]];
    for (const [k, c] of columns) reader.at([...path, k], at(c));
    reader.at(path, at(1));
  }

  for (const { row, cells } of reader.rows(reader.sheet(SHEET.financing))) {
    const at = (i: number) => reader.place(SHEET.financing, row, FINANCING_COLUMNS, i);
    const path = itemPath.get(cells[0]);
    if (!path) {
      reader.fail(at(0), 'такого мероприятия нет на листе «Мероприятия»', cells[0] || '(пусто)');
      continue;
    }
    const item = (directions[path[1] as number].items as Json[])[path[3] as number];
    const lines = item.financing as Json[];
    const linePath = [...path, 'financing', lines.length];
    const expense = expenses.get(cells[2].toLowerCase());
    const source = sources.get(cells[3].toLowerCase());
    if (!expense) reader.fail(at(2), `статья расходов из списка: ${ExpenseCategory.options.map((e) => expenseLabel[e]).join('; ')}`, cells[2]);
    if (!source) reader.fail(at(3), `источник из списка: ${FinancingSource.options.map((s) => sourceLabel[s]).join('; ')}`, cells[3]);
    const amount = Number(cells[4].replace(/\s/g, '').replace(',', '.'));
    if (!cells[4] || !Number.isFinite(amount)) reader.fail(at(4), 'сумма — число', cells[4]);
    lines.push({ moId: cells[1], expense: expense ?? cells[2], source: source ?? cells[3], amount });
    [['moId', 1], ['expense', 2], ['source', 3], ['amount', 4]].forEach(([k, c]) => reader.at([...linePath, k as string], at(c as number)));
    reader.at(linePath, at(0));
  }

  const appointments: Json[] = [];
  for (const { row, cells } of reader.rows(reader.sheet(SHEET.appointments))) {
    const at = (i: number) => reader.place(SHEET.appointments, row, APPOINTMENT_COLUMNS, i);
    const path = ['appointments', appointments.length];
    appointments.push({ directionId: cells[0], moId: cells[1], organisationId: cells[2], personId: person([...path, 'personId'], cells[3], at(3)) });
    [['directionId', 0], ['moId', 1], ['organisationId', 2]].forEach(([k, c]) => reader.at([...path, k as string], at(c as number)));
    reader.at(path, at(0));
  }
  doc.appointments = appointments;

  for (const { row, cells } of reader.rows(reader.sheet(SHEET.parameters))) {
    const at = (i: number) => reader.place(SHEET.parameters, row, PARAMETER_COLUMNS, i);
    try {
      doc[cells[0]] = JSON.parse(cells[1]);
      reader.at([cells[0]], at(1));
    } catch {
      reader.fail(at(1), 'не JSON', cells[1].slice(0, 40));
    }
  }
  return { document: doc, logins };
}

function refuseWith(issues: FieldIssue[]): never {
  const shown = issues.slice(0, MAX_ISSUES);
  const more = issues.length > MAX_ISSUES ? ` (показаны первые ${MAX_ISSUES} из ${issues.length})` : '';
  throw new RefusedError(refusal('validation', `файл не принят: ошибок ${issues.length}${more}`, shown));
}

/**
 * Logins are looked up among the people of the drafter's own region only (its ТФОМС, СМО and МО): a login of
 * another region reads as unknown, so a workbook cannot be used to find out who works where.
 */
async function resolveLogins(sql: postgres.Sql, regionCode: string, reader: WorkbookReader, document: Json, logins: ReturnType<typeof readRoadMapWorkbook>['logins']) {
  const rows = await sql<{ id: string; login: string }[]>`
    select p.id, p.login from people p join organisations o on o.id = p.organisation_id
    where o.region_code = ${regionCode} and p.login = any(${[...new Set(logins.map((l) => l.login))]})`;
  const idOf = new Map(rows.map((r) => [r.login, r.id]));
  for (const { path, login, place } of logins) {
    const id = idOf.get(login);
    if (!id) reader.fail(place, 'сотрудник с таким логином не найден', login || '(пусто)');
    let target: Json = document;
    for (const key of path.slice(0, -1)) target = target[key as string] as Json;
    target[path.at(-1) as string] = id ?? login;
  }
}

/** The workbook (template, export) turned into a draft through the same command as a JSON document, or 400 with every located error. */
/**
 * Who may import is known before the upload is read: the fund's staff who may draft, for their own region. Nobody
 * else gets a parser to feed or an answer about logins. The API route calls this before it reads the body.
 */
export function assertMayImportRoadMap(actor: Actor): asserts actor is Actor & { regionCode: string } {
  if (!actor.regionCode || !canDraftRoadMap(actor, actor.regionCode)) {
    throw new RefusedError(refusal('forbidden', 'загрузить дорожную карту из Excel может сотрудник ТФОМС не ниже начальника отдела, для своего региона'));
  }
}

export async function importRoadMap(deps: ServiceDeps, actor: Actor, file: Buffer, commandId: string, keyed: boolean) {
  assertMayImportRoadMap(actor);
  const reader = await openWorkbook(file);
  const { document, logins } = readRoadMapWorkbook(reader);
  if (document.regionCode !== actor.regionCode) {
    reader.issues.push(reader.locate('regionCode', `готовить можно дорожную карту только своего региона (${actor.regionCode})`));
  }
  await resolveLogins(deps.sql, actor.regionCode, reader, document, logins);
  if (reader.issues.length) refuseWith(reader.issues);
  const parsed = RoadMapDocument.safeParse(document);
  if (!parsed.success) refuseWith(zodIssues(parsed.error).map((i) => reader.locate(i.field, i.message)));
  try {
    return await createRoadMapDraft(deps, actor, parsed.data, commandId, keyed);
  } catch (err) {
    if (err instanceof RefusedError && err.refusal.details.length) {
      throw new RefusedError({ ...err.refusal, details: err.refusal.details.map((d) => reader.locate(d.field, d.message)) });
    }
    throw err;
  }
}

const zodIssues = (error: ZodError): FieldIssue[] => error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
