import type { Feature } from '../feature.ts';
import { educationComposer } from './education.bot.ts';

/** Guidance for the stage of risk in force (`/learn`) and the help lines (`/support`). */
export const educationFeature: Feature = {
  name: 'education',
  composer: educationComposer,
  commands: [
    { name: 'learn', where: 'both', who: 'resident' },
    { name: 'support', where: 'both', who: 'resident' },
  ],
};
