import { Bot, GrammyError, HttpError, InlineKeyboard, InputFile } from 'grammy';
import { describe, expect, it } from 'vitest';
import type { LocalBotApi } from '../../src/local-bot-api/index.ts';
import { ALICE, GROUP, useSeededLocalBotApi } from './helpers.ts';

let tg: LocalBotApi;
useSeededLocalBotApi((fake) => (tg = fake));

const makeBot = (): Bot => new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });

describe('a real grammY bot', () => {
  it('gets its JSON requests understood: sendMessage with a keyboard and errors as GrammyError', async () => {
    const bot = makeBot();
    const sent = await bot.api.sendMessage(GROUP, 'Need: generator', {
      reply_markup: new InlineKeyboard().text('I can help', 'help:1'),
    });
    expect(sent.chat.id).toBe(GROUP);
    expect(tg.lastBotMessage(GROUP)?.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'I can help', callback_data: 'help:1' }]],
    });

    const failure = await bot.api.sendMessage(GROUP, '').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GrammyError);
    expect((failure as GrammyError).description).toBe('Bad Request: message text is empty');
  });

  it('gets its multipart uploads understood: sendDocument keeps the file name and bytes', async () => {
    const bot = makeBot();
    const msg = await bot.api.sendDocument(GROUP, new InputFile(Buffer.from('a,b\n'), 'x.csv'), { caption: 'Export' });
    expect(msg.document).toMatchObject({ file_name: 'x.csv', mime_type: 'text/csv', file_size: 4 });
    const [doc] = tg.documents(GROUP);
    expect(doc?.filename).toBe('x.csv');
    expect(doc?.mimeType).toBe('text/csv');
    expect(doc?.caption).toBe('Export');
    expect(doc?.content.toString('utf8')).toBe('a,b\n');
    expect(tg.calls.at(-1)?.params).toMatchObject({
      chat_id: GROUP,
      caption: 'Export',
      document: { filename: 'x.csv', size: 4 },
    });

    // the file can be fetched back like from Telegram's file server
    const file = await bot.api.getFile(msg.document.file_id);
    const res = await fetch(`${tg.apiRoot}/file/bot${tg.token}/${file.file_path ?? ''}`);
    expect(await res.text()).toBe('a,b\n');
  });

  it('runs a long-polling bot end to end: commands, button presses and a clean stop', async () => {
    const bot = makeBot();
    bot.command('start', (ctx) =>
      ctx.reply('Welcome', { reply_markup: new InlineKeyboard().text('Offer help', 'offer') }),
    );
    bot.callbackQuery('offer', async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'Noted' });
      await ctx.editMessageText('Thanks for offering');
    });
    const running = bot.start({ drop_pending_updates: false });

    const start = tg.sendText(ALICE, ALICE, '/start');
    const welcome = await tg.waitForBotMessage(ALICE, (m) => m.text === 'Welcome');
    const press = tg.pressButton(ALICE, welcome.message_id, ALICE, 'Offer');
    expect(await tg.waitForAnswer(press.callback_query?.id ?? '')).toMatchObject({ text: 'Noted' });
    const edited = await tg.waitForBotMessage(ALICE, (m) => m.text === 'Thanks for offering');
    expect(edited.message_id).toBe(welcome.message_id);
    expect(edited.reply_markup).toBeUndefined();

    await tg.waitForConfirmed(start.update_id);
    await bot.stop();
    await running;
    expect(tg.pendingUpdateCount()).toBe(0);
  });

  it('sees a dropped connection as an HttpError', async () => {
    const bot = makeBot();
    tg.failNext('sendMessage', 1, 'drop');
    const failure = await bot.api.sendMessage(GROUP, 'lost').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HttpError);
    expect(tg.botMessages(GROUP)).toHaveLength(0);
  });
});
