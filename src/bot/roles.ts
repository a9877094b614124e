import type { BuildingConfig } from '../config/index.ts';
import type { BuildingRow } from '../features/buildings/buildings.store.ts';
import { isVolunteer } from '../features/volunteers/volunteers.store.ts';
import type { BotContext } from './context.ts';
import { isAnonymousAdmin } from './people.ts';

export interface Roles {
  isAdmin: boolean;
  isVolunteer: boolean;
}

const chatAdminTtlMs = 5 * 60_000;

/** The building's entry of the config (admins, volunteers, volunteers' chat, topic). */
export function buildingConfig(ctx: BotContext, buildingId: string): BuildingConfig | undefined {
  return ctx.app.deps.config.buildings.find((b) => b.id === buildingId);
}

/**
 * What the sender of this update may do in `building`, checked on the server for every command and press:
 * admins from the config (global or the building's), the group's anonymous admin, and, when
 * `trustChatAdmins` is on, the group's Telegram admins; volunteers from the config or `/volunteer`.
 */
export async function rolesIn(ctx: BotContext, building: BuildingRow): Promise<Roles> {
  const { config, db } = ctx.app.deps;
  const userId = ctx.from?.id;
  const entry = buildingConfig(ctx, building.id);
  if (userId === undefined) return { isAdmin: false, isVolunteer: false };
  const volunteer = isVolunteer(db, building.id, userId, entry?.volunteers ?? []);
  if (config.admins.includes(userId) || entry?.admins.includes(userId))
    return { isAdmin: true, isVolunteer: volunteer };
  if (ctx.chat?.id === building.chatId && isAnonymousAdmin(ctx)) return { isAdmin: true, isVolunteer: false };
  if (!config.trustChatAdmins) return { isAdmin: false, isVolunteer: volunteer };
  return { isAdmin: await isTelegramChatAdmin(ctx, building.chatId, userId), isVolunteer: volunteer };
}

async function isTelegramChatAdmin(ctx: BotContext, chatId: number, userId: number): Promise<boolean> {
  const key = `${chatId}:${userId}`;
  const now = Date.now();
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
