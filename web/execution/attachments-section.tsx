import type { FC } from 'hono/jsx';
import { formatRuDateTime } from '../../domain/zoned-time.js';
import { ALLOWED_TYPES, attachmentLimitsFromEnv } from '../../services/attachments/attachment-rules.js';
import type { ServiceDeps } from '../../services/deps.js';
import type { ExecutionFile } from '../../services/executions/execution-details.js';
import { FieldError, fieldId, type FormState } from '../components/forms.js';
import { ChosenFiles, fileSize } from '../components/file-uploads.js';
import type { AttachmentView } from '../../services/attachments/attachments.js';

const typeLabel = (mime: string | undefined) => {
  const found = Object.entries(ALLOWED_TYPES).find(([, t]) => t.mime === mime);
  return found ? (found[0] === 'jpg' ? 'JPEG' : found[0].toUpperCase()) : '—';
};

export const fileHint = (deps: ServiceDeps) => {
  const { maxBytes, perCommand } = deps.attachmentLimits ?? attachmentLimitsFromEnv();
  return `PDF, DOCX, XLSX, ODT, ODS, JPEG или PNG; не больше ${perCommand} файлов, каждый до ${fileSize(maxBytes)}.`;
};

/**
 * A multiple file input with its hint and error tied to it, like Field; the server judges every
 * file by its content. Files a refused submission already stored come back as `keep` boxes above it.
 */
export const FileField: FC<{ form: FormState; hint: string; chosen: AttachmentView[] }> = ({ form, hint, chosen }) => {
  const id = fieldId('file', form.scope);
  const error = form.errors.file;
  const first = error !== undefined && Object.keys(form.errors)[0] === 'file';
  return (
    <div class="field">
      <ChosenFiles files={chosen} inputId={id} />
      <label for={id}>
        {chosen.length ? 'Ещё файлы (если есть)' : 'Файлы (если есть)'}
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      </label>
      <input
        id={id}
        type="file"
        name="file"
        multiple
        accept=".pdf,.docx,.xlsx,.odt,.ods,.jpg,.jpeg,.png"
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ')}
        autofocus={first || undefined}
      />
      <FieldError id={id} error={error} />
    </div>
  );
};

/** Every file the execution's reports and extension requests carried, each linked to the page download (session cookie). */
export const AttachmentsSection: FC<{ files: ExecutionFile[]; tz: string }> = ({ files, tz }) => {
  if (!files.length) return null;
  return (
    <section aria-labelledby="files-title">
      <h2 id="files-title">Документы</h2>
      <div class="table-wrap">
        <table class="stack-sm" id="attachments">
          <thead>
            <tr>
              <th scope="col">Файл</th>
              <th scope="col">Размер</th>
              <th scope="col">Тип</th>
              <th scope="col">Откуда</th>
            </tr>
          </thead>
          <tbody>
            {files.map((f) => (
              <tr>
                <td data-label="Файл">{f.attachmentId ? <a href={`/attachments/${encodeURIComponent(f.attachmentId)}`}>{f.name}</a> : <>{f.name} <span class="muted">(файл не загружался)</span></>}</td>
                <td data-label="Размер">{fileSize(f.size)}</td>
                <td data-label="Тип">{typeLabel(f.type)}</td>
                <td data-label="Откуда">
                  {f.source === 'report' ? 'отчёт о выполнении' : 'запрос на перенос срока'} от {formatRuDateTime(f.at, tz)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
};
