import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, householdMembers, households, processedUpdates } from '../../src/db/schema.ts';
import { startTestBot, type TestBot, world } from './harness.ts';

let t: TestBot;
beforeEach(async () => {
  t = await startTestBot();
});
afterEach(async () => {
  await t.close();
});

function botTexts(chatId: number): string[] {
  return t.tg.botMessages(chatId).map((m) => m.text ?? '');
}

describe('updates', () => {
  it('come the way this run of the suite chose: long polling, or the webhook the bot set with a secret token', async () => {
    await t.send(world.b7.chatId, world.alice.id, '/help');
    const methods = t.tg.calls.map((c) => c.method);
    if (process.env.E2E_UPDATES === 'webhook') {
      const set = t.tg.calls.find((c) => c.method === 'setWebhook');
      expect(set?.params).toMatchObject({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/telegram-webhook$/),
      });
      expect(String(set?.params.secret_token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(methods).not.toContain('getUpdates');
    } else {
      expect(methods).toContain('getUpdates');
      expect(methods).not.toContain('setWebhook');
    }
  });

  it.runIf(process.env.E2E_UPDATES !== 'webhook')(
    'by long polling, come as many at a time as Telegram gives (100), however few the bot has room for',
    async () => {
      const from = t.tg.calls.length;
      // a burst: more than the bot handles at once (64), so each getUpdates comes while some are still in hand
      const burst = Array.from({ length: 150 }, (_, k) => t.tg.sendText(world.b7.chatId, world.alice.id, `/help ${k}`));
      await t.handled(burst.at(-1)!.update_id, 20_000);
      const polls = t.tg.calls.slice(from).filter((c) => c.method === 'getUpdates');
      expect(polls.length).toBeGreaterThan(0);
      expect(polls.map((c) => c.params.limit)).toEqual(polls.map(() => 100));
    },
  );

  it.runIf(process.env.E2E_UPDATES === 'webhook')(
    'by webhook, refuses a request without the secret token, and stores nothing of it',
    async () => {
      const url = String(t.tg.calls.find((c) => c.method === 'setWebhook')?.params.url);
      const forged = {
        update_id: 999_999,
        message: {
          message_id: 1,
          date: 0,
          chat: { id: world.b7.chatId, type: 'supergroup' },
          from: world.alice,
          text: '/help',
        },
      };
      for (const secret of [undefined, 'not-the-secret']) {
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
          },
          body: JSON.stringify(forged),
        });
        expect(res.status).toBe(401);
      }
      expect(
        t.app.database.sqlite.prepare('SELECT count(*) FROM inbox_updates WHERE update_id = 999999').pluck().get(),
      ).toBe(0);
    },
  );
});

describe('help and start', () => {
  it('greets an English-speaking user in a DM in English, listing the commands', async () => {
    t.tg.sendText(world.alice.id, world.alice.id, '/start');
    const reply = await t.tg.waitForBotMessage(world.alice.id);
    expect(reply.text).toContain('Hello Alice Lee');
    expect(reply.text).toContain('/home');
  });

  it('greets a Chinese-speaking user in a DM in Chinese', async () => {
    t.tg.sendText(world.bob.id, world.bob.id, '/start');
    const reply = await t.tg.waitForBotMessage(world.bob.id);
    expect(reply.text).toContain('你好');
    expect(reply.text).toContain('/home');
  });

  it("answers a user whose language is neither English nor Chinese in the config's language", async () => {
    t.tg.sendText(world.carol.id, world.carol.id, '/help');
    const reply = await t.tg.waitForBotMessage(world.carol.id);
    expect(reply.text).toContain('命令');
  });

  it("answers /help in a group in the building's language, also when addressed as /help@botname", async () => {
    t.tg.sendText(world.b7.chatId, world.alice.id, '/help');
    const english = await t.tg.waitForBotMessage(world.b7.chatId);
    expect(english.text).toContain('Commands:');
    t.tg.sendText(world.b3.chatId, world.alice.id, `/help@${t.tg.botInfo.username}`);
    const chinese = await t.tg.waitForBotMessage(world.b3.chatId);
    expect(chinese.text).toContain('命令');
  });

  it("lists in /help what the reader may use: a resident's commands in a group, an admin's too, a DM's and the group's", async () => {
    t.tg.sendText(world.b7.chatId, world.alice.id, '/help');
    const resident = (await t.tg.waitForBotMessage(world.b7.chatId)).text ?? '';
    for (const command of ['/home', '/need', '/needs', '/vote', '/buy', '/order', '/checkin', '/digest', '/mine'])
      expect(resident).toContain(command);
    expect(resident).not.toContain('/alert');
    expect(resident).not.toContain('For admins:');

    t.tg.sendText(world.b3.chatId, world.admin.id, '/help');
    const admin = (await t.tg.waitForBotMessage(world.b3.chatId)).text ?? '';
    expect(admin).toContain('管理员：');
    for (const command of ['/alert', '/notice', '/unread', '/volunteers', '/chatid', '/vote'])
      expect(admin).toContain(command);

    t.tg.sendText(world.bob.id, world.bob.id, '/help');
    const dm = (await t.tg.waitForBotMessage(world.bob.id)).text ?? '';
    expect(dm).toContain('/need');
    expect(dm).toMatch(/在你所在楼栋的群里还可以用：.*\/vote/);
    expect(dm).not.toContain('/alert');
  });

  it("publishes the command menus in English and Chinese, the admins' commands to the groups' admins only", async () => {
    const en = t.tg.myCommands({ type: 'all_group_chats' }).map((c) => c.command);
    expect(en).toEqual(expect.arrayContaining(['help', 'home', 'need', 'vote', 'buy', 'digest', 'checkin']));
    expect(en).not.toContain('alert');
    const admins = t.tg.myCommands({ type: 'all_chat_administrators' }).map((c) => c.command);
    expect(admins).toEqual(expect.arrayContaining([...en, 'chatid', 'alert', 'notice', 'unread', 'volunteers']));
    const dm = t.tg.myCommands({ type: 'all_private_chats' }).map((c) => c.command);
    expect(dm).toEqual(expect.arrayContaining(['start', 'need', 'mine', 'learn']));
    expect(dm).not.toContain('vote');
    const zh = t.tg.myCommands({ type: 'all_private_chats' }, 'zh');
    expect(zh.find((c) => c.command === 'home')?.description).toMatch(/门牌/);
  });
});

