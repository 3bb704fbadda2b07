import ExcelJS from 'exceljs';
import type postgres from 'postgres';
import { expenseLabel, sourceLabel } from '../../domain/financing.js';
import type { RoadMapDocument } from '../../domain/roadmap.js';
import { namedPeople } from '../../domain/roadmap-rules.js';
import { formatRuIsoDate } from '../../domain/zoned-time.js';
import {
  APPOINTMENT_COLUMNS,
  DIRECTION_COLUMNS,
  DOCUMENT_FIELDS,
  FINANCING_COLUMNS,
  GENERAL,
  ITEM_COLUMNS,
  ITEM_FIELDS,
  PARAMETER_COLUMNS,
  PARTY,
  SCOPE_ALL,
  SCOPE_FUND,
  SHEET,
} from './roadmap-workbook.js';

function sheet(wb: ExcelJS.Workbook, name: string, columns: readonly string[], widths: number[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((header, i) => ({ header, width: widths[i] ?? 20 }));
  ws.getRow(1).font = { bold: true };
  return ws;
}

/** Lists to pick from where a column takes a fixed vocabulary; the import accepts exactly these words. */
function pickList(ws: ExcelJS.Worksheet, column: string, values: string[]) {
  for (let row = 2; row <= 500; row++) {
    ws.getCell(`${column}${row}`).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${values.join(',')}"`] };
  }
}

/**
 * The workbook of a document (or the empty template when `doc` is null). People appear by login, dates as ДД.ММ.ГГГГ,
 * and every cell is a plain value — never a formula — so what an official typed cannot run.
 */
export async function roadMapWorkbook(doc: RoadMapDocument | null, loginOf: Map<string, string>): Promise<Buffer> {
  const login = (id: string) => loginOf.get(id) ?? id;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Дорожные карты ТФОМС и СМО';

  const general = sheet(wb, SHEET.general, ['Поле', 'Значение'], [40, 100]);
  const act = doc?.legalAct;
  const values: [string, string][] = [
    [GENERAL.title, doc?.title ?? ''],
    [GENERAL.regionCode, doc?.regionCode ?? ''],
    [GENERAL.startDate, doc ? formatRuIsoDate(doc.startDate) : ''],
    [GENERAL.coordinator, doc ? login(doc.coordinatorId) : ''],
    [GENERAL.workdayEnd, doc?.workdayEnd ?? '18:00'],
    [GENERAL.participatingMoIds, doc?.participatingMoIds.join('; ') ?? ''],
    [GENERAL.actKind, act?.kind ?? ''],
    [GENERAL.actNumber, act?.number ?? ''],
    [GENERAL.actDate, act ? formatRuIsoDate(act.date) : ''],
    [GENERAL.actTitle, act?.title ?? ''],
  ];
  for (const v of values) general.addRow(v);

  const directions = sheet(wb, SHEET.directions, DIRECTION_COLUMNS, [24, 20, 90]);
  const items = sheet(wb, SHEET.items, ITEM_COLUMNS, [24, 24, 60, 16, 20, 20, 30, 50, 30, 24, 30]);
  const financing = sheet(wb, SHEET.financing, FINANCING_COLUMNS, [24, 24, 45, 16, 16]);
  const appointments = sheet(wb, SHEET.appointments, APPOINTMENT_COLUMNS, [24, 24, 24, 24]);
  const parameters = sheet(wb, SHEET.parameters, PARAMETER_COLUMNS, [30, 100]);

  for (const d of doc?.directions ?? []) {
    directions.addRow([d.id, PARTY[d.party], d.title]);
    for (const item of d.items) {
      const scope = item.scope.kind === 'all_mo' ? SCOPE_ALL : item.scope.kind === 'fund' ? SCOPE_FUND : item.scope.moIds.join('; ');
      const deadline = 'date' in item.deadline ? formatRuIsoDate(item.deadline.date) : item.deadline.dateTime;
      const extra = Object.fromEntries(Object.entries(item).filter(([k]) => !ITEM_FIELDS.has(k)));
      items.addRow([
        d.id, item.id, item.title, deadline, login(item.executorId), login(item.controllerId), scope,
        item.expectedResult, item.resultDocument ?? '', item.indicatorIds.join('; '), Object.keys(extra).length ? JSON.stringify(extra) : '',
      ]);
      for (const f of item.financing) financing.addRow([item.id, f.moId, expenseLabel[f.expense], sourceLabel[f.source], f.amount]);
    }
  }
  for (const a of doc?.appointments ?? []) appointments.addRow([a.directionId, a.moId, a.organisationId, login(a.personId)]);
  for (const [key, value] of Object.entries(doc ?? {})) {
    if (!DOCUMENT_FIELDS.has(key) && value !== undefined) parameters.addRow([key, JSON.stringify(value)]);
  }
  // After the data: a validated cell counts as a row, and addRow would append below it.
  pickList(directions, 'B', Object.values(PARTY));
  pickList(financing, 'C', Object.values(expenseLabel));
  pickList(financing, 'D', Object.values(sourceLabel));
  // Text everywhere except amounts: a title such as "=1+1" stays text when the file is opened.
  for (const ws of [general, directions, items, appointments, parameters]) {
    ws.eachRow((row) => row.eachCell((cell) => {
      if (typeof cell.value === 'string' && /^[=+\-@]/.test(cell.value)) cell.value = { richText: [{ text: cell.value }] };
    }));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Logins of the people a document names, for the workbook's people columns. */
export async function loginsOf(sql: postgres.Sql, doc: RoadMapDocument): Promise<Map<string, string>> {
  const rows = await sql<{ id: string; login: string }[]>`select id, login from people where id = any(${[...namedPeople(doc)]})`;
  return new Map(rows.map((r) => [r.id, r.login]));
}
