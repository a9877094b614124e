import { afterEach, describe, expect, it } from 'vitest';
import { notices, outbox } from '../../src/db/schema.ts';
import { buttonTexts } from '../../src/local-bot-api/index.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

const b7 = world.b7.chatId;
const b3 = world.b3.chatId;
let t: TestBot;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await t?.close();
  await receiver?.close();
  receiver = undefined;
});

describe('notices', () => {
  it('counts households that got it and tells admins which units have not', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.bob.id, '/home 301');
    await t.send(b7, world.carol.id, '/home 902');
    await t.send(b7, world.admin.id, '/notice Water is off from 14:00 to 16:00 today.');
    const card = t.tg.botMessages(b7).find((m) => m.text?.startsWith('📢 Notice #1'))!;
    expect(card.text).toContain('Water is off');
    expect(buttonTexts(card)).toEqual(['✅ Got it']);

    expect(await t.press(b7, card.message_id, world.alice.id, 'Got it')).toContain('noted');
    expect(await t.press(b7, card.message_id, world.alice.id, 'Got it')).toContain('already');
    await t.press(b7, card.message_id, world.bob.id, 'Got it');
    expect(t.tg.messages(b7).find((m) => m.message_id === card.message_id)!.text).toContain('2 households got it');

    await t.send(world.admin.id, world.admin.id, '/unread 1');
    const unread = t.tg.lastBotMessage(world.admin.id)!.text!;
    expect(unread).toContain('Building 7 (1): 902');
    expect(unread).not.toContain('1502');
  });

  it('counts the same households on the card, in the digest and in /unread, by floor, whoever pressed', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.bob.id, '/home 1-902');
    await t.send(b7, world.carol.id, '/home 2-301');
    await t.send(b7, world.admin.id, '/notice Lift maintenance on Friday.');
    const card = t.tg.botMessages(b7).find((m) => m.text?.startsWith('📢 Notice #1'))!;
    // a resident without a household is thanked, and told how to count, but is not a household
    expect(await t.press(b7, card.message_id, world.admin.id, 'Got it')).toContain('/home');
    expect(await t.press(b7, card.message_id, world.admin.id, 'Got it')).toContain('You already');
    await t.press(b7, card.message_id, world.alice.id, 'Got it');
    const shown = t.tg.messages(b7).find((m) => m.message_id === card.message_id)!.text!;
    expect(shown).toContain('one household got it (of 3 registered)');

    await t.send(b7, world.alice.id, '/digest');
    expect(t.tg.lastBotMessage(b7)!.text).toContain(
      '📢 Notice #1 Lift maintenance on Friday. — 1 of 3 households got it',
    );

    await t.send(world.admin.id, world.admin.id, '/unread 1');
    // by floor, then unit: 2-301 is on the third floor, 1-902 on the ninth
    expect(t.tg.lastBotMessage(world.admin.id)!.text).toContain('Building 7 (2): 2-301, 1-902');
  });

  it('counts a household when a member pressed before registering it', async () => {
    t = await startTestBot();
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.admin.id, '/notice Lift maintenance on Friday.');
    const card = t.tg.botMessages(b7).find((m) => m.text?.startsWith('📢 Notice #1'))!;
    await t.press(b7, card.message_id, world.bob.id, 'Got it');
    await t.send(b7, world.bob.id, '/home 301');
    await t.send(world.admin.id, world.admin.id, '/unread 1');
    expect(t.tg.lastBotMessage(world.admin.id)!.text).toContain('Building 7 (1): 1502');
    await t.send(b7, world.alice.id, '/digest');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('1 of 2 households got it');
  });

  it('tells a resident who asks /unread that only admins may ask which units have not read a notice', async () => {
    t = await startTestBot();
    await t.send(b7, world.admin.id, '/notice Lift maintenance on Friday.');
    await t.send(b7, world.bob.id, '/unread 1');
    expect(t.tg.lastBotMessage(b7)!.text).toBe('Only admins can ask which units have not read a notice.');
    await t.send(world.bob.id, world.bob.id, '/unread 1');
    expect(t.tg.lastBotMessage(world.bob.id)!.text).toContain('只有管理员');
  });

  it('refuses a resident who is not an admin and records nothing', async () => {
    t = await startTestBot();
    await t.send(b7, world.bob.id, '/notice Party tonight!');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('Only admins');
    expect(t.app.database.db.select().from(notices).all()).toEqual([]);
  });

  it('asks an admin in a DM which buildings, and sends to all of them', async () => {
    t = await startTestBot();
    await t.send(world.admin.id, world.admin.id, '/notice Testing at the gate');
    expect(t.tg.lastBotMessage(world.admin.id)!.text).toContain('/notice all');
    await t.send(world.admin.id, world.admin.id, '/notice all Testing at the gate 8:00-10:00');
    expect(t.tg.lastBotMessage(b3)!.text).toContain('📢 通知 #1');
    expect(t.tg.lastBotMessage(b7)!.text).toContain('📢 Notice #1');
  });
});

