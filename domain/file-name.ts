/**
 * A file's name as the system keeps it. Browsers and clients send whatever the
 * sender's disk (or the sender) says: paths (`../../etc/passwd.pdf`, `C:\Users\…`),
 * control characters (a NUL PostgreSQL refuses, CR/LF/TAB/ESC no single-line text
 * accepts), bidi overrides that disguise an extension, 20,000 characters. What is
 * stored, shown, put in events and in Content-Disposition is the clean base name:
 * the last path segment, Unicode NFC, no control or format character, single
 * spaces, no leading dots, at most MAX_FILE_NAME_LENGTH UTF-16 units with its
 * extension kept. Everything printable of the original — Cyrillic, spaces,
 * punctuation, «№» — stays as given; a name left empty becomes «файл».
 */
export const MAX_FILE_NAME_LENGTH = 200;
/** An extension longer than this is part of the stem (a cut name keeps at most this much of its end). */
const MAX_EXTENSION_LENGTH = 16;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function cleanFileName(given: string): string {
  const base = given.split(/[/\\]/).filter((s) => s.trim() !== '').pop() ?? '';
  let name = base
    .replace(LONE_SURROGATE, '\ufffd')
    .normalize('NFC')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/[.\s]+$/u, '');
  const dot = name.lastIndexOf('.');
  const extension = dot >= 0 && name.length - dot <= MAX_EXTENSION_LENGTH ? name.slice(dot) : '';
  // No leading dots: neither a hidden file nor `..`.
  let stem = (extension ? name.slice(0, dot) : name).replace(/^[.\s]+/u, '').trimEnd();
  if (stem === '') stem = 'файл';
  if (stem.length + extension.length > MAX_FILE_NAME_LENGTH) {
    // Cut by code points, so that no surrogate pair is split.
    const room = MAX_FILE_NAME_LENGTH - extension.length;
    let cut = '';
    for (const ch of stem) {
      if (cut.length + ch.length > room) break;
      cut += ch;
    }
    stem = cut.trimEnd() || 'файл';
  }
  name = stem + extension;
  return name;
}
