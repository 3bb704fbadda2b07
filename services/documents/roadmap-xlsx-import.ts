import type postgres from 'postgres';
import type { z } from 'zod';
import { canDraftRoadMap, type Actor } from '../../domain/actor.js';
import { allowedSources, ExpenseCategory, expenseLabel, FinancingSource, sourceLabel } from '../../domain/financing.js';
import { RefusedError, refusal, type FieldIssue } from '../../domain/refusal.js';
import { RoadMapDocument } from '../../domain/roadmap.js';
import { assertRoadMapDocument } from '../roadmaps/roadmap-commands.js';
import { createRoadMapDraft } from '../roadmaps/roadmap-drafts.js';
import type { ServiceDeps } from '../deps.js';
import {
  APPOINTMENT_COLUMNS, DIRECTION_COLUMNS, DOCUMENT_FIELDS, FINANCING_COLUMNS, GENERAL, ITEM_COLUMNS, PARAMETER_COLUMNS, PARTY, SCOPE_ALL, SCOPE_FUND, SHEET,
} from './roadmap-workbook.js';
import { openWorkbook, ruDateToIso, splitList, WorkbookReader, type CellPlace } from './workbook-reader.js';

type Json = Record<string, unknown>;
type Path = (string | number)[];
const MAX_ISSUES = 50;
/** Past this many wrong cells the schema and the domain rules are not run (their answer would only repeat the cells). */
const MAX_CELL_ISSUES_BEFORE_RULES = 1000;

const byLabel = <K extends string>(labels: Record<K, string>) =>
  new Map<string, K>(Object.entries(labels).flatMap(([k, v]) => [[(v as string).toLowerCase(), k as K], [k.toLowerCase(), k as K]]));
const expenses = byLabel(expenseLabel);
const sources = byLabel(sourceLabel);
const parties = new Map<string, 'TFOMS' | 'SMO'>([['тфомс', 'TFOMS'], ['смо', 'SMO'], ['tfoms', 'TFOMS'], ['smo', 'SMO']]);
/** What «Параметры» may carry: the document's own fields that have no sheet of their own. */
const PARAMETERS = Object.keys(RoadMapDocument.shape).filter((k) => !DOCUMENT_FIELDS.has(k));

/**
 * Paths of the document whose cells did not read (or did not pass the schema). What they feed is not checked
 * further: a rule needing a broken input is skipped for that row, instead of a cascade of errors about one cell.
 */
export class BrokenPaths {
  private readonly paths = new Set<string>();
  add(path: readonly PropertyKey[]): void {
    this.paths.add(path.map(String).join('.'));
  }
  /** Exactly this path (a list as a whole). */
  has(path: readonly PropertyKey[]): boolean {
    return this.paths.has(path.map(String).join('.'));
  }
  /** This path or one that contains it. */
  covers(path: readonly PropertyKey[] | string): boolean {
    const parts = typeof path === 'string' ? path.split('.') : path.map(String);
    for (let n = parts.length; n > 0; n--) if (this.paths.has(parts.slice(0, n).join('.'))) return true;
    return false;
  }
}

interface Login {
  path: Path;
  login: string;
  place: CellPlace | null;
}

/**
 * The workbook as a road-map document, logins still unresolved. Cell-level mistakes (a date that does not exist,
 * a word not in a list, a row pointing at a code not defined) are collected with their places; nothing is guessed.
 * Every row is kept even when some of its cells are wrong (`broken` names those cells' paths), so that the schema
 * and the domain rules can still check the rest of it in the same answer.
 */
