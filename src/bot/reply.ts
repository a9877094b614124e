import type { BotContext } from './context.ts';

/** The command's arguments (`ctx.match` of `bot.command`), trimmed. */
export function commandArgs(ctx: BotContext): string {
  return typeof ctx.match === 'string' ? ctx.match.trim() : '';
}
