import yauzl from 'yauzl';
import { RefusedError, refusal } from '../../domain/refusal.js';
import type { WorkbookLimits } from './workbook-limits.js';

/**
 * Reads an .xlsx's zip before any parser does: every entry is inflated as a stream and its bytes are counted as
 * they come out (a zip's declared sizes are the attacker's to write), so a bomb is stopped at the limit, not after.
 * Worksheets, shared strings, comments, styles and the workbook part are scanned on the way for what makes exceljs
 * build objects — rows, cells, shared strings, rich-text runs, comments, style records — and for ranges it expands cell by cell (merged cells,
 * lists, conditional formats, defined names, column ranges). Anything over a limit, and anything that is not a
 * readable zip, is a 400 naming `file`, in Russian.
 */
export async function inspectWorkbookArchive(file: Buffer, limits: WorkbookLimits): Promise<void> {
  const zip = await openZip(file);
  const tally = { entries: 0, inflated: 0, rows: 0, cells: 0, rangeCells: 0 };
  let closed = false;
  const close = () => {
    if (!closed && zip.isOpen) zip.close();
    closed = true;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown) => {
        close();
        reject(err);
      };
      zip.on('error', (err) => fail(unreadable(err)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        tally.entries++;
        if (tally.entries > limits.maxEntries) return fail(tooLarge(`в архиве книги больше ${limits.maxEntries} файлов`));
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (err, stream) => {
          if (err) return fail(unreadable(err));
          const scanned = scannedPart(entry.fileName);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => {
            tally.inflated += chunk.length;
            if (tally.inflated > limits.maxInflatedBytes) {
              stream.destroy();
              return fail(tooLarge(`книга распаковывается больше чем в ${mib(limits.maxInflatedBytes)}`));
            }
            if (scanned) chunks.push(chunk);
          });
          stream.on('error', (e) => fail(unreadable(e)));
          stream.on('end', () => {
            if (scanned) {
              const problem = scan(scanned, Buffer.concat(chunks).toString('utf8'), tally, limits);
              if (problem) return fail(tooLarge(problem));
            }
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  } finally {
    close();
  }
}

type Part = 'sheet' | 'strings' | 'comments' | 'styles' | 'workbook';

function scannedPart(name: string): Part | null {
  if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) return 'sheet';
  if (/^xl\/sharedStrings\.xml$/i.test(name)) return 'strings';
  if (/^xl\/comments[^/]*\.xml$/i.test(name)) return 'comments';
  if (/^xl\/styles\.xml$/i.test(name)) return 'styles';
  if (/^xl\/workbook\.xml$/i.test(name)) return 'workbook';
  return null;
}

/** A rich-text run (`<r>`): exceljs builds an object for each, so a string of a million runs costs like a million cells. */
const RICH_TEXT_RUN = /<(?:[A-Za-z_][\w.-]*:)?r[\s>/]/g;
const EXCEL_COLUMNS = 16_384;
const EXCEL_ROWS = 1_048_576;

/**
 * Counts into the tally; returns the Russian reason when a limit is passed. Matches are counted one by one and the
 * count stops at the limit: a part full of cells never becomes an array of millions of matches.
 */
function scan(part: Part, xml: string, tally: { rows: number; cells: number; rangeCells: number }, limits: WorkbookLimits): string | null {
  const tooManyRows = () => `в книге больше ${limits.maxRows} строк`;
  const tooManyCells = () => `в книге больше ${limits.maxCells} ячеек (с общими строками, фрагментами текста, примечаниями и стилями)`;
  const tooManyRanges = () => `диапазоны книги (объединённые ячейки, списки, условное форматирование, имена) охватывают больше ${limits.maxRangeCells} ячеек`;
  const count = (re: RegExp, key: 'rows' | 'cells', limit: number) => {
    re.lastIndex = 0;
    while (re.exec(xml)) if (++tally[key] > limit) return false;
    return true;
  };
  const ranges = (re: RegExp) => {
    re.lastIndex = 0;
    for (let m = re.exec(xml); m; m = re.exec(xml)) {
      tally.rangeCells += areaOf(m[1]);
      if (tally.rangeCells > limits.maxRangeCells) return false;
    }
    return true;
  };
  if (part === 'sheet') {
    if (!count(/<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g, 'rows', limits.maxRows)) return tooManyRows();
    if (!count(/<(?:[A-Za-z_][\w.-]*:)?c[\s>/]/g, 'cells', limits.maxCells)) return tooManyCells();
    if (!count(RICH_TEXT_RUN, 'cells', limits.maxCells)) return tooManyCells();
    if (!ranges(/<(?:[A-Za-z_][\w.-]*:)?(?:dataValidation|conditionalFormatting)\b[^>]*?\bsqref="([^"]*)"/g)) return tooManyRanges();
    if (!ranges(/<(?:[A-Za-z_][\w.-]*:)?sqref>([^<]*)</g)) return tooManyRanges();
    if (!ranges(/<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([^"]*)"/g)) return tooManyRanges();
    const cols = /<(?:[A-Za-z_][\w.-]*:)?col\b([^>]*)>/g;
    let columns = 0;
    for (let m = cols.exec(xml); m; m = cols.exec(xml)) {
      const min = Number(/\bmin="([^"]*)"/.exec(m[1])?.[1] ?? 1);
      const max = Number(/\bmax="([^"]*)"/.exec(m[1])?.[1] ?? 1);
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > EXCEL_COLUMNS || max < min) return `описание столбцов вне листа Excel (min=${min}, max=${max})`;
      if (++columns > EXCEL_COLUMNS) return `описаний столбцов больше ${EXCEL_COLUMNS}`;
    }
  } else if (part === 'strings') {
    if (!count(/<(?:[A-Za-z_][\w.-]*:)?si[\s>/]/g, 'cells', limits.maxCells)) return tooManyCells();
    if (!count(RICH_TEXT_RUN, 'cells', limits.maxCells)) return tooManyCells();
  } else if (part === 'comments') {
    if (!count(/<(?:[A-Za-z_][\w.-]*:)?comment[\s>/]/g, 'cells', limits.maxCells)) return tooManyCells();
    if (!count(RICH_TEXT_RUN, 'cells', limits.maxCells)) return tooManyCells();
  } else if (part === 'styles') {
    if (!count(/<(?:[A-Za-z_][\w.-]*:)?(?:xf|font|fill|border|numFmt|dxf)[\s>/]/g, 'cells', limits.maxCells)) return tooManyCells();
  } else if (!ranges(/<(?:[A-Za-z_][\w.-]*:)?definedName\b[^>]*>([^<]*)</g)) {
    return tooManyRanges();
  }
  return null;
}

const columnNumber = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

/** Cells covered by a list of references («A1:C3 E5», «Лист!$A$1:$B$2,$C:$C»); anything unparsed counts as one. */
export function areaOf(refs: string): number {
  let total = 0;
  for (const ref of refs.replace(/&apos;|&quot;/g, "'").split(/[\s,;]+/).filter(Boolean)) {
    const bare = ref.includes('!') ? ref.slice(ref.lastIndexOf('!') + 1) : ref;
    const [from, to = from] = bare.replace(/\$/g, '').split(':');
    const a = /^([A-Za-z]{0,3})(\d*)$/.exec(from);
    const b = /^([A-Za-z]{0,3})(\d*)$/.exec(to);
    if (!a || !b || (!a[1] && !a[2]) || (!b[1] && !b[2])) {
      total += 1;
      continue;
    }
    const cols = a[1] && b[1] ? Math.abs(columnNumber(b[1]) - columnNumber(a[1])) + 1 : EXCEL_COLUMNS;
    const rows = a[2] && b[2] ? Math.abs(Number(b[2]) - Number(a[2])) + 1 : EXCEL_ROWS;
    total += cols * rows;
  }
  return total;
}

function openZip(file: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(file, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true }, (err, zip) =>
      err || !zip ? reject(unreadable(err)) : resolve(zip),
    );
  });
}

const mib = (bytes: number) => (bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} МиБ` : `${bytes} байт`);

function unreadable(err: unknown): RefusedError {
  const why = err instanceof Error && /encrypt/i.test(err.message) ? ' (зашифрован)' : '';
  return new RefusedError(refusal('validation', `файл не читается как книга Excel (.xlsx): повреждённый архив${why}`, [{ field: 'file', message: 'ожидается файл .xlsx по шаблону' }]));
}

function tooLarge(reason: string): RefusedError {
  return new RefusedError(refusal('validation', `книга Excel слишком велика: ${reason}`, [{ field: 'file', message: reason }]));
}
