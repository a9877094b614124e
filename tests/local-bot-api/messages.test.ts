import { describe, expect, it } from 'vitest';
import { buttonTexts, type LocalBotApi, type TgMessage, type Update } from '../../src/local-bot-api/index.ts';
import { ALICE, api, BOB, GROUP, useSeededLocalBotApi } from './helpers.ts';

let tg: LocalBotApi;
useSeededLocalBotApi((fake) => (tg = fake));

const keyboard = (...rows: Array<Array<[string, string]>>) => ({
  inline_keyboard: rows.map((row) => row.map(([text, callback_data]) => ({ text, callback_data }))),
});

describe('sendMessage', () => {
  it('returns a full Message object and shows it in the chat', async () => {
    const { status, body } = await api<TgMessage>(tg, 'sendMessage', {
      chat_id: GROUP,
      text: 'Need: insulin cooler',
      reply_markup: keyboard([['I can help', 'help:1']]),
    });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({
      message_id: 1,
      from: { id: 123456, is_bot: true, username: 'mutual_aid_test_bot' },
      chat: { id: GROUP, type: 'supergroup', title: 'Maple St 12' },
      text: 'Need: insulin cooler',
      reply_markup: keyboard([['I can help', 'help:1']]),
    });
    expect(typeof body.result.date).toBe('number');
    const last = tg.lastBotMessage(GROUP);
    expect(last?.text).toBe('Need: insulin cooler');
    expect(last && buttonTexts(last)).toEqual(['I can help']);
  });

  it('rejects empty text and text over 4096 characters but accepts exactly 4096', async () => {
    const empty = await api(tg, 'sendMessage', { chat_id: GROUP, text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.description).toBe('Bad Request: message text is empty');

    const long = await api(tg, 'sendMessage', { chat_id: GROUP, text: 'x'.repeat(4097) });
    expect(long.status).toBe(400);
    expect(long.body.description).toBe('Bad Request: message is too long');

    const max = await api(tg, 'sendMessage', { chat_id: GROUP, text: 'x'.repeat(4096) });
    expect(max.status).toBe(200);
    expect(tg.botMessages(GROUP)).toHaveLength(1);
  });

  it('counts callback_data in bytes: 22 Chinese characters are 66 bytes and get BUTTON_DATA_INVALID', async () => {
    const chinese = '互助'.repeat(11);
    expect(chinese).toHaveLength(22);
    const tooLong = await api(tg, 'sendMessage', {
      chat_id: GROUP,
      text: 'x',
      reply_markup: keyboard([['a', chinese]]),
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' });

    const fits = await api(tg, 'sendMessage', {
      chat_id: GROUP,
      text: 'x',
      reply_markup: keyboard([['a', '互'.repeat(21)]]),
    });
    expect(fits.status).toBe(200);
    expect(tg.botMessages(GROUP)).toHaveLength(1);
  });

  it('parses HTML into plain text with entities and rejects broken HTML like Telegram', async () => {
    const ok = await api<TgMessage>(tg, 'sendMessage', {
      chat_id: GROUP,
      text: '<b>Need</b> from &lt;Bob&gt;: <a href="https://example.org">map</a>',
      parse_mode: 'HTML',
    });
    expect(ok.body.result.text).toBe('Need from <Bob>: map');
    expect(ok.body.result.entities).toEqual([
      { type: 'bold', offset: 0, length: 4 },
      { type: 'text_link', offset: 17, length: 3, url: 'https://example.org' },
    ]);

    const broken = await api(tg, 'sendMessage', { chat_id: GROUP, text: 'from <Bob>', parse_mode: 'HTML' });
    expect(broken.status).toBe(400);
    expect(broken.body.description).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "bob" at byte offset 5',
    );

    const reserved = await api(tg, 'sendMessage', { chat_id: GROUP, text: 'Done.', parse_mode: 'MarkdownV2' });
    expect(reserved.status).toBe(400);
    expect(reserved.body.description).toBe(
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
  });

  it('replies to a message and rejects a reply to a message that does not exist', async () => {
    const asked = tg.sendText(GROUP, BOB, '/need water');
    const reply = await api<TgMessage>(tg, 'sendMessage', {
      chat_id: GROUP,
      text: 'Posted',
      reply_parameters: { message_id: asked.message?.message_id },
    });
    expect(reply.body.result.reply_to_message).toMatchObject({
      message_id: asked.message?.message_id,
      text: '/need water',
    });
    expect(tg.lastBotMessage(GROUP)?.reply_to_message_id).toBe(asked.message?.message_id);

    const missing = await api(tg, 'sendMessage', { chat_id: GROUP, text: 'x', reply_to_message_id: 999 });
    expect(missing.status).toBe(400);
    expect(missing.body.description).toBe('Bad Request: message to be replied not found');
    const allowed = await api(tg, 'sendMessage', {
      chat_id: GROUP,
      text: 'x',
      reply_parameters: { message_id: 999, allow_sending_without_reply: true },
    });
    expect(allowed.status).toBe(200);
  });

  it('answers 400 chat not found for an unknown chat', async () => {
    const { status, body } = await api(tg, 'sendMessage', { chat_id: -100999, text: 'hi' });
    expect(status).toBe(400);
    expect(body.description).toBe('Bad Request: chat not found');
  });

  it('answers 403 for a DM to a user who never started the bot and succeeds after they wrote to it', async () => {
    const before = await api(tg, 'sendMessage', { chat_id: BOB, text: 'hello' });
    expect(before.status).toBe(403);
    expect(before.body).toEqual({
      ok: false,
      error_code: 403,
      description: "Forbidden: bot can't initiate conversation with a user",
    });

    tg.sendText(BOB, BOB, '/start');
    const after = await api<TgMessage>(tg, 'sendMessage', { chat_id: BOB, text: 'hello' });
    expect(after.status).toBe(200);
    expect(after.body.result.chat).toEqual({ id: BOB, type: 'private', first_name: 'Bob' });

    tg.blockBot(BOB);
    const blocked = await api(tg, 'sendMessage', { chat_id: BOB, text: 'still there?' });
    expect(blocked.status).toBe(403);
    expect(blocked.body.description).toBe('Forbidden: bot was blocked by the user');
  });

  it('answers 403 after the bot was removed from a group', async () => {
    tg.removeBotFromGroup(GROUP, ALICE);
    const { status, body } = await api(tg, 'sendMessage', { chat_id: GROUP, text: 'hi' });
    expect(status).toBe(403);
    expect(body.description).toBe('Forbidden: bot was kicked from the supergroup chat');
  });
});

describe('editing and deleting', () => {
  it('answers "message is not modified" for identical content and "message to edit not found" for unknown ids', async () => {
    const markup = keyboard([['Done', 'done:1']]);
    const sent = await api<TgMessage>(tg, 'sendMessage', { chat_id: GROUP, text: 'Task', reply_markup: markup });
    const id = sent.body.result.message_id;

    const same = await api(tg, 'editMessageText', {
      chat_id: GROUP,
      message_id: id,
      text: 'Task',
      reply_markup: markup,
    });
    expect(same.status).toBe(400);
    expect(same.body.description).toBe(
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );

    const sameMarkup = await api(tg, 'editMessageReplyMarkup', {
      chat_id: GROUP,
      message_id: id,
      reply_markup: markup,
    });
    expect(sameMarkup.body.description).toMatch(/^Bad Request: message is not modified/);

    const missing = await api(tg, 'editMessageText', { chat_id: GROUP, message_id: 999, text: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.description).toBe('Bad Request: message to edit not found');
  });

  it('shows the chat as it is now: edits applied and deleted messages gone', async () => {
    tg.sendText(GROUP, ALICE, 'hi bot');
    const a = await api<TgMessage>(tg, 'sendMessage', {
      chat_id: GROUP,
      text: 'first',
      reply_markup: keyboard([['Take', 't']]),
    });
    const b = await api<TgMessage>(tg, 'sendMessage', { chat_id: GROUP, text: 'second' });

    const edited = await api<TgMessage>(tg, 'editMessageText', {
      chat_id: GROUP,
      message_id: a.body.result.message_id,
      text: 'first (taken)',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.result.edit_date).toEqual(expect.any(Number));
    expect(edited.body.result.reply_markup).toBeUndefined(); // editMessageText without reply_markup drops the keyboard
    expect((await api(tg, 'deleteMessage', { chat_id: GROUP, message_id: b.body.result.message_id })).body).toEqual({
      ok: true,
      result: true,
    });
    const again = await api(tg, 'deleteMessage', { chat_id: GROUP, message_id: b.body.result.message_id });
    expect(again.body.description).toBe('Bad Request: message to delete not found');

    const view = tg.messages(GROUP);
    expect(view.map((m) => [m.from_bot, m.text, m.edited])).toEqual([
      [false, 'hi bot', false],
      [true, 'first (taken)', true],
    ]);
    expect(view[1]?.reply_markup).toBeUndefined();
  });

  it('waits for a bot message that is edited into the awaited state', async () => {
    const sent = await api<TgMessage>(tg, 'sendMessage', { chat_id: GROUP, text: 'Status: open' });
    const waiting = tg.waitForBotMessage(GROUP, (m) => m.text === 'Status: closed');
    await api(tg, 'editMessageText', {
      chat_id: GROUP,
      message_id: sent.body.result.message_id,
      text: 'Status: closed',
    });
    const m = await waiting;
    expect(m.message_id).toBe(sent.body.result.message_id);
    expect(m.edited).toBe(true);
  });

  it('rejects a wait that times out with a description of the chat', async () => {
    await api(tg, 'sendMessage', { chat_id: GROUP, text: 'something else' });
    await expect(tg.waitForBotMessage(GROUP, (m) => m.text === 'never', 50)).rejects.toThrow(
      /timed out after 50 ms[\s\S]*"something else"/,
    );
  });

  it('pins and unpins messages', async () => {
    const a = await api<TgMessage>(tg, 'sendMessage', { chat_id: GROUP, text: 'rules' });
    const b = await api<TgMessage>(tg, 'sendMessage', { chat_id: GROUP, text: 'board' });
    await api(tg, 'pinChatMessage', { chat_id: GROUP, message_id: a.body.result.message_id });
    await api(tg, 'pinChatMessage', { chat_id: GROUP, message_id: b.body.result.message_id });
    expect(tg.pinned(GROUP)).toEqual([1, 2]);
    await api(tg, 'unpinChatMessage', { chat_id: GROUP });
    expect(tg.pinned(GROUP)).toEqual([1]);
    const chat = await api<{ pinned_message: TgMessage }>(tg, 'getChat', { chat_id: GROUP });
    expect(chat.body.result.pinned_message.text).toBe('rules');
    await api(tg, 'unpinAllChatMessages', { chat_id: GROUP });
    expect(tg.pinned(GROUP)).toEqual([]);
  });
});

describe('callback queries', () => {
  it('presses a button by its text and records the answer', async () => {
    const sent = await api<TgMessage>(tg, 'sendMessage', {
      chat_id: GROUP,
      text: 'Need: water',
      reply_markup: keyboard([
        ['🙋 I can help', 'claim:7'],
        ['Details', 'info:7'],
      ]),
    });
    const id = sent.body.result.message_id;
    const update = tg.pressButton(GROUP, id, BOB, 'I can help');
    const query = update.callback_query;
    expect(query?.data).toBe('claim:7');
    expect(query?.from.id).toBe(BOB);
    expect(query?.message?.message_id).toBe(id);

    const answered = tg.waitForAnswer(query?.id ?? '');
    await api(tg, 'answerCallbackQuery', { callback_query_id: query?.id, text: 'Thanks!' });
    expect(await answered).toMatchObject({ callback_query_id: query?.id, text: 'Thanks!' });

    const twice = await api(tg, 'answerCallbackQuery', { callback_query_id: query?.id });
    expect(twice.status).toBe(400);
    expect(twice.body.description).toBe(
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );
  });

  it('sends forged callback data verbatim and throws a clear error for a missing button', async () => {
    const sent = await api<TgMessage>(tg, 'sendMessage', {
      chat_id: GROUP,
      text: 'x',
      reply_markup: keyboard([['Yes', 'y']]),
    });
    const id = sent.body.result.message_id;
    const forged = tg.pressButton(GROUP, id, BOB, { data: 'admin:delete_all' });
    expect(forged.callback_query?.data).toBe('admin:delete_all');
    expect(() => tg.pressButton(GROUP, id, BOB, 'No')).toThrow(/no button "No".*"Yes"/);
  });
});

describe('chats and members', () => {
  it('migrates a group to a supergroup like Telegram', async () => {
    const OLD = -4001;
    const NEW = -1004001;
    tg.addChat({ id: OLD, type: 'group', title: 'Block B' });
    tg.setMember(OLD, ALICE, 'creator');
    const [inOld, inNew] = tg.migrateToSupergroup(OLD, NEW, ALICE);
    expect(inOld?.message).toMatchObject({ chat: { id: OLD, type: 'group' }, migrate_to_chat_id: NEW });
    expect(inNew?.message).toMatchObject({
      chat: { id: NEW, type: 'supergroup', title: 'Block B' },
      migrate_from_chat_id: OLD,
    });

    const old = await api(tg, 'sendMessage', { chat_id: OLD, text: 'hi' });
    expect(old.status).toBe(400);
    expect(old.body).toEqual({
      ok: false,
      error_code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: NEW },
    });
    const member = await api<{ status: string }>(tg, 'getChatMember', { chat_id: NEW, user_id: ALICE });
    expect(member.body.result.status).toBe('creator');
    expect((await api(tg, 'sendMessage', { chat_id: NEW, text: 'hi' })).status).toBe(200);
  });

  it('reports members, administrators and the bot being added', async () => {
    const admins = await api<Array<{ user: { id: number }; status: string }>>(tg, 'getChatAdministrators', {
      chat_id: GROUP,
    });
    expect(admins.body.result.map((m) => [m.user.id, m.status])).toEqual([
      [ALICE, 'creator'],
      [123456, 'administrator'],
    ]);
    expect((await api(tg, 'getChatMemberCount', { chat_id: GROUP })).body.result).toBe(3);
    expect((await api(tg, 'getChatMember', { chat_id: GROUP, user_id: BOB })).body.result).toMatchObject({
      status: 'member',
      user: { id: BOB },
    });

    const NEWGROUP = -1005;
    tg.addChat({ id: NEWGROUP, type: 'group', title: 'Stairwell' });
    const added = tg.addBotToGroup(NEWGROUP, ALICE, 'administrator');
    expect(added.my_chat_member?.old_chat_member.status).toBe('left');
    expect(added.my_chat_member?.new_chat_member.status).toBe('administrator');
  });

  it('delivers other kinds of user messages and tracks members who join', () => {
    const CAROL = 1003;
    tg.addUser({ id: CAROL, first_name: 'Carol' });
    const joined = tg.sendMessageUpdate(GROUP, ALICE, {
      new_chat_members: [{ id: CAROL, is_bot: false, first_name: 'Carol' }],
    });
    expect(joined.message?.new_chat_members?.[0]?.id).toBe(CAROL);
    expect(tg.chat(GROUP)?.members.get(CAROL)).toBe('member');

    const photo = tg.sendMessageUpdate(GROUP, CAROL, {
      photo: [{ file_id: 'p1', file_unique_id: 'u1', width: 1, height: 1 }],
      caption: 'leak on 3rd floor',
    });
    expect(photo.message?.caption).toBe('leak on 3rd floor');
    expect(tg.messages(GROUP).at(-1)?.caption).toBe('leak on 3rd floor');
  });

  it('lets the bot leave a group and reports it as a my_chat_member update', async () => {
    expect((await api(tg, 'leaveChat', { chat_id: GROUP })).body.result).toBe(true);
    const { body } = await api<Update[]>(tg, 'getUpdates', {});
    expect(body.result.at(-1)?.my_chat_member?.new_chat_member.status).toBe('left');
    const after = await api(tg, 'sendChatAction', { chat_id: GROUP, action: 'typing' });
    expect(after.status).toBe(403);
    expect(after.body.description).toBe('Forbidden: bot is not a member of the supergroup chat');
  });

  it('stores commands per scope and language', async () => {
    await api(tg, 'setMyCommands', { commands: [{ command: 'need', description: 'Ask for help' }] });
    await api(tg, 'setMyCommands', {
      commands: [{ command: 'board', description: 'Доска' }],
      scope: { type: 'chat', chat_id: GROUP },
      language_code: 'ru',
    });
    expect(tg.myCommands()).toEqual([{ command: 'need', description: 'Ask for help' }]);
    expect(tg.myCommands({ type: 'chat', chat_id: GROUP }, 'ru')).toEqual([{ command: 'board', description: 'Доска' }]);
    expect(tg.myCommands({ type: 'all_group_chats' })).toEqual([]);
    const bad = await api(tg, 'setMyCommands', { commands: [{ command: 'Need!', description: 'x' }] });
    expect(bad.body.description).toBe('Bad Request: BOT_COMMAND_INVALID');
    expect((await api(tg, 'getMyCommands', {})).body.result).toEqual([
      { command: 'need', description: 'Ask for help' },
    ]);
  });

  it('builds user messages with command entities in UTF-16 units, threads and anonymous admins', () => {
    tg.addChat({ id: -1007, type: 'supergroup', title: 'Forum', is_forum: true });
    const u = tg.sendText(-1007, ALICE, '🚰 /need@mutual_aid_test_bot water /board', { message_thread_id: 42 });
    expect(u.message?.entities).toEqual([
      { type: 'bot_command', offset: 3, length: 25 },
      { type: 'bot_command', offset: 35, length: 6 },
    ]);
    expect(u.message?.message_thread_id).toBe(42);
    expect(u.message?.is_topic_message).toBe(true);
    expect(tg.messages(-1007, { threadId: 42 })).toHaveLength(1);
    expect(tg.messages(-1007, { threadId: 7 })).toHaveLength(0);

    const anon = tg.sendText(GROUP, ALICE, '/setup', {
      sender_chat: { id: GROUP, type: 'supergroup', title: 'Maple St 12' },
    });
    expect(anon.message?.from).toEqual({
      id: 1087968824,
      is_bot: true,
      first_name: 'Group',
      username: 'GroupAnonymousBot',
    });
    expect(anon.message?.sender_chat?.id).toBe(GROUP);

    const edited = tg.editText(-1007, u.message?.message_id ?? 0, ALICE, 'water please /need');
    expect(edited.edited_message?.text).toBe('water please /need');
    expect(edited.edited_message?.entities).toEqual([{ type: 'bot_command', offset: 13, length: 5 }]);
    expect(tg.messages(-1007)[0]?.edited).toBe(true);
  });
});
