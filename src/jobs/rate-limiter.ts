/** Telegram's limits, kept a little under the published ones by the config's defaults. */
export interface RateLimits {
  /** Messages per second over all chats (Telegram: about 30). */
  perSecond: number;
  /** Messages per minute into one group (Telegram: 20). */
  perGroupPerMinute: number;
  /** Messages per second into one private chat (Telegram: about 1). */
  perPrivatePerSecond: number;
}

/**
 * Sliding-window accounting of sends, so the outbox never provokes a 429. Pure: time is passed in, which is
 * the process's monotonic time, not the bot's (possibly moved) clock.
 */
export class RateLimiter {
  private readonly global: number[] = [];
  private readonly perChat = new Map<number, number[]>();
  private readonly pausedUntil = new Map<number, number>();
  /** When the next message is due on an even spacing (the schedule, not the last send: see `record`). */
  private nextSlot = Number.NEGATIVE_INFINITY;

  constructor(private readonly limits: RateLimits) {}

  /** Milliseconds until a message may go to `chatId` (0: now). */
  delayFor(chatId: number, now: number): number {
    return Math.max(this.globalDelay(now), this.chatDelay(chatId, now));
  }

  /** Milliseconds until any message may go (0: now). */
  globalDelay(now: number): number {
    // evenly spaced rather than in bursts: requests that leave in a burst after a pause of the event loop
    // would reach Telegram closer together than they were counted here
    return Math.max(0, this.nextSlot - now, waitFor(this.global, this.limits.perSecond, 1000, now));
  }

  /** Milliseconds until this chat's own limit (or a 429's pause) lets a message go to it (0: now). */
  chatDelay(chatId: number, now: number): number {
    const [limit, window] = windowOf(chatId, this.limits);
    const log = this.perChat.get(chatId);
    const chatWait = log ? waitFor(log, limit, window, now) : 0;
    const paused = (this.pausedUntil.get(chatId) ?? 0) - now;
    return Math.max(0, chatWait, paused);
  }

  /** Counts a message sent to `chatId` at `now`. */
  record(chatId: number, now: number): void {
    // a send a little late (timers fire late) does not push the whole schedule back, or the pace would fall
    // short of the limit; after a pause the schedule starts again from now. The window count stays the cap.
    const interval = 1000 / this.limits.perSecond;
    this.nextSlot = now - this.nextSlot < interval ? this.nextSlot + interval : now + interval;
    this.global.push(now);
    let log = this.perChat.get(chatId);
    if (!log) {
      log = [];
      this.perChat.set(chatId, log);
    }
    log.push(now);
  }

  /** Telegram answered 429 for this chat: nothing goes there before `until`. */
  pause(chatId: number, until: number): void {
    this.pausedUntil.set(chatId, Math.max(until, this.pausedUntil.get(chatId) ?? 0));
  }

  /** Drops what no window needs any more (bounded memory however many chats). */
  prune(now: number): void {
    trim(this.global, 1000, now);
    for (const [chatId, log] of this.perChat) {
      trim(log, windowOf(chatId, this.limits)[1], now);
      if (log.length === 0) this.perChat.delete(chatId);
    }
    for (const [chatId, until] of this.pausedUntil) if (until <= now) this.pausedUntil.delete(chatId);
  }
}

/** Private chats have positive ids (the user's), groups negative. */
function windowOf(chatId: number, limits: RateLimits): [limit: number, windowMs: number] {
  return chatId > 0 ? [limits.perPrivatePerSecond, 1000] : [limits.perGroupPerMinute, 60_000];
}

function trim(log: number[], windowMs: number, now: number): void {
  let drop = 0;
  while (drop < log.length && log[drop]! <= now - windowMs) drop++;
  if (drop > 0) log.splice(0, drop);
}

function waitFor(log: number[], limit: number, windowMs: number, now: number): number {
  trim(log, windowMs, now);
  if (log.length < limit) return 0;
  // the oldest send that keeps the window full must leave it first
  return log[log.length - limit]! + windowMs - now;
}
