import QRCode from 'qrcode';
import { formatRuDate, formatRuDateTimeZoned } from '../../domain/zoned-time.js';
import type { VersionContext } from './version-context.js';
import { appUrlOf } from '../../domain/app-url.js';

/**
 * What lets anyone holding a printout check that it is the approved version (issue: no anchor
 * offers it): the road map, the version, when the document was generated, the SHA-256 of the
 * version's content, and a QR code of the page that shows the same (`/verify/…`, no login).
 */
export interface VerificationMark {
  lines: string[];
  url: string;
  qrPng: Buffer;
}

/** The base of links printed on documents (the same variable as the links in notifications). */
const appUrl = () => appUrlOf(process.env);

export const verificationPath = (roadMapId: string, version: number, sha256: string) =>
  `/verify/${encodeURIComponent(roadMapId)}/${version}?sha256=${sha256}`;

/** Kept here for its importers; the label lives with the other zone helpers. */

export async function verificationMark(ctx: VersionContext, generatedAt: Date): Promise<VerificationMark> {
  const url = appUrl() + verificationPath(ctx.roadMapId, ctx.version, ctx.contentSha256);
  const approved = ctx.approvedAt ? `, утверждена ${formatRuDate(ctx.approvedAt, ctx.region.timeZone)}` : '';
  const lines = [
    `Дорожная карта ${ctx.roadMapId}, редакция ${ctx.version}${approved}.`,
    `Документ сформирован ${formatRuDateTimeZoned(generatedAt, ctx.region.timeZone)}.`,
    `SHA-256 содержания редакции: ${ctx.contentSha256}`,
    `Проверить подлинность: ${url}`,
  ];
  const qrPng = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  return { lines, url, qrPng };
}
