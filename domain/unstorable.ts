/**
 * The failure type of an event PostgreSQL refuses as data (SQLSTATE class 22:
 * 22P05 untranslatable character, 22021 bad byte sequence, 22003 out of range…).
 * Retrying cannot help, so the recording activity fails at once with this type.
 */
export const UNSTORABLE_EVENT = 'unstorable_event';

/** SQLSTATE class 22 ("data exception"). */
export function isDataException(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.length === 5 && code.startsWith('22');
}
