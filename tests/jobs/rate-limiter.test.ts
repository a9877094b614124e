import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/jobs/rate-limiter.ts';

const limits = { perSecond: 30, perGroupPerMinute: 20, perPrivatePerSecond: 1 };
const group = -100;
const user = 42;

interface Send {
  chatId: number;
  sentAt: number;
  answeredAt: number;
}

/**
 * Sends to `chatIds` as fast as the limiter allows, up to `concurrency` at once (one per chat, as the outbox does),
 * each answered `latency(i)` ms after it left: a small event-driven simulation of the outbox against Telegram.
 */
function simulate(
  limiter: RateLimiter,
  chatIds: number[],
  latency: (i: number) => number = () => 0,
  concurrency = 8,
): Send[] {
  const sends: Send[] = [];
  const flying: Send[] = [];
  let next = 0;
  let now = 0;
  while (next < chatIds.length || flying.length > 0) {
    let wait = Number.POSITIVE_INFINITY;
    while (next < chatIds.length && flying.length < concurrency) {
      const chatId = chatIds[next]!;
      if (flying.some((s) => s.chatId === chatId)) break;
      const delay = limiter.delayFor(chatId, now);
      if (delay > 0) {
        wait = delay;
        break;
      }
      limiter.sent(chatId);
      const send = { chatId, sentAt: now, answeredAt: now + latency(next) };
      sends.push(send);
      flying.push(send);
      next++;
    }
    const answer = Math.min(...flying.map((s) => s.answeredAt));
    now = Math.min(answer, now + wait);
    for (const s of flying.filter((f) => f.answeredAt <= now)) {
      limiter.answered(s.chatId, s.answeredAt);
      flying.splice(flying.indexOf(s), 1);
    }
  }
  return sends;
}

/** The most of `times` in any window of `windowMs` (Telegram's sliding window: (t - window, t]). */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0; i < sorted.length; i++) {
    let n = 0;
    for (let j = i; j < sorted.length && sorted[j]! < sorted[i]! + windowMs; j++) n++;
    max = Math.max(max, n);
  }
  return max;
}

describe('RateLimiter', () => {
  it('lets no more than 20 messages a minute into one group', () => {
    const sends = simulate(
      new RateLimiter(limits),
      Array.from({ length: 50 }, () => group),
    );
    expect(
      maxInWindow(
        sends.map((s) => s.sentAt),
        60_000,
      ),
    ).toBe(20);
    expect(sends[20]!.sentAt).toBe(60_000);
  });

  it('sends a second’s worth at once after a quiet spell, then waits for the window to pass after their answers', () => {
    const chats = Array.from({ length: 300 }, (_, i) => -1000 - i);
    const sends = simulate(new RateLimiter(limits), chats, () => 5, 30);
    expect(sends.slice(0, 30).every((s) => s.sentAt === 0)).toBe(true);
    expect(sends[30]!.sentAt).toBe(1005);
    // ten bursts of 30, each a second after the answers of the one before: the 300th leaves 9 × 1,005 ms after the first
    expect(sends[299]!.sentAt).toBe(9 * 1005);
  });

  it('says how many may go now: none while the window is full, then one per answer leaving it', () => {
    const limiter = new RateLimiter(limits);
    expect(limiter.globalRoom(0)).toBe(30);
    for (let i = 0; i < 28; i++) limiter.sent(-1000 - i);
    expect(limiter.globalRoom(0)).toBe(2);
    for (let i = 0; i < 28; i++) limiter.answered(-1000 - i, 10 + i);
    limiter.sent(-2000);
    limiter.sent(-2001);
    expect(limiter.globalRoom(500)).toBe(0);
    expect(limiter.globalDelay(500)).toBe(510);
    // the first two answers left the window
    expect(limiter.globalRoom(1011)).toBe(2);
    expect(limiter.globalDelay(1011)).toBe(0);
    // four at once: two more answers must leave, the later of them (answered at 13) at 1,013
    expect(limiter.globalDelay(1011, 4)).toBe(2);
    expect(limiter.globalDelay(1013, 4)).toBe(0);
    // more than the sends in flight leave room for: not before one of them is answered
    expect(limiter.globalDelay(1013, 29)).toBe(1000);
  });

  it('never lets Telegram count more than 30 in a second, wherever between send and answer it counts each', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 120, maxLength: 120 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 120, maxLength: 120 }),
        fc.integer({ min: 1, max: 40 }),
        (latencies, where, concurrency) => {
          const chats = Array.from({ length: 120 }, (_, i) => -1000 - i);
          const sends = simulate(new RateLimiter(limits), chats, (i) => latencies[i]!, concurrency);
          // Telegram counts a send when it arrives: any moment from its leaving to its answer
          const counted = sends.map((s, i) => s.sentAt + where[i]! * (s.answeredAt - s.sentAt));
          expect(maxInWindow(counted, 1000)).toBeLessThanOrEqual(30);
          expect(sends).toHaveLength(120);
        },
      ),
    );
  });

  it('spaces messages into one private chat a second after each answer', () => {
    const sends = simulate(new RateLimiter(limits), [user, user, user], () => 10);
    expect(sends.map((s) => s.sentAt)).toEqual([0, 1010, 2020]);
  });

  it('holds a chat after a 429 until retry_after has passed', () => {
    const limiter = new RateLimiter(limits);
    limiter.pause(group, 5000);
    expect(limiter.delayFor(group, 1000)).toBe(4000);
    expect(limiter.delayFor(-200, 1000)).toBe(0);
    expect(limiter.delayFor(group, 5000)).toBe(0);
  });

  it('counts a send that has not been answered yet, however long it takes', () => {
    const limiter = new RateLimiter({ ...limits, perSecond: 2 });
    limiter.sent(-1);
    limiter.sent(-2);
    expect(limiter.globalDelay(60_000)).toBeGreaterThan(0);
    limiter.answered(-1, 60_000);
    expect(limiter.globalDelay(60_000)).toBe(1000);
    expect(limiter.globalDelay(61_000)).toBe(0);
  });

  it('forgets chats whose window has passed', () => {
    const limiter = new RateLimiter(limits);
    simulate(limiter, [group, user]);
    limiter.prune(120_000);
    expect(limiter.delayFor(group, 120_000)).toBe(0);
    expect((limiter as unknown as { perChat: Map<number, unknown> }).perChat.size).toBe(0);
  });
});
