import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowBundle } from '../../worker/create-worker.js';
import { WORKFLOW_STACK_FRAMES } from '../../workflows/stack-trace-depth.js';
import { startHarness, type Harness } from '../support/harness.js';

describe('the workflow bundle', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  // Every cached workflow re-evaluates the bundle's modules: a schema library in
  // there costs megabytes per open execution (see README, benchmarks).
  it('carries no zod and stays small', async () => {
    const { code } = await workflowBundle();
    expect(code).not.toMatch(/node_modules\/zod\//);
    // ~1.8 MB is the SDK's own workflow runtime and inline source map; zod added ~0.75 MB more.
    expect(code.length).toBeLessThan(2_200_000);
  });

  // The SDK source-maps a stack for every promise a workflow creates: the depth set before the
  // sandbox is frozen bounds that cost (workflows/stack-trace-depth.ts). V8's default is ten.
  it(`keeps ${WORKFLOW_STACK_FRAMES} frames in a workflow's stacks`, async () => {
    const entry = fileURLToPath(new URL('../support/stack-depth-workflow.ts', import.meta.url));
    const taskQueue = `${h.taskQueue}-stack-depth`;
    const worker = await Worker.create({ connection: h.env.nativeConnection, namespace: h.namespace, taskQueue, workflowBundle: await workflowBundle(entry) });
    const seen = await worker.runUntil(
      h.env.client.workflow.execute('stackDepthWorkflow', { taskQueue, workflowId: `stack-depth-${Date.now()}`, args: [] }),
    );
    expect(seen).toEqual({ limit: WORKFLOW_STACK_FRAMES, frames: WORKFLOW_STACK_FRAMES });
  });
});
