import { EventEmitter } from 'node:events';
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import type { Logger } from 'pino';
import { telegramFetch } from '../bot/telegram-fetch.ts';
import type { Clock } from '../core/clock.ts';
import { renderWorkbook } from '../core/workbook.ts';
import type { GroupCommit } from '../db/group-commit.ts';
import type { Db, Tx } from '../db/open.ts';
import type { SendResult } from '../ops/metrics.ts';
import {
  type DueMessage,
  deferMessage,
  duePending,
  type GoingRow,
  markAlreadyShown,
  markChatClosed,
  markFailed,
  markSent,
  nextRetryAt,
  type OutboxRow,
  type OutgoingDocument,
  outboxRows,
  redirectMessage,
  scheduleRetry,
  sentMessageId,
} from './outbox.store.ts';
import { RateLimiter, type RateLimits } from './rate-limiter.ts';
import { WakeableWait } from './wakeable-wait.ts';

/**
 * The most messages in flight by default, for a pace set far above Telegram's: the bench's, lifted, did as well with
 * 64 as with no bound (729 against 748 us of CPU per update), and the bound keeps the connections and each read of the
 * queue small.
 */
const maxInFlight = 64;

/** With places free but only a few, the queue is still read this often. */
const lookEveryMs = 10;

/** Places enough to read the queue for at once, rather than for each as it frees. */
const fewPlaces = 4;

export interface OutboxSenderOptions {
  db: Db;
  token: string;
  apiRoot?: string;
  /** The bot's clock: decides when a message held for quiet hours may go. */
  clock: Clock;
  logger: Logger;
  limits: RateLimits;
  /**
   * Messages in flight at once (never two into the same chat, which keeps each chat's order); default the pace's
   * second's worth (`limits.perSecond`), so the pace alone decides: at 8, a Telegram 300 ms away (a district behind a
   * proxy) would have held a broadcast to 27 a second, and a city alert's first 30 copies waited on each other. At
   * most {@link maxInFlight}, however fast a pace is set.
   */
  concurrency?: number;
  /** Tries after network errors and 5xx before a message is given up. */
  maxAttempts?: number;
  /**
   * A message (a card) is edited at most this often: an edit goes at once when the message was not edited within
   * this interval (a quiet chat); edits that come faster wait for its end, folded into the newest (under load).
   */
  editIntervalMs?: number;
  /**
   * The group commit holding the handlers' changes, if any. It is committed before each read of the queue (only what
   * is committed may be sent), and the deliveries recorded since the last read are written in it: one commit for
   * both rather than two. Without one, each read's deliveries are recorded in a transaction of their own.
   */
  group?: Pick<GroupCommit, 'change' | 'flush'>;
  /** Process time in ms for rate windows and backoff (monotonic; tests may pass their own). */
  wallClock?: () => number;
  /** Told how each Bot API call ended (the metrics). */
  onSendEnded?: (result: SendResult) => void;
  /** Called in the transaction that gives a message up, so whoever sent it can be told (the features' hooks). */
  onGivenUp?: (tx: Tx, row: OutboxRow, reason: string, at: number) => void;
  /**
   * Draws a message queued with `payload.render: { name, id }` as it goes (the features' renderers): the fields it
   * shows, or undefined when there is nothing left to show (it is then recorded as sent, having nothing to say).
   */
  render?: (name: string, id: number) => Record<string, unknown> | undefined;
}

/** The late-rendered part of a payload, if it has one. */
function renderOf(payload: Record<string, unknown>): { name: string; id: number } | undefined {
  const render = payload.render as { name?: unknown; id?: unknown } | undefined;
  return typeof render?.name === 'string' && typeof render.id === 'number'
    ? { name: render.name, id: render.id }
    : undefined;
}

/** A document's bytes: its text as UTF-8, or its workbook rendered (its content was fixed when it was queued). */
async function documentBytes(doc: OutgoingDocument): Promise<Buffer> {
  return 'workbook' in doc ? renderWorkbook(doc.workbook) : Buffer.from(doc.content, 'utf8');
}

/**
 * The message an edit changes (by its ref: `target_ref`, the `message_ref` of its payload), for the edit interval;
 * undefined for sends and pins.
 */
