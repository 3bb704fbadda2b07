/**
 * RFC 6266 / RFC 5987: an ASCII fallback for old clients and the exact UTF-8 name (Cyrillic kept) for the rest.
 * Quotes, backslashes and control characters never reach the header.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.normalize('NFKD').replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
