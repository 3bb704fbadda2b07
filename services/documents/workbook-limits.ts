/**
 * What an uploaded workbook may hold before anything parses it. An .xlsx is a zip of XML: a few hundred KiB
 * can inflate to gigabytes, and a few hundred bytes of XML («a list on A1:XFD1048576») make a parser build
 * billions of objects. Every import opens its workbook through `openWorkbook` (workbook-reader.ts), which
 * checks these first. Defaults fit the largest road map allowed (domain/roadmap-limits.ts) with room to spare.
 */
export interface WorkbookLimits {
  /** Files inside the zip (a road-map workbook has about 15). */
  maxEntries: number;
  /** Bytes all files inflate to, counted while inflating (declared sizes are not trusted). */
  maxInflatedBytes: number;
  /** Rows over all sheets. */
  maxRows: number;
  /** Cells over all sheets, plus shared strings. */
  maxCells: number;
  /** Cells covered by ranges (merged cells, lists, conditional formats, hyperlinks) over all sheets. */
  maxRangeCells: number;
}

export const defaultWorkbookLimits: WorkbookLimits = {
  maxEntries: 100,
  maxInflatedBytes: 32 * 1024 * 1024,
  maxRows: 25_000,
  maxCells: 150_000,
  maxRangeCells: 100_000,
};

const positive = (value: string | undefined, fallback: number) => {
  const n = Number(value);
  return value !== undefined && value !== '' && Number.isSafeInteger(n) && n > 0 ? n : fallback;
};

/** WORKBOOK_MAX_ENTRIES, WORKBOOK_MAX_INFLATED_BYTES, WORKBOOK_MAX_ROWS, WORKBOOK_MAX_CELLS, WORKBOOK_MAX_RANGE_CELLS. */
export function workbookLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): WorkbookLimits {
  const d = defaultWorkbookLimits;
  return {
    maxEntries: positive(env.WORKBOOK_MAX_ENTRIES, d.maxEntries),
    maxInflatedBytes: positive(env.WORKBOOK_MAX_INFLATED_BYTES, d.maxInflatedBytes),
    maxRows: positive(env.WORKBOOK_MAX_ROWS, d.maxRows),
    maxCells: positive(env.WORKBOOK_MAX_CELLS, d.maxCells),
    maxRangeCells: positive(env.WORKBOOK_MAX_RANGE_CELLS, d.maxRangeCells),
  };
}
