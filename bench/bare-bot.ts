// The baseline: the least a real bot does per update. grammY with the runner, long polling; each update is
// written to SQLite (WAL, one prepared insert) and answered: a message with a reply carrying an inline keyboard
// (so the button storm has a card to press, with a row per item like the bot's three-item buy), a button press
// with answerCallbackQuery.
import { run } from '@grammyjs/runner';
import Database from 'better-sqlite3';
import { Bot } from 'grammy';
import { answerParent } from './ipc.ts';

const db = new Database(process.env.DB_PATH ?? 'bare.db');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(
  'CREATE TABLE IF NOT EXISTS handled (update_id INTEGER PRIMARY KEY, chat_id INTEGER NOT NULL, kind TEXT NOT NULL, at INTEGER NOT NULL)',
);
const insert = db.prepare('INSERT INTO handled (update_id, chat_id, kind, at) VALUES (?, ?, ?, ?)');

const bot = new Bot(process.env.BOT_TOKEN ?? '', {
  client: { apiRoot: process.env.TELEGRAM_API_ROOT ?? 'https://api.telegram.org' },
});
// a card like the bot's three-item buy: a +1 / −1 row per item, then My order
const keyboard = {
  inline_keyboard: [
    ...[0, 1, 2].map((item) => [
      { text: `+1 item ${item + 1}`, callback_data: `inc:${item}` },
      { text: '−1', callback_data: `dec:${item}` },
    ]),
    [{ text: 'My order', callback_data: 'mine' }],
  ],
};

bot.on('message', async (ctx) => {
  insert.run(ctx.update.update_id, ctx.chat.id, 'message', Date.now());
  await ctx.reply(`Noted (${ctx.msg.text?.length ?? 0} characters)`, { reply_markup: keyboard });
});
bot.on('callback_query', async (ctx) => {
  insert.run(ctx.update.update_id, ctx.chat?.id ?? 0, 'press', Date.now());
  await ctx.answerCallbackQuery({ text: 'Noted' });
});

const runner = run(bot);
answerParent(async () => undefined);
process.once('SIGTERM', () => {
  void runner.stop().then(() => {
    db.close();
    process.exit(0);
  });
});
