import { Context } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type postgres from 'postgres';
import type { DomainEvent } from '../domain/events.js';
import { executionWorkflowId, planExecutions } from '../domain/execution.js';
import { EXECUTION_REVISION } from '../domain/execution-revision.js';
import type { RoadMapDocument } from '../domain/roadmap.js';
import { defaultEscalationPolicy, scheduleLadder, type ScheduledRung } from '../domain/escalation-policy.js';
import type { LaunchBatch } from './activity-types.js';
import { appendEvents } from './event-store.js';

export interface LaunchDeps {
  sql: postgres.Sql;
  client: Client;
  /** Where item executions run (worker/task-queue.ts): not behind the road maps' own queue. */
  executionTaskQueue: string;
  /** Concurrent starts per batch: enough to hide the round trip, few enough for one frontend. */
  startConcurrency?: number;
}

/**
 * Starts one slice of a version's item executions. Each start is keyed by the
 * execution id, so a retried or repeated batch starts nothing twice; the
 * `execution.started` events and read-model rows are written in one transaction.
 */
export async function launchExecutions(deps: LaunchDeps, batch: LaunchBatch): Promise<{ started: number; existing: number }> {
  const [version] = await deps.sql<{ document: RoadMapDocument; document_sha256: string | null; time_zone: string }[]>`
    select v.document, v.document_sha256, g.time_zone from roadmap_versions v
    join roadmaps r on r.id = v.roadmap_id join regions g on g.code = r.region_code
    where v.roadmap_id = ${batch.roadMapId} and v.version = ${batch.version}`;
  if (!version) throw new Error(`road map ${batch.roadMapId} v${batch.version} is not in the read model yet`);
  // Approved by reference: the executions are launched from exactly the document the director approved. A
  // mismatch is retried (and shows in the Temporal UI) rather than failing the road map's years-long workflow.
  if (batch.documentSha256 && version.document_sha256 !== batch.documentSha256) {
    throw new Error(`road map ${batch.roadMapId} v${batch.version}: the read model holds document ${version.document_sha256}, approved was ${batch.documentSha256}`);
  }
  const plans = planExecutions(batch.roadMapId, batch.version, version.document, version.time_zone, batch.offset, batch.limit);

  // One ladder per distinct deadline, not per execution: 60,000 executions share a few dozen.
  const policy = version.document.escalationPolicy ?? defaultEscalationPolicy;
  const ladders = new Map<string, ScheduledRung[]>();
  const ladderOf = (deadlineAt: string) => {
    let l = ladders.get(deadlineAt);
    if (!l) ladders.set(deadlineAt, (l = scheduleLadder(policy, new Date(deadlineAt), version.time_zone, version.document.workdayEnd)));
    return l;
  };

  // The read model first: once a workflow runs it may fire a rung or take a command about its row.
  const now = new Date().toISOString();
  const events: DomainEvent[] = plans.map((plan) => ({
    id: `${plan.executionId}:started`,
    type: 'execution.started',
    roadMapId: plan.roadMapId,
    subject: plan.executionId,
    version: plan.version,
    occurredAt: now,
    actorId: null,
    actingForId: null,
    payload: { plan },
  }));
  await appendEvents(deps.sql, events);

  let started = 0;
  let existing = 0;
  let next = 0;
  const worker = async () => {
    while (next < plans.length) {
      const plan = plans[next++];
      try {
        await deps.client.workflow.start('itemExecutionWorkflow', {
          workflowId: executionWorkflowId(plan.executionId),
          taskQueue: deps.executionTaskQueue,
          args: [{ plan, ladder: ladderOf(plan.deadlineAt), revision: EXECUTION_REVISION }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
        started++;
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        existing++;
      }
      if ((started + existing) % 50 === 0) Context.current().heartbeat(started + existing);
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.startConcurrency ?? 32, plans.length) }, worker));

  return { started, existing };
}
