// A file of its own: the workflow bundle imports it, and domain/execution.ts would bring zod along.
/**
 * Runs started before revision 2 replay as they were recorded: a command's e-mail step behind
 * the `command-notifications-emailed` patch, a rung fired by a regular activity. A run started
 * at revision 2 (new executions, and every run continued as new) has neither: no patch marker
 * and its search-attribute upsert on the first command of every execution, and each rung a
 * local activity. The revision travels in the input, so replay never depends on today's code.
 */
export const EXECUTION_REVISION = 2;
