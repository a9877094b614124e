import type { Feature } from '../feature.ts';
import { helpComposer, privateChatFallback } from './help.bot.ts';

/** `/start` and `/help`: what the bot does and the commands the reader may use, built from every feature's list. */
export const helpFeature: Feature = {
  name: 'help',
  composer: helpComposer,
  fallback: privateChatFallback,
  commands: [
    { name: 'start', where: 'both', who: 'resident' },
    { name: 'help', where: 'both', who: 'resident' },
  ],
};
