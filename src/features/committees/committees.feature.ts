import type { Feature } from '../feature.ts';
import { committeeChatFallback, committeesComposer } from './committees.bot.ts';
import { committeeJobs } from './committees.jobs.ts';

/**
 * Neighbourhood committees (SPEC §2.8): a committee's chat sees its buildings at a glance (`/overview`, and its
 * digest), takes the urgent needs nobody in the building took (*We'll handle it*), gets one roll-up of missed
 * check-ins, and its admins send notices and alerts to its buildings (handled with the notices).
 */
export const committeesFeature: Feature = {
  name: 'committees',
  composer: committeesComposer,
  fallback: committeeChatFallback,
  commands: [{ name: 'overview', where: 'group', who: 'admin', dm: 'admin' }],
  jobs: committeeJobs,
};
