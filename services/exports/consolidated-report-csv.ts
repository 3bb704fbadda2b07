import type { ConsolidatedReport } from '../../domain/consolidated-report.js';
import { mainHeader, mainRows, type Cell } from './consolidated-report-rows.js';
import { formulaSafe } from './formula-safe.js';

/**
 * The consolidated report's main table as CSV the way Russian Excel opens it
 * without an import wizard: UTF-8 with a BOM, «;» between fields, CRLF.
 * Every text cell is neutralised against formula injection (participants
 * write the reports' texts); the XLSX writes them as typed strings instead.
 */
export function consolidatedCsv(report: ConsolidatedReport): string {
  const field = (v: Cell) => {
    const s = String(formulaSafe(v));
    return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [mainHeader, ...mainRows(report)].map((row) => row.map(field).join(';'));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
