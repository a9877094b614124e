import type { Feature } from '../feature.ts';
import { rostersComposer } from './rosters.bot.ts';
import { rosterJobs } from './rosters.jobs.ts';

/**
 * Duty rosters and floor calls (SPEC §2.13): `/shift` cards with a sign-up button per day, reminders and warnings
 * for short shifts; `/call` calling the building down floor by floor, by button or every N minutes.
 */
export const rostersFeature: Feature = {
  name: 'rosters',
  composer: rostersComposer,
  commands: [
    { name: 'shift', where: 'group', who: 'admin' },
    { name: 'shifts', where: 'group', who: 'resident' },
    { name: 'call', where: 'group', who: 'admin' },
  ],
  jobs: (config, translate) => rosterJobs(config, translate),
};
