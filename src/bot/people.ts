import type { BotContext } from './context.ts';

/** Telegram's stand-in user for a group admin who posts anonymously as the group. */
export const groupAnonymousBotId = 1087968824;

/** An anonymous admin posts as the group itself: an admin of that chat for admin commands, without a household. */
export function isAnonymousAdmin(ctx: BotContext): boolean {
  const senderChat = ctx.msg?.sender_chat;
  return ctx.from?.id === groupAnonymousBotId && senderChat !== undefined && senderChat.id === ctx.chat?.id;
}

/** How a resident is named in replies and cards. */
export function displayName(user: { first_name: string; last_name?: string }): string {
  return user.last_name ? `${user.first_name} ${user.last_name}` : user.first_name;
}
