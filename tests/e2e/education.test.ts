import { afterEach, expect, it } from 'vitest';
import { startTestBot, type TestBot, testConfigInput, world } from './harness.ts';

let t: TestBot;
afterEach(async () => {
  await t?.close();
});

async function ask(chatId: number, userId: number, text: string): Promise<string> {
  await t.send(chatId, userId, text);
  return t.tg.lastBotMessage(chatId)?.text ?? '';
}

it('gives the guidance of the stage of risk in force, following alerts up and down, and the help lines', async () => {
  t = await startTestBot({
    config: testConfigInput({
      education: {
        none: { en: ['Keep two weeks of medicine at home.'], zh: ['家中常备两周的药品。'] },
        red: { en: ['Stay inside; testing comes to your door.'], zh: ['居家不出，核酸检测上门。'] },
        blue: ['Masks in shared spaces.'],
      },
      support: [{ name: 'Mental health hotline', phone: '12356' }],
    }),
  });
  const b7 = world.b7.chatId;
  expect(await ask(b7, world.alice.id, '/learn')).toContain('Keep two weeks of medicine');
  await ask(world.admin.id, world.admin.id, '/alert red Lockdown from 18:00');
  expect(await ask(b7, world.alice.id, '/learn')).toContain('Stay inside');
  expect(await ask(world.bob.id, world.bob.id, '/learn')).toContain('居家不出');
  await ask(world.admin.id, world.admin.id, '/alert blue Lockdown lifted');
  expect(await ask(b7, world.alice.id, '/learn')).toContain('Masks in shared spaces');
  expect(await ask(world.alice.id, world.alice.id, '/support')).toContain('Mental health hotline · 12356');
});

it('gives the recovery guidance after an alert was lowered, as the digest does', async () => {
  t = await startTestBot({
    config: testConfigInput({
      education: {
        red: ['Stay inside.'],
        recovery: { en: ['Reopen slowly; keep masks on the stairs.'], zh: ['逐步恢复；楼道里仍请戴口罩。'] },
      },
    }),
  });
  const b7 = world.b7.chatId;
  await ask(world.admin.id, world.admin.id, '/alert red Lockdown');
  await ask(world.admin.id, world.admin.id, '/alert blue Lifted');
  const learned = await ask(b7, world.alice.id, '/learn');
  expect(learned).toContain('Reopen slowly');
  expect(learned).toContain('recovery');
  await ask(b7, world.alice.id, '/digest');
  expect(t.tg.lastBotMessage(b7)?.text).toContain('Reopen slowly');
});
