import type { Client } from '@temporalio/client';
import { federalCycleWorkflowId } from '../../domain/federal/federal-week-state.js';
import { pilotProgramme } from '../../domain/federal/pilot.js';
import { ensureRoadMapDeadline } from './roadmap-deadline.js';

/** Starts the pilot's federal weekly cycle unless it runs already: safe on every start of every process. */
export async function ensureFederalCycle(client: Client, taskQueue: string): Promise<void> {
  await client.workflow.start('federalCycleWorkflow', {
    workflowId: federalCycleWorkflowId(pilotProgramme.id),
    taskQueue,
    args: [{ programmeId: pilotProgramme.id, previousWeek: null }],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await ensureRoadMapDeadline(client, taskQueue);
}
