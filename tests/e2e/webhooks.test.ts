import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runCli } from '../../src/cli.ts';
import { storedEvents } from '../../src/features/events/events.store.ts';
import { RETRY_FIRST_MS } from '../../src/features/events/events.ts';
import type { DeliveryAttempt } from '../../src/jobs/webhook-sender.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';
import {
  type ReceivedRequest,
  signatureValid,
  startWebhookReceiver,
  type WebhookReceiver,
} from './webhook-receiver.ts';

const b7 = world.b7.chatId;
const SECRET = 'department-secret-2026';

let t: TestBot | undefined;
let receiver: WebhookReceiver | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = undefined;
  await receiver?.close();
  receiver = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function configWith(url: string, more: Record<string, unknown> = {}): Record<string, unknown> {
  return testConfigInput({ webhooks: [{ url, secret: SECRET, events: ['*'], buildings: 'all' }], ...more });
}

/**
 * Moves the bot's clock to each retry as soon as it is scheduled and wakes the sender: the backoff's seconds and
 * hours pass at once, in the order the sender asked for them. Returns the attempts seen and a stop function.
 */
function driveRetries(bot: TestBot): { attempts: DeliveryAttempt[]; stop: () => void } {
  const attempts: DeliveryAttempt[] = [];
  const stop = bot.app.webhooks.onAttempt((attempt) => {
    attempts.push(attempt);
    if (attempt.outcome !== 'failed' || attempt.next.status !== 'pending') return;
    bot.clock.set(Math.max(bot.clock.now(), attempt.next.nextAt));
    bot.app.webhooks.wake();
  });
  return { attempts, stop };
}

const parse = (request: Pick<ReceivedRequest, 'body'>) =>
  JSON.parse(request.body) as { id: string; type: string; source: string; data: Record<string, unknown> };

/** The stored events' ids, oldest first (what every webhook must receive, in this order). */
const storedIds = (bot: TestBot) => [...storedEvents(bot.app.database.db, {})].map((body) => JSON.parse(body).id);

/** Resolves once the receiver has accepted every stored event (and the sender has nothing left due). */
async function allAccepted(bot: TestBot, r: WebhookReceiver): Promise<void> {
  await bot.app.webhooks.idle(10_000);
  const expected = storedIds(bot).length;
  await r.until((q) => new Set(q.filter((x) => x.answer === 200).map((x) => parse(x).id)).size === expected);
}

it('delivers every event, in order and signed, through three 500s and a hang, without slowing the chat', {
  timeout: 60_000,
}, async () => {
  receiver = await startWebhookReceiver((n) => (n < 3 ? 500 : n === 3 ? 'hang' : 200));
  t = await startTestBot({ config: configWith(receiver.url), webhookTimeoutMs: 2000 });
  const bot = t;
  const driver = driveRetries(bot);

  await bot.send(b7, world.alice.id, '/home 1502');
  await bot.send(b7, world.alice.id, '/need !! #medicine insulin');
  // three 500s and the hang come at once, the clock moved to each retry: the receiver now holds the 4th request
  await receiver.until((q) => q.length === 4);
  const hanging = receiver.requests[3]!;
  // the chat is answered on time while the department's server hangs
  const before = performance.now();
  await bot.send(b7, world.bob.id, '/need bread and eggs');
  const replyMs = performance.now() - before;
  expect(bot.tg.lastBotMessage(b7)?.text).toContain('bread and eggs');
  expect(hanging.abandonedAt).toBeUndefined();
  expect(replyMs).toBeLessThan(1000);
  console.log(`a /need answered in ${replyMs.toFixed(0)} ms while the webhook receiver hung`);

  // every first-wave event the chat can cause, while the webhook catches up
  const card = (id: number) => bot.tg.botMessages(b7).find((m) => m.text?.includes(`#${id}`) && m.reply_markup)!;
  await bot.send(world.carol.id, world.carol.id, '/start');
  await bot.press(b7, card(1).message_id, world.carol.id, "I'll help");
  await bot.press(b7, card(1).message_id, world.carol.id, 'Release');
  await bot.press(b7, card(1).message_id, world.carol.id, "I'll help");
  await bot.press(b7, card(1).message_id, world.carol.id, 'Done');
  await bot.press(b7, card(2).message_id, world.bob.id, 'Cancel');
  await bot.send(b7, world.alice.id, '/vote Open the back gate? | Yes | No');
  await bot.send(b7, world.alice.id, '/endvote 1');
  await bot.send(world.admin.id, world.admin.id, '/notice all Water is off at 14:00');
  await bot.send(world.admin.id, world.admin.id, '/alert red Stay inside');
  await bot.send(world.admin.id, world.admin.id, '/alert blue Risk is low again');
  await bot.send(b7, world.alice.id, '/need !! #medicine oxygen');
  bot.clock.advance(31 * 60_000);
  bot.app.scheduler.tick();
  await bot.app.outbox.idle();

  await allAccepted(bot, receiver);
  driver.stop();
  const ids = storedIds(bot);
  const requests = receiver.requests;
  // each event accepted once, in the order of the changes
  expect(requests.filter((q) => q.answer === 200).map((q) => parse(q).id)).toEqual(ids);
  // before the acceptance, only the same event again, byte for byte (same id): the first was tried 5 times
  expect(new Set(requests.slice(0, 5).map((q) => q.body)).size).toBe(1);
  expect(requests.slice(5).every((q) => q.answer === 200)).toBe(true);
  for (const request of requests) {
    expect(signatureValid(request, SECRET)).toBe(true);
    expect(request.headers['content-type']).toBe('application/cloudevents+json');
  }
  expect(requests.map((q) => parse(q).type.replace('org.mutualaid.', '')).slice(4)).toEqual([
    'need.created',
    'need.created',
    'need.claimed',
    'need.released',
    'need.claimed',
    'need.done',
    'need.cancelled',
    'vote.opened',
    'vote.closed',
    'notice.sent',
    'alert.issued',
    'alert.lowered',
    'need.created',
    'need.escalated',
  ]);
  // the backoff: 10 s, 20 s, 40 s, then 80 s after the hang (on the bot's clock)
  const failed = driver.attempts.flatMap((a) => (a.outcome === 'failed' && a.next.status === 'pending' ? [a] : []));
  expect(failed.map((a) => a.error)).toEqual(['HTTP 500', 'HTTP 500', 'HTTP 500', 'no answer within 2000 ms']);
  expect(failed.map((a) => (a.next.status === 'pending' ? a.next.nextAt - a.next.firstFailedAt : 0))).toEqual([
    10_000, 30_000, 70_000, 150_000,
  ]);
  expect(hanging.abandonedAt).toBeDefined();
});

