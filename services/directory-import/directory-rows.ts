import type { PlatformRole, PositionLevel } from '../../domain/person.js';
import { RefusedError, refusal } from '../../domain/refusal.js';
import { textProblem } from '../../domain/text-rules.js';
import { openWorkbook as openSharedWorkbook, WorkbookReader, type CellPlace } from '../documents/workbook-reader.js';
import {
  ACTIVE, CLEAR, CODE, COLUMNS, FIRST_DATA_ROW, LIST, MO_CLOSED, NO, PERSON_LEFT, positionByWord, REGISTRY_NUMBER, roleByWord, TFOMS_WORD, YES,
  type ListKind,
} from './directory-workbook.js';

/** Where a row came from: `fail(i, …)` records a mistake at its cell in column i. */
export interface Located {
  row: number;
  sheet: string;
  fail(column: number, reason: string, value?: string): void;
}

export interface MoRow extends Located {
  registry: string;
  name: string;
  parent: string | null;
  inPilot: boolean;
  closed: boolean;
}

export interface SmoRow extends Located {
  code: string;
  name: string;
  /** null: leave the head as it is. */
  head: string | null;
}

export type OrganisationRef = { kind: 'tfoms' } | { kind: 'mo'; registry: string } | { kind: 'smo'; code: string };

/** Optional cells: undefined leaves the stored value, null clears it. */
export interface PersonRow extends Located {
  login: string;
  fullName: string;
  position: PositionLevel;
  title: string;
  organisation: OrganisationRef;
  unit: string | null | undefined;
  email: string | null | undefined;
  roles: PlatformRole[] | undefined;
  left: boolean;
}

