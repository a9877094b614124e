import { afterEach, expect, it } from 'vitest';
import { buttonTexts } from '../../src/local-bot-api/index.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

// A private chat is never a dead end (SPEC §1; issue "As residents met it", item 6).
const b3 = world.b3.chatId;
const b7 = world.b7.chatId;
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

/** What the bot answers privately to `text` from `userId`. */
async function dm(userId: number, text: string): Promise<string> {
  const before = t.tg.botMessages(userId).length;
  await t.send(userId, userId, text);
  const answers = t.tg.botMessages(userId).slice(before);
  expect(answers, `an answer to ${text}`).toHaveLength(1);
  return answers[0]!.text ?? '';
}

it('answers free text, unknown commands and group commands, naming the building the command belongs in', async () => {
  t = await startTestBot();
  await t.send(b7, world.alice.id, '/home 1502');
  expect(await dm(world.alice.id, 'hello, is anyone there?')).toContain('/need');
  expect(await dm(world.alice.id, '/frobnicate')).toContain('I do not know /frobnicate');
  expect(await dm(world.alice.id, '/vote Lunch? | a | b')).toContain(
    "Please use /vote in your building's group: Building 7",
  );
  expect(await dm(world.alice.id, '/order 1 2')).toContain('Building 7');
  // someone who has no household yet is told how to get one
  expect(await dm(world.carol.id, '/digest')).toContain('/home');
  // a resident who is no volunteer gets the same for the staff's commands
  expect(await dm(world.alice.id, '/needs')).toContain('Please use /needs');
});

it("greets a registered resident's /start with their home", async () => {
  t = await startTestBot();
  await t.send(b7, world.alice.id, '/home 1502');
  const greeting = await dm(world.alice.id, '/start');
  expect(greeting).toContain('You are registered in Building 7 1502');
  expect(greeting).not.toContain('Add me there');
});

it('gives a volunteer /needs, /digest and /volunteers privately, asking which building when they serve two', async () => {
  t = await startTestBot({
    config: testConfigInput({
      buildings: [
        { ...world.b3, language: 'zh', volunteers: [world.carol.id] },
        { ...world.b7, language: 'en' },
      ],
    }),
  });
  await t.send(b3, world.bob.id, '/need 面包');
  expect(await dm(world.carol.id, '/needs')).toContain('面包');
  expect(await dm(world.carol.id, '/digest')).toContain('每日汇总');
  expect(await dm(world.carol.id, '/volunteers')).toContain('Carol');
  // Carol also volunteers in Building 7 now: she is asked which building
  await t.send(b7, world.carol.id, '/volunteer');
  await t.send(b7, world.alice.id, '/need bread');
  await t.send(world.carol.id, world.carol.id, '/needs');
  const question = t.tg.lastBotMessage(world.carol.id)!;
  expect(buttonTexts(question)).toEqual(['3号楼', 'Building 7']);
  await t.press(world.carol.id, question.message_id, world.carol.id, 'Building 7');
  expect(t.tg.lastBotMessage(world.carol.id)!.text).toContain('bread');
  expect(await dm(world.carol.id, '/needs b3')).toContain('面包');
  // a forged press for a building she does not serve is refused
  expect(await t.press(world.carol.id, question.message_id, world.alice.id, { data: 'v1:dm:needs:b3' })).toContain(
    'not valid',
  );
});
