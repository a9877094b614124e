/** Telegram's limits (the config's defaults are the published ones but for groups, kept a little under). */
export interface RateLimits {
  /** Messages per second over all chats (Telegram: about 30). */
  perSecond: number;
  /** Messages per minute into one group (Telegram: 20). */
  perGroupPerMinute: number;
  /** Messages per second into one private chat (Telegram: about 1). */
  perPrivatePerSecond: number;
}

/** A window's count: sends not answered yet, and when each answered one was answered. */
interface Log {
  inFlight: number;
  answeredAt: number[];
}

/**
 * Sliding-window accounting of sends, so the outbox never provokes a 429. A send counts from the moment it leaves
 * until a window has passed after its answer: Telegram counted it somewhere between the two, so a new send is
 * allowed only while fewer than the limit are in flight or answered within the window. However the requests bunch up
 * on the way (a pause of the event loop, a slow network), no window Telegram can see holds more than the limit, and
 * no margin under it is needed: after a quiet spell a whole second's worth goes at once. Pure: time is passed in,
 * which is the process's monotonic time, not the bot's (possibly moved) clock.
 */
export class RateLimiter {
  private readonly global: Log = { inFlight: 0, answeredAt: [] };
  private readonly perChat = new Map<number, Log>();
  private readonly pausedUntil = new Map<number, number>();

  constructor(private readonly limits: RateLimits) {}

  /** Milliseconds until a message may go to `chatId` (0: now). */
  delayFor(chatId: number, now: number): number {
    return Math.max(this.globalDelay(now), this.chatDelay(chatId, now));
  }

  /** Milliseconds until `count` messages (default one) may go over all chats (0: now). */
  globalDelay(now: number, count = 1): number {
    return waitFor(this.global, this.limits.perSecond, 1000, now, count);
  }

  /** How many messages may go now over all chats (0: none before {@link globalDelay}). */
  globalRoom(now: number): number {
    trim(this.global, 1000, now);
    return Math.max(0, this.limits.perSecond - this.global.inFlight - this.global.answeredAt.length);
  }

  /** Milliseconds until this chat's own limit (or a 429's pause) lets a message go to it (0: now). */
  chatDelay(chatId: number, now: number): number {
    const [limit, window] = windowOf(chatId, this.limits);
    const log = this.perChat.get(chatId);
    const chatWait = log ? waitFor(log, limit, window, now) : 0;
    const paused = (this.pausedUntil.get(chatId) ?? 0) - now;
    return Math.max(0, chatWait, paused);
  }

  /** A message to `chatId` leaves now: it counts until a window after its answer. */
  sent(chatId: number): void {
    this.global.inFlight++;
    let log = this.perChat.get(chatId);
    if (!log) {
      log = { inFlight: 0, answeredAt: [] };
      this.perChat.set(chatId, log);
    }
    log.inFlight++;
  }

  /** Telegram answered the message to `chatId` (or the request ended without an answer) at `now`. */
  answered(chatId: number, now: number): void {
    settle(this.global, now);
    const log = this.perChat.get(chatId);
    if (log) settle(log, now);
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
      if (log.inFlight === 0 && log.answeredAt.length === 0) this.perChat.delete(chatId);
    }
    for (const [chatId, until] of this.pausedUntil) if (until <= now) this.pausedUntil.delete(chatId);
  }
}

/** Private chats have positive ids (the user's), groups negative. */
function windowOf(chatId: number, limits: RateLimits): [limit: number, windowMs: number] {
  return chatId > 0 ? [limits.perPrivatePerSecond, 1000] : [limits.perGroupPerMinute, 60_000];
}

function settle(log: Log, now: number): void {
  log.inFlight = Math.max(0, log.inFlight - 1);
  // answers come in time order (monotonic time), so the list stays sorted
  log.answeredAt.push(now);
}

function trim(log: Log, windowMs: number, now: number): void {
  const times = log.answeredAt;
  let drop = 0;
  while (drop < times.length && times[drop]! <= now - windowMs) drop++;
  if (drop > 0) times.splice(0, drop);
}

function waitFor(log: Log, limit: number, windowMs: number, now: number, count = 1): number {
  trim(log, windowMs, now);
  // the places the answered sends may still take in the window, `count` of them kept for the sends asked about
  const room = limit - log.inFlight - count + 1;
  if (log.answeredAt.length < room) return 0;
  // every place taken by sends not answered yet: the earliest answer frees one a window later
  if (room <= 0) return windowMs;
  // the answers that keep the window full must leave it first, the last of them at this index
  return log.answeredAt[log.answeredAt.length - room]! + windowMs - now;
}
