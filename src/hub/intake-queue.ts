import type pg from 'pg';
import type { Logger } from 'pino';
import { type DistrictEvent, storeEvents } from './intake.store.ts';

interface Waiting extends DistrictEvent {
  resolve: (outcome: 'stored' | 'duplicate') => void;
  reject: (err: unknown) => void;
}

export interface IntakeQueueOptions {
  pool: pg.Pool;
  logger: Logger;
  /** Events in one commit at most; default 500. */
  maxBatch?: number;
  /** Commits under way at once (each holds a pooled connection); default 2. */
  maxCommits?: number;
}

/**
 * Group commit for the districts' events (the hub's counterpart of the bot's `GroupCommit`): each district's webhook
 * sends one event per request and waits for the answer, so twenty districts are twenty requests in flight, each of
 * which would otherwise pay a commit (a round trip and a WAL flush) of its own. Events that arrive while a commit is
 * under way wait for the next one and share it: one statement, one commit, then every request of the batch is
 * answered. Nothing is answered before its commit; a batch that fails is tried again event by event, so one bad event
 * fails only its own request (503, the district retries) and never its neighbours'.
 */
export class IntakeQueue {
  private waiting: Waiting[] = [];
  private commits = 0;
  private scheduled = false;
  private readonly maxBatch: number;
  private readonly maxCommits: number;

  constructor(private readonly options: IntakeQueueOptions) {
    this.maxBatch = options.maxBatch ?? 500;
    this.maxCommits = options.maxCommits ?? 2;
  }

  /** Stores the event with the others of its batch; resolves once committed (`duplicate`: stored before). */
  store(districtId: string, event: DistrictEvent['event']): Promise<'stored' | 'duplicate'> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ districtId, event, resolve, reject });
      this.schedule();
    });
  }

  /** At the end of this turn of the event loop, so the requests that arrived together go together. */
  private schedule(): void {
    if (this.scheduled || this.commits >= this.maxCommits || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.waiting.length > 0 && this.commits < this.maxCommits) {
        const batch = this.waiting.splice(0, this.maxBatch);
        this.commits++;
        void this.commit(batch).finally(() => {
          this.commits--;
          this.schedule();
        });
      }
    });
  }

  private async commit(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await storeEvents(this.options.pool, batch);
      batch.forEach((w, i) => {
        w.resolve(outcomes[i]!);
      });
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      this.options.logger.warn(
        { err: err instanceof Error ? err.message : String(err), events: batch.length },
        'a batch of events failed; storing them one by one',
      );
      for (const one of batch) await this.commit([one]);
    }
  }
}
