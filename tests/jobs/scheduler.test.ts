import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { type DatabaseHandle, openDatabase } from '../../src/db/open.ts';
import { jobRuns } from '../../src/db/schema.ts';
import { Scheduler } from '../../src/jobs/scheduler.ts';

let handle: DatabaseHandle | undefined;
afterEach(() => {
  handle?.close();
  handle = undefined;
});

/** A scheduler with `jobs` jobs due at 19:30, each taking about `busyMs` of CPU, the clock at 19:30. */
function schedulerWith(jobs: number, busyMs: number) {
  handle = openDatabase(':memory:');
  const clock = new ManualClock(Date.parse('2026-04-01T19:30:00+08:00'));
  const ran: string[] = [];
  const scheduler = new Scheduler({
    db: handle.db,
    clock,
    logger: pino({ level: 'silent' }),
    timezone: 'Asia/Shanghai',
    catchUpGraceMs: 3600_000,
  });
  for (let i = 0; i < jobs; i++) {
    scheduler.addCronJob({
      name: `digest:b${i}`,
      cron: '30 19 * * *',
      run: () => {
        const until = performance.now() + busyMs;
        while (performance.now() < until);
        ran.push(`b${i}`);
      },
    });
  }
  return { scheduler, ran, db: handle.db };
}

describe('Scheduler.tickInSlices', () => {
  it('runs every due job once, as tick() does, handing the event loop back between slices', async () => {
    const { scheduler, ran, db } = schedulerWith(40, 2);
    let turnsMeanwhile = 0;
    const counting = setInterval(() => turnsMeanwhile++, 0);
    const runs = await scheduler.tickInSlices(10);
    clearInterval(counting);
    expect(runs).toBe(40);
    expect(ran).toHaveLength(40);
    expect(new Set(ran).size).toBe(40);
    // 80 ms of work in slices of 10 ms: timers ran in between (a single synchronous tick would allow none)
    expect(turnsMeanwhile).toBeGreaterThanOrEqual(3);
    expect(scheduler.tick()).toBe(0);
    expect(db.select().from(jobRuns).all()).toHaveLength(40);
  });

  it('runs one sliced tick at a time; stop() waits for it and it takes no further step', async () => {
    const { scheduler, ran } = schedulerWith(40, 2);
    const first = scheduler.tickInSlices(5);
    expect(await scheduler.tickInSlices(5)).toBe(0);
    await scheduler.stop();
    const made = await first;
    expect(made).toBe(ran.length);
    expect(made).toBeLessThan(40);
  });
});

describe('due checks', () => {
  it('skip a check that says it has nothing to do (no transaction), and run it in its own once it may', () => {
    const { scheduler, db } = schedulerWith(0, 0);
    const sqlite = (db as unknown as { $client: { inTransaction: boolean } }).$client;
    let due = false;
    const ran: boolean[] = [];
    const watcherRuns: boolean[] = [];
    scheduler.addDueCheck({ name: 'watcher', run: () => void watcherRuns.push(sqlite.inTransaction) });
    scheduler.addDueCheck({
      name: 'board:b1',
      mayBeDue: () => due,
      run: () => void ran.push(sqlite.inTransaction),
    });
    scheduler.tick();
    expect(ran).toEqual([]);
    due = true;
    scheduler.tick();
    // run inside its own transaction, as every due check
    expect(ran).toEqual([true]);
    expect(watcherRuns).toEqual([true, true]);
  });
});
