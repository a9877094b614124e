import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.ts';
import type { Db, Tx } from '../db/open.ts';
import { claimJobRun, jobRunMade } from './scheduler.store.ts';

/** A job of the config's cron entries (a digest, a scheduled notice). Its work is database writes (outbox). */
export interface CronJob {
  /** Stable across restarts: runs are recorded under it (`digest:b3`, `notice:0`). */
  name: string;
  cron: string;
  run(tx: Tx, dueAt: number): void;
}

/**
 * A cron job whose work is not database writes but slow I/O (a backup): it runs outside any transaction, and its run
 * is recorded only once it succeeded, so a run cut short by a crash or a failure is made again (after a pause).
 */
export interface BackgroundJob {
  name: string;
  cron: string;
  run(dueAt: number): Promise<void>;
}

/** Work driven by time rather than by a calendar: deadlines, escalations, claim expiry, purges. */
export interface DueCheck {
  name: string;
  /** Does whatever is due at `now`; must be idempotent (it is called often). */
  run(tx: Tx, now: number): void;
  /**
   * Whether `run` may have something to do at `now`, known without the database: when false, the tick opens no
   * transaction for it (a thousand buildings' board checks, mostly idle, every 15 s).
   */
  mayBeDue?(now: number): boolean;
}

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  timezone: string;
  logger: Logger;
  /** A run missed while the bot was down is made on start if it is less late than this. */
  catchUpGraceMs: number;
  /** Called after a tick wrote something (so the outbox sends it at once). */
  afterChanges?: () => void;
  /** How often due checks run in production (ms). */
  dueCheckIntervalMs?: number;
  /** A background job that failed is tried again after this long (ms). */
  backgroundRetryMs?: number;
}

const minute = 60_000;

/**
 * Runs the config's cron jobs in its time zone and the features' due checks, from one `tick()` that reads the
 * injected clock: node-cron only wakes it up. Each run is recorded with the time it was due, in the same
 * transaction as its effects, so a run is made exactly once; a run missed while the bot was down is made
 * once on start when it is less than the grace period late.
 */
export class Scheduler {
  /** Jobs grouped by cron expression: a thousand buildings with the same digest time share one matcher. */
  private readonly schedules = new Map<
    string,
    { matcher: ScheduledTask; scannedTo: number | undefined; jobs: CronJob[] }
  >();
  private readonly dueChecks: DueCheck[] = [];
  private readonly background: Array<{
    job: BackgroundJob;
    matcher: ScheduledTask;
    scannedTo: number | undefined;
    /** The run found due and not yet made. */
    due: number | undefined;
    running: Promise<void> | undefined;
    failedAt: number | undefined;
  }> = [];
  private waker: ScheduledTask | undefined;
  private interval: NodeJS.Timeout | undefined;
  /** The tick in slices under way: one at a time, and `stop()` waits for it. */
  private inProgress: Promise<number> | undefined;
  private stopping = false;
  /** How late the latest cron run was made after its time (`/metrics`). */
  lastLagMs: number | undefined;

  constructor(private readonly options: SchedulerOptions) {}

  /** Adds a cron job. Add them before `start()`: it sets up the minute's wake-up only if there are some. */
  addCronJob(job: CronJob): void {
    const existing = this.schedules.get(job.cron);
    if (existing) {
      existing.jobs.push(job);
      return;
    }
    // a stopped task is used only to match times in the time zone
    const matcher = cron.createTask(job.cron, () => undefined, {
      timezone: this.options.timezone,
      name: `match:${job.cron}`,
    });
    this.schedules.set(job.cron, { matcher, scannedTo: undefined, jobs: [job] });
  }

  /** Adds a background job (before `start()`). */
  addBackgroundJob(job: BackgroundJob): void {
    const matcher = cron.createTask(job.cron, () => undefined, {
      timezone: this.options.timezone,
      name: `match:${job.name}`,
    });
    this.background.push({
      job,
      matcher,
      scannedTo: undefined,
      due: undefined,
      running: undefined,
      failedAt: undefined,
    });
  }

  /** Resolves when no background job is running (tests; shutdown waits for them too). */
  async backgroundSettled(): Promise<void> {
    await Promise.all(this.background.map((b) => b.running?.catch(() => undefined)));
  }

  /** Adds a due check; it runs at every tick (at start, every `dueCheckIntervalMs`, and when a cron minute comes). */
  addDueCheck(check: DueCheck): void {
    this.dueChecks.push(check);
  }

  /**
   * Catches up, then lets one node-cron task wake `tick()` at the start of every minute (one task however many
   * jobs: node-cron checks each task every second) and a timer run the due checks.
   */
  start(): void {
    this.tick();
    if (this.schedules.size > 0 || this.background.length > 0) {
      this.waker = cron.schedule('* * * * *', () => this.safeTick(), {
        timezone: this.options.timezone,
        name: 'wake:scheduler',
        noOverlap: true,
      });
    }
    this.interval = setInterval(() => this.safeTick(), this.options.dueCheckIntervalMs ?? 15_000);
    this.interval.unref();
  }

