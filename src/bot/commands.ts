import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { locales, type Translate } from './i18n.ts';

const privateCommands = [
  'start',
  'help',
  'need',
  'mine',
  'home',
  'learn',
  'support',
  'notice',
  'alert',
  'unread',
  'chatid',
] as const;
const groupCommands = [
  'need',
  'needs',
  'digest',
  'vote',
  'endvote',
  'buy',
  'order',
  'closebuy',
  'mine',
  'home',
  'checkin',
  'volunteer',
  'volunteers',
  'learn',
  'support',
  'notice',
  'alert',
  'unread',
  'help',
  'chatid',
] as const;

/**
 * Publishes the command menus per language: English as the default, Chinese for Chinese-language clients,
 * and each for private chats and for groups.
 */
export async function registerCommands(api: Api, translate: Translate): Promise<void> {
  for (const locale of locales) {
    const languageCode = locale === 'en' ? {} : { language_code: locale };
    const menu = (names: readonly string[]): BotCommand[] =>
      names.map((command) => ({ command, description: translate(locale, `cmd-${command}`) }));
    await api.setMyCommands(menu(privateCommands), { scope: { type: 'all_private_chats' }, ...languageCode });
    await api.setMyCommands(menu(groupCommands), { scope: { type: 'all_group_chats' }, ...languageCode });
  }
}
