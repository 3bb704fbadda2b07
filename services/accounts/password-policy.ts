import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

/**
 * The password policy of OWASP ASVS level 1 (V2.1): at least 12 characters, at least 64
 * accepted (up to 128 here), any character, no composition rules, and never one of the
 * well-known passwords (zxcvbn-ts' passwords-common list, ~49,000 entries, shipped with the
 * project, compared case-insensitively). It applies to passwords people set; the demo's
 * seeded hashes ("demo") are written directly and never pass through it.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

let common: Set<string> | null = null;
const commonPasswords = () => (common ??= new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())));

/** Length counted in code points: a Cyrillic or emoji character counts once, as people count them. */
const length = (s: string) => [...s].length;

/** The Russian reason a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  const n = length(password);
  if (n < PASSWORD_MIN_LENGTH) return `пароль должен быть не короче ${PASSWORD_MIN_LENGTH} символов`;
  if (n > PASSWORD_MAX_LENGTH) return `пароль должен быть не длиннее ${PASSWORD_MAX_LENGTH} символов`;
  if (/[\u0000-\u001f\u007f]/.test(password)) return 'пароль не может содержать управляющие символы';
  if (/[\ud800-\udfff]/.test(password.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) return 'пароль содержит недопустимые символы';
  if (commonPasswords().has(password.toLowerCase())) return 'этот пароль слишком распространён (он есть в списках утёкших паролей): выберите другой';
  return null;
}

/** A password someone sets: the policy as a zod schema, so the API and the forms say the same. */
export const NewPassword = z.string().superRefine((s, ctx) => {
  const problem = passwordProblem(s);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
