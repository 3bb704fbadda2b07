import { z } from 'zod';
import './zod-russian.js';
import { textProblem } from './text-rules.js';

/**
 * The one string schema of every text that enters the system (bodies, path
 * and query parameters, form fields). Chain `.min()`/`.max()`/`.trim()` on it.
 */

/** The single-line rule as a refinement, for string schemas built elsewhere (the API's path parameters). */
export function singleLineTextRule(s: string, ctx: z.RefinementCtx): void {
  const problem = textProblem(s, false);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

/** Titles, names, numbers, ids: no control character at all. */
export const SingleLineText = z.string().superRefine(singleLineTextRule);

/**
 * Reports and comments: tab and line breaks only among the control
 * characters; CR LF and lone CR become LF, so what is stored is what is shown.
 */
export const MultiLineText = z
  .string()
  .overwrite((s) => s.replace(/\r\n?/g, '\n'))
  .superRefine((s, ctx) => {
    const problem = textProblem(s, true);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** An identifier from a path, a query or a body. */
export const IdText = SingleLineText.min(1).max(200);