  /** For shutdown: no more wake-ups, the tick under way ends after its current step and is waited for. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.interval) clearInterval(this.interval);
    await this.inProgress?.catch(() => undefined);
    await this.backgroundSettled();
    await this.waker?.destroy();
    this.waker = undefined;
    for (const { matcher } of [...this.schedules.values(), ...this.background]) await matcher.destroy();
  }

  /**
   * Runs whatever is due at the clock's time: the latest occurrence of each cron job not yet run (if within
   * the grace period), then every due check. Returns how many cron runs were made.
   */
  tick(): number {
    this.startBackgroundJobs(this.options.clock.now());
    let runs = 0;
    for (const ran of this.dueWork(this.options.clock.now())) runs += ran;
    this.options.afterChanges?.();
    return runs;
  }

  /**
   * The same as `tick()`, handing the event loop back every `sliceMs`: a thousand buildings' digests at the
   * same minute take seconds to compose, and updates are handled and the first digests sent meanwhile (the
   * sender looks at its queue between slices: 50 looks a second, more than Telegram's 30 messages). What
   * node-cron and the due-check timer call; one at a time.
   */
  tickInSlices(sliceMs = 20): Promise<number> {
    if (this.inProgress) return Promise.resolve(0);
    const tick = this.sliced(sliceMs);
    this.inProgress = tick;
    tick.then(
      () => (this.inProgress = undefined),
      () => (this.inProgress = undefined),
    );
    return tick;
  }

  private async sliced(sliceMs: number): Promise<number> {
    this.startBackgroundJobs(this.options.clock.now());
    let runs = 0;
    let sliceStarted = performance.now();
    for (const ran of this.dueWork(this.options.clock.now())) {
      runs += ran;
      if (this.stopping) break;
      if (performance.now() - sliceStarted < sliceMs) continue;
      this.options.afterChanges?.();
      // twice: the first lets the outbox send what the slice queued; the second lets the requests it started go out
      // (the HTTP client writes a request on a kept-alive socket only from an immediate of its own) before the next
      // slice, rather than after it
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
    this.options.afterChanges?.();
    return runs;
  }

  /** The work of a tick, one transaction at a time; yields 1 for each cron run made, 0 for other steps. */
  private *dueWork(now: number): Generator<number> {
    const { db, logger } = this.options;
    for (const schedule of this.schedules.values()) {
      const dueAt = this.latestOccurrence(schedule, now);
      if (dueAt === undefined) continue;
      for (const job of schedule.jobs) {
        const ran = db.transaction((tx) => {
          if (!claimJobRun(tx, job.name, dueAt, now)) return false;
          job.run(tx, dueAt);
          return true;
        });
        if (ran) this.lastLagMs = now - dueAt;
        if (ran)
          logger.info(
            { job: job.name, dueAt: new Date(dueAt).toISOString(), lateMs: now - dueAt },
            'scheduled job ran',
          );
        yield ran ? 1 : 0;
      }
    }
    for (const check of this.dueChecks) {
      if (check.mayBeDue?.(now) === false) continue;
      db.transaction((tx) => check.run(tx, now));
      yield 0;
    }
  }

  /** Starts each background job whose run is due and not made, unless it is running or failed a moment ago. */
  private startBackgroundJobs(now: number): void {
    const { db, logger } = this.options;
    const retryMs = this.options.backgroundRetryMs ?? 5 * minute;
    for (const entry of this.background) {
      const found = this.latestOccurrence(entry, now);
      if (found !== undefined && !jobRunMade(db, entry.job.name, found)) entry.due = found;
      const dueAt = entry.due;
      if (dueAt === undefined || entry.running || this.stopping) continue;
      if (entry.failedAt !== undefined && now - entry.failedAt < retryMs) continue;
      entry.running = entry.job
        .run(dueAt)
        .then(() => {
          const ranAt = this.options.clock.now();
          db.transaction((tx) => claimJobRun(tx, entry.job.name, dueAt, ranAt));
          if (entry.due === dueAt) entry.due = undefined;
          entry.failedAt = undefined;
          logger.info({ job: entry.job.name, dueAt: new Date(dueAt).toISOString() }, 'scheduled job ran');
        })
        .catch((err: unknown) => {
          entry.failedAt = this.options.clock.now();
          logger.error({ err, job: entry.job.name }, 'scheduled job failed; it is tried again later');
        })
        .finally(() => {
          entry.running = undefined;
        });
    }
  }

  private safeTick(): void {
    this.tickInSlices().catch((err: unknown) => this.options.logger.error({ err }, 'scheduler tick failed'));
  }

  /** The latest minute in (now − grace, now] that matches the schedule, scanning only minutes not scanned before. */
  private latestOccurrence(
    schedule: { matcher: ScheduledTask; scannedTo: number | undefined },
    now: number,
  ): number | undefined {
    const last = Math.floor(now / minute) * minute;
    const earliest = Math.max(now - this.options.catchUpGraceMs, schedule.scannedTo ?? Number.NEGATIVE_INFINITY);
    schedule.scannedTo = last;
    for (let at = last; at > earliest; at -= minute) {
      if (schedule.matcher.match(new Date(at))) return at;
    }
    return undefined;
  }
}
