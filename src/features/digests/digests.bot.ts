import { Composer } from 'grammy';
import type { BotContext } from '../../bot/context.ts';
import { buildingGroups } from '../access/access.bot.ts';
import { composeDigest } from './digests.messages.ts';

/** `/digest`: the building's digest now, in its group. */
const feature = new Composer<BotContext>();

buildingGroups(feature).command('digest', (ctx) => {
  const building = ctx.app.building;
  ctx.app.commit((tx) =>
    ctx.app.say(composeDigest(tx, ctx.app.translate, ctx.app.deps.config, building, ctx.app.now), { quote: false }),
  );
});

export const digestsComposer = feature;
