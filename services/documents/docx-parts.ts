import { AlignmentType, BorderStyle, Header, ImageRun, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { VerificationMark } from './verification-mark.js';

/** The few DOCX shapes our printed documents are made of (Times New Roman 12, thin borders), so every document looks alike. */

export const FONT = 'Times New Roman';
export const SIZE = 24; // half-points: 12 pt

/** Straight quotes around a name become «ёлочки», as Russian official documents write them. */
export const typographicQuotes = (s: string) => s.replace(/"([^"\n]*)"/g, '«$1»');

export const text = (s: string, opts: { bold?: boolean; size?: number } = {}) =>
  new TextRun({ text: typographicQuotes(s), font: FONT, size: opts.size ?? SIZE, bold: opts.bold });

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

/**
 * Page numbers as ГОСТ Р 7.0.97-2016 places them: centred at the top, from the second page on
 * (`titlePage` keeps the first page's header empty). Spread into a section's properties and headers.
 */
export function numberedPages() {
  return {
    properties: { titlePage: true },
    headers: {
      first: new Header({ children: [] }),
      default: new Header({
        children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SIZE })] })],
      }),
    },
  };
}

/** The verification mark at the end of a document: its lines in small print and the QR code of the check page. */
export function verificationBlock(mark: VerificationMark): Paragraph[] {
  return [
    ...mark.lines.map((line, i) => para(line, { size: 16, before: i === 0 ? 480 : 0 })),
    new Paragraph({ spacing: { before: 120 }, children: [new ImageRun({ type: 'png', data: mark.qrPng, transformation: { width: 96, height: 96 } })] }),
  ];
}
