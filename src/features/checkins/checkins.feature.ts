import type { Feature } from '../feature.ts';
import { checkinsComposer } from './checkins.bot.ts';
import { checkinJobs } from './checkins.jobs.ts';

/** The daily *I'm OK* check for people living alone (SPEC §2.5). */
export const checkinsFeature: Feature = {
  name: 'checkins',
  composer: checkinsComposer,
  commands: [{ name: 'checkin', where: 'both', who: 'resident' }],
  jobs: checkinJobs,
};
