import type { Api } from 'grammy';
import type { BotCommand, BotCommandScope } from 'grammy/types';
import { type CommandSpec, roleAllows, worksIn } from '../features/feature.ts';
import { locales, type Translate } from './i18n.ts';

/**
 * Publishes the command menus per language (English as the default, Chinese for Chinese-language clients), built
 * from the features' commands: private chats get every command that works there; groups get the residents' and
 * volunteers' commands, and the groups' admins all of them.
 */
export async function registerCommands(
  api: Api,
  translate: Translate,
  commands: readonly CommandSpec[],
): Promise<void> {
  const menus: Array<{ scope: BotCommandScope; shown: CommandSpec[] }> = [
    {
      scope: { type: 'all_private_chats' },
      shown: commands.filter((c) => worksIn(c.where, 'private') || c.dm !== undefined),
    },
    {
      scope: { type: 'all_group_chats' },
      shown: commands.filter((c) => worksIn(c.where, 'group') && roleAllows('volunteer', c.who)),
    },
    { scope: { type: 'all_chat_administrators' }, shown: commands.filter((c) => worksIn(c.where, 'group')) },
  ];
  for (const locale of locales) {
    const languageCode = locale === 'en' ? {} : { language_code: locale };
    for (const { scope, shown } of menus) {
      const menu: BotCommand[] = shown.map((c) => ({
        command: c.name,
        description: translate(locale, `cmd-${c.name}`),
      }));
      await api.setMyCommands(menu, { scope, ...languageCode });
    }
  }
}
