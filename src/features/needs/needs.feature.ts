import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import type { Feature } from '../feature.ts';
import { guidedNeedComposer } from './guided-need.bot.ts';
import { needsComposer } from './needs.bot.ts';
import { needDueChecks } from './needs.jobs.ts';

/**
 * Needs (SPEC §2.1): post, claim, finish; private needs by DM, and the guided need (SPEC §2.10) for free text or
 * `/need` alone there; the open list; escalations and claim expiry; recurring needs and `/stop` (SPEC §2.11).
 */
export const needsFeature: Feature = {
  name: 'needs',
  // the guided need first: it takes `/need` alone and free text, and leaves `/need <text>` to the needs' handlers
  composer: new FlatComposer<BotContext>(guidedNeedComposer, needsComposer),
  commands: [
    { name: 'need', where: 'both', who: 'resident' },
    { name: 'needs', where: 'group', who: 'resident', dm: 'volunteer' },
    { name: 'stop', where: 'both', who: 'resident' },
  ],
  jobs: (config, translate) => ({ due: needDueChecks(config, translate) }),
};
