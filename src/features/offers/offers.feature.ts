import type { Feature } from '../feature.ts';
import { offersComposer } from './offers.bot.ts';
import { offerDueChecks } from './offers.jobs.ts';

/**
 * Offers (SPEC §2.11): `/offer` cards with *I need this*, *Given*, *Withdraw*; `/offers`; matching with needs both
 * ways, the contact exchanged by DM; expiry after `offers.expireAfterDays`.
 */
export const offersFeature: Feature = {
  name: 'offers',
  composer: offersComposer,
  commands: [
    { name: 'offer', where: 'group', who: 'resident' },
    { name: 'offers', where: 'group', who: 'resident' },
  ],
  jobs: (config, translate) => ({ due: offerDueChecks(config, translate) }),
};
