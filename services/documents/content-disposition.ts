import { cleanFileName } from '../../domain/file-name.js';

/**
 * RFC 6266 with an RFC 5987 UTF-8 name (Cyrillic kept) and an ASCII fallback for old clients;
 * quotes and backslashes never reach the header. Every download (attachments, printed documents) uses it.
 */
export function contentDisposition(given: string): string {
  // Bounded and clean whatever was stored: a 20,000-character name made a header no client reads.
  const name = cleanFileName(given);
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The headers of a stored file's download, the same for the API and the pages: its own type, never sniffed. */
export function fileDownloadHeaders(file: { name: string; type: string; size: number; sha256: string }): Record<string, string> {
  return {
    'content-type': file.type,
    'content-length': String(file.size),
    'content-disposition': contentDisposition(file.name),
    'x-content-type-options': 'nosniff',
    etag: `"${file.sha256}"`,
  };
}
