import ExcelJS from 'exceljs';
import { allowedSources, expenseLabel, FinancingSource, isFinancingAllowed, sourceLabel, type ExpenseCategory } from '../../domain/financing.js';
import { itemsOf } from '../../domain/roadmap-structure.js';
import { organisationName, ruDate } from './document-text.js';
import type { VersionContext } from './version-context.js';

interface PlanLine {
  mo: string;
  expense: ExpenseCategory;
  source: FinancingSource;
  amount: number;
}

/** Financing per МО × expense × source, summed over the items; only the pairs seed 000 allows. */
export function financingPlan(ctx: VersionContext): PlanLine[] {
  const sums = new Map<string, PlanLine>();
  for (const { item } of itemsOf(ctx.doc)) {
    for (const f of item.financing) {
      if (!isFinancingAllowed(f.expense, f.source)) continue;
      const key = `${f.moId}|${f.expense}|${f.source}`;
      const line = sums.get(key) ?? { mo: organisationName(ctx, f.moId), expense: f.expense, source: f.source, amount: 0 };
      line.amount += f.amount;
      sums.set(key, line);
    }
  }
  const expenseOrder = Object.keys(allowedSources);
  return [...sums.values()].sort(
    (a, b) => a.mo.localeCompare(b.mo, 'ru') || expenseOrder.indexOf(a.expense) - expenseOrder.indexOf(b.expense) || a.source.localeCompare(b.source),
  );
}

const MONEY = '#,##0.00';

/** The financing plan as a sheet to print: lines per МО with a subtotal each, totals per source, and the grand total. */
export async function financingXlsx(ctx: VersionContext): Promise<Buffer> {
  const plan = financingPlan(ctx);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Дорожные карты ТФОМС и СМО';
  const ws = wb.addWorksheet('План финансирования', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [{ width: 6 }, { width: 50 }, { width: 45 }, { width: 18 }, { width: 18 }];
  ws.addRow([`План финансирования мероприятий по медицинским организациям и источникам — ${ctx.region.name}`]).font = { bold: true };
  ws.addRow([`${ctx.doc.title}, редакция ${ctx.version}${ctx.approvedAt ? `, утверждена ${ruDate(ctx.approvedAt.toISOString().slice(0, 10))}` : ''}`]);
  ws.addRow([]);
  const header = ws.addRow(['№', 'Медицинская организация', 'Статья расходов', 'Источник', 'Сумма, руб.']);
  header.font = { bold: true };
  let n = 0;
  const byMo = new Map<string, PlanLine[]>();
  for (const l of plan) byMo.set(l.mo, [...(byMo.get(l.mo) ?? []), l]);
  for (const [mo, lines] of byMo) {
    for (const l of lines) ws.addRow([++n, mo, expenseLabel[l.expense], sourceLabel[l.source], l.amount]).getCell(5).numFmt = MONEY;
    const sub = ws.addRow(['', `Итого по ${mo}`, '', '', lines.reduce((s, l) => s + l.amount, 0)]);
    sub.font = { bold: true };
    sub.getCell(5).numFmt = MONEY;
  }
  ws.addRow([]);
  for (const source of FinancingSource.options) {
    const row = ws.addRow(['', `Итого: ${sourceLabel[source]}`, '', sourceLabel[source], plan.filter((l) => l.source === source).reduce((s, l) => s + l.amount, 0)]);
    row.font = { bold: true };
    row.getCell(5).numFmt = MONEY;
  }
  const total = ws.addRow(['', 'Всего', '', '', plan.reduce((s, l) => s + l.amount, 0)]);
  total.font = { bold: true };
  total.getCell(5).numFmt = MONEY;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
