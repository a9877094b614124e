// Sliding-window flood limits like Telegram's: global per second, per group per minute, per private chat per second.
import type { ChatType, RateLimitSettings } from './types.ts';

interface Window {
  limit: number;
  ms: number;
  stamps: number[];
}

export class RateLimiter {
  private settings: Required<RateLimitSettings> | undefined;
  private global: number[] = [];
  private perChat = new Map<number, number[]>();

  constructor(settings: false | RateLimitSettings | undefined) {
    this.configure(settings);
  }

  configure(settings: false | RateLimitSettings | undefined): void {
    this.settings =
      settings === false || settings === undefined
        ? undefined
        : {
            perSecond: settings.perSecond ?? 30,
            perGroupPerMinute: settings.perGroupPerMinute ?? 20,
            perPrivatePerSecond: settings.perPrivatePerSecond ?? 1,
          };
  }

  get enabled(): boolean {
    return this.settings !== undefined;
  }

  private windows(chatId: number, type: ChatType): Window[] {
    const s = this.settings;
    if (!s) return [];
    const chat = this.perChat.get(chatId) ?? [];
    this.perChat.set(chatId, chat);
    const list: Window[] = [{ limit: s.perSecond, ms: 1000, stamps: this.global }];
    if (type === 'private') list.push({ limit: s.perPrivatePerSecond, ms: 1000, stamps: chat });
    else list.push({ limit: s.perGroupPerMinute, ms: 60_000, stamps: chat });
    return list;
  }

  /** Seconds to wait before a send into this chat is allowed, or 0 if it is allowed now. */
  retryAfter(chatId: number, type: ChatType, now: number): number {
    let waitMs = 0;
    for (const w of this.windows(chatId, type)) {
      const recent = w.stamps.filter((t) => t > now - w.ms);
      if (recent.length >= w.limit) {
        // the window frees once enough of the oldest sends have aged out
        const freeing = recent[recent.length - w.limit];
        if (freeing !== undefined) waitMs = Math.max(waitMs, freeing + w.ms - now);
      }
    }
    return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : 0;
  }

  record(chatId: number, type: ChatType, now: number): void {
    if (!this.settings) return;
    for (const w of this.windows(chatId, type)) {
      w.stamps.push(now);
      // keep each window's stamps only as long as it counts them, so a check stays short at hundreds per second
      let drop = 0;
      while (drop < w.stamps.length && (w.stamps[drop] ?? 0) <= now - w.ms) drop++;
      if (drop > 0) w.stamps.splice(0, drop);
    }
  }
}
