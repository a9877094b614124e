import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/open.ts';
import { jobRuns } from '../../src/db/schema.ts';
import { claimJobRun } from '../../src/jobs/scheduler.store.ts';
import { DAY, MINUTE, openTestDatabase, T0 } from '../db/memory-db.ts';

let handle: DatabaseHandle;
beforeEach(() => {
  handle = openTestDatabase();
});
afterEach(() => handle.close());

const claim = (job: string, dueAt: number, ranAt: number) =>
  handle.db.transaction((tx) => claimJobRun(tx, job, dueAt, ranAt));
const runs = () => handle.db.select().from(jobRuns).orderBy(asc(jobRuns.job), asc(jobRuns.dueAt)).all();

describe('claimJobRun', () => {
  it('claims a run the first time and records when it ran', () => {
    expect(claim('digest:east', T0, T0 + MINUTE)).toBe(true);
    expect(runs()).toEqual([{ job: 'digest:east', dueAt: T0, ranAt: T0 + MINUTE }]);
  });

  it('refuses the same run of the same job again, keeping the first record', () => {
    claim('digest:east', T0, T0 + MINUTE);
    expect(claim('digest:east', T0, T0 + 2 * MINUTE)).toBe(false);
    expect(runs()).toEqual([{ job: 'digest:east', dueAt: T0, ranAt: T0 + MINUTE }]);
  });

  it('claims the next due time of the job and the same due time of another job', () => {
    claim('digest:east', T0, T0);
    expect(claim('digest:east', T0 + DAY, T0 + DAY)).toBe(true);
    expect(claim('digest:west', T0, T0)).toBe(true);
    expect(runs().map((r) => [r.job, r.dueAt])).toEqual([
      ['digest:east', T0],
      ['digest:east', T0 + DAY],
      ['digest:west', T0],
    ]);
  });

  it('gives the run back when the transaction that claimed it rolls back, so it is made later', () => {
    expect(() =>
      handle.db.transaction((tx) => {
        claimJobRun(tx, 'checkin:east', T0, T0);
        throw new Error('the job failed');
      }),
    ).toThrow('the job failed');
    expect(runs()).toEqual([]);
    expect(claim('checkin:east', T0, T0 + MINUTE)).toBe(true);
  });
});
