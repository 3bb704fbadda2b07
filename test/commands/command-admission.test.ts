/**
 * The bound on commands in flight (COMMANDS_IN_FLIGHT): never more than the bound at once, the
 * waiting ones served first come first served, a slot freed by a failure too, and a command that
 * waited too long refused as an outage of Temporal (a 503 the client retries with its key).
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { CommandAdmission, CommandQueueFullError, commandAdmission, commandAdmissionFromEnv } from '../../services/commands/command-admission.js';
import { sendCommand } from '../../services/commands/workflow-commands.js';
import { unavailablePart } from '../../infra/http/outage.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));
const far = () => Date.now() + 5_000;

describe('commands in flight, bounded', () => {
  it('runs at most the bound at once and admits the waiting in arrival order', async () => {
    const admission = new CommandAdmission(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const command = (i: number) =>
      admission.run(far(), async () => {
        started.push(i);
        most = Math.max(most, ++running);
        await tick(20);
        running--;
        if (i === 1) throw new Error('refused'); // a failed command frees its slot all the same
        return i;
      });
    const results = await Promise.allSettled(Array.from({ length: 7 }, (_, i) => command(i)));
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    // Every slot came back: the bound admits two at once again.
    let together = 0;
    await Promise.all([0, 1].map(() => admission.run(far(), async () => { together++; await tick(10); expect(together).toBe(2); })));
  });

  it('refuses a command that waited past its deadline as Temporal unavailable, and serves the next one', async () => {
    const admission = new CommandAdmission(1);
    let release!: () => void;
    const holding = admission.run(far(), () => new Promise<void>((r) => (release = r)));
    const late = admission.run(Date.now() + 50, async () => 'never');
    await expect(late).rejects.toThrow(/очередь команд к Temporal занята/);
    expect(unavailablePart(await late.catch((e) => e))).toBe('Temporal');
    release();
    await holding;
    await expect(admission.run(far(), async () => 'served')).resolves.toBe('served');
  });

  it('is 16 by default, off with 0 or off', () => {
    for (const value of [undefined, '', '-4', '2.5', 'many']) expect(commandAdmissionFromEnv({ COMMANDS_IN_FLIGHT: value })).toMatchObject({ limit: 16 });
    for (const value of ['0', 'off', ' off ']) expect(commandAdmissionFromEnv({ COMMANDS_IN_FLIGHT: value })).toBeNull();
    expect(commandAdmissionFromEnv({ COMMANDS_IN_FLIGHT: '8' })).toMatchObject({ limit: 8 });
  });

  it('gives a command one deadline from its start: a wait for a turn leaves the Update only the rest, and a command still waiting at it is refused unsent', async () => {
    const deadlineMs = 2_000;
    process.env.COMMAND_DEADLINE_MS = String(deadlineMs);
    try {
      // This process's own bound (16 by default), all of it held by commands already at the engine.
      const admission = commandAdmission()!;
      let releaseAll!: () => void;
      const held = new Promise<void>((r) => (releaseAll = r));
      const holders = Array.from({ length: admission.limit }, () => admission.run(far(), () => held));
      const deadlines: number[] = [];
      const sent: string[] = [];
      const handle = {
        workflowId: 'execution-1',
        client: { withDeadline: (deadline: number, fn: () => Promise<unknown>) => (deadlines.push(deadline), fn()) },
        executeUpdate: async (_u: unknown, o: { updateId: string }) => (sent.push(o.updateId), 'accepted'),
      } as unknown as WorkflowHandle;
      const update = { name: 'completeExecution' } as UpdateDefinition<string, []>;

      const start = Date.now();
      const admitted = sendCommand(handle, update, [], 'key-1');
      await tick(600);
      releaseAll();
      await expect(admitted).resolves.toBe('accepted');
      // The Update's deadline is the command's, not a fresh 2 s from its admission ~600 ms later.
      expect(deadlines).toHaveLength(1);
      expect(deadlines[0] - start).toBeGreaterThanOrEqual(deadlineMs - 50);
      expect(deadlines[0] - start).toBeLessThanOrEqual(deadlineMs + 50);
      await Promise.all(holders);

      let releaseAgain!: () => void;
      const heldAgain = new Promise<void>((r) => (releaseAgain = r));
      const holdersAgain = Array.from({ length: admission.limit }, () => admission.run(far(), () => heldAgain));
      const lateStart = Date.now();
      const late = await sendCommand(handle, update, [], 'key-2').catch((e) => e);
      const tookMs = Date.now() - lateStart;
      expect(late).toBeInstanceOf(CommandQueueFullError);
      expect(unavailablePart(late)).toBe('Temporal');
      expect(tookMs).toBeGreaterThanOrEqual(deadlineMs - 50);
      expect(tookMs).toBeLessThan(deadlineMs + 500);
      expect(sent).toEqual(['key-1']);
      releaseAgain();
      await Promise.all(holdersAgain);
    } finally {
      delete process.env.COMMAND_DEADLINE_MS;
    }
  });
});
