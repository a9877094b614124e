import type { Composer } from 'grammy';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import type { BuildingConfig } from '../../config/index.ts';
import type { MessageKey } from '../../core/message-keys.ts';
import { UsageError } from '../../core/usage-error.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import { isVolunteer } from '../volunteers/volunteers.store.ts';
import type { Actor } from './access.ts';

const chatAdminTtlMs = 5 * 60_000;

/** An update from a declared building's group: its handlers read `ctx.app.building` without a check. */
export type InBuilding<C extends BotContext> = C & { app: { building: BuildingRow } };

/** The scope guard of group handlers: true when the update came from a declared building's group. */
export function inBuilding<C extends BotContext>(ctx: C): ctx is InBuilding<C> {
  return ctx.app.building !== undefined;
}

/**
 * The part of a feature that handles a building's group: group chats of declared buildings only, with the
 * building non-optional. Register group commands on it (`buildingGroups(feature).command('needs', …)`).
 */
export function buildingGroups(feature: Composer<BotContext>) {
  return feature.chatType(['group', 'supergroup']).filter(inBuilding);
}

/** The building's entry of the config (admins, volunteers, volunteers' chat, topic). */
export function buildingConfig(ctx: BotContext, buildingId: string): BuildingConfig | undefined {
  return ctx.app.deps.config.buildings.find((b) => b.id === buildingId);
}

/** Where a press came from, of the places a card's buttons may be: the building's group or elsewhere. */
export type PressPlace = 'group' | 'volunteers' | 'private';

/**
 * The card-press preamble, the same for every card: the item the card is about must exist and belong to a
 * building, and the press must come from that building's group (a press anywhere else is forged or stale) or from
 * one of `alsoFrom` (e.g. the volunteers' chat, where a need is sent with its claim button). Throws
 * {@link UsageError} with `notFound`, or `card-other-building`.
 */
export function pressedCard<T>(
  ctx: BotContext,
  item: T | undefined,
  buildingIdOf: (item: T) => string | null,
  notFound: MessageKey,
  alsoFrom: readonly Exclude<PressPlace, 'group'>[] = [],
): { item: T; building: BuildingRow; place: PressPlace } {
  const buildingId = item === undefined ? null : buildingIdOf(item);
  const building = buildingId === null ? undefined : findBuilding(ctx.app.deps.db, buildingId);
  if (item === undefined || !building) throw new UsageError(notFound);
  const chatId = ctx.chat?.id;
  if (chatId === building.chatId) return { item, building, place: 'group' };
  const volunteersChat = buildingConfig(ctx, building.id)?.volunteersChatId;
  if (alsoFrom.includes('volunteers') && volunteersChat != null && chatId === volunteersChat) {
    return { item, building, place: 'volunteers' };
  }
  if (alsoFrom.includes('private') && ctx.chat?.type === 'private') return { item, building, place: 'private' };
  throw new UsageError('card-other-building');
}

/**
 * Who the sender of this update is in `building`, checked on the server for every command and press: admins from
 * the config (global or the building's), the group's anonymous admin, and, when `trustChatAdmins` is on, the
 * group's Telegram admins; volunteers from the config or `/volunteer`. Feed the result to a `can…` rule.
 */
export async function actorIn(ctx: BotContext, building: BuildingRow): Promise<Actor> {
  const { config, db } = ctx.app.deps;
  const userId = ctx.from?.id ?? 0;
  const entry = buildingConfig(ctx, building.id);
  const anonymous = isAnonymousAdmin(ctx);
  const actor = (isAdmin: boolean, volunteer: boolean): Actor => ({
    userId,
    isAdmin,
    isVolunteer: volunteer,
    isAnonymous: anonymous,
  });
  if (ctx.from === undefined) return actor(false, false);
  const volunteer = isVolunteer(db, building.id, userId, entry?.volunteers ?? []);
  if (config.admins.includes(userId) || entry?.admins.includes(userId)) return actor(true, volunteer);
  if (ctx.chat?.id === building.chatId && anonymous) return actor(true, false);
  if (!config.trustChatAdmins) return actor(false, volunteer);
  return actor(await isTelegramChatAdmin(ctx, building.chatId, userId), volunteer);
}

/** Telegram's word, kept a few minutes by the bot's clock (getChatMember is a network call). */
async function isTelegramChatAdmin(ctx: BotContext, chatId: number, userId: number): Promise<boolean> {
  const key = `${chatId}:${userId}`;
  const now = ctx.app.now;
  const cache = ctx.app.deps.chatAdminCache;
  const cached = cache.get(key);
  if (cached && cached.until > now) return cached.admin;
  try {
    const member = await ctx.api.getChatMember(chatId, userId);
    const admin = member.status === 'administrator' || member.status === 'creator';
    cache.set(key, { admin, until: now + chatAdminTtlMs });
    return admin;
  } catch (err) {
    ctx.app.deps.logger.warn(
      { chatId, userId, err: err instanceof Error ? err.message : String(err) },
      'could not read chat membership; not treating as admin',
    );
    return false;
  }
}
