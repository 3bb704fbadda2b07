/**
 * Why a command was refused. The same vocabulary is used by domain rules,
 * workflow update validators and the HTTP API (which maps code → status).
 */
export type RefusalCode = 'validation' | 'forbidden' | 'conflict' | 'not_found';

export interface FieldIssue {
  /** Path of the offending field, e.g. "directions.0.items.2.executorId". */
  field: string;
  message: string;
}

export interface Refusal {
  code: RefusalCode;
  message: string;
  details: FieldIssue[];
}

export function refusal(code: RefusalCode, message: string, details: FieldIssue[] = []): Refusal {
  return { code, message, details };
}

export function fieldPath(path: readonly (string | number | symbol)[]): string {
  return path.map(String).join('.');
}

/** A refusal that crosses a throw boundary (workflow validator → client → API). */
export class RefusedError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
    this.name = 'RefusedError';
  }
}
