/**
 * What a text may contain, without zod (workflows import this). PostgreSQL
 * cannot store U+0000 in text or jsonb (22P05, 22021) nor a lone UTF-16
 * surrogate in jsonb, and no other control character belongs in a title or a
 * comment: they are refused at the edge, and again by the workflows.
 */
const CONTROL_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const codePoint = (ch: string) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why a text is refused (Russian, for the field's message), or null when it may be stored. */
export function textProblem(s: string, multiLine: boolean): string | null {
  const control = (multiLine ? CONTROL_MULTI_LINE : CONTROL_SINGLE_LINE).exec(s);
  if (control) {
    return multiLine
      ? `недопустимый управляющий символ ${codePoint(control[0])} (разрешены только табуляция и перевод строки)`
      : `недопустимый управляющий символ ${codePoint(control[0])} (текст в одну строку)`;
  }
  const surrogate = LONE_SURROGATE.exec(s);
  if (surrogate) return `недопустимый символ ${codePoint(surrogate[0])} (непарный суррогат UTF-16)`;
  return null;
}

/**
 * The first string (or object key) anywhere in a command's input that no
 * text field would accept, with its path: the workflows' validators refuse
 * such a command before it reaches history, whatever client sent it.
 */
export function findUnstorableText(value: unknown, path: string[] = [], depth = 0): { field: string; message: string } | null {
  if (typeof value === 'string') {
    const problem = textProblem(value, true);
    return problem ? { field: path.join('.'), message: problem } : null;
  }
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, String(i)], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, v] of Object.entries(value)) {
    const keyProblem = textProblem(key, false);
    if (keyProblem) return { field: [...path, key].join('.'), message: keyProblem };
    const found = findUnstorableText(v, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
