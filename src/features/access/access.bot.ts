import type { MiddlewareFn } from 'grammy';
import type { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import type { BuildingConfig, CommitteeConfig } from '../../config/index.ts';
import type { MessageKey } from '../../core/message-keys.ts';
import { UsageError } from '../../core/usage-error.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import type { CommitteeActor } from '../committees/committees.ts';
import { findHouseholdOfUser, listHouseholdsOfUser } from '../households/households.store.ts';
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
export function buildingGroups(feature: FlatComposer<BotContext>) {
  return feature.chatType(['group', 'supergroup']).filter(inBuilding);
}

/** An update from a committee's chat: its handlers read `ctx.app.committee` without a check. */
export type InCommittee<C extends BotContext> = C & { app: { committee: CommitteeConfig } };

/** The scope guard of committee handlers: true when the update came from a declared committee's chat (SPEC §2.8). */
export function inCommittee<C extends BotContext>(ctx: C): ctx is InCommittee<C> {
  return ctx.app.committee !== undefined;
}

/**
 * The part of a feature that handles committee chats (`committees[]` of the config), with the committee
 * non-optional: register the committee's commands on it, as building commands on {@link buildingGroups}.
 */
export function committeeChats(feature: FlatComposer<BotContext>) {
  return feature.chatType(['group', 'supergroup']).filter(inCommittee);
}

/**
 * Who the sender is for the committee, checked on the server: an admin from the config (the committee's or global),
 * the committee chat's anonymous admin, or, when `trustChatAdmins` is on, a Telegram admin of its chat (as for a
 * building); and whether Telegram counts them a member of its chat (undefined when it could not be asked).
 */
export async function actorInCommittee(ctx: BotContext, committee: CommitteeConfig): Promise<CommitteeActor> {
  const { config } = ctx.app.deps;
  const userId = ctx.from?.id ?? 0;
  if (ctx.from === undefined) return { userId, isAdmin: false, isMember: false };
  if (ctx.chat?.id === committee.chatId && isAnonymousAdmin(ctx)) return { userId, isAdmin: true, isMember: true };
  const named = config.admins.includes(userId) || committee.admins.includes(userId);
  const membership = await chatMembership(ctx, committee.chatId, userId);
  const telegramAdmin = config.trustChatAdmins && (membership?.admin ?? false);
  return { userId, isAdmin: named || telegramAdmin, isMember: membership?.member };
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

async function isTelegramChatAdmin(ctx: BotContext, chatId: number, userId: number): Promise<boolean> {
  return (await chatMembership(ctx, chatId, userId))?.admin ?? false;
}

/**
 * Telegram's word on the user in the chat (an admin? still a member?), kept a few minutes by the bot's clock
 * (getChatMember is a network call); undefined when Telegram could not be asked.
 */
async function chatMembership(
  ctx: BotContext,
  chatId: number,
  userId: number,
): Promise<{ admin: boolean; member: boolean } | undefined> {
  const key = `${chatId}:${userId}`;
  const now = ctx.app.now;
  const cache = ctx.app.deps.chatAdminCache;
  const cached = cache.get(key);
  if (cached && cached.until > now) return cached;
  try {
    const found = await ctx.api.getChatMember(chatId, userId);
    const admin = found.status === 'administrator' || found.status === 'creator';
    const member = admin || found.status === 'member' || (found.status === 'restricted' && found.is_member);
    cache.set(key, { admin, member, until: now + chatAdminTtlMs });
    return { admin, member };
  } catch (err) {
    ctx.app.deps.logger.warn(
      { chatId, userId, err: err instanceof Error ? err.message : String(err) },
      'could not read chat membership; not treating as admin',
    );
    return undefined;
  }
}

/**
 * Only members count (SPEC §1): a press in a building's group (public supergroups show their messages, and their
 * buttons, to anyone) by someone who is not a member of it is refused and changes nothing. Registered residents
 * of the building are taken as members (they registered by posting there): the bot hears of no one leaving. When Telegram cannot be
 * asked, the press goes on: the handlers' own checks still apply, and a flaky network must not lock residents out.
 */
export const membersOnly: MiddlewareFn<BotContext> = async (ctx, next) => {
  const building = ctx.app.building;
  const userId = ctx.from?.id;
  if (!ctx.callbackQuery || !building || userId === undefined || ctx.chat?.id !== building.chatId) return next();
  // a registered resident joined by posting in the group (a non-member cannot): no round trip to Telegram on the
  // hot path of a burst of presses; anyone else is asked, once every few minutes
  if (findHouseholdOfUser(ctx.app.deps.db, building.id, userId)) return next();
  const membership = await chatMembership(ctx, building.chatId, userId);
  if (membership && !membership.member) throw new UsageError('not-a-member', { building: building.name });
  return next();
};

/**
 * The answer to a group command sent privately: it names the sender's building(s), or how to join one. Throw it.
 */
export function groupOnly(ctx: BotContext, command: string): UsageError {
  const homes = ctx.from ? listHouseholdsOfUser(ctx.app.deps.db, ctx.from.id) : [];
  const buildings = [...new Set(homes.map((h) => h.buildingName))].join(', ');
  return new UsageError(buildings ? 'group-only' : 'group-only-no-home', { command, buildings });
}

/** At most this many buildings are offered as buttons; beyond, the command names its building (`/needs b3`). */
const maxBuildingButtons = 8;

/**
 * The buildings whose staff (admins and volunteers) the sender is, for a group command they may use in a private
 * chat (SPEC §1): from the config, `/volunteer`, and for the buildings they live in, Telegram's admin list.
 */
async function staffBuildings(ctx: BotContext): Promise<BuildingRow[]> {
  const { config, db } = ctx.app.deps;
  const userId = ctx.from?.id;
  if (userId === undefined) return [];
  const homes = new Set(listHouseholdsOfUser(db, userId).map((h) => h.buildingId));
  const found: BuildingRow[] = [];
  for (const entry of config.buildings) {
    const named = config.admins.includes(userId) || entry.admins.includes(userId) || entry.volunteers.includes(userId);
    if (!named && !homes.has(entry.id) && !isVolunteer(db, entry.id, userId, [])) continue;
    const building = findBuilding(db, entry.id);
    if (!building?.active) continue;
    const actor = await actorIn(ctx, building);
    if (actor.isAdmin || actor.isVolunteer) found.push(building);
  }
  return found;
}

function pickData(command: string, buildingId: string): string {
  return `v1:dm:${command}:${buildingId}`;
}

/**
 * The building a staff member means by a group command sent privately: the one named (`/needs b3`), or their only
 * one. With several, it asks with buttons ({@link pickedBuilding} reads the press) and returns undefined; a
 * resident who is no staff is told to use the command in their group.
 */
export async function chooseStaffBuilding(
  ctx: BotContext,
  command: string,
  named: string,
): Promise<BuildingRow | undefined> {
  const buildings = await staffBuildings(ctx);
  if (buildings.length === 0) throw groupOnly(ctx, command);
  if (named !== '') {
    const building = buildings.find((b) => b.id === named);
    if (!building) throw new UsageError('dm-building-unknown', { buildings: buildings.map((b) => b.id).join(', ') });
    return building;
  }
  if (buildings.length === 1) return buildings[0];
  if (buildings.length > maxBuildingButtons) {
    throw new UsageError('dm-building-name', { command, buildings: buildings.map((b) => b.id).join(', ') });
  }
  const rows = buildings.map((b) => [{ text: b.name, callback_data: pickData(command, b.id) }]);
  ctx.app.say(ctx.t('dm-building-choose'), { replyMarkup: { inline_keyboard: rows } });
  return undefined;
}

/** The building chosen with a button of {@link chooseStaffBuilding}, checked again on the server. */
export async function pickedBuilding(ctx: BotContext, command: string): Promise<BuildingRow> {
  const prefix = `v1:dm:${command}:`;
  const data = ctx.callbackQuery?.data ?? '';
  const id = data.startsWith(prefix) ? data.slice(prefix.length) : '';
  const building = (await staffBuildings(ctx)).find((b) => b.id === id);
  if (!building || ctx.chat?.type !== 'private') throw new UsageError('button-invalid');
  return building;
}