it("never lets a private need's text, asker or unit leave in an event, nor who missed a check-in", {
  timeout: 30_000,
}, async () => {
  receiver = await startWebhookReceiver();
  const zelda = { id: 2099, first_name: 'Zelda', last_name: 'Quimby', language_code: 'en' };
  t = await startTestBot({
    config: configWith(receiver.url, {
      buildings: [
        { ...world.b3, language: 'zh' },
        { ...world.b7, language: 'en', checkins: ['3-1502'] },
      ],
    }),
    prepare: (tg) => {
      tg.addChat({ id: b7, type: 'supergroup', title: world.b7.name });
      tg.addUser(zelda);
      tg.setMember(b7, zelda.id, 'member');
    },
  });
  const bot = t;
  await bot.send(zelda.id, zelda.id, '/start');
  await bot.send(b7, zelda.id, '/home 3-1502');
  await bot.send(b7, zelda.id, '/checkin on');
  await bot.send(world.carol.id, world.carol.id, '/start');
  await bot.send(b7, world.carol.id, '/volunteer');
  await bot.send(zelda.id, zelda.id, '/need ! #medicine PRIVATE-TEXT-Q7 insulin for my knee');
  // the volunteer claims it from the details sent to her, then finishes it
  const details = bot.tg.botMessages(world.carol.id).find((m) => m.text?.includes('PRIVATE-TEXT-Q7'))!;
  await bot.press(world.carol.id, details.message_id, world.carol.id, "I'll help");
  const card = bot.tg.botMessages(b7).find((m) => m.text?.includes('#1') && m.reply_markup)!;
  await bot.press(b7, card.message_id, world.carol.id, 'Done');
  // nobody answers the check-in
  bot.clock.set(Date.parse('2026-04-01T09:00:00+08:00'));
  bot.app.scheduler.tick();
  bot.clock.set(Date.parse('2026-04-01T12:00:00+08:00'));
  bot.app.scheduler.tick();
  await bot.app.outbox.idle();
  await allAccepted(bot, receiver);

  const bodies = receiver.requests.map((q) => q.body);
  expect(bodies.map((b) => JSON.parse(b).type.replace('org.mutualaid.', ''))).toEqual([
    'need.created',
    'need.claimed',
    'need.done',
    'checkin.missed',
  ]);
  for (const body of bodies) {
    for (const secret of ['PRIVATE-TEXT-Q7', 'knee', 'Zelda', 'Quimby', '3-1502']) expect(body).not.toContain(secret);
    // the asker's id is no value anywhere in it (compared as values: digits may occur in an id or a time)
    expect(valuesOf(JSON.parse(body))).not.toContain(zelda.id);
  }
  for (const body of bodies.slice(0, 3))
    expect(JSON.parse(body).data).toMatchObject({ private: true, text: null, requester: null, unit: null });
  expect(JSON.parse(bodies[3]!).data).toEqual({ building: 'b7', day: '2026-04-01', missed: 1 });
});

