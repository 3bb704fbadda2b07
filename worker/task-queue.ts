/** The task queue workers poll and the API starts workflows on, unless TASK_QUEUE says otherwise. */
export const DEFAULT_TASK_QUEUE = 'roadmaps';

/**
 * Item executions get a task queue of their own: approving 60,000 of them puts
 * 60,000 first workflow tasks (and their activities) in a queue, and a road map,
 * a weekly report or a federal week must not wait behind that backlog. Executions
 * started before this queue existed stay on the main queue, which the worker
 * still serves for every workflow type.
 */
export function executionTaskQueue(taskQueue: string): string {
  return `${taskQueue}-executions`;
}