export function readRoadMapWorkbook(reader: WorkbookReader): { document: Json; logins: Login[]; broken: BrokenPaths } {
  const logins: Login[] = [];
  const broken = new BrokenPaths();
  const bad = (path: Path, place: CellPlace, reason: string, value?: string) => {
    reader.fail(place, reason, value);
    broken.add(path);
  };
  const person = (path: Path, login: string, place: CellPlace | null) => {
    if (place) reader.at(path, place);
    logins.push({ path, login, place });
    return login;
  };
  const date = (text: string, path: Path, place: CellPlace | null) => {
    if (!place) return text;
    const r = ruDateToIso(text);
    if ('reason' in r) bad(path, place, r.reason, text);
    return 'iso' in r ? r.iso : text;
  };
  const doc: Json = {};
  // A missing sheet is one error naming it; what it would have held is not reported again row by row.
  const missing = new Set<string>();
  for (const name of Object.values(SHEET)) {
    if (name !== SHEET.parameters && !reader.sheet(name)) {
      missing.add(name);
      reader.add({ field: name, message: `нет листа «${name}»: загрузите файл по шаблону` });
    }
  }

  // General: label → value. A required label without its row is one error about the sheet.
  const general = new Map<string, { value: string; row: number }>();
  for (const { row, cells } of reader.rows(reader.sheet(SHEET.general))) general.set(cells[0], { value: cells[1], row });
  const generalPlace = (label: string): CellPlace | null => {
    const row = general.get(label)?.row;
    return row ? { sheet: SHEET.general, row, column: label, letter: 'B' } : null;
  };
  const field = (key: keyof typeof GENERAL, path: string, required: boolean) => {
    const label = GENERAL[key];
    const place = generalPlace(label);
    if (place) reader.at([path], place);
    else if (required) {
      broken.add(path.split('.'));
      if (!missing.has(SHEET.general)) reader.sheetIssue(SHEET.general, `нет строки «${label}» (в столбце A): загрузите файл по шаблону`);
    }
    return { value: general.get(label)?.value ?? '', place };
  };
  doc.title = field('title', 'title', true).value;
  doc.regionCode = field('regionCode', 'regionCode', true).value;
  const start = field('startDate', 'startDate', true);
  doc.startDate = date(start.value, ['startDate'], start.place);
  const coordinator = field('coordinator', 'coordinatorId', true);
  doc.coordinatorId = person(['coordinatorId'], coordinator.value, coordinator.place);
  doc.workdayEnd = field('workdayEnd', 'workdayEnd', false).value || '18:00';
  doc.participatingMoIds = splitList(field('participatingMoIds', 'participatingMoIds', false).value);
  // Without the sheet the list is unknown, not empty: the rules about МО taking part are skipped.
  if (missing.has(SHEET.general)) broken.add(['participatingMoIds']);
  const actKeys = { kind: 'actKind', number: 'actNumber', date: 'actDate', title: 'actTitle' } as const;
  if (Object.values(actKeys).some((k) => general.get(GENERAL[k])?.value)) {
    const act: Json = {};
    for (const [k, key] of Object.entries(actKeys)) {
      const f = field(key, `legalAct.${k}`, true);
      act[k] = k === 'date' ? date(f.value, ['legalAct', 'date'], f.place) : f.value;
    }
    doc.legalAct = act;
    const actPlace = Object.values(actKeys).map((k) => generalPlace(GENERAL[k])).find(Boolean);
    if (actPlace) reader.at(['legalAct'], actPlace);
  } else doc.legalAct = null;

  // Directions, then items under them.
  const directions: Json[] = [];
  const directionIndex = new Map<string, number>();
  reader.atSheet(['directions'], SHEET.directions);
  for (const { row, cells } of reader.rows(reader.sheet(SHEET.directions))) {
    const at = (i: number) => reader.place(SHEET.directions, row, DIRECTION_COLUMNS, i);
    const i = directions.length;
    const party = parties.get(cells[1].toLowerCase());
    if (!party) bad(['directions', i, 'party'], at(1), `сторона — ${PARTY.TFOMS} или ${PARTY.SMO}`, cells[1]);
    if (directionIndex.has(cells[0])) bad(['directions', i, 'id'], at(0), 'код направления повторяется', cells[0]);
    directionIndex.set(cells[0], i);
    directions.push({ id: cells[0], party: party ?? cells[1], title: cells[2], items: [] });
    [['id', 0], ['party', 1], ['title', 2]].forEach(([k, c]) => reader.at(['directions', i, k as string], at(c as number)));
    reader.at(['directions', i], at(0));
  }
  doc.directions = directions;

  /**
   * An item whose direction is not on «Направления» is still read, into a stand-in direction of that code, so
   * that its own cells, its financing rows and the rules are checked in the same answer. The stand-in's id
   * starts with a space, which no trimmed cell does: an appointment naming the unknown code is still refused.
   */
  const standIn = (code: string, place: CellPlace) => {
    const key = ` ${code}`;
    const known = directionIndex.get(key);
    if (known !== undefined) return known;
    const i = directions.length;
    directions.push({ id: key, party: 'TFOMS', title: '—', items: [] });
    directionIndex.set(key, i);
    for (const k of ['id', 'party', 'title']) broken.add(['directions', i, k]);
    reader.at(['directions', i], place);
    return i;
  };
  const itemPath = new Map<string, Path>();
  for (const { row, cells } of reader.rows(reader.sheet(SHEET.items))) {
    const at = (i: number) => reader.place(SHEET.items, row, ITEM_COLUMNS, i);
    let d = directionIndex.get(cells[0]);
    if (d === undefined) {
      if (!missing.has(SHEET.directions)) reader.fail(at(0), 'такого направления нет на листе «Направления»', cells[0] || '(пусто)');
      d = standIn(cells[0], at(0));
    }
    const items = directions[d].items as Json[];
    const path = ['directions', d, 'items', items.length];
    if (itemPath.has(cells[1])) bad([...path, 'id'], at(1), 'код мероприятия повторяется', cells[1]);
    itemPath.set(cells[1], path);
    const deadlineText = cells[3];
    const deadline = /^\d{4}-\d{2}-\d{2}T/.test(deadlineText) ? { dateTime: deadlineText } : { date: date(deadlineText, [...path, 'deadline'], at(3)) };
    const scopeText = cells[6].toLowerCase();
    const scope = scopeText === SCOPE_ALL.toLowerCase() ? { kind: 'all_mo' } : scopeText === SCOPE_FUND.toLowerCase() ? { kind: 'fund' } : { kind: 'mo_list', moIds: splitList(cells[6]) };
    let extra: Json = {};
    if (cells[10]) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(cells[10]);
      } catch {
        reader.fail(at(10), 'не JSON', cells[10].slice(0, 40));
      }
      if (parsed !== undefined && (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))) {
        reader.fail(at(10), 'ожидается объект JSON вида {"поле": значение}', cells[10].slice(0, 40));
      } else if (parsed) extra = parsed as Json;
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
    for (const k of Object.keys(extra)) reader.at([...path, k], at(10));
    const columns: [string, number][] = [['id', 1], ['title', 2], ['deadline', 3], ['scope', 6], ['expectedResult', 7], ['resultDocument', 8], ['indicatorIds', 9]];
    for (const [k, c] of columns) reader.at([...path, k], at(c));
    reader.at(path, at(1));
  }
  if (missing.has(SHEET.items)) directions.forEach((_, i) => broken.add(['directions', i, 'items']));
  if (directions.length === 0 && (missing.has(SHEET.directions) || missing.has(SHEET.items))) broken.add(['directions']);

  for (const { row, cells } of reader.rows(reader.sheet(SHEET.financing))) {
    const at = (i: number) => reader.place(SHEET.financing, row, FINANCING_COLUMNS, i);
    const path = itemPath.get(cells[0]);
    if (!path) {
      if (!missing.has(SHEET.items)) reader.fail(at(0), 'такого мероприятия нет на листе «Мероприятия»', cells[0] || '(пусто)');
      continue;
    }
    const item = (directions[path[1] as number].items as Json[])[path[3] as number];
    const lines = item.financing as Json[];
    const linePath = [...path, 'financing', lines.length];
    const expense = expenses.get(cells[2].toLowerCase());
    const source = sources.get(cells[3].toLowerCase());
    if (!expense) bad([...linePath, 'expense'], at(2), `статья расходов из списка: ${ExpenseCategory.options.map((e) => expenseLabel[e]).join('; ')}`, cells[2]);
    if (!source) bad([...linePath, 'source'], at(3), `источник из списка: ${FinancingSource.options.map((s) => sourceLabel[s]).join('; ')}`, cells[3]);
    const amount = Number(cells[4].replace(/\s/g, '').replace(',', '.'));
    if (!cells[4] || !Number.isFinite(amount)) bad([...linePath, 'amount'], at(4), 'сумма — число', cells[4]);
    lines.push({ moId: cells[1], expense: expense ?? cells[2], source: source ?? cells[3], amount });
    [['moId', 1], ['expense', 2], ['source', 3], ['amount', 4]].forEach(([k, c]) => reader.at([...linePath, k as string], at(c as number)));
    reader.at(linePath, at(0));
  }

  const appointments: Json[] = [];
  reader.atSheet(['appointments'], SHEET.appointments);
  for (const { row, cells } of reader.rows(reader.sheet(SHEET.appointments))) {
    const at = (i: number) => reader.place(SHEET.appointments, row, APPOINTMENT_COLUMNS, i);
    const path = ['appointments', appointments.length];
    appointments.push({ directionId: cells[0], moId: cells[1], organisationId: cells[2], personId: person([...path, 'personId'], cells[3], at(3)) });
    [['directionId', 0], ['moId', 1], ['organisationId', 2]].forEach(([k, c]) => reader.at([...path, k as string], at(c as number)));
    reader.at(path, at(0));
  }
  doc.appointments = appointments;
  // Without «Направления» the codes appointments name cannot be checked (a pseudo-path: no field is called so).
  if (missing.has(SHEET.directions)) broken.add(['directionIds']);

  // Only the document's own parameters: a key of a sheet («directions») or an unknown one is refused at its cell.
  for (const { row, cells } of reader.rows(reader.sheet(SHEET.parameters))) {
    const at = (i: number) => reader.place(SHEET.parameters, row, PARAMETER_COLUMNS, i);
    if (!PARAMETERS.includes(cells[0])) {
      reader.fail(at(0), `неизвестный параметр: допустимы ${PARAMETERS.join(', ')}`, cells[0] || '(пусто)');
      continue;
    }
    reader.at([cells[0]], at(1));
    try {
      doc[cells[0]] = JSON.parse(cells[1]);
    } catch {
      bad([cells[0]], at(1), 'не JSON', cells[1].slice(0, 40));
    }
  }
  return { document: doc, logins, broken };
}

