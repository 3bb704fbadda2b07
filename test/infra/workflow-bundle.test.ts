import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../../worker/create-worker.js';

describe('the workflow bundle', () => {
  // Every cached workflow re-evaluates the bundle's modules: a schema library in
  // there costs megabytes per open execution (see README, benchmarks).
  it('carries no zod and stays small', async () => {
    const { code } = await workflowBundle();
    expect(code).not.toMatch(/node_modules\/zod\//);
    // ~1.8 MB is the SDK's own workflow runtime and inline source map; zod added ~0.75 MB more.
    expect(code.length).toBeLessThan(2_200_000);
  });
});
