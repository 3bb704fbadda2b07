import { fileTypeFromBuffer } from 'file-type';

/** Result documents and their scans: what file-type detects by content, with the extensions a name may carry for it. */
export const ALLOWED_TYPES: Record<string, { mime: string; extensions: string[] }> = {
  pdf: { mime: 'application/pdf', extensions: ['pdf'] },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  odt: { mime: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'] },
  jpg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  png: { mime: 'image/png', extensions: ['png'] },
};

export const DEFAULT_ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;
export const DEFAULT_ATTACHMENTS_PER_COMMAND = 10;
/**
 * One upload request's whole body. A multipart body is parsed in memory (the body, then
 * its parts), so this — times the uploads in flight — is what an upload can cost the process.
 */
export const DEFAULT_ATTACHMENT_UPLOAD_MAX_BYTES = 52 * 1024 * 1024;

/** Per person: files stored in the last minute (a burst is refused with 429 and Retry-After). */
export const DEFAULT_ATTACHMENT_UPLOADS_PER_MINUTE = 20;
/** Per person: uploads not (yet) attached to anything, by count and by bytes. */
export const DEFAULT_ATTACHMENT_UNATTACHED_MAX_FILES = 200;
export const DEFAULT_ATTACHMENT_UNATTACHED_MAX_BYTES = 1024 * 1024 * 1024;
/** An upload still unattached this long after it was stored is removed by the sweep (worker/upload-sweep-schedule.ts). */
export const DEFAULT_ATTACHMENT_UNATTACHED_TTL_HOURS = 72;
export const DEFAULT_ATTACHMENT_SWEEP_INTERVAL_MINUTES = 60;

export interface AttachmentLimits {
  maxBytes: number;
  perCommand: number;
  /** ATTACHMENT_UPLOAD_MAX_BYTES; absent: the default. */
  requestMaxBytes?: number;
  /** ATTACHMENT_UPLOADS_PER_MINUTE; absent: the default. */
  uploadsPerMinute?: number;
  /** ATTACHMENT_UNATTACHED_MAX_FILES / _BYTES; absent: the defaults. */
  unattachedMaxFiles?: number;
  unattachedMaxBytes?: number;
}

export const positiveIntegerFrom = (v: string | undefined, d: number) => (v && /^[0-9]+$/.test(v.trim()) && Number(v) > 0 && Number.isSafeInteger(Number(v)) ? Number(v) : d);

export function attachmentLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): AttachmentLimits {
  return {
    maxBytes: positiveIntegerFrom(env.ATTACHMENT_MAX_BYTES, DEFAULT_ATTACHMENT_MAX_BYTES),
    perCommand: positiveIntegerFrom(env.ATTACHMENTS_PER_COMMAND, DEFAULT_ATTACHMENTS_PER_COMMAND),
    requestMaxBytes: positiveIntegerFrom(env.ATTACHMENT_UPLOAD_MAX_BYTES, DEFAULT_ATTACHMENT_UPLOAD_MAX_BYTES),
    uploadsPerMinute: positiveIntegerFrom(env.ATTACHMENT_UPLOADS_PER_MINUTE, DEFAULT_ATTACHMENT_UPLOADS_PER_MINUTE),
    unattachedMaxFiles: positiveIntegerFrom(env.ATTACHMENT_UNATTACHED_MAX_FILES, DEFAULT_ATTACHMENT_UNATTACHED_MAX_FILES),
    unattachedMaxBytes: positiveIntegerFrom(env.ATTACHMENT_UNATTACHED_MAX_BYTES, DEFAULT_ATTACHMENT_UNATTACHED_MAX_BYTES),
  };
}

/** The sweep of uploads never attached: how old they get, and how often it runs. */
export interface UploadSweepPolicy {
  unattachedTtlHours: number;
  everyMinutes: number;
}

