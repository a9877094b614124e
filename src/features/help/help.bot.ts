import { Composer } from 'grammy';
import type { BotContext } from '../../bot/context.ts';
import { displayName } from '../../bot/people.ts';
import { actorIn } from '../access/access.bot.ts';
import { roleOf } from '../access/access.ts';
import type { Role } from '../feature.ts';
import { volunteersAnywhere } from '../volunteers/volunteers.store.ts';
import { renderHelp } from './help.ts';

const feature = new Composer<BotContext>();

/**
 * The reader's role where they asked: in a building's group, as everywhere (config, anonymous and Telegram admins,
 * volunteers); in a private chat, what the config and `/volunteer` say of them in any building.
 */
async function readerRole(ctx: BotContext): Promise<Role> {
  const building = ctx.app.building;
  if (building) return roleOf(await actorIn(ctx, building));
  const { config, db } = ctx.app.deps;
  const userId = ctx.from?.id;
  if (userId === undefined) return 'resident';
  if (config.admins.includes(userId) || config.buildings.some((b) => b.admins.includes(userId))) return 'admin';
  if (config.buildings.some((b) => b.volunteers.includes(userId)) || volunteersAnywhere(db, userId)) return 'volunteer';
  return 'resident';
}

async function helpText(ctx: BotContext): Promise<string> {
  const chat = ctx.chat?.type === 'private' ? 'private' : 'group';
  return renderHelp(ctx.t, ctx.app.commands, { role: await readerRole(ctx), chat });
}

feature.command('start', async (ctx) => {
  const help = await helpText(ctx);
  if (ctx.chat.type === 'private' && ctx.from)
    ctx.app.say(ctx.t('start-private', { name: displayName(ctx.from), help }));
  else ctx.app.say(help);
});

feature.command('help', async (ctx) => ctx.app.say(await helpText(ctx)));

export const helpComposer = feature;