describe('/chatid', () => {
  it("tells a group its chat id and a DM the user's id", async () => {
    t.tg.sendText(world.b7.chatId, world.alice.id, '/chatid');
    expect((await t.tg.waitForBotMessage(world.b7.chatId)).text).toContain(String(world.b7.chatId));
    t.tg.sendText(world.alice.id, world.alice.id, '/chatid');
    expect((await t.tg.waitForBotMessage(world.alice.id)).text).toContain(String(world.alice.id));
  });
});

describe('a group that is not in the config', () => {
  const stray = -1009999999999;

  it('explains itself once when added and once on the first command, then stays silent', async () => {
    t.tg.addChat({ id: stray, type: 'supergroup', title: 'Somewhere else' });
    t.tg.setMember(stray, world.alice.id, 'creator');
    await t.handled(t.tg.addBotToGroup(stray, world.alice.id).update_id);
    expect(botTexts(stray)).toHaveLength(1);
    expect(botTexts(stray)[0]).toContain(String(stray));

    await t.handled(t.tg.sendText(stray, world.alice.id, '/help').update_id);
    expect(botTexts(stray)).toHaveLength(2);
    expect(botTexts(stray)[1]).toContain(String(stray));

    await t.handled(t.tg.sendText(stray, world.alice.id, '/home 1502').update_id);
    await t.handled(t.tg.sendText(stray, world.bob.id, '/chatid').update_id);
    expect(botTexts(stray)).toHaveLength(2);
    expect(t.app.database.db.select().from(households).all()).toEqual([]);
  });
});

