import type { Feature } from '../feature.ts';
import { needsComposer } from './needs.bot.ts';
import { needDueChecks } from './needs.jobs.ts';

/** Needs (SPEC §2.1): post, claim, finish; private needs by DM; the open list; escalations and claim expiry. */
export const needsFeature: Feature = {
  name: 'needs',
  composer: needsComposer,
  commands: [
    { name: 'need', where: 'both', who: 'resident' },
    { name: 'needs', where: 'group', who: 'resident', dm: 'volunteer' },
  ],
  jobs: (config, translate) => ({ due: needDueChecks(config, translate) }),
};
