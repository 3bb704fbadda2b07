/**
 * Numbers as Russian text writes them, on every page and in every text cell of a
 * generated document: a decimal comma («38,2», «≤ 12,1»), never the point a template
 * literal gives (`${38.2}`). Numeric XLSX cells stay numbers; Excel formats them itself.
 */

const formats = new Map<number, Intl.NumberFormat>();

/** «38,2», «1 500», «12,125»: at most `fractionDigits` decimals (3 by default, as `toLocaleString` has it), trailing zeros dropped. */
export function formatRuNumber(value: number, fractionDigits = 3): string {
  let f = formats.get(fractionDigits);
  if (!f) formats.set(fractionDigits, (f = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: fractionDigits })));
  return f.format(value);
}