function editedRef(row: Pick<OutboxRow, 'method' | 'targetRef'>): string | undefined {
  return row.method.startsWith('edit') ? (row.targetRef ?? undefined) : undefined;
}

const permanentBadRequest =
  /chat not found|user not found|bot was kicked|bot is not a member|chat_write_forbidden|have no rights|not enough rights|PEER_ID_INVALID/i;

/**
 * The one sender of the outbox: delivers queued messages in order per chat, within Telegram's limits, obeying
 * `retry_after`, retrying 5xx and network errors with backoff, recording each message's id, and giving up
 * (audited) on chats the bot can no longer write to.
 */
export class OutboxSender {
  private readonly limiter: RateLimiter;
  private readonly api: Api;
  private readonly events = new EventEmitter();
  private readonly inFlight = new Map<number, Promise<void>>();
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly waiting = new WakeableWait();
  /** Sent, not yet recorded as sent. */
  private readonly delivered: Array<{ row: OutboxRow; messageId: number | null; sentAt: number }> = [];
  /** Chats at their own limit (or paused by a 429), until when. */
  private readonly waitingChats = new Map<number, number>();
  private readonly wall: () => number;
  /** When each message (by ref) was last edited (an edit Telegram took), for the edit interval. */
  private readonly lastEdit = new Map<string, number>();

  constructor(private readonly options: OutboxSenderOptions) {
    this.limiter = new RateLimiter(options.limits);
    // no auto-retry here: this sender decides about every retry itself
    const apiRoot = options.apiRoot ?? 'https://api.telegram.org';
    // its own connection pool: a socket the server drops mid-answer must not take the bot's polling down with it
    this.api = new Api(options.token, { apiRoot, timeoutSeconds: 30, fetch: telegramFetch() });
    this.wall = options.wallClock ?? (() => performance.timeOrigin + performance.now());
    this.events.setMaxListeners(0);
  }

  /** Starts delivering in the background; a second call does nothing. An error that stops it is logged as fatal. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run().catch((err: unknown) => {
      this.running = false;
      this.options.logger.fatal({ err }, 'outbox sender stopped by an error');
    });
  }

  /** Something was queued (or the clock moved): look again now instead of at the next timer. */
  wake(): void {
    this.waiting.wake();
  }

