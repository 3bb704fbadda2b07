import ExcelJS from 'exceljs';
import { pilotDocumentLabel } from '../../domain/federal/pilot-documents.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { formatRuIsoDate } from '../../domain/zoned-time.js';
import type { PilotReadiness } from './pilot-readiness.js';

const fill = { done: 'FFD7EFDF', in_work: 'FFFFF1C2', missing: 'FFF9D6D9' } as const;
const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/** The cell's words: the state first (never colour alone), then its date and what it rests on. */
export function readinessCellText(c: PilotReadiness['regions'][number]['cells'][number]): string {
  return [c.stateLabel + (c.date ? `, ${c.dateLabel ? `${c.dateLabel} ` : ''}${formatRuIsoDate(c.date)}` : ''), c.note].filter(Boolean).join('\n');
}

/** The matrix of the pilot's documents as a workbook: a row per region, a column per document, the cell's state, date and note. */
export async function readinessXlsx(view: PilotReadiness, baseUrl: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Дорожные карты ТФОМС и СМО';
  wb.created = new Date(view.generatedAt);
  const sheet = wb.addWorksheet('Готовность документов', { views: [{ state: 'frozen', ySplit: 4, xSplit: 2 }], pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const width = 3 + view.documents.length;
  const title = sheet.addRow(['Готовность документов пилотного проекта по регионам']);
  sheet.mergeCells(title.number, 1, title.number, width);
  title.getCell(1).font = { bold: true, size: 14 };
  const sub = sheet.addRow([`${pilotProgramme.title}. Сформировано ${formatRuIsoDate(view.generatedAt.slice(0, 10))}.`]);
  sheet.mergeCells(sub.number, 1, sub.number, width);
  sheet.addRow([]);
  const head = sheet.addRow(['№', 'Регион', 'Срок утверждения «дорожной карты»', ...view.documents.map((d) => pilotDocumentLabel[d.kind])]);
  head.eachCell((c) => {
    c.font = { bold: true };
    c.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    c.border = border;
  });
  view.regions.forEach((r, i) => {
    const d = r.roadMapDeadline;
    const deadline = d ? `${formatRuIsoDate(d.dueDate)}${d.overdue ? ' — просрочен' : ''}${d.lastRungLabel ? `; эскалация: ${d.lastRungLabel}` : ''}` : 'срок не установлен';
    const row = sheet.addRow([i + 1, r.regionName, deadline, ...r.cells.map(readinessCellText)]);
    row.eachCell({ includeEmpty: true }, (c) => {
      c.border = border;
      c.alignment = { wrapText: true, vertical: 'top' };
    });
    r.cells.forEach((cell, j) => {
      const x = row.getCell(4 + j);
      x.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill[cell.state] } };
      const first = cell.links[0];
      if (first) x.note = `${first.label}: ${baseUrl}${first.href}`;
    });
  });
  const totals = sheet.addRow(['', 'Итого готово', '', ...view.documents.map((d) => `${view.totals[d.kind].done} из ${view.regions.length}`)]);
  totals.font = { bold: true };
  totals.eachCell({ includeEmpty: true }, (c) => (c.border = border));
  [5, 30, 22, ...view.documents.map(() => 26)].forEach((w, i) => (sheet.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
