import type { Client } from '@temporalio/client';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { roadMapDeadlineWorkflowId } from '../../domain/federal/roadmap-deadline-state.js';

/**
 * Starts the pilot's road-map deadline unless it runs already: safe on every
 * start of every process. A finished one is started again, so a deadline the
 * pilot's data has moved since gets its ladder (fired rungs are never repeated: keyed events).
 */
export async function ensureRoadMapDeadline(client: Client, taskQueue: string): Promise<void> {
  await client.workflow.start('roadMapDeadlineWorkflow', {
    workflowId: roadMapDeadlineWorkflowId(pilotProgramme.id),
    taskQueue,
    args: [{ programmeId: pilotProgramme.id }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}
