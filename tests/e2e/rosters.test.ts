import { afterEach, expect, it } from 'vitest';
import { calls, callWaves, events } from '../../src/db/schema.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

const b7 = world.b7.chatId;
const volunteersChat = -1001000000107;
const at = (local: string) => Date.parse(`${local}+08:00`);
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

async function start(): Promise<void> {
  t = await startTestBot({
    config: testConfigInput({
      buildings: [
        { ...world.b3, language: 'zh' },
        { ...world.b7, language: 'en', volunteersChatId: volunteersChat },
      ],
      rosters: { remindBeforeMinutes: 60, warnBeforeHours: 12 },
    }),
    prepare: (tg) => tg.addChat({ id: volunteersChat, type: 'supergroup', title: 'Volunteers of 7' }),
    startAt: '2026-04-01T08:00:00+08:00',
  });
  for (const u of [world.admin, world.alice, world.bob, world.carol]) await t.send(u.id, u.id, '/start');
}

async function tick(local: string): Promise<void> {
  t.clock.set(at(local));
  t.app.scheduler.tick();
  await t.app.outbox.idle();
}

/** The callback data of a card's button whose text starts with `label`. */
function button(messageId: number, label: string): { data: string } {
  const message = t.tg.botMessages(b7).find((m) => m.message_id === messageId)!;
  const found = message.reply_markup!.inline_keyboard.flat().find((b) => b.text.startsWith(label));
  if (!found || !('callback_data' in found)) throw new Error(`no button ${label}`);
  return { data: found.callback_data! };
}

const texts = (chatId: number) => t.tg.botMessages(chatId).map((m) => m.text ?? '');
const eventsOf = (type: string) =>
  t.app.database.db
    .select()
    .from(events)
    .all()
    .filter((e) => e.type === type);

it('fills a roster, lets a volunteer withdraw, reminds by DM and warns of a short shift at the right time', async () => {
  await start();
  await t.send(b7, world.alice.id, '/volunteer');
  await t.send(b7, world.carol.id, '/volunteer');
  await t.send(b7, world.bob.id, '/shift Gate | daily 09:00-11:00 | 2');
  expect(t.tg.lastBotMessage(b7)!.text).toContain('Only admins');
  await t.send(b7, world.admin.id, '/shift Parcel disinfection at the gate | daily 09:00-11:00 | 2');
  const card = t.tg.lastBotMessage(b7)!;
  expect(card.text).toContain('Parcel disinfection at the gate');
  // seven days from today (Wednesday 1 April), each with its button
  expect(card.reply_markup!.inline_keyboard.flat()).toHaveLength(7);
  expect(await t.press(b7, card.message_id, world.bob.id, button(card.message_id, 'Thu 2 Apr'))).toContain(
    'Only volunteers',
  );
  expect(await t.press(b7, card.message_id, world.alice.id, button(card.message_id, 'Thu 2 Apr'))).toContain(
    "You're on",
  );
  await t.press(b7, card.message_id, world.carol.id, button(card.message_id, 'Thu 2 Apr'));
  expect(button(card.message_id, 'Thu 2 Apr 2/2')).toBeDefined();
  expect(await t.press(b7, card.message_id, world.admin.id, button(card.message_id, 'Thu 2 Apr'))).toContain('full');
  // Friday: Carol signs up, then withdraws with the same button; Alice stays alone
  await t.press(b7, card.message_id, world.carol.id, button(card.message_id, 'Fri 3 Apr'));
  expect(await t.press(b7, card.message_id, world.carol.id, button(card.message_id, 'Fri 3 Apr'))).toContain(
    'withdrawn',
  );
  await t.press(b7, card.message_id, world.alice.id, button(card.message_id, 'Fri 3 Apr'));
  expect(button(card.message_id, 'Fri 3 Apr 1/2')).toBeDefined();

  await t.send(b7, world.alice.id, '/shifts');
  expect(t.tg.lastBotMessage(b7)!.text).toMatch(/Thu 2 Apr 09:00–11:00 Parcel.*2\/2/);

  // today's shift (09:00, nobody) is within 12 hours: warned once; Thursday's is full: never
  await tick('2026-04-01T08:01:00');
  await tick('2026-04-01T08:02:00');
  expect(texts(volunteersChat).filter((x) => x.includes('still short'))).toHaveLength(1);
  expect(texts(volunteersChat)[0]).toContain('Wed 1 Apr');
  // Friday's shift, short by one, is announced 12 hours before it: Thursday 21:00
  await tick('2026-04-02T07:59:00');
  expect(texts(world.alice.id).filter((x) => x.includes('Reminder'))).toHaveLength(0);
  // the reminder, an hour before Thursday's shift, to both volunteers, once
  await tick('2026-04-02T08:00:00');
  await tick('2026-04-02T08:05:00');
  for (const volunteer of [world.alice, world.carol])
    expect(texts(volunteer.id).filter((x) => x.includes('Reminder'))).toEqual([
      expect.stringContaining('Thu 2 Apr 09:00–11:00'),
    ]);
  await tick('2026-04-02T20:59:00');
  expect(texts(volunteersChat).filter((x) => x.includes('Fri 3 Apr'))).toHaveLength(0);
  await tick('2026-04-02T21:00:00');
  await tick('2026-04-02T21:01:00');
  const friday = texts(volunteersChat).filter((x) => x.includes('Fri 3 Apr'));
  expect(friday).toEqual([expect.stringContaining('1 of 2')]);
  // the digest names it too
  await t.send(b7, world.bob.id, '/digest');
  expect(t.tg.lastBotMessage(b7)!.text).toContain('Shift still short: Fri 3 Apr 09:00–11:00 Parcel');
  const unfilled = eventsOf('shift.unfilled');
  expect(unfilled).toHaveLength(2);
  expect(JSON.parse(unfilled[1]!.body).data).toMatchObject({
    building: 'b7',
    task: 'Parcel disinfection at the gate',
    start: '2026-04-03T09:00:00+08:00',
    needed: 2,
    volunteers: [world.alice.id],
  });
});