/** Issues in the order of the workbook: the file, then sheet by sheet, row by row, column by column. */
function byPlace(issues: FieldIssue[]): FieldIssue[] {
  const sheets: string[] = Object.values(SHEET);
  const key = (field: string): [number, number, number, string] => {
    const m = /^(.+)!([A-Z]+)(\d+)$/.exec(field);
    if (m) return [sheets.indexOf(m[1]) + 1, Number(m[3]), m[2].length, m[2]];
    const sheet = sheets.indexOf(field);
    return sheet >= 0 ? [sheet + 1, 0, 0, ''] : [0, 0, 0, ''];
  };
  return issues
    .map((issue, i) => ({ issue, i, k: key(issue.field) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2] || a.k[3].localeCompare(b.k[3]) || a.i - b.i)
    .map((x) => x.issue);
}

function refuseWith(found: FieldIssue[]): never {
  const issues = byPlace(found);
  const shown = issues.slice(0, MAX_ISSUES);
  const more = issues.length > MAX_ISSUES ? ` (показаны первые ${MAX_ISSUES} из ${issues.length})` : '';
  throw new RefusedError(refusal('validation', `файл не принят: ошибок ${issues.length}${more}`, shown));
}

/**
 * Logins are looked up among the people of the drafter's own region only (its ТФОМС, СМО and МО): a login of
 * another region reads as unknown, so a workbook cannot be used to find out who works where.
 */
async function resolveLogins(sql: postgres.Sql, regionCode: string, reader: WorkbookReader, document: Json, logins: Login[], broken: BrokenPaths) {
  const rows = await sql<{ id: string; login: string }[]>`
    select p.id, p.login from people p join organisations o on o.id = p.organisation_id
    where o.region_code = ${regionCode} and p.login = any(${[...new Set(logins.map((l) => l.login))]})`;
  const idOf = new Map(rows.map((r) => [r.login, r.id]));
  for (const { path, login, place } of logins) {
    const id = idOf.get(login);
    if (!id) {
      // A cell not read (a missing row, a formula) was reported already.
      if (place && !broken.covers(path)) reader.fail(place, 'сотрудник с таким логином не найден', login || '(пусто)');
      broken.add(path);
    }
    let target: Json = document;
    for (const key of path.slice(0, -1)) target = target[key as string] as Json;
    target[path.at(-1) as string] = id ?? login;
  }
}

const typeWords: Record<string, string> = { string: 'текст', number: 'число', int: 'целое число', boolean: 'да или нет (true/false)', array: 'список', object: 'объект' };
/** zod's Russian locale still names types in English («ожидалось, что string будет…»): those are said anew. */
const ENGLISH_TYPE = /\b(string|number|int|boolean|array|object|bigint|date|null|undefined|nan|map|set|file)\b/i;

/** A schema issue in the words of the workbook (the locale's, unless they name a type in English). */
export function importIssueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `неизвестные поля: ${issue.keys.join(', ')}`;
  if (!ENGLISH_TYPE.test(issue.message)) return issue.message;
  const last = issue.path.at(-1);
  switch (issue.code) {
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? 'не заполнено' : `не короче ${min} символов`;
      if (issue.origin === 'array') {
        if (last === 'items') return 'у направления нет ни одного мероприятия на листе «Мероприятия»';
        if (last === 'directions') return 'нет ни одного направления';
        return min <= 1 ? 'нужно хотя бы одно значение' : `нужно не меньше ${min} значений`;
      }
      return `не меньше ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `не длиннее ${max} символов`;
      if (issue.origin === 'array') return `не больше ${max} значений`;
      return `не больше ${max}`;
    }
    case 'invalid_type':
      return `ожидается ${typeWords[issue.expected] ?? 'другое значение'}`;
    default:
      return 'неверное значение';
  }
}

/**
 * The document as far as it read, shaped for the rules of domain/roadmap-rules.ts: every row is there, a broken
 * value replaced by one no rule objects to (the issues about it are dropped anyway, `ruleSkipped`). Checked against
 * the drafter's region: a workbook of another region is refused at its cell already.
 */
export function checkableDocument(doc: Json, broken: BrokenPaths, regionCode: string): RoadMapDocument {
  // These values reach the directory query unchecked by the schema: PostgreSQL text cannot hold NUL.
  const text = (v: unknown) => (typeof v === 'string' ? v.replaceAll('\u0000', '\ufffd') : '');
  const texts = (v: unknown) => (Array.isArray(v) ? v.map(text) : []);
  const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]).map((x) => (x && typeof x === 'object' ? (x as Json) : {})) : []);
  const [anyExpense, anySources] = Object.entries(allowedSources)[0];
  const directions = list(doc.directions).map((d, di) => ({
    id: text(d.id), party: 'TFOMS' as const, title: '',
    items: list(d.items).map((item, ii) => {
      const path = ['directions', di, 'items', ii];
      const scope = item.scope as Json;
      return {
        id: text(item.id), title: '', expectedResult: '',
        // A deadline that did not read compares as the earliest day; its own issues are dropped.
        deadline: broken.covers([...path, 'deadline']) ? { date: '1900-01-01' } : (item.deadline as RoadMapDocument['directions'][number]['items'][number]['deadline']),
        executorId: text(item.executorId), controllerId: text(item.controllerId),
        scope: scope.kind === 'mo_list' ? { kind: 'mo_list' as const, moIds: texts(scope.moIds) } : { kind: scope.kind as 'fund' | 'all_mo' },
        financing: list(item.financing).map((line, li) => {
          const readable = !broken.covers([...path, 'financing', li, 'expense']) && !broken.covers([...path, 'financing', li, 'source'])
            && ExpenseCategory.safeParse(line.expense).success && FinancingSource.safeParse(line.source).success;
          const pair = readable ? { expense: line.expense, source: line.source } : { expense: anyExpense, source: anySources[0] };
          return { moId: text(line.moId), ...pair, amount: 0 } as RoadMapDocument['directions'][number]['items'][number]['financing'][number];
        }),
        indicatorIds: texts(item.indicatorIds),
      };
    }),
  }));
  return {
    title: '', regionCode, legalAct: null, workdayEnd: '18:00',
    startDate: broken.covers(['startDate']) ? '0000-01-01' : text(doc.startDate),
    coordinatorId: text(doc.coordinatorId),
    participatingMoIds: texts(doc.participatingMoIds),
    directions,
    appointments: list(doc.appointments).map((a) => ({ directionId: text(a.directionId), moId: text(a.moId), organisationId: text(a.organisationId), personId: text(a.personId) })),
    indicators: broken.covers(['indicators']) ? [] : list(doc.indicators).map((i) => ({ id: text(i.id) })),
  } as unknown as RoadMapDocument;
}

/** A rule that cannot be checked because an input of it did not read: skipped for that row. */
function ruleSkipped({ field, message }: FieldIssue, broken: BrokenPaths): boolean {
  if (broken.covers(field)) return true;
  const p = field.split('.');
  const moList = /\.scope(\.moIds\.\d+)?$|\.financing\.\d+\.moId$|^appointments\.\d+\.moId$/;
  if (broken.has(['participatingMoIds']) && moList.test(field)) return true;
  // A workbook of another region (refused at «Код региона»): its МО are not also «из другого региона», one by one.
  if (broken.has(['regionCode']) && /^participatingMoIds\.\d+$/.test(field)) return true;
  if (broken.covers(['indicators']) && /\.indicatorIds\.\d+$/.test(field)) return true;
  if (/^appointments\.\d+\.directionId$/.test(field) && broken.has(['directionIds'])) return true;
  // «… не работает в организации»: compared with an organisation code that did not read.
  if (/^appointments\.\d+\.personId$/.test(field) && /не работает в организации/.test(message) && broken.covers([...p.slice(0, 2), 'organisationId'])) return true;
  // (Four eyes needs no rule here: an unread login stays as typed, so the two compare equal only if both are unread.)
  return false;
}

/** The rules the API checks (size, then seed 000 against the directory) over what did read, each at its cell. */
async function ruleIssues(sql: postgres.Sql, document: Json, broken: BrokenPaths, regionCode: string): Promise<FieldIssue[]> {
  try {
    await assertRoadMapDocument(sql, checkableDocument(document, broken, regionCode));
    return [];
  } catch (err) {
    if (err instanceof RefusedError && err.refusal.code === 'validation') return err.refusal.details.filter((i) => !ruleSkipped(i, broken));
    throw err;
  }
}

/**
 * Who may import is known before the upload is read: the fund's staff who may draft, for their own region. Nobody
 * else gets a parser to feed or an answer about logins. The API route calls this before it reads the body.
 */
export function assertMayImportRoadMap(actor: Actor): asserts actor is Actor & { regionCode: string } {
  if (!actor.regionCode || !canDraftRoadMap(actor, actor.regionCode)) {
    throw new RefusedError(refusal('forbidden', 'загрузить дорожную карту из Excel может сотрудник ТФОМС не ниже начальника отдела, для своего региона'));
  }
}

/**
 * The workbook (template, export) turned into a draft through the same command as a JSON document, or 400 with
 * every error at once, sorted by place: the cells that did not read, the schema over the rest, and the domain rules
 * over every row whose inputs read — an unknown МО or a forbidden financing pair is not kept for the next upload.
 */
export async function importRoadMap(deps: ServiceDeps, actor: Actor, file: Buffer, commandId: string, keyed: boolean) {
  assertMayImportRoadMap(actor);
  const reader = await openWorkbook(file);
  const { document, logins, broken } = readRoadMapWorkbook(reader);
  // A workbook wrong in thousands of cells is answered from its cells alone: running the schema and the rules
  // over rows that all failed would cost hundreds of MiB (every rule broken again) and say nothing new.
  if (reader.issues.length > MAX_CELL_ISSUES_BEFORE_RULES) refuseWith(reader.issues);
  if (!broken.covers(['regionCode']) && document.regionCode !== actor.regionCode) {
    reader.add(reader.locate('regionCode', `готовить можно дорожную карту только своего региона (${actor.regionCode})`));
    broken.add(['regionCode']);
  }
  await resolveLogins(deps.sql, actor.regionCode, reader, document, logins, broken);
  const parsed = RoadMapDocument.safeParse(document);
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
    if (broken.covers(path)) continue;
    reader.add(reader.locate(path.map(String).join('.'), importIssueMessage(issue)));
    broken.add(path);
  }
  if (!parsed.success || reader.issues.length) {
    for (const issue of await ruleIssues(deps.sql, document, broken, actor.regionCode)) reader.add(reader.locate(issue.field, issue.message));
    refuseWith(reader.issues);
  }
  try {
    return await createRoadMapDraft(deps, actor, parsed.data, commandId, keyed);
  } catch (err) {
    if (err instanceof RefusedError && err.refusal.details.length) {
      throw new RefusedError({ ...err.refusal, details: byPlace(err.refusal.details.map((d) => reader.locate(d.field, d.message))) });
    }
    throw err;
  }
}
