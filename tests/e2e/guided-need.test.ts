import { afterEach, expect, it } from 'vitest';
import { needs } from '../../src/db/schema.ts';
import { buttonTexts, type ChatMessage } from '../../src/local-bot-api/index.ts';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

// The guided need (SPEC §2.10): a resident who only presses buttons and types one sentence.
const b3 = world.b3.chatId;
const b7 = world.b7.chatId;
let t: TestBot;
afterEach(async () => {
  await t?.close();
});

function last(userId: number): ChatMessage {
  return t.tg.lastBotMessage(userId)!;
}

async function press(userId: number, button: string): Promise<ChatMessage> {
  const answer = await t.press(userId, last(userId).message_id, userId, button);
  if (answer) throw new Error(`press ${button}: ${answer}`);
  return last(userId);
}

async function start(): Promise<void> {
  t = await startTestBot({
    config: testConfigInput({ outbox: { editIntervalSeconds: 0, perPrivatePerSecond: 1000 } }),
  });
}

it('turns one typed sentence and four presses into a public need, in English', async () => {
  await start();
  const alice: number = world.alice.id;
  await t.send(b7, alice, '/home 1502');
  await t.send(alice, alice, 'Bread and milk for two days please');
  expect(last(alice).text).toContain('What kind of help');
  expect(buttonTexts(last(alice))).toEqual(expect.arrayContaining(['medicine', 'food', '✖️ Cancel']));
  expect((await press(alice, 'food')).text).toContain('How urgent');
  expect((await press(alice, '❗ Soon')).text).toContain('Who may see it');
  const summary = await press(alice, '👥 The whole group');
  expect(summary.text).toContain('Bread and milk for two days please');
  expect(t.app.database.db.select().from(needs).all()).toEqual([]);
  await press(alice, '✅ Post it');
  expect(last(alice).text).toContain('Your need #1 is posted');
  const card = t.tg.lastBotMessage(b7)!;
  expect(card.text).toContain('Bread and milk for two days please');
  expect(card.text).toContain('Alice');
  expect(t.app.database.db.select().from(needs).all()).toMatchObject([
    { category: 'food', priority: 'high', private: false, unit: '1502', requesterId: alice },
  ]);
});

it('asks for the text after /need alone and posts a private need, in Chinese', async () => {
  await start();
  const bob: number = world.bob.id;
  await t.send(b3, bob, '/home 301');
  await t.send(bob, bob, '/need');
  expect(buttonTexts(last(bob))).toEqual(expect.arrayContaining(['药', '食物', '✖️ 取消']));
  await press(bob, '药');
  expect((await press(bob, '🆘 非常紧急（健康相关，今天）')).text).toContain('请用一条消息写下');
  await t.send(bob, bob, '胰岛素两盒');
  expect(last(bob).text).toContain('谁可以看到');
  await press(bob, '🔒 只有志愿者');
  await press(bob, '✅ 发布');
  const [need] = t.app.database.db.select().from(needs).all();
  expect(need).toMatchObject({ category: 'medicine', priority: 'urgent', private: true, text: '胰岛素两盒' });
  const card = t.tg.lastBotMessage(b3)!;
  expect(card.text).not.toContain('胰岛素');
  expect(card.text).not.toContain('301');
});

it('leaves with /cancel and posts nothing', async () => {
  await start();
  const alice: number = world.alice.id;
  await t.send(b7, alice, '/home 1502');
  await t.send(alice, alice, '/need');
  await press(alice, 'food');
  await t.send(alice, alice, '/cancel');
  expect(last(alice).text).toContain('nothing was posted');
  expect(t.app.database.db.select().from(needs).all()).toEqual([]);
});