it('ends a day of failures in dead letters, which events --retry delivers in order', { timeout: 60_000 }, async () => {
  receiver = await startWebhookReceiver(() => 503);
  const input = configWith(receiver.url);
  t = await startTestBot({ config: input });
  const bot = t;
  await bot.send(b7, world.alice.id, '/home 1502');
  await bot.send(b7, world.alice.id, '/need #food rice');
  await bot.send(b7, world.alice.id, '/need #food oil');
  // the day of retries starts once both events are stored: the second is then queued behind the first while it
  // fails (moved on by the driver, the first's retries could otherwise all be over before the second is stored)
  const driver = driveRetries(bot);
  bot.clock.advance(RETRY_FIRST_MS);
  bot.app.webhooks.wake();
  const ids = storedIds(bot);
  const deadSecond = (a: DeliveryAttempt) => a.outcome === 'failed' && a.next.status === 'dead' && a.id === ids[1];
  // the retries may all be over already (the driver saw them): wait only if not
  await new Promise<void>((resolve) => {
    if (driver.attempts.some(deadSecond)) return resolve();
    const stop = bot.app.webhooks.onAttempt((a) => {
      if (!deadSecond(a)) return;
      stop();
      resolve();
    });
  });
  driver.stop();
  // a day of retries, 10 s doubling to an hour apart: the 33rd attempt is the last (the first may have come before
  // the driver was listening)
  const day = driver.attempts.filter((a) => a.id === ids[0]);
  const last = day.at(-1)!;
  expect(last.outcome === 'failed' && last.next).toMatchObject({ status: 'dead', attempts: 33 });

  const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-webhooks-'));
  dirs.push(dir);
  const configFile = join(dir, 'bot.config.json');
  writeFileSync(configFile, JSON.stringify(input));
  const env = { DB_PATH: bot.app.database.sqlite.name, BOT_CONFIG: configFile };
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      env,
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out, err };
  };

  const failed = await cli('events', '--failed');
  expect(failed.code).toBe(0);
  expect(failed.out.map((l) => JSON.parse(l))).toEqual([
    expect.objectContaining({ webhook: receiver.url, id: ids[0], lastError: 'HTTP 503', attempts: 33 }),
    expect.objectContaining({ webhook: receiver.url, id: ids[1], lastError: 'HTTP 503', attempts: 1 }),
  ]);
  expect((await cli('stats')).out).toContain(`  webhook ${receiver.url}: pending 0, dead 2`);
  // a webhook the config no longer lists is named as such
  const without = join(dir, 'without-webhooks.json');
  writeFileSync(without, JSON.stringify(testConfigInput()));
  const statsLines: string[] = [];
  expect(
    await runCli(
      ['stats'],
      { ...env, BOT_CONFIG: without },
      (l) => statsLines.push(l),
      () => undefined,
    ),
  ).toBe(0);
  expect(statsLines).toContain(
    `  webhook ${receiver.url}: pending 0, dead 2 (not in the config: its pending events wait for it)`,
  );

  // still down: the first fails again and stays dead with the second behind it
  const refused = await cli('events', '--retry');
  expect(refused.code).toBe(1);
  expect(refused.err.join('\n')).toContain('0 of 2 dead letters delivered');
  receiver.answerWith(() => 200);
  const before = receiver.requests.length;
  const retried = await cli('events', '--retry');
  expect(retried).toMatchObject({ code: 0, out: [`${receiver.url}: 2 of 2 dead letters delivered`] });
  expect(receiver.requests.slice(before).map((q) => parse(q).id)).toEqual(ids);
  expect(receiver.requests.slice(before).every((q) => signatureValid(q, SECRET))).toBe(true);
  expect((await cli('events', '--failed')).out).toEqual([]);

  // the same events can be pulled without a web server: the same bytes, filtered
  const pulled = await cli('events', '--type', 'need.*', '--building', 'b7', '--since', '2026-04-01T00:00:00+08:00');
  expect(pulled.out).toEqual(receiver.requests.slice(before).map((q) => q.body));
  expect((await cli('events', '--type', 'vote.*')).out).toEqual([]);
  expect((await cli('events', '--type', 'nonsense.*')).code).toBe(2);
});

/** Every primitive value in a JSON document. */
function valuesOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(valuesOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(valuesOf);
  return [value];
}
