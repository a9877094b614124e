import type { Feature } from '../feature.ts';
import { volunteersComposer } from './volunteers.bot.ts';

/** Volunteers (SPEC §2.1): join and leave with `/volunteer`; admins list them with their claims. */
export const volunteersFeature: Feature = {
  name: 'volunteers',
  composer: volunteersComposer,
  commands: [
    { name: 'volunteer', where: 'group', who: 'resident' },
    { name: 'volunteers', where: 'group', who: 'admin', dm: 'volunteer' },
  ],
};