describe('/home', () => {
  it('registers a household and shows it back', async () => {
    t.tg.sendText(world.b7.chatId, world.alice.id, '/home 1502');
    expect((await t.tg.waitForBotMessage(world.b7.chatId)).text).toContain('unit 1502 of Building 7');
    t.tg.sendText(world.b7.chatId, world.alice.id, '/home');
    const shown = await t.tg.waitForBotMessage(world.b7.chatId, (m) => m.text?.includes('your household') ?? false);
    expect(shown.text).toContain('1502');
    const rows = t.app.database.db.select().from(households).all();
    expect(rows.map((r) => [r.buildingId, r.unit])).toEqual([['b7', '1502']]);
  });

  it('reads full-width digits as ASCII', async () => {
    t.tg.sendText(world.b3.chatId, world.bob.id, '/home １５０２');
    expect((await t.tg.waitForBotMessage(world.b3.chatId)).text).toContain('1502');
    expect(
      t.app.database.db
        .select()
        .from(households)
        .all()
        .map((r) => r.unit),
    ).toEqual(['1502']);
  });

  it('lets two residents share a household and tells the second one', async () => {
    await t.handled(t.tg.sendText(world.b7.chatId, world.alice.id, '/home 3-1502').update_id);
    t.tg.sendText(world.b7.chatId, world.carol.id, '/home 3-1502');
    const reply = await t.tg.waitForBotMessage(world.b7.chatId, (m) => m.text?.includes('Carol') ?? false);
    expect(reply.text).toContain('one other resident');
    expect(t.app.database.db.select().from(householdMembers).all()).toHaveLength(2);
  });

  it('moves a resident to another unit', async () => {
    await t.handled(t.tg.sendText(world.b7.chatId, world.alice.id, '/home 1502').update_id);
    t.tg.sendText(world.b7.chatId, world.alice.id, '/home 1601');
    const reply = await t.tg.waitForBotMessage(world.b7.chatId, (m) => m.text?.includes('moved') ?? false);
    expect(reply.text).toContain('from unit 1502 to unit 1601');
    const member = t.app.database.db.select().from(householdMembers).all();
    expect(member).toHaveLength(1);
  });

  it('answers a bad unit with the usage and writes nothing', async () => {
    t.tg.sendText(world.b7.chatId, world.alice.id, '/home !!!');
    const reply = await t.tg.waitForBotMessage(world.b7.chatId);
    expect(reply.text).toContain('Usage: /home 1502');
    t.tg.sendText(world.b7.chatId, world.alice.id, '/home 12345678901234567');
    const tooLong = await t.tg.waitForBotMessage(world.b7.chatId, (m) => m.text?.includes('too long') ?? false);
    expect(tooLong.text).toContain('Usage: /home 1502');
    const db = t.app.database.db;
    expect(db.select().from(households).all()).toEqual([]);
    expect(db.select().from(householdMembers).all()).toEqual([]);
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'household.join')).all()).toEqual([]);
  });

  it('refuses an anonymous admin posting as the group', async () => {
    t.tg.sendText(world.b7.chatId, world.admin.id, '/home 1502', {
      sender_chat: { id: world.b7.chatId, type: 'supergroup', title: world.b7.name },
    });
    const reply = await t.tg.waitForBotMessage(world.b7.chatId);
    expect(reply.text).toContain('anonymous admin');
    expect(t.app.database.db.select().from(households).all()).toEqual([]);
  });

  it('in a DM lists the households of the user across buildings', async () => {
    await t.handled(t.tg.sendText(world.b7.chatId, world.bob.id, '/home 701').update_id);
    await t.handled(t.tg.sendText(world.b3.chatId, world.bob.id, '/home 301').update_id);
    t.tg.sendText(world.bob.id, world.bob.id, '/home');
    const reply = await t.tg.waitForBotMessage(world.bob.id);
    expect(reply.text).toContain('3号楼 301');
    expect(reply.text).toContain('Building 7 701');
  });
});

describe('each update exactly once', () => {
  it('applies an update delivered twice only once', async () => {
    const update = t.tg.sendText(world.b7.chatId, world.alice.id, '/home 1502');
    await t.handled(update.update_id);
    const again = t.tg.injectUpdate(structuredClone(update) as unknown as Record<string, unknown>);
    expect(again.update_id).toBe(update.update_id);
    await t.handled(update.update_id);
    // a later update in the same chat is handled after the repeat (updates of one chat are sequential)
    await t.handled(t.tg.sendText(world.b7.chatId, world.alice.id, '/chatid').update_id);
    const db = t.app.database.db;
    expect(db.select().from(auditLog).where(eq(auditLog.action, 'household.join')).all()).toHaveLength(1);
    expect(botTexts(world.b7.chatId).filter((x) => x.includes('registered'))).toHaveLength(1);
    expect(
      db.select().from(processedUpdates).where(eq(processedUpdates.updateId, update.update_id)).all(),
    ).toHaveLength(1);
  });
});

describe('messages that are not commands', () => {
  it('ignores stickers, captions, edits and service messages without replying or crashing', async () => {
    const chat = world.b7.chatId;
    await t.handled(
      t.tg.sendMessageUpdate(chat, world.alice.id, {
        sticker: {
          file_id: 's1',
          file_unique_id: 's1',
          type: 'regular',
          width: 1,
          height: 1,
          is_animated: false,
          is_video: false,
        },
      }).update_id,
    );
    await t.handled(
      t.tg.sendMessageUpdate(chat, world.alice.id, {
        photo: [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }],
        caption: '/home 1502',
      }).update_id,
    );
    await t.handled(
      t.tg.sendMessageUpdate(chat, world.alice.id, { new_chat_members: [{ id: 5, is_bot: false, first_name: 'New' }] })
        .update_id,
    );
    const plain = t.tg.sendText(chat, world.alice.id, 'hello neighbours');
    await t.handled(plain.update_id);
    await t.handled(t.tg.editText(chat, plain.message!.message_id, world.alice.id, '/home 1502').update_id);
    expect(botTexts(chat)).toEqual([]);
    expect(t.app.database.db.select().from(households).all()).toEqual([]);
  });
});
