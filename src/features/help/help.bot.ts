import { Composer } from 'grammy';
import type { BotContext } from '../../bot/context.ts';
import { displayName } from '../../bot/people.ts';

const feature = new Composer<BotContext>();

feature.command('start', async (ctx) => {
  if (ctx.chat.type === 'private' && ctx.from) ctx.app.say(ctx.t('start-private', { name: displayName(ctx.from) }));
  else ctx.app.say(ctx.t('help'));
});

feature.command('help', (ctx) => ctx.app.say(ctx.t('help')));

export const helpFeature = feature;
