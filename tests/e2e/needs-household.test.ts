import { afterEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/local-bot-api/index.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

// SPEC §2.10: "Family members registered in the same household may post and follow needs for it." Alice (English)
// and Bob (Chinese) both live in 1502 of Building 7; Carol lives there too but never opened a private chat.
const b7 = world.b7.chatId;
const { alice, bob, carol, admin } = world;

let t: TestBot;
afterEach(async () => {
  await t?.close();
});

async function start(): Promise<void> {
  t = await startTestBot({ config: testConfigInput() });
  for (const person of [alice, bob, admin]) await t.send(person.id, person.id, '/start');
  for (const person of [alice, bob, carol]) await t.send(b7, person.id, '/home 1502');
}

function card(needId: number): ChatMessage {
  const found = t.tg
    .botMessages(b7)
    .filter((m) => m.text?.startsWith(`Need #${needId} `) || m.text?.includes(`Need #${needId} ·`))
    .at(-1);
  if (!found) throw new Error(`no card for need ${needId}`);
  return found;
}

const dms = (userId: number) => t.tg.botMessages(userId).map((m) => m.text ?? '');

describe('a household follows its needs', () => {
  it('tells every member who opened a private chat when a need is claimed, released, done — not the one who did it', async () => {
    await start();
    await t.send(b7, alice.id, '/need #medicine insulin for dad');
    const aliceBefore = dms(alice.id).length;
    const bobBefore = dms(bob.id).length;
    await t.press(b7, card(1).message_id, admin.id, "🙋 I'll help");
    expect(dms(alice.id).at(-1)).toContain('Ada is helping with your need #1');
    expect(dms(bob.id).at(-1)).toContain('Ada 正在帮助你家的需求 #1（#药，Alice Lee 为 1502 发布）');
    await t.press(b7, card(1).message_id, admin.id, '↩️ Release');
    expect(dms(alice.id).at(-1)).toContain('Ada can no longer help with your need #1');
    expect(dms(bob.id).at(-1)).toContain('Ada 无法继续帮助你家的需求 #1');
    await t.press(b7, card(1).message_id, admin.id, "🙋 I'll help");
    // a family member marks it done (the medicine came): the asker hears it, the one who pressed does not
    expect(await t.press(b7, card(1).message_id, bob.id, '✅ Done')).not.toMatch(/Only/);
    expect(card(1).text).toContain('done');
    expect(dms(alice.id).at(-1)).toContain('Your need #1 (#medicine) was marked done by 王 波');
    expect(dms(alice.id)).toHaveLength(aliceBefore + 4);
    expect(dms(bob.id)).toHaveLength(bobBefore + 3);
    // Carol is of the household but never started the bot: nothing is sent to her
    expect(t.tg.botMessages(carol.id)).toHaveLength(0);
  });

  it('lets a family member cancel a need of the household, and still refuses a neighbour from another unit', async () => {
    await start();
    await t.send(b7, alice.id, '/need #food rice');
    await t.send(b7, admin.id, '/home 1101');
    await t.send(b7, world.carol.id, '/home 1101');
    // Carol moved out of 1502: she is a neighbour now, not the household
    expect(await t.press(b7, card(1).message_id, carol.id, '✖️ Cancel')).toContain('Only the asker or an admin');
    expect(card(1).text).toContain('open');
    await t.press(b7, card(1).message_id, bob.id, '✖️ Cancel');
    expect(card(1).text).toContain('cancelled');
    expect(dms(alice.id).at(-1)).toContain('Your need #1 (#food) was cancelled by 王 波');
  });

  it('tells the asker and the household when a claim lapses', async () => {
    await start();
    await t.send(b7, alice.id, '/need #food bread');
    await t.press(b7, card(1).message_id, admin.id, "🙋 I'll help");
    t.clock.advance(12 * 3600_000 + 60_000);
    t.app.scheduler.tick();
    await t.app.outbox.idle();
    expect(dms(alice.id).at(-1)).toContain('Ada can no longer help with your need #1');
    expect(dms(bob.id).at(-1)).toContain('Ada 无法继续帮助你家的需求 #1');
  });
});

describe('/mine for a household', () => {
  it("shows the household's needs, a private one with its text only in the private chat, never in the group", async () => {
    await start();
    await t.send(b7, alice.id, '/need #food rice and eggs');
    await t.send(alice.id, alice.id, '/need antidepressants, XYZ-secret');
    await t.send(bob.id, bob.id, '/mine');
    const inPrivate = dms(bob.id).at(-1)!;
    expect(inPrivate).toContain('你家的需求（1502）：#1 #食物（待认领）');
    expect(inPrivate).toMatch(/#2 #\S+（待认领，🔒 私密，Alice Lee 发布）：antidepressants, XYZ-secret/);
    await t.send(b7, bob.id, '/mine');
    const inGroup = t.tg.lastBotMessage(b7)!.text ?? '';
    expect(inGroup).toContain('#1');
    expect(inGroup).not.toContain('#2');
    expect(inGroup).not.toContain('XYZ');
    // the asker's own /mine is as it was: her needs, not a "household" line repeating them
    await t.send(alice.id, alice.id, '/mine');
    expect(dms(alice.id).at(-1)).toContain('Your needs: #1');
    expect(dms(alice.id).at(-1)).not.toContain("household's needs");
  });
});
