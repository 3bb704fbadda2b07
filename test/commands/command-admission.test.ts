/**
 * The bound on commands in flight (COMMANDS_IN_FLIGHT): never more than the bound at once, the
 * waiting ones served first come first served, a slot freed by a failure too, and a command that
 * waited too long refused as an outage of Temporal (a 503 the client retries with its key).
 */
import { describe, expect, it } from 'vitest';
import { CommandAdmission, commandAdmissionFromEnv } from '../../services/commands/command-admission.js';
import { unavailablePart } from '../../infra/http/outage.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('commands in flight, bounded', () => {
  it('runs at most the bound at once and admits the waiting in arrival order', async () => {
    const admission = new CommandAdmission(2, 5_000);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const command = (i: number) =>
      admission.run(async () => {
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
    await Promise.all([0, 1].map(() => admission.run(async () => { together++; await tick(10); expect(together).toBe(2); })));
  });

  it('refuses a command that waited past its deadline as Temporal unavailable, and serves the next one', async () => {
    const admission = new CommandAdmission(1, 50);
    let release!: () => void;
    const holding = admission.run(() => new Promise<void>((r) => (release = r)));
    const late = admission.run(async () => 'never');
    await expect(late).rejects.toThrow(/очередь команд к Temporal занята/);
    expect(unavailablePart(await late.catch((e) => e))).toBe('Temporal');
    release();
    await holding;
    await expect(admission.run(async () => 'served')).resolves.toBe('served');
  });

  it('is 16 by default, off with 0 or off, and waits as long as a command may take', () => {
    for (const value of [undefined, '', '-4', '2.5', 'many']) expect(commandAdmissionFromEnv({ COMMANDS_IN_FLIGHT: value })).toMatchObject({ limit: 16 });
    for (const value of ['0', 'off', ' off ']) expect(commandAdmissionFromEnv({ COMMANDS_IN_FLIGHT: value })).toBeNull();
    expect(commandAdmissionFromEnv({ COMMANDS_IN_FLIGHT: '8' })).toMatchObject({ limit: 8, maxWaitMs: 10_000 });
    expect(commandAdmissionFromEnv({ COMMANDS_IN_FLIGHT: '32', COMMAND_DEADLINE_MS: '4000' })).toMatchObject({ limit: 32, maxWaitMs: 4000 });
  });
});
