import type { Context } from 'hono';
import type { BodyRule } from '../../infra/http/body-limits.js';
import { attachmentLimitsFromEnv, uploadBodyLimit, type FileRefusalStatus } from '../../services/attachments/attachment-rules.js';
import { FileRefusedError, uploadAttachments, type UploadedFile } from '../../services/attachments/attachments.js';
import type { ServiceDeps } from '../../services/deps.js';
import type { FormState } from '../components/forms.js';
import { adoptWebSession, type WebEnv } from '../session/web-session.js';
import { partsOf, uploadRefusedPage } from '../components/file-uploads.js';
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
  const parts = partsOf(body.file).filter((f): f is File => f instanceof File);
  const chosen = parts.filter((f) => f.name !== '' || f.size > 0);
  return Promise.all(chosen.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
}

/**
 * The form's files for its command: the kept ids and the new files, stored through the same service
 * as POST /api/attachments (which judges every file before storing any), keyed by the form's command
 * id, so a resent form references the same rows. A refused file stores nothing and leaves the kept
 * ones; its reason is the `file` field's error.
 */
export async function formFiles(
  deps: ServiceDeps,
  c: Context<WebEnv>,
  files: UploadedFile[],
  kept: string[],
  commandId: string,
): Promise<{ ids: string[]; errors: { file?: string }; refused: FileRefusalStatus | null }> {
  if (files.length === 0) return { ids: kept, errors: {}, refused: null };
  try {
    const views = await uploadAttachments(deps, c.get('actor'), files, { key: commandId });
    return { ids: [...new Set([...kept, ...views.map((v) => v.id)])], errors: {}, refused: null };
  } catch (err) {
    if (err instanceof FileRefusedError) return { ids: kept, errors: { file: err.reason }, refused: err.status };
    throw err;
  }
}
