import { AlignmentType, BorderStyle, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

/** The few DOCX shapes our printed documents are made of (Times New Roman 12, thin borders), so every document looks alike. */

export const FONT = 'Times New Roman';
export const SIZE = 24; // half-points: 12 pt

export const text = (s: string, opts: { bold?: boolean; size?: number } = {}) => new TextRun({ text: s, font: FONT, size: opts.size ?? SIZE, bold: opts.bold });

export function para(s: string, opts: { bold?: boolean; align?: 'left' | 'right' | 'center' | 'both'; before?: number; after?: number; size?: number } = {}) {
  const alignment = { left: AlignmentType.LEFT, right: AlignmentType.RIGHT, center: AlignmentType.CENTER, both: AlignmentType.JUSTIFIED }[opts.align ?? 'left'];
  return new Paragraph({ alignment, spacing: { before: opts.before ?? 0, after: opts.after ?? 0 }, children: [text(s, opts)] });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: border, bottom: border, left: border, right: border };

const cell = (s: string, bold: boolean) =>
  new TableCell({ borders, children: s.split('\n').map((line) => new Paragraph({ children: [text(line, { bold, size: 20 })] })) });

/** A bordered table whose first row repeats on every page. */
export function table(header: string[], rows: string[][], widths: number[]) {
  const total = widths.reduce((a, b) => a + b, 0);
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: widths.map((w) => Math.round((w / total) * 14000)),
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v) => cell(v, false)) })),
    ],
  });
}
