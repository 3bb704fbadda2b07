import ExcelJS from 'exceljs';
import { positionLabel, type PlatformRole, type PositionLevel } from '../../domain/person.js';
import { ACTIVE, COLUMNS, FIRST_DATA_ROW, LIST, MO_CLOSED, NO, PERSON_LEFT, roleLabel, TFOMS_WORD, VALUES_SHEET, YES, type ListKind } from './directory-workbook.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_NAMES: Record<ListKind, string> = { mo: 'шаблон-перечня-МО.xlsx', smo: 'шаблон-перечня-СМО.xlsx', people: 'шаблон-сотрудников.xlsx' };

/** Adds one list's sheet: bold headers, an italic notes row under them, pick lists where a column takes fixed words. */
export function addListSheet(wb: ExcelJS.Workbook, kind: ListKind): ExcelJS.Worksheet {
  const columns = COLUMNS[kind];
  const ws = wb.addWorksheet(LIST[kind], { views: [{ state: 'frozen', ySplit: FIRST_DATA_ROW - 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  const notes = ws.getRow(2);
  columns.forEach((c, i) => {
    notes.getCell(i + 1).value = c.note;
  });
  notes.font = { italic: true, color: { argb: 'FF4A5260' } };
  notes.alignment = { wrapText: true, vertical: 'top' };
  columns.forEach((c, i) => {
    if (!c.values) return;
    const letter = String.fromCharCode(65 + i);
    for (let row = FIRST_DATA_ROW; row <= 3000; row++) {
      ws.getCell(`${letter}${row}`).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${c.values.join(',')}"`] };
    }
  });
  // Registry numbers and logins are text: Excel must not turn 22.10 into 22.1.
  ws.getColumn(1).numFmt = '@';
  if (kind === 'mo') ws.getColumn(3).numFmt = '@';
  if (kind === 'people') ws.getColumn(5).numFmt = '@';
  return ws;
}

/**
 * What each position level allows on a road map (seed 000, the rules of domain/roadmap-rules.ts and
 * domain/acting-official.ts): executors and controlling officials at least head of a directorate,
 * the monitoring coordinator at least head of a division.
 */
const positionMeaning: Record<PositionLevel, string> = {
  director: 'руководитель организации (директор ТФОМС утверждает дорожную карту); может быть исполнителем, контролирующим лицом и координатором мониторинга',
  head_of_directorate: 'может быть исполнителем и контролирующим лицом мероприятий дорожной карты (они — не ниже начальника управления) и координатором мониторинга',
  head_of_division: 'может быть координатором мониторинга (не ниже начальника отдела); исполнителем и контролирующим лицом — нет: они не ниже начальника управления',
  specialist: 'не может быть ни исполнителем, ни контролирующим лицом мероприятий, ни координатором мониторинга',
};

/** What each role lets its holder do (domain/administration.ts). */
const roleMeaning: Record<PlatformRole, string> = {
  admin: 'ведёт справочник своего региона: организации, сотрудники, учётные записи, замещения и передача работы',
  foms_admin: 'только для сотрудников ФОМС: справочники всех регионов, первый администратор региона, состав пилотного проекта',
  foms_curator: 'только для сотрудников ФОМС: просмотр всех регионов',
};

/** The sheet of allowed values: what each word means, so an official need not guess. */
function addValuesSheet(wb: ExcelJS.Workbook): void {
  const ws = wb.addWorksheet(VALUES_SHEET);
  ws.columns = [{ header: 'Столбец', width: 32 }, { header: 'Значение', width: 30 }, { header: 'Что означает', width: 70 }];
  ws.getRow(1).font = { bold: true };
  const rows: [string, string, string][] = [
    ...(Object.keys(positionLabel) as PositionLevel[]).map((k) => ['Уровень должности', positionLabel[k], positionMeaning[k]] as [string, string, string]),
    ...(Object.keys(roleLabel) as PlatformRole[]).map((k) => ['Роли', roleLabel[k], roleMeaning[k]] as [string, string, string]),
    ['Статус (МО)', ACTIVE, 'МО работает в системе ОМС'],
    ['Статус (МО)', MO_CLOSED, 'МО закрыта или присоединена: в справочнике остаётся, новые мероприятия на неё не назначаются'],
    ['Статус (сотрудник)', ACTIVE, 'работает; учётная запись действует'],
    ['Статус (сотрудник)', PERSON_LEFT, 'выбыл: учётная запись отключается, сеансы завершаются; незавершённые исполнения сначала передайте другому'],
    ['Участвует в пилотном проекте', YES, 'МО участвует в пилотном проекте'],
    ['Участвует в пилотном проекте', NO, 'не участвует'],
    ['Организация', TFOMS_WORD, 'территориальный фонд ОМС региона'],
    ['Организация', 'код СМО', 'например smo-57-1: СМО с листа «СМО» или уже в справочнике'],
    ['Организация', 'реестровый номер МО', 'например 22.1: МО с листа «МО» или уже в справочнике'],
  ];
  for (const r of rows) ws.addRow(r);
}

/** An empty template of one list: its sheet and the allowed values. */
export async function directoryTemplate(kind: ListKind): Promise<{ fileName: string; type: string; data: Buffer }> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Дорожные карты ТФОМС и СМО';
  addListSheet(wb, kind);
  addValuesSheet(wb);
  return { fileName: FILE_NAMES[kind], type: XLSX, data: Buffer.from(await wb.xlsx.writeBuffer()) };
}
