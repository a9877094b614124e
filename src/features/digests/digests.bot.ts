import { Composer } from 'grammy';
import type { BotContext } from '../../bot/context.ts';
import { UsageError } from '../../core/usage-error.ts';
import { composeDigest } from './digests.ts';

/** `/digest`: the building's digest now, in its group. */
const feature = new Composer<BotContext>();

feature.chatType('private').command('digest', () => {
  throw new UsageError('group-only');
});

feature.chatType(['group', 'supergroup']).command('digest', (ctx) => {
  const building = ctx.app.building;
  if (!building) return;
  ctx.app.commit((tx) =>
    ctx.app.say(composeDigest(tx, ctx.app.translate, ctx.app.deps.config, building, ctx.app.now), { quote: false }),
  );
});

export const digestsFeature = feature;
