/** The task queue workers poll and the API starts workflows on, unless TASK_QUEUE says otherwise. */
export const DEFAULT_TASK_QUEUE = 'roadmaps';
