import type { Feature } from '../feature.ts';
import { buildingsComposer, undeclaredGroupGuard } from './buildings.bot.ts';

/** Buildings and their chats (SPEC §1): undeclared groups, supergroup upgrades, the bot added or removed, `/chatid`. */
export const buildingsFeature: Feature = {
  name: 'buildings',
  guard: undeclaredGroupGuard,
  composer: buildingsComposer,
  commands: [{ name: 'chatid', where: 'both', who: 'admin' }],
};
