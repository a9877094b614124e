import type { Feature } from '../feature.ts';
import { buysComposer } from './buys.bot.ts';
import { buyDueChecks } from './buys.jobs.ts';
import { buyCardRenderer } from './buys.messages.ts';

/**
 * Group buys (SPEC §2.3, §2.12): a card with items, per-household orders and a numbered list, closed into a delivery
 * sheet for the organizer; payments, the supplier's cost and the posted account; sheets on demand.
 */
export const buysFeature: Feature = {
  name: 'buys',
  composer: buysComposer,
  commands: [
    { name: 'buy', where: 'group', who: 'resident' },
    { name: 'order', where: 'group', who: 'resident' },
    { name: 'closebuy', where: 'group', who: 'resident' },
    { name: 'paid', where: 'group', who: 'resident' },
    { name: 'delivered', where: 'group', who: 'resident' },
    // the organizer's money and sheets, in the group or privately
    { name: 'payinfo', where: 'both', who: 'resident' },
    { name: 'cost', where: 'both', who: 'resident' },
    { name: 'settle', where: 'both', who: 'resident' },
    { name: 'sheet', where: 'both', who: 'resident' },
  ],
  jobs: (config, translate) => ({ due: buyDueChecks(config, translate) }),
  renderers: ({ config, translate }) => ({ 'buy-card': buyCardRenderer(config, translate) }),
};
