import type { Context } from 'hono';
import type { FC } from 'hono/jsx';
import type { BodyRule } from '../../infra/http/body-limits.js';
import type { Actor } from '../../domain/actor.js';
import type { ServiceDeps } from '../../services/deps.js';
import { attachmentLimitsFromEnv, uploadBodyLimit, type AttachmentLimits, type FileRefusalStatus } from '../../services/attachments/attachment-rules.js';
import { FileRefusedError, uploadAttachments, type AttachmentView } from '../../services/attachments/attachments.js';
import { FieldError, fieldId, type FieldErrors, type FormState } from './forms.js';

/**
 * Forms with files (multipart/form-data): `files` (new files, `<input type=file multiple>`)
 * and `keep` (ids of files already chosen: attached to the thing, or uploaded by a
 * submission that was refused for another reason — a browser cannot refill a file input).
 * Files are judged and stored first, through the same service as POST /api/attachments;
 * the command then references them by id like an API client.
 */
export const FILES_FIELD = 'files';
const ID = /^[0-9a-f-]{36}$/;

/** These POSTs carry files: the app's 2 MiB body limit does not apply to them, uploadLimit does (the execution page's own: web/execution/upload-forms.ts). */
const UPLOAD_FORMS = [/^\/monitoring\/periods\/[^/]+\/report$/, /^\/roadmaps\/[^/]+\/approve$/];
export const isWebUploadForm = (method: string, path: string) => method === 'POST' && UPLOAD_FORMS.some((re) => re.test(path));

/** A body over the forms' ceiling, or no upload slot free: nothing to show in place, so a page saying why. */
export function uploadRefusedPage(c: Context, status: 413 | 503, limits: AttachmentLimits): Response {
  const [title, why] =
    status === 413
      ? ['Файлы слишком большие', `Каждый файл — не больше ${fileSize(limits.maxBytes)}, не больше ${limits.perCommand} файлов за раз, всего не больше ${fileSize(uploadBodyLimit(limits))}. Вернитесь назад и выберите файлы меньше.`]
      : ['Сервер занят загрузкой файлов', 'Сейчас загружается слишком много файлов. Вернитесь назад и отправьте форму ещё раз через несколько секунд.'];
  return c.html(`<!doctype html><html lang="ru"><meta charset="utf-8"><title>${title}</title><body><h1>${title}</h1><p>${why}</p></body></html>`, status);
}

/** The weekly report's and the approval's forms: their whole body's ceiling (applied by api/body-limits.ts before anything reads it). */
export function webUploadFormRule(deps: ServiceDeps, method: string, path: string): BodyRule | null {
  if (!isWebUploadForm(method, path)) return null;
  const limits = deps.attachmentLimits ?? attachmentLimitsFromEnv();
  return { maxBytes: uploadBodyLimit(limits), upload: true, refuse: (c, status) => uploadRefusedPage(c, status, limits) };
}

export interface FormUploads {
  /** Kept and newly stored files, in order, without repeats. */
  ids: string[];
  /** A refused file: nothing of this submission was stored; the form shows why next to the file input. */
  refused: { status: FileRefusalStatus; message: string } | null;
}

export async function formUploads(c: Context, deps: ServiceDeps, actor: Actor, commandId: string): Promise<FormUploads> {
  const all = await c.req.parseBody({ all: true });
  // An empty file input still sends a part: no name, no bytes.
  const files = partsOf(all[FILES_FIELD]).filter((f): f is File => f instanceof File && (f.name !== '' || f.size > 0));
  const keep = keptIds(all);
  try {
    const stored = files.length
      ? await uploadAttachments(deps, actor, await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))), { key: commandId })
      : [];
    return { ids: [...new Set([...keep, ...stored.map((s) => s.id)])], refused: null };
  } catch (err) {
    if (err instanceof FileRefusedError) return { ids: keep, refused: { status: err.status, message: err.reason } };
    throw err;
  }
}

/** A refusal's `attachments.N.attachmentId` details belong next to the file input. */
export function filesErrors(errors: FieldErrors): FieldErrors {
  const out: FieldErrors = {};
  for (const [k, m] of Object.entries(errors)) out[/^attachments(\.|$)/.test(k) ? FILES_FIELD : k] ??= m;
  return out;
}

/**
 * A file's size, the one way every page says it: «329 байт», «1,5 КБ», «50 МБ» (a kept file beside the
 * file input, the «Документы» table, the limits in hints and refusals).
 */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} байт`;
  const n = (v: number) => v.toLocaleString('ru-RU', { maximumFractionDigits: 1 });
  return bytes < 1024 * 1024 ? `${n(bytes / 1024)} КБ` : `${n(bytes / (1024 * 1024))} МБ`;
}

/** A download link of the cookie session (web/ route `/attachments/{id}`). */
export const FileLink: FC<{ file: AttachmentView }> = ({ file }) => (
  <>
    <a href={`/attachments/${encodeURIComponent(file.id)}`} download>
      {file.name}
    </a>{' '}
    <span class="muted">({fileSize(file.size)})</span>
  </>
);

/** Files chosen already, each a checked `keep` box: unchecking one leaves it out of the next submission. */
export const ChosenFiles: FC<{ files: AttachmentView[]; inputId: string; disabled?: boolean }> = ({ files, inputId, disabled }) =>
  files.length ? (
    <fieldset class="chosen-files" style="max-width:none">
      <legend>Приложенные файлы</legend>
      <ul style="list-style:none;padding:0;margin:0">
        {files.map((f) => (
          <li>
            <input type="checkbox" name="keep" value={f.id} checked disabled={disabled || undefined} id={`${inputId}-keep-${f.id}`} aria-label={`Оставить файл «${f.name}»`} />{' '}
            <FileLink file={f} />
          </li>
        ))}
      </ul>
    </fieldset>
  ) : null;

/** The `keep` ids a form sent back (well-formed ones only; the command checks each is the sender's or the thing's). */
export function keptIds(body: Record<string, unknown>): string[] {
  return partsOf(body.keep).filter((x): x is string => typeof x === 'string' && ID.test(x));
}

/** A multipart field's parts as a list, whether it came once, several times or not at all (parseBody with `all`). */
export const partsOf = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * The file input with the files already chosen (checked: kept; unchecked: left
 * out of this submission — a file of an earlier revision stays with that revision).
 */
export const FileField: FC<{ form: FormState; label: string; chosen: AttachmentView[]; maxBytes: number; disabled?: boolean }> = (p) => {
  const id = fieldId(FILES_FIELD, p.form.scope);
  const error = p.form.errors[FILES_FIELD];
  const focus = error !== undefined && Object.keys(p.form.errors)[0] === FILES_FIELD;
  return (
    <div class="field">
      <ChosenFiles files={p.chosen} inputId={id} disabled={p.disabled} />
      <label for={id}>
        {p.label}
        <span class="hint" id={`${id}-hint`}>
          PDF, DOCX, XLSX, ODT, ODS, JPEG или PNG, каждый не больше {fileSize(p.maxBytes)}
        </span>
      </label>
      <input
        type="file"
        id={id}
        name={FILES_FIELD}
        multiple
        accept=".pdf,.docx,.xlsx,.odt,.ods,.jpg,.jpeg,.png"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ')}
        autofocus={focus || undefined}
        disabled={p.disabled || undefined}
      />
      <FieldError id={id} error={error} />
    </div>
  );
};
