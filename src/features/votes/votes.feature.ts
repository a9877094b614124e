import type { Feature } from '../feature.ts';
import { votesComposer } from './votes.bot.ts';
import { voteDueChecks } from './votes.jobs.ts';

/** Votes (SPEC §2.3): a card with a button per option, closed by its organizer, an admin or its deadline. */
export const votesFeature: Feature = {
  name: 'votes',
  composer: votesComposer,
  commands: [
    { name: 'vote', where: 'group', who: 'resident' },
    { name: 'endvote', where: 'group', who: 'resident' },
  ],
  jobs: (config, translate) => ({ due: voteDueChecks(config, translate) }),
};