export interface DirectoryRows {
  mo: MoRow[];
  smo: SmoRow[];
  people: PersonRow[];
  /** The sheets the files held (a list not in the files is not touched). */
  lists: ListKind[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TEXT = 1000;

/**
 * Opens an uploaded workbook through the road-map import's own reader, so its limits apply to both
 * (entries, inflated bytes counted while inflating, rows, cells, ranges), or refuses naming the file.
 */
export async function openWorkbook(file: Buffer, name: string): Promise<WorkbookReader> {
  try {
    return await openSharedWorkbook(file);
  } catch (err) {
    if (err instanceof RefusedError) {
      throw new RefusedError({ ...err.refusal, message: `файл «${name}»: ${err.refusal.message}` });
    }
    throw err;
  }
}

/**
 * Every list sheet of every file as typed rows. Cell mistakes (a word not in the list, a malformed number or login,
 * a missing value, a key repeated within the sheet) are collected at their cells in `issues`; nothing is guessed.
 */
export function readDirectoryRows(readers: WorkbookReader[]): DirectoryRows {
  const rows: DirectoryRows = { mo: [], smo: [], people: [], lists: [] };
  const kinds = Object.entries(LIST) as [ListKind, string][];
  for (const reader of readers) {
    for (const [kind, sheetName] of kinds) {
      const ws = reader.sheet(sheetName);
      if (!ws) continue;
      const headers = COLUMNS[kind].map((c) => c.header);
      if (rows.lists.includes(kind)) {
        reader.issues.push({ field: sheetName, message: `лист «${sheetName}» есть в нескольких файлах: загрузите каждый перечень один раз` });
        continue;
      }
      rows.lists.push(kind);
      const headerRow = ws.getRow(1);
      const wrong = headers.findIndex((h, i) => String(headerRow.getCell(i + 1).text ?? '').trim() !== h);
      if (wrong >= 0) {
        reader.fail(reader.place(sheetName, 1, headers, wrong), `столбцы не по шаблону: здесь ожидается «${headers[wrong]}»; скачайте шаблон заново`);
        continue;
      }
      const notes = COLUMNS[kind].map((c) => c.note);
      for (const { row, cells } of reader.rows(ws)) {
        // The template's notes row is not data; anything an official typed in row 2 is.
        if (row < FIRST_DATA_ROW && cells[0] === notes[0]) continue;
        const at = (i: number) => reader.place(sheetName, row, headers, i);
        const cell = new CellReader(reader, cells, at);
        const located: Located = { row, sheet: sheetName, fail: (i, reason, value) => reader.fail(at(i), reason, (value ?? cells[i])?.slice(0, 80)) };
        if (kind === 'mo') rows.mo.push({ ...located, ...moRow(cell) });
        else if (kind === 'smo') rows.smo.push({ ...located, ...smoRow(cell) });
        else rows.people.push({ ...located, ...personRow(cell) });
      }
    }
  }
  repeated(rows.mo, (r) => r.registry, 0, 'реестровый номер повторяется в файле');
  repeated(rows.smo, (r) => r.code, 0, 'код СМО повторяется в файле');
  repeated(rows.people, (r) => r.login, 0, 'логин повторяется в файле');
  return rows;
}

/** Cell by cell, recording every mistake at its place. */
class CellReader {
  constructor(private readonly reader: WorkbookReader, private readonly cells: string[], private readonly at: (i: number) => CellPlace) {}
  fail(i: number, reason: string, value = this.cells[i]) {
    this.reader.fail(this.at(i), reason, value ? value.slice(0, 80) : undefined);
  }
  text(i: number, required: boolean): string {
    const v = this.cells[i] ?? '';
    if (!v) {
      if (required) this.fail(i, 'не заполнено');
      return '';
    }
    const problem = textProblem(v, false);
    if (problem) this.fail(i, problem, '');
    else if (v.length > MAX_TEXT) this.fail(i, `не длиннее ${MAX_TEXT} символов`, '');
    return v;
  }
  word<T>(i: number, words: Map<string, T>, fallback: T, allowed: string): T {
    const v = this.cells[i] ?? '';
    if (!v) return fallback;
    const w = words.get(v.toLowerCase());
    if (w === undefined) this.fail(i, `допустимо: ${allowed}`);
    return w ?? fallback;
  }
  raw(i: number): string {
    return this.cells[i] ?? '';
  }
}

const yesNo = new Map([[YES, true], [NO, false]]);
const moStatus = new Map([[ACTIVE, false], [MO_CLOSED, true]]);
const personStatus = new Map([[ACTIVE, false], [PERSON_LEFT, true]]);

function moRow(cell: CellReader): Omit<MoRow, keyof Located> {
  const registry = cell.text(0, true);
  if (registry && !REGISTRY_NUMBER.test(registry)) cell.fail(0, 'реестровый номер — цифры и точки, например 22 или 22.1');
  const parent = cell.text(2, false) || null;
  if (parent && !REGISTRY_NUMBER.test(parent)) cell.fail(2, 'реестровый номер головной МО — цифры и точки');
  else if (parent && parent === registry) cell.fail(2, 'МО не может быть подразделением самой себя');
  return {
    registry, name: cell.text(1, true), parent,
    inPilot: cell.word(3, yesNo, false, `${YES} / ${NO}`),
    closed: cell.word(4, moStatus, false, `${ACTIVE} / ${MO_CLOSED}`),
  };
}

function smoRow(cell: CellReader): Omit<SmoRow, keyof Located> {
  const code = cell.text(0, true);
  if (code && (!CODE.test(code) || REGISTRY_NUMBER.test(code))) cell.fail(0, 'код СМО — латиница в нижнем регистре, цифры, . _ - (не только цифры), например smo-57-1');
  const head = cell.text(2, false) || null;
  if (head && !CODE.test(head)) cell.fail(2, 'логин — латиница в нижнем регистре, цифры, . _ -');
  return { code, name: cell.text(1, true), head };
}

function personRow(cell: CellReader): Omit<PersonRow, keyof Located> {
  const login = cell.text(0, true);
  if (login && !CODE.test(login)) cell.fail(0, 'логин — латиница в нижнем регистре, цифры, . _ - (до 64 символов)');
  const fullName = cell.text(1, true);
  const positionText = cell.raw(2);
  if (!positionText) cell.fail(2, 'не заполнено');
  const position = cell.word<PositionLevel>(2, positionByWord, 'specialist', 'директор / начальник управления / начальник отдела / специалист');
  const title = cell.text(3, true);
  const orgText = cell.text(4, true);
  let organisation: OrganisationRef = { kind: 'tfoms' };
  if (orgText && orgText.toUpperCase() !== TFOMS_WORD) {
    if (REGISTRY_NUMBER.test(orgText)) organisation = { kind: 'mo', registry: orgText };
    else if (CODE.test(orgText)) organisation = { kind: 'smo', code: orgText };
    else cell.fail(4, `${TFOMS_WORD}, код СМО (например smo-57-1) или реестровый номер МО (например 22.1)`);
  }
  const optional = (i: number) => {
    const v = cell.text(i, false);
    return v === '' ? undefined : v.toLowerCase() === CLEAR ? null : v;
  };
  const unit = optional(5);
  const email = optional(6);
  if (email && (!EMAIL.test(email) || email.length > 320)) cell.fail(6, 'адрес электронной почты вида name@example.ru');
  const rolesText = cell.raw(7);
  let roles: PlatformRole[] | undefined;
  if (rolesText.toLowerCase() === CLEAR) roles = [];
  else if (rolesText) {
    const words = rolesText.split(/[;,\n]/).map((s) => s.trim()).filter(Boolean);
    const unknown = words.filter((w) => !roleByWord.has(w.toLowerCase()));
    if (unknown.length) cell.fail(7, `неизвестная роль «${unknown[0].slice(0, 40)}»; допустимо: администратор региона, администратор ФОМС, куратор ФОМС, «${CLEAR}»`, '');
    roles = [...new Set(words.flatMap((w) => roleByWord.get(w.toLowerCase()) ?? []))].sort();
  }
  return {
    login, fullName, position, title, organisation, unit, email, roles,
    left: cell.word(8, personStatus, false, `${ACTIVE} / ${PERSON_LEFT}`),
  };
}

/** A key seen in an earlier row of the same sheet: every later row is marked (the first keeps its place). */
function repeated<R extends Located>(rows: R[], key: (r: R) => string, column: number, reason: string) {
  const first = new Map<string, number>();
  for (const r of rows) {
    const k = key(r);
    if (!k) continue;
    const seen = first.get(k);
    if (seen !== undefined) r.fail(column, `${reason} (впервые в строке ${seen})`, k);
    else first.set(k, r.row);
  }
}
