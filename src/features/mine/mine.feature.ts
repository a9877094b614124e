import type { Feature } from '../feature.ts';
import { mineComposer } from './mine.bot.ts';

/** `/mine`: what is open for the sender across features (needs, claims, votes to cast, orders). */
export const mineFeature: Feature = {
  name: 'mine',
  composer: mineComposer,
  commands: [{ name: 'mine', where: 'both', who: 'resident' }],
};
