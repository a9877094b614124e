import type { Feature } from '../feature.ts';
import { householdsComposer } from './households.bot.ts';

/** Households (SPEC §2.2): `/home 1502` registers the sender's unit in the building. */
export const householdsFeature: Feature = {
  name: 'households',
  composer: householdsComposer,
  commands: [{ name: 'home', where: 'both', who: 'resident' }],
};
