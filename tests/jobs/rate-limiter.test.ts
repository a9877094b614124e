import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/jobs/rate-limiter.ts';

const limits = { perSecond: 30, perGroupPerMinute: 20, perPrivatePerSecond: 1 };
const group = -100;
const user = 42;

/** Sends as fast as the limiter allows and returns the send times. */
function sendAll(limiter: RateLimiter, chatIds: number[]): number[] {
  let now = 0;
  const times: number[] = [];
  for (const chatId of chatIds) {
    now += limiter.delayFor(chatId, now);
    limiter.record(chatId, now);
    times.push(now);
  }
  return times;
}

function maxInWindow(times: number[], windowMs: number): number {
  let max = 0;
  for (let i = 0; i < times.length; i++) {
    let n = 0;
    for (let j = i; j < times.length && times[j]! < times[i]! + windowMs; j++) n++;
    max = Math.max(max, n);
  }
  return max;
}

describe('RateLimiter', () => {
  it('lets no more than 20 messages a minute into one group', () => {
    const times = sendAll(
      new RateLimiter(limits),
      Array.from({ length: 50 }, () => group),
    );
    expect(maxInWindow(times, 60_000)).toBe(20);
    expect(times[20]).toBe(60_000);
  });

  it('lets no more than 30 messages a second go out over all chats, evenly spaced', () => {
    const chats = Array.from({ length: 300 }, (_, i) => -1000 - i);
    const times = sendAll(new RateLimiter(limits), chats);
    expect(maxInWindow(times, 1000)).toBe(30);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeCloseTo(1000 / 30, 6);
  });

  it('spaces messages into one private chat a second apart', () => {
    const times = sendAll(new RateLimiter(limits), [user, user, user]);
    expect(times).toEqual([0, 1000, 2000]);
  });

  it('holds a chat after a 429 until retry_after has passed', () => {
    const limiter = new RateLimiter(limits);
    limiter.pause(group, 5000);
    expect(limiter.delayFor(group, 1000)).toBe(4000);
    expect(limiter.delayFor(-200, 1000)).toBe(0);
    expect(limiter.delayFor(group, 5000)).toBe(0);
  });

  it('forgets chats whose window has passed', () => {
    const limiter = new RateLimiter(limits);
    sendAll(limiter, [group, user]);
    limiter.prune(120_000);
    expect(limiter.delayFor(group, 120_000)).toBe(0);
    expect((limiter as unknown as { perChat: Map<number, number[]> }).perChat.size).toBe(0);
  });
});

describe('RateLimiter pace', () => {
  it('keeps the schedule when sends come a little late, so the pace reaches the limit, never past it', () => {
    const limiter = new RateLimiter(limits);
    const times: number[] = [];
    let now = 0;
    for (let i = 0; i < 300; i++) {
      now += limiter.delayFor(-1000 - i, now);
      now += i % 3 === 0 ? 7 : 2; // a timer fires late, by 2 to 7 ms
      limiter.record(-1000 - i, now);
      times.push(now);
    }
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(30);
    // 300 messages at 30/s take 10 s; a schedule that followed the late sends would take 11 s (27/s)
    expect(299_000 / (times.at(-1)! - times[0]!)).toBeGreaterThan(29.5);
  });

  it('starts the schedule again from now after a pause', () => {
    const limiter = new RateLimiter(limits);
    limiter.record(-1, 0);
    expect(limiter.delayFor(-2, 10_000)).toBe(0);
    limiter.record(-2, 10_000);
    expect(limiter.delayFor(-3, 10_000)).toBeCloseTo(1000 / 30, 6);
  });
});
