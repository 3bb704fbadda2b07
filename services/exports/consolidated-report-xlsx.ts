import ExcelJS from 'exceljs';
import type { ConsolidatedReport } from '../../domain/consolidated-report.js';
import {
  indicatorHeader,
  indicatorRows,
  mainHeader,
  mainRows,
  reporterHeader,
  reporterRows,
  smoHeader,
  smoRows,
  titleLines,
  type Cell,
} from './consolidated-report-rows.js';

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/** A titled, bordered table: the header row bold and wrapped, as a ФОМС reporting form is laid out. */
function table(sheet: ExcelJS.Worksheet, header: string[], rows: Cell[][], widths: number[]): void {
  const headerRow = sheet.addRow(header);
  headerRow.eachCell((c) => {
    c.font = { bold: true };
    c.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    c.border = border;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  });
  for (const r of rows) {
    const row = sheet.addRow(r);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = border;
      c.alignment = { wrapText: true, vertical: 'top' };
    });
  }
  widths.forEach((w, i) => (sheet.getColumn(i + 1).width = w));
}

function title(sheet: ExcelJS.Worksheet, lines: string[], span: number): void {
  lines.forEach((text, i) => {
    const row = sheet.addRow([text]);
    sheet.mergeCells(row.number, 1, row.number, span);
    row.getCell(1).font = i === 0 ? { bold: true, size: 14 } : { bold: i === 1 };
    row.getCell(1).alignment = { wrapText: true };
    if (i === 1) row.height = 32;
  });
  sheet.addRow([]);
}

/** The consolidated report as an XLSX workbook: the report, the СМО form, indicators, who reported. */
export async function consolidatedXlsx(report: ConsolidatedReport, meta: { submittedAt: string | null; comment: string | null }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Дорожные карты ТФОМС и СМО';
  wb.created = new Date(report.compiledAt);

  const head = titleLines(report);
  if (meta.comment) head.push(`Комментарий координатора: ${meta.comment}`);
  if (meta.submittedAt) head.push('Направлен в ФОМС');

  const main = wb.addWorksheet('Сводный отчёт', { views: [{ state: 'frozen', ySplit: head.length + 2 }], pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  title(main, head, mainHeader.length);
  table(main, mainHeader, mainRows(report), [6, 30, 45, 30, 24, 12, 14, 18, 10, 40, 40, 11]);

  const smo = wb.addWorksheet('Отчётная форма СМО');
  title(smo, [`Мониторинг работы страховых представителей и информирования о диспансеризации: неделя ${report.number}`, report.regionName], smoHeader.length);
  const rows = smoRows(report);
  const notified = report.smoForm.reduce((s, r) => s + r.notified, 0);
  const completed = report.smoForm.reduce((s, r) => s + r.completedCheckup, 0);
  const representatives = report.smoForm.reduce((s, r) => s + r.representativesPresent, 0);
  if (rows.length) rows.push(['', 'Итого', '', '', representatives, notified, completed, notified ? Math.round((completed / notified) * 1000) / 10 : '', '', '', '', '', '']);
  table(smo, smoHeader, rows, [6, 34, 24, 24, 14, 14, 14, 16, 40, 12, 12, 12, 14]);
  if (rows.length) smo.getRow(smo.rowCount).font = { bold: true };

  const ind = wb.addWorksheet('Показатели');
  title(ind, ['Целевые показатели', report.roadMapTitle], indicatorHeader.length);
  table(ind, indicatorHeader, indicatorRows(report), [6, 60, 16, 14, 14, 12]);

  const who = wb.addWorksheet('Представление отчётов');
  title(who, [`Представление еженедельных отчётов: неделя ${report.number}`, report.regionName], reporterHeader.length);
  table(who, reporterHeader, reporterRows(report), [6, 34, 40, 26, 20, 12]);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
