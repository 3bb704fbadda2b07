import type { Context } from 'hono';
import type { BodyRule } from '../../infra/http/body-limits.js';
import { attachmentLimitsFromEnv, judgeFile, uploadBodyLimit, type FileRefusalStatus } from '../../services/attachments/attachment-rules.js';
import { cleanFileName } from '../../domain/file-name.js';
import { FileRefusedError, uploadAttachments, type UploadedFile } from '../../services/attachments/attachments.js';
import type { ServiceDeps } from '../../services/deps.js';
import type { FormState } from '../components/forms.js';
import { adoptWebSession, type WebEnv } from '../session/web-session.js';
import { uploadRefusedPage } from '../components/file-uploads.js';
import { renderExecution, type FormName } from './execution-view.js';

/** The forms of the execution page that carry files (multipart): the report and the extension request. */
const UPLOAD_FORM = /^\/executions\/([^/]+)\/(complete|extension)$/;
const formOf: Record<string, FormName> = { complete: 'complete', extension: 'extension' };

/** The composition root lets these past the app's 2 MB body limit: they carry their own below. */
export const takesUploads = (method: string, path: string) => method === 'POST' && UPLOAD_FORM.test(path);

/**
 * Every file at its limit (api/body-limits.ts applies it before the CSRF check reads the body).
 * A single file over the limit in a body under this one is refused by name, with the form's
 * values kept; a body over it cannot be read at all, so the form comes back empty with the reason.
 */
export function executionUploadRule(deps: ServiceDeps, method: string, path: string): BodyRule | null {
  if (!takesUploads(method, path)) return null;
  const limits = deps.attachmentLimits ?? attachmentLimitsFromEnv();
  const { maxBytes, perCommand } = limits;
  return {
    maxBytes: uploadBodyLimit(limits),
    upload: true,
    refuse: async (c, status, reason) => {
      // Refused before the session middleware ran: the page needs the person (without one, the plain page).
      if (!c.get('actor') && !(await adoptWebSession(c, deps))) return uploadRefusedPage(c, status, limits);
      const [, id, form] = UPLOAD_FORM.exec(c.req.path)!;
      const message = status === 413 ? `файлы слишком большие: не больше ${perCommand} файлов по ${maxBytes} байт, всего не больше ${uploadBodyLimit(limits)} байт` : reason;
      const state: FormState = { values: {}, errors: { file: message }, scope: formOf[form] };
      // An execution this person may not see (or no such id) gets the plain page: the same for both.
      return renderExecution(c as Context<WebEnv>, deps, decodeURIComponent(id), { [formOf[form]]: state }, status).catch(() => uploadRefusedPage(c, status, limits));
    },
  };
}

/** The files chosen in `file` inputs; an input left empty still sends a nameless, empty part, which is no file. */
export async function chosenFiles(body: Record<string, unknown>): Promise<UploadedFile[]> {
  const field = body.file;
  const parts = (Array.isArray(field) ? field : field === undefined ? [] : [field]).filter((f): f is File => f instanceof File);
  const chosen = parts.filter((f) => f.name !== '' || f.size > 0);
  return Promise.all(chosen.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

export type FilesOutcome = { ok: true; refs: { attachmentId: string }[] } | { ok: false; status: FileRefusalStatus; message: string };

/**
 * Stores the form's files through the same service as POST /api/attachments, keyed by the
 * form's command id: a resent form references the same rows, and the command then attaches them once.
 */
export async function storeFormFiles(deps: ServiceDeps, c: Context<WebEnv>, files: UploadedFile[], commandId: string): Promise<FilesOutcome> {
  if (files.length === 0) return { ok: true, refs: [] };
  try {
    const views = await uploadAttachments(deps, c.get('actor'), files, { key: commandId });
    return { ok: true, refs: views.map((v) => ({ attachmentId: v.id })) };
  } catch (err) {
    if (err instanceof FileRefusedError) return { ok: false, status: err.status, message: err.reason };
    throw err;
  }
}

/**
 * A form refused for another field keeps its good files: a browser never refills a file input,
 * so they are stored now (keyed by the form's command id: a resend references the same rows)
 * and come back as checked `keep` boxes. A bad file is named instead, and nothing new is stored.
 */
export async function keepGoodFiles(deps: ServiceDeps, c: Context<WebEnv>, files: UploadedFile[], kept: string[], commandId: string): Promise<{ keep: string[]; error: string | null }> {
  const bad = await firstBadFile(deps, files);
  if (bad) return { keep: kept, error: bad };
  const stored = await storeFormFiles(deps, c, files, commandId);
  if (!stored.ok) return { keep: kept, error: stored.message };
  return { keep: [...new Set([...kept, ...stored.refs.map((r) => r.attachmentId)])], error: null };
}

/** Kept and new files as the command's references, each once. */
export const attachmentRefs = (...ids: string[][]) => [...new Set(ids.flat())].map((attachmentId) => ({ attachmentId }));

/** The first chosen file the upload rules would refuse, judged by its bytes without storing anything; null when all pass. */
export async function firstBadFile(deps: ServiceDeps, files: UploadedFile[]): Promise<string | null> {
  const limits = deps.attachmentLimits ?? attachmentLimitsFromEnv();
  if (files.length > limits.perCommand) return `не больше ${limits.perCommand} файлов за раз`;
  for (const f of files) {
    const verdict = await judgeFile(cleanFileName(f.name), f.bytes, limits.maxBytes);
    if (!verdict.ok) return verdict.message;
  }
  return null;
}
