import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { displayName } from '../../bot/people.ts';
import { actorIn, groupOnly } from '../access/access.bot.ts';
import { roleOf } from '../access/access.ts';
import type { Role } from '../feature.ts';
import { listHouseholdsOfUser } from '../households/households.store.ts';
import { volunteersAnywhere } from '../volunteers/volunteers.store.ts';
import { renderHelp } from './help.ts';

const feature = new FlatComposer<BotContext>();

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
  if (ctx.chat.type !== 'private' || !ctx.from) {
    ctx.app.say(help);
    return;
  }
  // a resident who registered is greeted with their home, and is told what they can do from here
  const homes = listHouseholdsOfUser(ctx.app.deps.db, ctx.from.id).map((h) => `${h.buildingName} ${h.unit}`);
  const name = displayName(ctx.from);
  if (homes.length > 0) ctx.app.say(ctx.t('start-resident', { name, homes: homes.join(', '), help }));
  else ctx.app.say(ctx.t('start-private', { name, help }));
});

feature.command('help', async (ctx) => ctx.app.say(await helpText(ctx)));

export const helpComposer = feature;

/**
 * A private chat is never a dead end (SPEC §1): what no feature handled there gets an answer. A group command names
 * the sender's building; an unknown command points to /help; anything else says how to ask for help.
 */
const fallback = new FlatComposer<BotContext>();

fallback.chatType('private').on('message', (ctx) => {
  const command = /^\/([A-Za-z0-9_]{1,32})(?:@\S+)?(?:\s|$)/.exec(ctx.message.text ?? '')?.[1]?.toLowerCase();
  if (command === undefined) {
    ctx.app.say(ctx.t('private-free-text'));
    return;
  }
  if (ctx.app.commands.some((c) => c.name === command)) throw groupOnly(ctx, command);
  ctx.app.say(ctx.t('private-unknown-command', { command }));
});

export const privateChatFallback = fallback;
