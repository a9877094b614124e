// The update queue and getUpdates long polling, with Telegram's confirmation and conflict rules.
import type { EventEmitter } from 'node:events';
import { ApiError, GETUPDATES_CONFLICT } from './errors.ts';
import type { Update } from './types.ts';

/** Update types Telegram leaves out unless allowed_updates names them. */
const OPT_IN_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export function updateType(u: Update): string {
  return Object.keys(u).find((k) => k !== 'update_id') ?? 'unknown';
}

interface HeldPoll {
  limit: number;
  finish: (result: Update[] | ApiError) => void;
  timer: NodeJS.Timeout;
}

export interface PollParams {
  offset?: unknown;
  limit?: unknown;
  timeout?: unknown;
  allowed_updates?: unknown;
}

export class UpdateQueue {
  private pending: Update[] = [];
  private nextId = 1;
  /** The highest offset getUpdates was called with: updates below it are confirmed. */
  confirmedOffset = 0;
  private allowed: string[] | undefined;
  private held: HeldPoll | undefined;

  constructor(private readonly events: EventEmitter) {}

  enqueue(raw: Record<string, unknown>): Update {
    const given = raw.update_id;
    const id = typeof given === 'number' && Number.isInteger(given) ? given : this.nextId;
    this.nextId = Math.max(this.nextId, id + 1);
    const update = { ...raw, update_id: id } as unknown as Update;
    const last = this.pending[this.pending.length - 1];
    this.pending.push(update);
    if (last !== undefined && last.update_id > id) this.pending.sort((a, b) => a.update_id - b.update_id);
    this.events.emit('update', update);
    this.wakeHeld();
    return update;
  }

  /** Updates enqueued and not yet confirmed. */
  count(): number {
    return this.pending.length;
  }

  private isAllowed(u: Update): boolean {
    const type = updateType(u);
    if (this.allowed === undefined || this.allowed.length === 0) return !OPT_IN_TYPES.has(type);
    return this.allowed.includes(type);
  }

  private collect(limit: number): Update[] {
    // updates of types the bot did not ask for are never delivered: Telegram drops them
    this.pending = this.pending.filter((u) => this.isAllowed(u));
    return structuredClone(this.pending.slice(0, limit));
  }

  private confirm(offset: number): void {
    if (offset > 0) {
      this.pending = this.pending.filter((u) => u.update_id >= offset);
      if (offset > this.confirmedOffset) {
        this.confirmedOffset = offset;
        this.events.emit('confirmed', offset);
      }
    } else if (offset < 0) {
      // negative offsets keep only the last |offset| updates
      this.pending = this.pending.slice(offset);
    }
  }

  private wakeHeld(): void {
    const held = this.held;
    if (!held) return;
    const result = this.collect(held.limit);
    if (result.length === 0) return;
    this.held = undefined;
    clearTimeout(held.timer);
    held.finish(result);
  }

  /** getUpdates: answers at once if updates are pending, else holds up to `timeout` seconds. */
  poll(params: PollParams, signal: AbortSignal): Promise<Update[]> {
    // a newer request terminates the one being held
    const previous = this.held;
    if (previous) {
      this.held = undefined;
      clearTimeout(previous.timer);
      previous.finish(new ApiError(409, GETUPDATES_CONFLICT));
    }
    const offset = typeof params.offset === 'number' ? params.offset : 0;
    this.confirm(offset);
    if (Array.isArray(params.allowed_updates)) {
      this.allowed = params.allowed_updates.filter((t): t is string => typeof t === 'string');
    }
    const rawLimit = typeof params.limit === 'number' ? params.limit : 100;
    const limit = rawLimit <= 0 ? 100 : Math.min(100, Math.max(1, Math.floor(rawLimit)));
    const timeout = typeof params.timeout === 'number' && params.timeout > 0 ? params.timeout : 0;
    const now = this.collect(limit);
    if (now.length > 0 || timeout === 0 || signal.aborted) return Promise.resolve(now);
    return new Promise<Update[]>((resolve, reject) => {
      const held: HeldPoll = {
        limit,
        finish: (r) => (r instanceof ApiError ? reject(r) : resolve(r)),
        timer: setTimeout(() => {
          if (this.held === held) this.held = undefined;
          resolve(this.collect(limit));
        }, timeout * 1000),
      };
      this.held = held;
      this.events.emit('held');
      signal.addEventListener(
        'abort',
        () => {
          // the client went away: forget the request, its updates stay pending
          if (this.held === held) this.held = undefined;
          clearTimeout(held.timer);
          resolve([]);
        },
        { once: true },
      );
    });
  }

  /** Whether a getUpdates request is being held right now. */
  get polling(): boolean {
    return this.held !== undefined;
  }

  /** Answers a held request with an empty result (used on close). */
  releaseHeld(): void {
    const held = this.held;
    if (!held) return;
    this.held = undefined;
    clearTimeout(held.timer);
    held.finish([]);
  }

  /** The oldest pending update of an allowed type, for webhook delivery (not removed until confirmed). */
  nextDeliverable(): Update | undefined {
    const [first] = this.collect(1);
    return first;
  }

  /** A webhook delivery of `updateId` was answered 2xx: it is confirmed, as getUpdates with a later offset would. */
  confirmDelivered(updateId: number): void {
    this.confirm(updateId + 1);
  }

  /** setWebhook's allowed_updates, like getUpdates's. */
  setAllowed(types: unknown): void {
    if (Array.isArray(types)) this.allowed = types.filter((t): t is string => typeof t === 'string');
  }

  /** deleteWebhook / setWebhook with drop_pending_updates. */
  dropPending(): void {
    this.pending = [];
  }
}
