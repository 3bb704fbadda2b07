import type { ConsolidatedReport } from '../../domain/consolidated-report.js';
import { mainHeader, mainRows, type Cell } from './consolidated-report-rows.js';

/**
 * The consolidated report's main table as CSV the way Russian Excel opens it
 * without an import wizard: UTF-8 with a BOM, «;» between fields, CRLF.
 */
export function consolidatedCsv(report: ConsolidatedReport): string {
  const field = (v: Cell) => {
    const s = String(v);
    return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [mainHeader, ...mainRows(report)].map((row) => row.map(field).join(';'));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
