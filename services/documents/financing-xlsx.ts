import ExcelJS from 'exceljs';
import { allowedSources, expenseLabel, FinancingSource, isFinancingAllowed, kopecksOf, roublesOf, sourceLabel, type ExpenseCategory } from '../../domain/financing.js';
import { itemsOf } from '../../domain/roadmap-structure.js';
import { approvalDate, organisationName, shortName } from './document-text.js';
import { verificationMark } from './verification-mark.js';
import { typographicQuotes } from './docx-parts.js';
import type { VersionContext } from './version-context.js';

interface PlanLine {
  mo: string;
  expense: ExpenseCategory;
  source: FinancingSource;
  /** Integer kopecks: sums are exact. */
  kopecks: number;
}

/** Financing per МО × expense × source, summed over the items; only the pairs seed 000 allows. */
export function financingPlan(ctx: VersionContext): PlanLine[] {
  const sums = new Map<string, PlanLine>();
  for (const { item } of itemsOf(ctx.doc)) {
    for (const f of item.financing) {
      if (!isFinancingAllowed(f.expense, f.source)) continue;
      const key = `${f.moId}|${f.expense}|${f.source}`;
      const line = sums.get(key) ?? { mo: typographicQuotes(organisationName(ctx, f.moId)), expense: f.expense, source: f.source, kopecks: 0 };
      line.kopecks += kopecksOf(f.amount);
      sums.set(key, line);
    }
  }
  const expenseOrder = Object.keys(allowedSources);
  return [...sums.values()].sort(
    (a, b) => a.mo.localeCompare(b.mo, 'ru') || expenseOrder.indexOf(a.expense) - expenseOrder.indexOf(b.expense) || a.source.localeCompare(b.source),
  );
}

const MONEY = '#,##0.00';

const sumOf = (lines: PlanLine[]) => lines.reduce((sum, l) => sum + l.kopecks, 0);

/**
 * The financing plan as a sheet to print: lines per МО with a subtotal each, totals per source,
 * and the grand total. Subtotals and totals are Excel formulas over the lines, with their values
 * (computed in kopecks) cached, so the sheet opens right and an edited line updates them.
 */
export async function financingXlsx(ctx: VersionContext, generatedAt = new Date()): Promise<Buffer> {
  const plan = financingPlan(ctx);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Дорожные карты ТФОМС и СМО';
  const ws = wb.addWorksheet('План финансирования', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [{ width: 6 }, { width: 50 }, { width: 45 }, { width: 18 }, { width: 18 }];
  // The approval block, as on the road map: the plan is signed with it.
  for (const [i, text] of [
    'УТВЕРЖДАЮ',
    ctx.approver?.positionTitle ?? 'Директор ТФОМС',
    `_______________ ${ctx.approver ? shortName(ctx.approver.fullName) : ''}`,
    approvalDate(ctx, 'long') ?? '«___» __________ 20__ г.',
  ].entries()) {
    const row = ws.addRow(['', '', '', text]);
    row.getCell(4).alignment = { horizontal: 'left' };
    if (i === 0) row.font = { bold: true };
  }
  ws.addRow([]);
  ws.addRow([`План финансирования мероприятий по медицинским организациям и источникам — ${ctx.region.name}`]).font = { bold: true };
  ws.addRow([`${ctx.doc.title}, редакция ${ctx.version}${ctx.approvedAt ? `, утверждена ${approvalDate(ctx, 'short')}` : ''}`]);
  ws.addRow([]);
  const header = ws.addRow(['№', 'Медицинская организация', 'Статья расходов', 'Источник', 'Сумма, руб.']);
  header.font = { bold: true };
  const firstLine = header.number + 1;
  let n = 0;
  const byMo = new Map<string, PlanLine[]>();
  for (const l of plan) byMo.set(l.mo, [...(byMo.get(l.mo) ?? []), l]);
  for (const [mo, lines] of byMo) {
    const from = ws.rowCount + 1;
    for (const l of lines) ws.addRow([++n, mo, expenseLabel[l.expense], sourceLabel[l.source], roublesOf(l.kopecks)]).getCell(5).numFmt = MONEY;
    const sub = ws.addRow(['', mo, 'Итого по МО', '', { formula: `SUM(E${from}:E${ws.rowCount})`, result: roublesOf(sumOf(lines)) }]);
    sub.font = { bold: true };
    sub.getCell(5).numFmt = MONEY;
  }
  const lastLine = Math.max(firstLine, ws.rowCount);
  ws.addRow([]);
  const sourceCells: string[] = [];
  for (const source of FinancingSource.options) {
    // Subtotal rows leave the source column empty, so SUMIF adds the lines alone.
    const label = sourceLabel[source];
    const formula = `SUMIF(D${firstLine}:D${lastLine},"${label}",E${firstLine}:E${lastLine})`;
    const row = ws.addRow(['', `Итого по источнику «${label}»`, '', label, { formula, result: roublesOf(sumOf(plan.filter((l) => l.source === source))) }]);
    row.font = { bold: true };
    row.getCell(5).numFmt = MONEY;
    sourceCells.push(`E${row.number}`);
  }
  const total = ws.addRow(['', 'Всего по плану', '', '', { formula: sourceCells.join('+'), result: roublesOf(sumOf(plan)) }]);
  total.font = { bold: true };
  total.getCell(5).numFmt = MONEY;
  const mark = await verificationMark(ctx, generatedAt);
  ws.addRow([]);
  for (const line of mark.lines) ws.addRow(['', line]).font = { size: 8 };
  const qr = wb.addImage({ buffer: mark.qrPng as never, extension: 'png' });
  ws.addImage(qr, { tl: { col: 1, row: ws.rowCount }, ext: { width: 96, height: 96 } });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
