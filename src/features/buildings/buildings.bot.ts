import type { MiddlewareFn } from 'grammy';
import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { setUserBlocked } from '../../db/users.ts';
import { committeeOfChat } from '../committees/committees.ts';
import { claimUndeclaredNotice, currentChatId, recordBotStatus, recordChatMigration } from './buildings.store.ts';

const botPresent = new Set(['member', 'administrator', 'creator']);

function isCommand(ctx: BotContext): boolean {
  return ctx.message?.entities?.some((e) => e.type === 'bot_command' && e.offset === 0) ?? false;
}

/**
 * A group that is not a building of the config gets one explanation when the bot is added and one on the
 * first command sent there (its chat id and how to declare it); nothing else happens there. A building's
 * volunteers' chat is no building, but the presses on the needs sent there are handled.
 */
export const undeclaredGroupGuard: MiddlewareFn<BotContext> = async (ctx, next) => {
  const chat = ctx.chat;
  // a committee's chat is declared too (SPEC §2.8): its commands and presses are handled
  if (!chat || chat.type === 'private' || chat.type === 'channel' || ctx.app.building || ctx.app.committee)
    return next();
  // the upgraded group's first message may arrive before the old group's, under the new id
  if (ctx.message?.migrate_from_chat_id !== undefined) return next();
  // a building's volunteers' chat is declared too: the needs sent there carry claim buttons
  if (ctx.app.deps.config.buildings.some((b) => b.volunteersChatId === chat.id)) {
    return ctx.callbackQuery ? next() : undefined;
  }
  const member = ctx.myChatMember;
  if (member) {
    const present = botPresent.has(member.new_chat_member.status);
    ctx.app.commit((tx) => {
      recordBotStatus(
        tx,
        { id: chat.id, type: chat.type, title: chat.title, botStatus: member.new_chat_member.status },
        ctx.app.now,
        member.from.id,
        null,
      );
      if (present && !botPresent.has(member.old_chat_member.status))
        ctx.app.say(ctx.t('undeclared-group', { chatId: String(chat.id) }));
    });
    return;
  }
  if (!isCommand(ctx)) return;
  ctx.app.commit((tx) => {
    if (claimUndeclaredNotice(tx, { id: chat.id, type: chat.type, title: chat.title }, ctx.app.now))
      ctx.app.say(ctx.t('undeclared-group', { chatId: String(chat.id) }));
  });
};

const feature = new FlatComposer<BotContext>();

feature.on('my_chat_member', async (ctx) => {
  const { chat, from, new_chat_member: now, old_chat_member: before } = ctx.myChatMember;
  const status = now.status;
  if (chat.type === 'private') {
    // a user who blocks the bot gets no more DMs until they write again
    ctx.app.commit((tx) => setUserBlocked(tx, chat.id, status === 'kicked' ? ctx.app.now : null));
    return;
  }
  const building = ctx.app.building;
  ctx.app.commit((tx) => {
    recordBotStatus(
      tx,
      { id: chat.id, type: chat.type, title: chat.title ?? null, botStatus: status },
      ctx.app.now,
      from.id,
      building?.id ?? null,
    );
    if (building && botPresent.has(status) && !botPresent.has(before.status))
      ctx.app.say(ctx.t('greeting-building', { building: building.name }));
  });
});

feature.on('message:migrate_to_chat_id', (ctx) => announceMigration(ctx, ctx.chat.id, ctx.message.migrate_to_chat_id));
feature.on('message:migrate_from_chat_id', (ctx) =>
  announceMigration(ctx, ctx.message.migrate_from_chat_id, ctx.chat.id),
);

/**
 * Telegram gives an upgraded group a new id and sends a service message into each of the two chats, in no
 * guaranteed order; whichever comes first moves the building, and the admins are told to update the config.
 */
function announceMigration(ctx: BotContext, fromChatId: number, toChatId: number): void {
  ctx.app.commit((tx) => {
    const known = currentChatId(tx, fromChatId) === toChatId;
    const moved = recordChatMigration(tx, fromChatId, toChatId, ctx.app.now, ctx.from?.id ?? null);
    if (!moved) {
      // a committee's chat is followed through the recorded move (SPEC §2.8); told once, as a building's is
      const committee = committeeOfChat(ctx.app.deps.config.committees, fromChatId);
      if (committee && !known) {
        const language = committee.language ?? ctx.app.deps.config.language;
        const text = ctx.app.translate(language, 'migrated-committee', {
          committee: committee.name,
          committeeId: committee.id,
          chatId: String(toChatId),
        });
        ctx.app.say(text, { chatId: toChatId });
      }
      return;
    }
    const text = ctx.app.translate(moved.language, 'migrated-building', {
      building: moved.name,
      buildingId: moved.id,
      chatId: String(toChatId),
    });
    ctx.app.say(text, { chatId: toChatId });
  });
}

feature.command('chatid', async (ctx) => {
  if (ctx.chat.type === 'private') ctx.app.say(ctx.t('chatid-private', { userId: String(ctx.chat.id) }));
  else ctx.app.say(ctx.t('chatid-group', { chatId: String(ctx.chat.id) }));
});

export const buildingsComposer = feature;
