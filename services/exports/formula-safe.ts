/**
 * CSV formula injection (OWASP "CSV Injection"): a spreadsheet opening a CSV
 * runs a cell that starts with = + - @ (and tab or CR, which some strip
 * first) as a formula — `=HYPERLINK(…)`, `=cmd|' /C calc'!A0`. Such a text
 * cell gets a leading apostrophe, which the spreadsheet shows as text and
 * does not evaluate. Numbers we wrote ourselves are left alone.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function formulaSafe(value: string | number): string | number {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}
