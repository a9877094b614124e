import type { Feature } from '../feature.ts';
import { buysComposer } from './buys.bot.ts';
import { buyDueChecks } from './buys.jobs.ts';

/** Group buys (SPEC §2.4): a card with per-household orders, closed into a delivery sheet for the organizer. */
export const buysFeature: Feature = {
  name: 'buys',
  composer: buysComposer,
  commands: [
    { name: 'buy', where: 'group', who: 'resident' },
    { name: 'order', where: 'group', who: 'resident' },
    { name: 'closebuy', where: 'group', who: 'resident' },
    { name: 'paid', where: 'group', who: 'resident' },
    { name: 'delivered', where: 'group', who: 'resident' },
  ],
  jobs: (config, translate) => ({ due: buyDueChecks(config, translate) }),
};
