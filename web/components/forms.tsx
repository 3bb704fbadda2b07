import { randomUUID } from 'node:crypto';
import type { FC } from 'hono/jsx';
import { z, type ZodError, type ZodType } from 'zod';
import { fieldPath, RefusedError, type Refusal } from '../../domain/refusal.js';
import { sentence } from './text.js';

/**
 * Forms validate with the API's own zod schemas; only the messages zod
 * writes itself are put in Russian here (the schemas' own messages already are).
 */
const ru = z.locales.ru().localeError;
const russian: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return 'обязательное поле';
  if (issue.code === 'too_big' && issue.origin === 'string') return `не длиннее ${issue.maximum} символов`;
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'введите число';
  // zod's Russian locale names the JS type ("ожидалось, что number будет <=100"): said plainly instead.
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'введите целое число';
  if (issue.code === 'too_big' && issue.origin === 'number') return `не больше ${issue.maximum}`;
  if (issue.code === 'too_small' && issue.origin === 'number') return `не меньше ${issue.minimum}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'обязательное поле';
  return ru(issue);
};

export type FieldErrors = Record<string, string>;

export interface FormState {
  values: Record<string, string>;
  errors: FieldErrors;
  /** A refusal without a field (a rule of the workflow, a conflict): shown above the form. */
  message?: string | null;
  /** Keeps field ids unique when one page holds several forms with a field of the same name. */
  scope?: string;
}

export const emptyForm = (): FormState => ({ values: {}, errors: {} });

export function issuesToErrors(error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = fieldPath(issue.path) || '_form';
    errors[key] ??= issue.message;
  }
  return errors;
}

export function parseWith<S extends ZodType>(schema: S, input: unknown): { ok: true; data: z.output<S> } | { ok: false; errors: FieldErrors } {
  const result = schema.safeParse(input, { error: russian });
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: issuesToErrors(result.error) };
}

/** A refusal from the rules, as the form shows it: field details next to their fields, the rest on top. */
export function refusalToForm(err: unknown, form: Omit<FormState, 'errors'>, text: (s: string) => string = (s) => s): FormState & { code: Refusal['code'] } {
  if (!(err instanceof RefusedError)) throw err;
  const r: Refusal = err.refusal;
  const errors: FieldErrors = {};
  for (const d of r.details) errors[d.field] ??= text(d.message);
  return { ...form, errors, message: text(r.message), code: r.code };
}

/** Plain text fields of a urlencoded form (files and repeated keys are not used by these forms). */
export function formValues(body: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && !k.startsWith('_')) values[k] = v;
  return values;
}

export const fieldId = (name: string, scope?: string) => `f-${scope ? `${scope}-` : ''}${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The CSRF token and a fresh command id (double submits become one Temporal Update). */
export const Hidden: FC<{ csrf: string }> = ({ csrf }) => (
  <>
    <input type="hidden" name="_csrf" value={csrf} />
    <input type="hidden" name="_command" value={randomUUID()} />
  </>
);

export const ErrorSummary: FC<{ form: FormState; labels: Record<string, string> }> = ({ form, labels }) => {
  const fields = Object.entries(form.errors);
  if (!fields.length && !form.message) return null;
  return (
    <div class="alert" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{fields.length ? 'Исправьте ошибки в форме' : 'Действие не выполнено'}</h2>
      {form.message ? <p>{sentence(form.message)}</p> : null}
      {fields.length ? (
        <ul>
          {fields.map(([name, message]) => (
            <li>
              <a href={`#${fieldId(name, form.scope)}`}>{labels[name] ?? name}</a>: {message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
};

export interface FieldProps {
  form: FormState;
  name: string;
  label: string;
  hint?: string;
  type?: 'text' | 'password' | 'date' | 'number' | 'textarea' | 'select';
  /** For `type: 'select'`. */
  options?: { value: string; label: string }[];
  /** Tighter spacing and a two-line textarea, for forms with dozens of fields (the weekly report). */
  compact?: boolean;
  disabled?: boolean;
  required?: boolean;
  autocomplete?: string;
  /** The first field with an error takes the focus, so a keyboard user lands on it. */
  autofocus?: boolean;
  inputmode?: 'decimal' | 'numeric' | 'text';
}

/**
 * A labelled field with its hint and error tied to it (aria-describedby).
 * No HTML `required`: the server's Russian messages are the single source, next to the field.
 */
export const Field: FC<FieldProps> = (p) => {
  const id = fieldId(p.name, p.form.scope);
  const error = p.form.errors[p.name];
  const describedBy = [p.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const value = p.form.values[p.name] ?? '';
  const focus = p.autofocus ?? (error !== undefined && Object.keys(p.form.errors)[0] === p.name);
  const common = {
    id,
    name: p.name,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy,
    'aria-required': p.required ? 'true' : undefined,
    autofocus: focus || undefined,
    disabled: p.disabled || undefined,
  };
  return (
    <div class="field" style={p.compact ? 'margin:0' : undefined}>
      <label for={id} style={p.compact ? 'margin:.25rem 0' : undefined}>
        {p.label}
        {p.required ? <span aria-hidden="true"> *</span> : null}
        {p.hint ? (
          <span class="hint" id={`${id}-hint`}>
            {p.hint}
          </span>
        ) : null}
      </label>
      {p.type === 'select' ? (
        <select {...common}>
          {(p.options ?? []).map((o) => (
            <option value={o.value} selected={o.value === value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : p.type === 'textarea' ? (
        <textarea {...common} rows={p.compact ? 2 : 5} style={p.compact ? 'min-height:3.2rem' : undefined}>
          {value}
        </textarea>
      ) : (
        <input
          {...common}
          type={p.type ?? 'text'}
          value={value}
          autocomplete={p.autocomplete}
          inputmode={p.inputmode}
          step={p.type === 'number' ? 'any' : undefined}
        />
      )}
      <FieldError id={id} error={error} />
    </div>
  );
};

/** A field's error, tied to its input by `${id}-error` (aria-describedby), announced as an error. */
export const FieldError: FC<{ id: string; error: string | undefined }> = ({ id, error }) =>
  error ? (
    <p class="field-error" id={`${id}-error`}>
      <span class="visually-hidden">Ошибка: </span>
      {error}
    </p>
  ) : null;

/** The status a page answers with when a command was refused (the API's mapping, for forms). */
export const refusalStatus = (code: string) => (code === 'forbidden' ? 403 : code === 'not_found' ? 404 : code === 'conflict' ? 409 : 400);
