import { describe, expect, it } from 'vitest';
import { WakeableWait } from '../../src/jobs/wakeable-wait.ts';

/** `promise`, or 'still waiting' if it has not settled after the timers and immediates of a few turns. */
async function settled(promise: Promise<void>): Promise<'woken' | 'still waiting'> {
  const later = new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 50));
  return Promise.race([promise.then(() => 'woken' as const), later]);
}

describe('WakeableWait', () => {
  it('ends a wait in progress when woken, however long it was', async () => {
    const waiting = new WakeableWait();
    const wait = waiting.wait(60_000);
    waiting.wake();
    expect(await settled(wait)).toBe('woken');
  });

  it('ends the next wait at once after a wake that came while nobody waited, and only that one', async () => {
    const waiting = new WakeableWait();
    waiting.wake();
    expect(await settled(waiting.wait(60_000))).toBe('woken');
    expect(await settled(waiting.wait(60_000))).toBe('still waiting');
  });

  it('folds the wakes of one turn into one', async () => {
    const waiting = new WakeableWait();
    const wait = waiting.wait(60_000);
    waiting.wake();
    waiting.wake();
    expect(await settled(wait)).toBe('woken');
    // the second wake of that turn was for the wait it ended, not for the next one
    expect(await settled(waiting.wait(60_000))).toBe('still waiting');
  });

  it('ends by itself when its time is up', async () => {
    expect(await settled(new WakeableWait().wait(1))).toBe('woken');
  });
});
