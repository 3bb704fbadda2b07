/**
 * The key that makes a rung fire once per execution (or reporting period) and
 * deadline. Kept apart from the policy schema so workflows import no zod.
 */
export function rungKey(subjectId: string, deadlineAt: string, rungId: string): string {
  return `${subjectId}:${deadlineAt}:${rungId}`;
}
