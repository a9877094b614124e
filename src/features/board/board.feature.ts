import type { Feature } from '../feature.ts';
import { boardComposer } from './board.bot.ts';
import { boardDueChecks } from './board.jobs.ts';
import { boardMessageGivenUp } from './board.messages.ts';

/**
 * Each building's status board (SPEC §2.8): one pinned message kept current by edits, at most one a minute;
 * `/board` (admins) posts and pins it anew.
 */
export const boardFeature: Feature = {
  name: 'board',
  composer: boardComposer,
  commands: [{ name: 'board', where: 'group', who: 'admin' }],
  jobs: (config, translate) => ({ due: boardDueChecks(config, translate) }),
  messageGivenUp: boardMessageGivenUp,
};
