import type { Feature } from '../feature.ts';
import { digestsComposer } from './digests.bot.ts';
import { digestJobs } from './digests.jobs.ts';

/** The building's digest (SPEC §2.7): at its cron time and on `/digest`. */
export const digestsFeature: Feature = {
  name: 'digests',
  composer: digestsComposer,
  commands: [{ name: 'digest', where: 'group', who: 'resident', dm: 'volunteer' }],
  jobs: (config, translate) => ({ cron: digestJobs(config, translate) }),
};