it('calls 33 floors in waves of 3 every 10 minutes across a restart, none twice or skipped, home visits to the organizer', async () => {
  await start();
  await t.send(b7, world.alice.id, '/home 1502');
  await t.send(b7, world.bob.id, '/home 3-301');
  await t.send(b7, world.carol.id, '/home B1-02');
  await t.send(b7, world.alice.id, '/call Testing | floors 1-33 | 3 | every 10');
  expect(t.tg.lastBotMessage(b7)!.text).toContain('Only admins');
  expect(t.app.database.db.select().from(calls).all()).toHaveLength(0);
  const groupBefore = t.tg.botMessages(b7).length;

  await t.send(b7, world.admin.id, '/call 核酸检测 Testing | floors 1-33 | 3 | every 10');
  const card = t.tg.botMessages(b7).find((m) => m.text?.startsWith('📣 Floor call #1'))!;
  expect(card).toBeDefined();
  expect(await t.press(b7, card.message_id, world.bob.id, button(card.message_id, '✅'))).toContain('marked as down');
  expect(await t.press(b7, card.message_id, world.alice.id, button(card.message_id, '🚪'))).toContain(
    'volunteer will come',
  );
  expect(await t.press(b7, card.message_id, world.carol.id, button(card.message_id, '🚪'))).toContain(
    'volunteer will come',
  );
  // a resident may not run the call
  expect(await t.press(b7, card.message_id, world.bob.id, button(card.message_id, '⏭'))).toContain('organizer');

  // waves 2–4 on their beat, each tick twice (a due check runs often)
  for (const minute of ['08:10', '08:20', '08:30']) {
    await tick(`2026-04-01T${minute}:00`);
    await tick(`2026-04-01T${minute}:30`);
  }
  // the bot is down for 25 minutes: on start the missed wave is called once, late, the next a whole beat later
  await t.restart(() => t.clock.set(at('2026-04-01T08:55:00')));
  await t.app.outbox.idle();
  for (let minute = 9 * 60 + 5; minute <= 10 * 60 + 15; minute += 5) {
    const hhmm = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
    await tick(`2026-04-01T${hhmm}:00`);
  }

  const waves = texts(b7)
    .map((x) => /^📣 Floors ([0-9–]+): please come down now/.exec(x)?.[1])
    .filter((x) => x !== undefined);
  expect(waves).toEqual(['1–3', '4–6', '7–9', '10–12', '13–15', '16–18', '19–21', '22–24', '25–27', '28–30', '31–33']);
  const recorded = t.app.database.db.select().from(callWaves).all();
  expect(recorded.map((w) => w.wave)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  // wave 5 was called at the restart (08:55), wave 6 a beat later
  expect(recorded[4]!.at).toBe(at('2026-04-01T08:55:00'));
  expect(recorded[5]!.at).toBe(at('2026-04-01T09:05:00'));

  // ten minutes after the last floors, the call ends on its own with its summary
  const summary = texts(b7).find((x) => x.includes('Floor call #1 ended'))!;
  expect(summary).toContain('3 households answered; 2 asked for a home visit');
  expect(summary).toContain('Floors 31–33 at 09:55');
  // the group never learns which units asked for a home visit
  for (const x of texts(b7).slice(groupBefore)) {
    expect(x).not.toContain('1502');
    expect(x).not.toContain('B1-02');
  }
  const dm = texts(world.admin.id).find((x) => x.includes('home visits to make'))!;
  expect(dm).toContain('B1-02, 1502');
  expect(texts(volunteersChat).find((x) => x.includes('home visits to make'))).toBe(dm);
  const finished = eventsOf('call.finished');
  expect(finished).toHaveLength(1);
  expect(JSON.parse(finished[0]!.body).data).toMatchObject({
    id: 1,
    status: 'ended',
    answered: ['B1-02', '3-301', '1502'],
    homeVisits: ['B1-02', '1502'],
  });
});

it('calls the next floors by button, pauses and ends a call by hand', async () => {
  await start();
  await t.send(b7, world.admin.id, '/call Supplies | floors 1-6 | 3');
  const card = t.tg.botMessages(b7).find((m) => m.text?.startsWith('📣 Floor call #1'))!;
  expect(await t.press(b7, card.message_id, world.admin.id, button(card.message_id, '⏸'))).toContain('paused');
  expect(await t.press(b7, card.message_id, world.admin.id, button(card.message_id, '▶️'))).toContain('goes on');
  expect(await t.press(b7, card.message_id, world.admin.id, button(card.message_id, '⏭'))).toContain('next floors');
  // every floor is called: no more *Next floors*
  expect(() => button(card.message_id, '⏭')).toThrow();
  expect(await t.press(b7, card.message_id, world.admin.id, button(card.message_id, '🏁'))).toContain('ended');
  expect(texts(b7).filter((x) => x.includes('please come down now'))).toHaveLength(2);
  expect(texts(b7).find((x) => x.includes('Floor call #1 ended'))).toContain('0 households answered');
  expect(texts(world.admin.id).at(-1)).toContain('no household asked for a home visit');
});

it("shows today's shifts and a call in progress on the status board, without a unit", async () => {
  await start();
  await t.send(b7, world.alice.id, '/volunteer');
  await t.send(b7, world.alice.id, '/home 1502');
  await t.send(b7, world.admin.id, '/shift Gate | daily 18:00-20:00 | 2');
  const card = t.tg.lastBotMessage(b7)!;
  await t.press(b7, card.message_id, world.alice.id, button(card.message_id, 'Wed 1 Apr'));
  await t.send(b7, world.admin.id, '/board');
  const board = () => t.tg.botMessages(b7).find((m) => m.text?.startsWith('📋 Status board'))!.text ?? '';
  expect(board()).toContain('18:00–20:00 — Gate (1/2 volunteers)');
  // tomorrow's shift is not today's
  expect(board().match(/Gate/g)).toHaveLength(1);
  await t.send(b7, world.admin.id, '/call Testing | floors 1-33 | 3');
  const call = t.tg.botMessages(b7).find((m) => m.text?.startsWith('📣 Floor call #1'))!;
  await t.press(b7, call.message_id, world.alice.id, button(call.message_id, '🚪'));
  await tick('2026-04-01T08:02:00');
  expect(board()).toContain('Now — Testing: floors 1–3');
  expect(board()).not.toContain('1502');
  await t.press(b7, call.message_id, world.admin.id, button(call.message_id, '🏁'));
  await tick('2026-04-01T08:04:00');
  expect(board()).not.toContain('Testing');
});