  /** Stops after the messages in flight are answered; pending ones stay queued for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
  }

  /** Resolves when nothing due is pending or in flight (for tests and the sandbox). */
  idle(timeoutMs = 10_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('idle', done);
        reject(new Error(`outbox not idle after ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.events.once('idle', done);
      this.wake();
    });
  }

  /** Fires with each delivered row (features may react, tests may count). */
  onSent(listener: (row: OutboxRow, messageId: number) => void): () => void {
    this.events.on('sent', listener);
    return () => this.events.off('sent', listener);
  }

  private isIdle(): boolean {
    return (
      this.inFlight.size === 0 && duePending(this.options.db, this.options.clock.now(), this.wall(), 1).length === 0
    );
  }

  private async run(): Promise<void> {
    const concurrency =
      this.options.concurrency ?? Math.max(1, Math.min(maxInFlight, Math.floor(this.options.limits.perSecond)));
    const { db } = this.options;
    let prunedAt = 0;
    let lookedAt = 0;
    let failing = 0;
    while (this.running) {
      try {
        // only what is committed may be sent; and nothing is read while a delivery is not recorded yet (it would
        // still look pending)
        this.commitBeforeReading();
        if (failing > 0) this.options.logger.warn('outbox: the database is writable again; sending');
        failing = 0;
      } catch (err) {
        // a full disk, a locked database: wait and try again rather than stop sending for good
        if (failing === 0) {
          this.options.logger.error(
            { err: err instanceof Error ? err.message : String(err) },
            'outbox: cannot write to the database; holding the queue and retrying',
          );
        }
        failing++;
        await this.sleep(Math.min(30_000, 500 * 2 ** Math.min(failing, 6)));
        continue;
      }
      const wallNow = this.wall();
      if (wallNow - prunedAt >= 1000) {
        prunedAt = wallNow;
        this.limiter.prune(wallNow);
        for (const [ref, at] of this.lastEdit)
          if (at + (this.options.editIntervalMs ?? 0) <= wallNow) this.lastEdit.delete(ref);
      }
      let soonest = Number.POSITIVE_INFINITY;
      for (const [chatId, until] of this.waitingChats) {
        if (until <= wallNow) this.waitingChats.delete(chatId);
        else soonest = Math.min(soonest, until - wallNow);
      }
      const free = concurrency - this.inFlight.size;
      // at the global limit nothing could go: the queue is not read until a place in the window frees (under a
      // broadcast, every answer would otherwise read a page of messages only to leave them all)
      let limitWait = free > 0 ? this.limiter.globalDelay(wallNow) : 0;
      // at the pace places free one answer at a time: those freeing within a look's time go together, one look and
      // one commit for a few of them rather than each
      const together = Math.min(fewPlaces, free);
      if (limitWait === 0 && together > 1) {
        const togetherWait = this.limiter.globalDelay(wallNow, together);
        if (togetherWait <= lookEveryMs) limitWait = togetherWait;
      }
      // not a millisecond early: Telegram counts a send that comes a fraction of one too soon (the wait is slept as 1 ms)
      const atLimit = limitWait > 0;
      if (atLimit) soonest = Math.min(soonest, limitWait);
      // under load the queue is read when a few places are free rather than after every message, and at least
      // every few milliseconds while any place is (answers that take long must not hold up the rest)
      const worthLooking =
        free > 0 &&
        !atLimit &&
        (free >= Math.min(fewPlaces, concurrency) || this.inFlight.size === 0 || wallNow - lookedAt >= lookEveryMs);
      if (free > 0 && !atLimit && !worthLooking) soonest = Math.min(soonest, lookEveryMs);
      if (worthLooking) lookedAt = wallNow;
      // chats with a message in flight or at their limit are left out, so a few of them cannot hold up the rest
      // a few more than may go, for chats found at their own limit; no more than the global limit lets go now (at
      // the pace of a broadcast one place frees at a time: a page of whole messages read for each would be wasted)
      const due = worthLooking
        ? duePending(db, this.options.clock.now(), wallNow, Math.min(2 * free, this.limiter.globalRoom(wallNow)) + 2, [
            ...this.inFlight.keys(),
            ...this.waitingChats.keys(),
          ])
        : [];
      // later messages of a chat wait behind its first, whatever happens to it
      const firstOfChat = due.filter((m, i) => due.findIndex((other) => other.chatId === m.chatId) === i);
      const going: DueMessage[] = [];
      for (const row of firstOfChat) {
        if (this.inFlight.size + going.length >= concurrency) break;
        const globalWait = this.limiter.globalDelay(wallNow);
        if (globalWait > 0) {
          soonest = Math.min(soonest, globalWait);
          break;
        }
        const chatWait = this.limiter.chatDelay(row.chatId, wallNow);
        if (chatWait > 0) {
          this.waitingChats.set(row.chatId, wallNow + chatWait);
          soonest = Math.min(soonest, chatWait);
          continue;
        }
        const ref = editedRef(row);
        if (ref !== undefined) {
          // a card re-rendered under a burst of presses shows its latest state at most every editInterval; in a
          // quiet chat (no edit within the interval) it changes at once
          const editedAt = this.lastEdit.get(ref);
          const editWait = editedAt === undefined ? 0 : editedAt + (this.options.editIntervalMs ?? 0) - wallNow;
          if (editWait > 0) {
            deferMessage(db, row.id, wallNow + editWait);
            this.waiting.wake();
            continue;
          }
        }
        this.limiter.sent(row.chatId);
        going.push(row);
      }
      // the whole rows of those that go, in one read (nothing ran since they were listed: each is still pending)
      const rows = new Map(
        outboxRows(
          db,
          going.map((m) => m.id),
        ).map((row) => [row.id, row]),
      );
      for (const { id, chatId } of going) {
        const row = rows.get(id);
        if (!row) {
          this.limiter.answered(chatId, this.wall());
          continue;
        }
        const task = this.deliver(row, wallNow).finally(() => {
          this.limiter.answered(row.chatId, this.wall());
          this.inFlight.delete(row.chatId);
          this.wake();
        });
        this.inFlight.set(row.chatId, task);
      }
      if (!atLimit && this.inFlight.size === 0 && this.waitingChats.size === 0 && due.length === 0)
        this.events.emit('idle');
      // a delivery ending wakes the loop anyway; with nothing in flight, a backoff or deferred edit must wake it. At
      // the global limit nothing could go before a place frees (the wait above), so the queue is not searched for one:
      // under a broadcast every answer would search all the pending copies
      if (this.inFlight.size === 0 && !atLimit) {
        const retryAt = nextRetryAt(db, wallNow);
        if (retryAt !== undefined) soonest = Math.min(soonest, retryAt - wallNow);
      }
      // held messages (quiet hours) follow the bot's clock, which may jump: look again at least every second
      await this.sleep(Math.max(1, Math.min(soonest, 1000)));
    }
    await Promise.allSettled(this.inFlight.values());
    this.commitBeforeReading();
  }

  /** Waits `ms`, or until woken (the answers and updates that arrive together make one look, not one each). */
  private sleep(ms: number): Promise<void> {
    return this.running ? this.waiting.wait(ms) : Promise.resolve();
  }

  /** Sends the row; `startedAt` (wall clock) is when an edit counts as made for the edit interval, if it is. */
  private async deliver(row: GoingRow, startedAt: number): Promise<void> {
    const { db, logger } = this.options;
    if (row.chatClosed) {
      this.fail(row, 'chat closed to the bot (removed, kicked or blocked)');
      return;
    }
    const target = row.payload.message_ref;
    if (typeof target === 'string') {
      if (!sentMessageId(db, target)) {
        if (row.attempts + 1 >= (this.options.maxAttempts ?? 12)) this.fail(row, `${target} was never sent`);
        else
          scheduleRetry(db, row.id, {
            attempts: row.attempts + 1,
            retryAt: this.wall() + 1000 * (row.attempts + 1),
            error: `waiting for ${target} to be sent`,
          });
        return;
      }
    }
    let payload = row.payload;
    const late = renderOf(payload);
    if (late) {
      const { render: _render, ...rest } = payload;
      const drawn = this.options.render?.(late.name, late.id);
      if (drawn === undefined) {
        markAlreadyShown(db, row.id, this.options.clock.now(), `nothing to render for ${late.name} ${late.id}`);
        return;
      }
      payload = { ...rest, ...drawn };
    }
    try {
      const result = await this.call(row, payload);
      // only an edit Telegram took starts the interval: one that waited for its message to be sent, or failed and
      // is tried again, changed nothing the chat sees, so it must not hold up the next
      const ref = editedRef(row);
      if (ref !== undefined) this.lastEdit.set(ref, startedAt);
      const messageId =
        typeof result === 'object' && result !== null && 'message_id' in result ? Number(result.message_id) : null;
      // recorded with the others delivered meanwhile, in one commit, before the queue is read again
      this.delivered.push({ row, messageId, sentAt: this.options.clock.now() });
      this.options.onSendEnded?.('ok');
      if (row.ambiguous)
        logger.warn(
          { outboxId: row.id, chatId: row.chatId, kind: row.kind },
          'outbox: delivered after an ambiguous failure; the chat may show it twice',
        );
    } catch (err) {
      this.handleFailure(row, err);
    }
  }

  private call(row: OutboxRow, full: Record<string, unknown>): Promise<unknown> {
    const { message_ref: ref, ...payload } = full;
    const params: Record<string, unknown> = { chat_id: row.chatId, ...payload };
    if (typeof ref === 'string') {
      const target = sentMessageId(this.options.db, ref);
      if (target) Object.assign(params, { chat_id: target.chatId, message_id: target.messageId });
    }
    // the payload was built by our own features for exactly this method
    const raw = this.api.raw as unknown as Record<string, (p: Record<string, unknown>) => Promise<unknown>>;
    const method = raw[row.method];
    if (!method) throw new Error(`outbox: unknown method ${row.method}`);
    if (row.method !== 'sendDocument') return method(params);
    const doc = row.payload.document as OutgoingDocument;
    return documentBytes(doc).then((bytes) => method({ ...params, document: new InputFile(bytes, doc.filename) }));
  }

  private handleFailure(row: OutboxRow, err: unknown): void {
    const { db, logger } = this.options;
    const attempts = row.attempts + 1;
    const wallNow = this.wall();
    if (err instanceof GrammyError) {
      const retryAfter = err.parameters.retry_after;
      const ended =
        err.error_code === 429 ? '429' : err.error_code === 403 ? '403' : err.error_code >= 500 ? '5xx' : 'failed';
      this.options.onSendEnded?.(ended);
      if (err.error_code === 429 && retryAfter !== undefined) {
        this.limiter.pause(row.chatId, wallNow + retryAfter * 1000);
        scheduleRetry(db, row.id, { retryAt: wallNow + retryAfter * 1000, error: err.description });
        logger.warn({ outboxId: row.id, chatId: row.chatId, retryAfter }, 'outbox: 429, waiting retry_after');
        return;
      }
      const migratedTo = err.parameters.migrate_to_chat_id;
      if (migratedTo !== undefined) {
        if (row.attempts + 1 >= (this.options.maxAttempts ?? 12)) this.fail(row, `still moving: ${err.description}`);
        else redirectMessage(db, row, migratedTo, err.description, wallNow + 500 * row.attempts);
        return;
      }
      if (err.error_code === 403 || (err.error_code === 400 && permanentBadRequest.test(err.description))) {
        // a pin or an edit refused for lack of rights says nothing about whether the bot may still post there
        if (row.method.startsWith('send')) markChatClosed(db, row.chatId, this.options.clock.now());
        this.fail(row, err.description);
        return;
      }
      if (err.error_code === 400 && /message is not modified/.test(err.description)) {
        // the chat already shows exactly this: the edit's goal is met
        markAlreadyShown(db, row.id, this.options.clock.now(), err.description);
        return;
      }
      if (err.error_code < 500) {
        // a request Telegram refuses as such will be refused again
        this.fail(row, err.description);
        return;
      }
    }
    const ambiguous = err instanceof HttpError;
    if (ambiguous) this.options.onSendEnded?.('ambiguous');
    const description = err instanceof GrammyError ? err.description : err instanceof Error ? err.message : String(err);
    if (attempts >= (this.options.maxAttempts ?? 12)) {
      this.fail(row, `gave up after ${attempts} tries: ${description}`);
      return;
    }
    const backoff = Math.min(60_000, 500 * 2 ** (attempts - 1));
    scheduleRetry(db, row.id, { attempts, retryAt: wallNow + backoff, error: description, ambiguous });
    if (ambiguous)
      logger.warn(
        { outboxId: row.id, chatId: row.chatId, kind: row.kind, attempts },
        'outbox: network error, the message may or may not have been delivered (ambiguous); retrying',
      );
    else
      logger.warn(
        { outboxId: row.id, chatId: row.chatId, attempts, error: description },
        'outbox: Telegram error, retrying',
      );
  }

  private fail(row: OutboxRow, reason: string): void {
    const { db, logger, clock, onGivenUp } = this.options;
    const at = clock.now();
    markFailed(db, row, reason, at, onGivenUp ? (tx) => onGivenUp(tx, row, reason, at) : undefined);
    this.wake();
    logger.error({ outboxId: row.id, chatId: row.chatId, kind: row.kind, reason }, 'outbox: message given up');
  }

  /**
   * Records what Telegram took since the last look (one commit for many messages, and with the group's changes if
   * there is a group), then tells listeners: what is read next is committed, and nothing delivered still looks pending.
   */
  private commitBeforeReading(): void {
    const { db, group } = this.options;
    const done = [...this.delivered];
    const record = (tx: Tx) => {
      for (const { row, messageId, sentAt } of done) markSent(tx, row, messageId, sentAt);
    };
    if (group) {
      if (done.length > 0) group.change(record);
      group.flush();
    } else if (done.length > 0) db.transaction(record);
    // kept until committed: a message Telegram took is never sent again because the disk was full a moment
    this.delivered.splice(0, done.length);
    for (const { row, messageId } of done) this.events.emit('sent', row, messageId ?? 0);
  }
}
