import type { I18nFlavor } from '@grammyjs/i18n';
import type { Context } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Logger } from 'pino';
import type { BotConfig, CommitteeConfig } from '../config/index.ts';
import type { Clock } from '../core/clock.ts';
import type { MessageKey } from '../core/message-keys.ts';
import type { MentionEntity } from '../core/rich-text.ts';
import type { MessageArgs } from '../core/usage-error.ts';
import type { GroupCommit } from '../db/group-commit.ts';
import type { Db, Tx } from '../db/open.ts';
import type { BuildingRow } from '../features/buildings/buildings.store.ts';
import type { CommandSpec } from '../features/feature.ts';
import type { Locale, Translate } from './i18n.ts';

/** What the bot is built from; `main.ts` (or a test) wires it. */
export interface BotDeps {
  config: BotConfig;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Tells the outbox sender that messages were queued (after the transaction that queued them). */
  wakeOutbox: () => void;
  /** Commits the updates of one event-loop turn together; without it each update commits on its own. */
  group?: GroupCommit;
  /**
   * Telegram's word on a user in a chat per `chatId:userId` (an admin? a member?), kept a few minutes by the bot's
   * clock: getChatMember is a network call.
   */
  chatAdminCache: Map<string, { admin: boolean; member: boolean; until: number }>;
}

export interface SayOptions {
  /** Another chat than the update's (a DM, the upgraded supergroup). */
  chatId?: number;
  /** Quote the command in groups (default true); ignored in DMs and for other chats. */
  quote?: boolean;
  replyMarkup?: InlineKeyboardMarkup;
  /** Names in the text that are tappable mentions (`richText`). */
  entities?: readonly MentionEntity[];
  /** A feature's handle on the message, to find its message id later (`need:42:card`). */
  ref?: string;
}

/** Per-update facts and the one way to change state, prepared before any feature runs. */
export interface UpdateScope {
  deps: BotDeps;
  /** Every command of every feature, with where it works and whom it is for (`/help` lists them). */
  commands: readonly CommandSpec[];
  /** The building whose group this update came from (undefined in DMs and undeclared groups). */
  building: BuildingRow | undefined;
  /** The committee whose chat this update came from (SPEC §2.8); undefined elsewhere. */
  committee: CommitteeConfig | undefined;
  locale: Locale;
  /** The clock's time when the update started being handled. */
  now: number;
  translate: Translate;
  /**
   * Runs `change` in one SQLite transaction together with the record that this update was handled, so a
   * re-delivered update finds it done. Must be synchronous: no network calls inside.
   */
  commit<T>(change: (tx: Tx) => T): T;
  /**
   * Answers through the outbox: the message is queued with the update's record (and with the change, when
   * said inside `commit`), so an answered command is never lost and a repeated update is not answered twice.
   */
  say(text: string, options?: SayOptions): void;
}

/**
 * The context of every handler: grammY's, the i18n plugin's (its `t` typed to the locale files' keys, so a missing
 * key does not compile) and the update scope.
 */
export type BotContext = Context &
  Omit<I18nFlavor, 't' | 'translate'> & {
    t: (key: MessageKey, args?: MessageArgs) => string;
    translate: (key: MessageKey, args?: MessageArgs) => string;
    app: UpdateScope;
  };
