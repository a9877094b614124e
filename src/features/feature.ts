import type { MiddlewareFn } from 'grammy';
import type { FlatComposer } from '../bot/composer.ts';
import type { BotContext } from '../bot/context.ts';
import type { BotConfig } from '../config/index.ts';
import type { MessageKey } from '../core/message-keys.ts';
import type { Translate } from '../core/translate.ts';
import type { Db, Tx } from '../db/open.ts';
import type { CronJob, DueCheck } from '../jobs/scheduler.ts';

/** Who may use a command, least first: each role may use the commands of the roles before it too. */
export const roles = ['resident', 'volunteer', 'admin'] as const;
export type Role = (typeof roles)[number];

type KeysAfter<Prefix extends string, K = MessageKey> = K extends `${Prefix}${infer Name}` ? Name : never;

/**
 * A command's name: one that has a menu entry (`cmd-<name>`) and a help line (`help-<name>`) in the locale files,
 * so a command without them does not compile.
 */
export type CommandName = KeysAfter<'cmd-'> & KeysAfter<'help-'>;

/** Where a command works: in a building's group, in a private chat with the bot, or both. */
export type CommandPlace = 'group' | 'private' | 'both';

/**
 * A command a feature handles. `/help`, the command menus and the tests read these, so a command that is handled
 * is listed everywhere: its `cmd-<name>` (menu) and `help-<name>` (help line) messages must exist in every language.
 */
export interface CommandSpec {
  name: CommandName;
  where: CommandPlace;
  /** The least role that may use it (checked again by the handler on the server; this only decides who is shown it). */
  who: Role;
  /** A group command that also works in a private chat for this role and above (`/needs` for volunteers). */
  dm?: Role;
}

/** The time-driven work of a feature: cron jobs (a calendar) and due checks (deadlines, purges). */
export interface FeatureJobs {
  cron?: CronJob[];
  due?: DueCheck[];
}

/** Everything the bot, the scheduler, the menus and `/help` need to know of a feature: its one registration. */
export interface Feature {
  name: string;
  /** Its handlers, in the order the bot runs features (the manifest list's order). */
  composer?: FlatComposer<BotContext>;
  /** Runs before every feature's handlers (e.g. the guard that keeps undeclared groups quiet). */
  guard?: MiddlewareFn<BotContext>;
  commands: readonly CommandSpec[];
  /** Runs after every feature's handlers, for what none of them handled (a private chat is never a dead end). */
  fallback?: FlatComposer<BotContext>;
  jobs?: (config: BotConfig, translate: Translate) => FeatureJobs;
  /**
   * Told, in the transaction that gives it up, of a message the outbox could not deliver (the bot removed from a
   * group, a text Telegram refused): a feature whose message it was may tell the person who sent it.
   */
  messageGivenUp?: (tx: Tx, given: GivenUpMessage, context: { config: BotConfig; translate: Translate }) => void;
  /**
   * Messages rendered when they are sent rather than when they are queued (`payload.render: { name, id }`): a card
   * edited on every press of a burst is drawn once per edit that goes, from the state at that moment, instead of once
   * per press. Each returns the fields the message shows (`text`, `reply_markup`), or undefined when there is nothing
   * left to show.
   */
  renderers?: (context: { config: BotConfig; translate: Translate }) => Record<string, LateRenderer>;
}

/** Draws a message queued with `payload.render` from the database as it is when the message goes. */
export type LateRenderer = (db: Db, id: number) => Record<string, unknown> | undefined;

/** A message the outbox gave up: its `ref` says whose it was (`notice:5:b3`). */
export interface GivenUpMessage {
  ref: string | null;
  chatId: number;
  kind: string;
  reason: string;
  at: number;
}

/** Whether `role` may use a command meant for `who` (roles are ordered: an admin may use a volunteer's). */
export function roleAllows(role: Role, who: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(who);
}

/** Whether a command meant for `where` works in a chat of that kind. */
export function worksIn(where: CommandPlace, chat: 'group' | 'private'): boolean {
  return where === 'both' || where === chat;
}

/** The least role that may use the command in a chat of that kind; undefined where it does not work at all. */
export function roleFor(command: CommandSpec, chat: 'group' | 'private'): Role | undefined {
  if (worksIn(command.where, chat)) return command.who;
  return chat === 'private' ? command.dm : undefined;
}

/** Whether someone of `role` may use the command in a chat of that kind (what `/help` shows them there). */
export function usableBy(command: CommandSpec, role: Role, chat: 'group' | 'private'): boolean {
  const least = roleFor(command, chat);
  return least !== undefined && roleAllows(role, least);
}
