/** A workflow that reports what the sandbox's stacks keep: bundled by test/infra/workflow-bundle.test.ts. */
export async function stackDepthWorkflow(): Promise<{ limit: number; frames: number }> {
  const deep = (n: number): string => (n === 0 ? new Error('probe').stack ?? '' : deep(n - 1));
  return { limit: Error.stackTraceLimit, frames: deep(12).split('\n').filter((l) => l.trimStart().startsWith('at ')).length };
}