describe('acknowledgements as events', () => {
  it('sends notice.acknowledged when a household first gets it, with the counts only, never who pressed', async () => {
    receiver = await startWebhookReceiver();
    const webhook = { url: receiver.url, secret: 'department-secret-2026', events: ['notice.*'], buildings: 'all' };
    t = await startTestBot({ config: testConfigInput({ webhooks: [webhook] }) });
    await t.send(b7, world.alice.id, '/home 1502');
    await t.send(b7, world.bob.id, '/home 1502');
    await t.send(b7, world.carol.id, '/home 902');
    await t.send(b7, world.admin.id, '/notice Water is off from 14:00 to 16:00 today.');
    const card = t.tg.botMessages(b7).find((m) => m.text?.startsWith('📢 Notice #1'))!;
    // two members of 1502: one household acknowledged; the second press, and a repeat, change nothing
    expect(await t.press(b7, card.message_id, world.alice.id, 'Got it')).toContain('noted');
    expect(await t.press(b7, card.message_id, world.bob.id, 'Got it')).toContain('already');
    expect(await t.press(b7, card.message_id, world.alice.id, 'Got it')).toContain('already');
    // a resident without a household is thanked but counts for none: no event either
    await t.press(b7, card.message_id, world.admin.id, 'Got it');
    await t.press(b7, card.message_id, world.carol.id, 'Got it');
    expect(t.tg.messages(b7).find((m) => m.message_id === card.message_id)!.text).toContain('2 households got it');

    await t.app.webhooks.idle(10_000);
    await receiver.until((requests) => requests.length === 3);
    const events = receiver.requests.map(
      (r) => JSON.parse(r.body) as { id: string; type: string; source: string; subject: string; data: unknown },
    );
    expect(events.map((e) => [e.type, e.source, e.subject])).toEqual([
      ['org.mutualaid.notice.sent', 'mutual-aid-bot/b7', '1'],
      ['org.mutualaid.notice.acknowledged', 'mutual-aid-bot/b7', '1'],
      ['org.mutualaid.notice.acknowledged', 'mutual-aid-bot/b7', '1'],
    ]);
    expect(events.slice(1).map((e) => e.data)).toEqual([
      { notice: 1, building: 'b7', acknowledged: 1, households: 2 },
      { notice: 1, building: 'b7', acknowledged: 2, households: 2 },
    ]);
    // nothing in them names a person or a unit (the random id aside, which is hex)
    for (const { id: _id, ...event } of events.slice(1)) {
      const text = JSON.stringify(event);
      for (const u of [world.alice, world.bob, world.carol, world.admin]) {
        expect(text).not.toContain(String(u.id));
        expect(text).not.toContain(u.first_name);
      }
      for (const unit of ['1502', '902']) expect(text).not.toContain(unit);
    }
  });
});

describe('pinned notices', () => {
  it('pins a notice when asked', async () => {
    t = await startTestBot();
    t.tg.setMember(b7, t.tg.botInfo.id, 'administrator');
    await t.send(b7, world.admin.id, '/notice pin Testing at the gate 8:00-10:00');
    const card = t.tg.botMessages(b7).find((m) => m.text?.startsWith('📢 Notice #1'))!;
    expect(card.text).toContain('Testing at the gate');
    expect(t.tg.pinned(b7)).toEqual([card.message_id]);
  });
});

describe('alerts', () => {
  it('goes to every building at once, pinned, with its level unmistakable, whatever the quiet hours', async () => {
    t = await startTestBot({ startAt: '2026-04-01T23:30:00+08:00' });
    for (const chat of [b3, b7]) t.tg.setMember(chat, t.tg.botInfo.id, 'administrator');
    await t.send(world.admin.id, world.admin.id, '/alert 红 Stay inside: testing order for all residents');
    const red7 = t.tg.botMessages(b7).find((m) => m.text?.startsWith('🔴 RED ALERT #1'))!;
    const red3 = t.tg.botMessages(b3).find((m) => m.text?.startsWith('🔴 红色预警 #1'))!;
    expect(t.tg.pinned(b7)).toContain(red7.message_id);
    expect(t.tg.pinned(b3)).toContain(red3.message_id);
    expect(
      t.app.database.db
        .select()
        .from(outbox)
        .all()
        .every((r) => r.status === 'sent'),
    ).toBe(true);
  });

  it('refuses a bad level with the usage', async () => {
    t = await startTestBot();
    await t.send(world.admin.id, world.admin.id, '/alert purple Hello');
    expect(t.tg.lastBotMessage(world.admin.id)!.text).toContain('blue|yellow|orange|red');
  });
});
