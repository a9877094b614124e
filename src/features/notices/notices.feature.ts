import type { Feature } from '../feature.ts';
import { noticesComposer } from './notices.bot.ts';
import { scheduledNoticeJobs } from './notices.jobs.ts';
import { tellAuthorNotDelivered } from './notices.messages.ts';

/** Notices and graded alerts (SPEC §2.6): a *Got it* count per building, the units to knock on, scheduled notices. */
export const noticesFeature: Feature = {
  name: 'notices',
  composer: noticesComposer,
  commands: [
    { name: 'notice', where: 'both', who: 'admin' },
    { name: 'alert', where: 'both', who: 'admin' },
    { name: 'unread', where: 'both', who: 'admin' },
  ],
  jobs: (config, translate) => ({ cron: scheduledNoticeJobs(config, translate) }),
  messageGivenUp: tellAuthorNotDelivered,
};
