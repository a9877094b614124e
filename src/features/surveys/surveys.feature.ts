import type { Feature } from '../feature.ts';
import { surveysComposer } from './surveys.bot.ts';
import { surveyJobs } from './surveys.jobs.ts';

/**
 * The household survey (SPEC §2.10): the group's card with its response rate and deep link, the guided survey in a
 * private chat (its state in `dm_flows`, one step per update's transaction), `/survey list` and `/survey missing` for
 * the building's volunteers and admins, and `/cancel` for any guided conversation.
 */
export const surveysFeature: Feature = {
  name: 'surveys',
  composer: surveysComposer,
  commands: [
    { name: 'survey', where: 'both', who: 'resident' },
    { name: 'cancel', where: 'private', who: 'resident' },
  ],
  jobs: (config) => surveyJobs(config),
};