export function uploadSweepPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): UploadSweepPolicy {
  return {
    unattachedTtlHours: positiveIntegerFrom(env.ATTACHMENT_UNATTACHED_TTL_HOURS, DEFAULT_ATTACHMENT_UNATTACHED_TTL_HOURS),
    everyMinutes: positiveIntegerFrom(env.ATTACHMENT_SWEEP_INTERVAL_MINUTES, DEFAULT_ATTACHMENT_SWEEP_INTERVAL_MINUTES),
  };
}

// Multipart framing per file (boundary, headers) on top of the files themselves.
const FRAMING_BYTES = 64 * 1024;

/**
 * An upload body's ceiling: ATTACHMENT_UPLOAD_MAX_BYTES, but never more than every file at its
 * limit plus framing, and never less than one file at its limit plus framing. Bigger single
 * files in a body under it are refused per file after parsing, naming it.
 */
export function uploadBodyLimit(limits: AttachmentLimits): number {
  const everyFile = (limits.maxBytes + FRAMING_BYTES) * (limits.perCommand + 1);
  const oneFile = limits.maxBytes + FRAMING_BYTES;
  return Math.max(oneFile, Math.min(everyFile, limits.requestMaxBytes ?? DEFAULT_ATTACHMENT_UPLOAD_MAX_BYTES));
}

/** 429: the person's upload rate or quota of unattached files (services/attachments/upload-allowance.ts). */
export type FileRefusalStatus = 400 | 413 | 415 | 429;

export type FileVerdict =
  | { ok: true; mime: string }
  | { ok: false; status: FileRefusalStatus; reason: 'empty' | 'too_large' | 'type_not_allowed' | 'extension_mismatch'; message: string };

/** Judges a file by its bytes (magic numbers), never by the name or the client's Content-Type; the name's extension must agree. */
export async function judgeFile(name: string, bytes: Uint8Array, maxBytes: number): Promise<FileVerdict> {
  if (bytes.byteLength === 0) return { ok: false, status: 400, reason: 'empty', message: `файл «${name}» пустой` };
  if (bytes.byteLength > maxBytes) return { ok: false, status: 413, reason: 'too_large', message: `файл «${name}» больше ${maxBytes} байт` };
  const detected = await fileTypeFromBuffer(bytes);
  const allowed = detected ? ALLOWED_TYPES[detected.ext] : undefined;
  const extension = /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase();
  // What the name promises, when it names an allowed type: the message then says what the file really is.
  const promised = extension && Object.values(ALLOWED_TYPES).some((t) => t.extensions.includes(extension)) ? extension.toUpperCase() : null;
  if (!detected || !allowed) {
    if (detected && promised) {
      return { ok: false, status: 415, reason: 'type_not_allowed', message: `файл «${name}»: по содержимому это ${contentWord(detected.ext)}, а не ${promised}` };
    }
    return { ok: false, status: 415, reason: 'type_not_allowed', message: `файл «${name}»: допустимы только PDF, DOCX, XLSX, ODT, ODS, JPEG и PNG` };
  }
  if (!extension || !allowed.extensions.includes(extension)) {
    const what = promised ? `, а не ${promised}` : ', а расширение имени другое';
    return { ok: false, status: 415, reason: 'extension_mismatch', message: `файл «${name}»: по содержимому это ${contentWord(detected.ext)}${what}` };
  }
  return { ok: true, mime: allowed.mime };
}


/** A detected type in the words an official reads: a program is «исполняемый файл», not «EXE». */
function contentWord(ext: string): string {
  if (['exe', 'elf', 'msi', 'dll', 'mach', 'dmg', 'apk', 'deb', 'rpm', 'class', 'wasm'].includes(ext)) return 'исполняемый файл';
  if (['zip', 'rar', '7z', 'gz', 'tar', 'bz2', 'xz', 'cab'].includes(ext)) return `архив ${ext.toUpperCase()}`;
  return ext.toUpperCase();
}
