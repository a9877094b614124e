import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { membersOnly } from '../access/access.bot.ts';
import type { Feature } from '../feature.ts';
import { buildingsComposer, undeclaredGroupGuard } from './buildings.bot.ts';

/**
 * Buildings and their chats (SPEC §1): undeclared groups, only members' presses, supergroup upgrades, the bot added
 * or removed, `/chatid`.
 */
export const buildingsFeature: Feature = {
  name: 'buildings',
  guard: new FlatComposer<BotContext>(undeclaredGroupGuard, membersOnly).middleware(),
  composer: buildingsComposer,
  commands: [{ name: 'chatid', where: 'both', who: 'admin' }],
};
