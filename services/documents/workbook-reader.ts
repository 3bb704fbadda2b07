import ExcelJS from 'exceljs';
import { RefusedError, refusal, type FieldIssue } from '../../domain/refusal.js';
import { columnLetter } from './roadmap-workbook.js';
import { inspectWorkbookArchive } from './workbook-archive.js';
import { workbookLimitsFromEnv, type WorkbookLimits } from './workbook-limits.js';

/**
 * The one way an uploaded workbook is opened, whatever it is imported as: the zip is inflated and counted first
 * (workbook-archive.ts: entries, inflated bytes, rows, cells, ranges — WORKBOOK_* limits), and only a workbook
 * within every limit reaches exceljs. A broken zip, a bomb or anything exceljs cannot read is a 400 naming `file`.
 */
export async function openWorkbook(file: Buffer, limits: WorkbookLimits = workbookLimitsFromEnv()): Promise<WorkbookReader> {
  await inspectWorkbookArchive(file, limits);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as never);
  } catch {
    throw new RefusedError(refusal('validation', 'файл не читается как книга Excel (.xlsx)', [{ field: 'file', message: 'ожидается файл .xlsx по шаблону' }]));
  }
  return new WorkbookReader(wb);
}

export interface CellPlace {
  sheet: string;
  row: number;
  column: string;
  letter: string;
}

/**
 * Reads cells as an official typed them and remembers where every document field came from, so that a rule broken
 * anywhere (the schema, the domain rules, the calendar) is reported at its sheet, row and column, in Russian.
 */
export class WorkbookReader {
  readonly issues: FieldIssue[] = [];
  private readonly places = new Map<string, CellPlace>();
  /** Parts of the document read from a whole sheet (a list as such: «no directions at all»), not from one cell. */
  private readonly sheetPlaces = new Map<string, string>();
  /** Cells refused as formulas: their value was not read, so nothing more is said about them. */
  private readonly formulaCells = new Set<string>();

  constructor(private readonly wb: ExcelJS.Workbook) {}

  sheet(name: string): ExcelJS.Worksheet | null {
    return this.wb.getWorksheet(name) ?? null;
  }

  /**
   * Data rows (from row 2) that have any value, with their Excel row numbers: the first `width` columns only
   * (a cell far to the right is not read, and costs nothing). A formula is refused at its cell: an import takes
   * what the official typed, never a value computed from elsewhere (its cached result may be anything).
   */
  rows(ws: ExcelJS.Worksheet | null, width = 12): { row: number; cells: string[] }[] {
    const out: { row: number; cells: string[] }[] = [];
    if (!ws) return out;
    const header = ws.getRow(1);
    ws.eachRow((r, n) => {
      if (n === 1) return;
      const cells = Array.from({ length: width }, (_, i) => {
        const value = r.getCell(i + 1).value;
        if (isFormula(value)) {
          const column = cellText(header.getCell(i + 1).value) || columnLetter(i);
          const issue = issueAt({ sheet: ws.name, row: n, column, letter: columnLetter(i) }, 'формулы не принимаются: впишите значение');
          if (!this.formulaCells.has(issue.field)) this.issues.push(issue);
          this.formulaCells.add(issue.field);
          return '';
        }
        return cellText(value);
      });
      if (cells.some((c) => c !== '')) out.push({ row: n, cells });
    });
    return out;
  }

  place(sheet: string, row: number, columns: readonly string[], index: number): CellPlace {
    return { sheet, row, column: columns[index], letter: columnLetter(index) };
  }

  /** Records where a document path was read from. */
  at(path: (string | number)[], place: CellPlace): void {
    this.places.set(path.join('.'), place);
  }

  /** Records that a document path is read from a whole sheet (its rows as a list). */
  atSheet(path: (string | number)[], sheet: string): void {
    this.sheetPlaces.set(path.join('.'), sheet);
  }

  fail(place: CellPlace, reason: string, value?: string): void {
    this.add(issueAt(place, value ? `${value} — ${reason}` : reason));
  }

  /** An issue about a sheet as a whole (a missing row of the template): named by the sheet, never by a row 0. */
  sheetIssue(sheet: string, message: string): void {
    this.add({ field: sheet, message: `${sheet}: ${message}` });
  }

  /** Collects an issue; one more at a cell refused as a formula is dropped (its value was never read). */
  add(issue: FieldIssue): void {
    if (!this.formulaCells.has(issue.field)) this.issues.push(issue);
  }

  /**
   * A field path of the document (e.g. "directions.0.items.2.executorId") back to its cell: the longest recorded
   * prefix; a path read from a whole sheet names the sheet. Only a path read from nowhere keeps its own name.
   */
  locate(field: string, message: string): FieldIssue {
    const parts = field.split('.');
    for (let n = parts.length; n > 0; n--) {
      const key = parts.slice(0, n).join('.');
      const place = this.places.get(key);
      if (place) return issueAt(place, message);
      const sheet = this.sheetPlaces.get(key);
      if (sheet) return { field: sheet, message: `${sheet}: ${message}` };
    }
    return { field: field || 'file', message };
  }
}

function issueAt(place: CellPlace, message: string): FieldIssue {
  return { field: `${place.sheet}!${place.letter}${place.row}`, message: `${place.sheet}, строка ${place.row}, «${place.column}»: ${message}` };
}

const isFormula = (value: ExcelJS.CellValue) =>
  typeof value === 'object' && value !== null && !(value instanceof Date) && ('formula' in value || 'sharedFormula' in value);

/** Whatever exceljs holds (text, number, date, rich text) as the text a person sees; formulas are refused before this. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel keeps a typed date as a day number; exceljs gives it back as midnight UTC.
    return `${String(value.getUTCDate()).padStart(2, '0')}.${String(value.getUTCMonth() + 1).padStart(2, '0')}.${value.getUTCFullYear()}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('').trim();
    if ('text' in value) return String(value.text).trim();
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value).trim();
}

/** ДД.ММ.ГГГГ (or ISO) to an ISO date, or the reason it is not one. */
export function ruDateToIso(text: string): { iso: string } | { reason: string } {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return { reason: 'дата пишется как ДД.ММ.ГГГГ' };
  const [d, mo, y] = text.includes('.') ? [m[1], m[2], m[3]] : [m[3], m[2], m[1]];
  const day = Number(d), month = Number(mo), year = Number(y);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || month < 1 || month > 12 || probe.getUTCDate() !== day) return { reason: 'такой даты нет' };
  return { iso: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

export const splitList = (text: string) => text.split(/[;,\n]/).map((s) => s.trim()).filter(Boolean);
