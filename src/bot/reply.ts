import type { BotContext } from './context.ts';

/** In groups, answers quote the command they answer so the thread stays readable. */
export function replyTo(ctx: BotContext): { reply_parameters?: { message_id: number; allow_sending_without_reply: boolean } } {
  const id = ctx.message?.message_id;
  return id !== undefined && ctx.chat?.type !== 'private' ? { reply_parameters: { message_id: id, allow_sending_without_reply: true } } : {};
}

/** The command's arguments (`ctx.match` of `bot.command`), trimmed. */
export function commandArgs(ctx: BotContext): string {
  return typeof ctx.match === 'string' ? ctx.match.trim() : '';
}
