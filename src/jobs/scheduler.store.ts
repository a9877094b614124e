import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
import { jobRuns } from '../db/schema.ts';

/**
 * Claims the run of `job` due at `dueAt`, in the transaction that makes its effects: true the first time, false when
 * that run was made already (before a restart, or by the catch-up), so each run is made exactly once.
 */
export function claimJobRun(tx: Tx, job: string, dueAt: number, ranAt: number): boolean {
  return tx.insert(jobRuns).values({ job, dueAt, ranAt }).onConflictDoNothing().run().changes > 0;
}

/** Whether the run of `job` due at `dueAt` was made (a background job is recorded only once it succeeded). */
export function jobRunMade(db: Db, job: string, dueAt: number): boolean {
  return (
    db
      .select({ job: jobRuns.job })
      .from(jobRuns)
      .where(and(eq(jobRuns.job, job), eq(jobRuns.dueAt, dueAt)))
      .get() !== undefined
  );
}
