import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { jobRuns, outbox } from '../../src/db/schema.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

const notices = [
  { cron: '0 8 * * *', buildings: 'all', text: 'Testing at the gate 8:00-10:00' },
  { cron: '30 23 * * *', buildings: ['b7'], text: 'Bins are collected at dawn' },
];

let t: TestBot | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

function noticesIn(chatId: number, fragment: string): number {
  return t!.tg.botMessages(chatId).filter((m) => m.text?.includes(fragment)).length;
}

describe('scheduled jobs', () => {
  it('makes a run missed while the bot was down once on start, and not again on the next start', async () => {
    t = await startTestBot({ config: testConfigInput({ notices }), startAt: '2026-04-01T07:00:00+08:00' });
    await t.app.outbox.idle();
    expect(noticesIn(world.b7.chatId, 'Testing at the gate')).toBe(0);

    await t.restart(() => t!.clock.set(Date.parse('2026-04-01T08:40:00+08:00')));
    await t.app.outbox.idle();
    expect(noticesIn(world.b7.chatId, 'Testing at the gate')).toBe(1);
    expect(noticesIn(world.b3.chatId, 'Testing at the gate')).toBe(1);

    await t.restart(() => t!.clock.advance(60_000));
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(noticesIn(world.b7.chatId, 'Testing at the gate')).toBe(1);
    expect(
      t.app.database.db
        .select()
        .from(jobRuns)
        .all()
        .filter((r) => r.job.startsWith('notice:')),
    ).toHaveLength(1);
  });

  it('does not make a run that is more than the grace period late', async () => {
    t = await startTestBot({ config: testConfigInput({ notices }), startAt: '2026-04-01T07:00:00+08:00' });
    await t.restart(() => t!.clock.set(Date.parse('2026-04-01T14:01:00+08:00')));
    await t.app.outbox.idle();
    expect(noticesIn(world.b7.chatId, 'Testing at the gate')).toBe(0);
    expect(
      t.app.database.db
        .select()
        .from(jobRuns)
        .all()
        .filter((r) => r.job.startsWith('notice:')),
    ).toHaveLength(0);
  });

  it('runs a job once when its time comes, however often the scheduler ticks', async () => {
    t = await startTestBot({ config: testConfigInput({ notices }), startAt: '2026-04-01T07:59:00+08:00' });
    expect(t.app.scheduler.tick()).toBe(0);
    t.clock.advance(60_000);
    expect(t.app.scheduler.tick()).toBe(1);
    expect(t.app.scheduler.tick()).toBe(0);
    await t.app.outbox.idle();
    expect(noticesIn(world.b3.chatId, 'Testing at the gate')).toBe(1);
    expect(t.tg.lastBotMessage(world.b3.chatId)?.text).toContain('通知');
  });

  it('holds a non-urgent notice during quiet hours and sends it when they end', async () => {
    t = await startTestBot({ config: testConfigInput({ notices }), startAt: '2026-04-01T23:29:00+08:00' });
    t.clock.advance(60_000);
    expect(t.app.scheduler.tick()).toBe(1);
    await t.app.outbox.idle();
    expect(noticesIn(world.b7.chatId, 'Bins are collected')).toBe(0);
    const held = t.app.database.db.select().from(outbox).where(eq(outbox.kind, 'notice')).all();
    expect(held.map((r) => [r.status, r.notBefore])).toEqual([['pending', Date.parse('2026-04-02T07:00:00+08:00')]]);

    t.clock.set(Date.parse('2026-04-02T07:00:00+08:00'));
    t.app.outbox.wake();
    await t.tg.waitForBotMessage(world.b7.chatId, (m) => m.text?.includes('Bins are collected') ?? false);
    expect(noticesIn(world.b3.chatId, 'Bins are collected')).toBe(0);
  });
});
