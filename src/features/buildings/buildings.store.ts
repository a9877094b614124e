import { eq, notInArray, sql } from 'drizzle-orm';
import { appendAudit } from '../../db/audit.ts';
import type { Db, Tx } from '../../db/open.ts';
import { perConnection, preparedOnce } from '../../db/prepared.ts';
import { buildings, chats } from '../../db/schema.ts';

export type BuildingRow = typeof buildings.$inferSelect;

export interface DeclaredBuilding {
  id: string;
  name: string;
  chatId: number;
  language: 'en' | 'zh';
}

/**
 * Makes the buildings table match the config at start. A building whose group was upgraded to a supergroup
 * keeps its recorded new chat id while the config still names the old one.
 */
export function syncBuildings(db: Db, declared: DeclaredBuilding[], now: number): void {
  buildingOfChat(db).clear();
  db.transaction((tx) => {
    for (const b of declared) {
      const existing = tx.select().from(buildings).where(eq(buildings.id, b.id)).get();
      const keepMigratedChat = existing !== undefined && existing.configChatId === b.chatId;
      const chatId = keepMigratedChat ? existing.chatId : b.chatId;
      if (existing) {
        tx.update(buildings)
          .set({ name: b.name, chatId, configChatId: b.chatId, language: b.language, active: true, syncedAt: now })
          .where(eq(buildings.id, b.id))
          .run();
      } else {
        tx.insert(buildings)
          .values({ ...b, configChatId: b.chatId, active: true, syncedAt: now })
          .run();
      }
      if (!existing || existing.chatId !== chatId || existing.name !== b.name || !existing.active) {
        appendAudit(tx, {
          at: now,
          actor: null,
          buildingId: b.id,
          action: 'building.sync',
          subject: `building:${b.id}`,
          details: { chatId, name: b.name },
        });
      }
    }
    const ids = declared.map((b) => b.id);
    // a building dropped from the config keeps its history but is no longer served
    tx.update(buildings).set({ active: false, syncedAt: now }).where(notInArray(buildings.id, ids)).run();
  });
}

const buildingByChatQuery = preparedOnce((db) =>
  db
    .select()
    .from(buildings)
    .where(eq(buildings.chatId, sql.placeholder('chatId')))
    .prepare(),
);
const buildingQuery = preparedOnce((db) =>
  db
    .select()
    .from(buildings)
    .where(eq(buildings.id, sql.placeholder('id')))
    .prepare(),
);

/**
 * The building of each chat asked about (null for a chat of none), per connection. Every update asks, and the table
 * changes only here: at start ({@link syncBuildings}) and when a group becomes a supergroup
 * ({@link recordChatMigration}), each of which empties it.
 */
const buildingOfChat = perConnection(() => new Map<number, Readonly<BuildingRow> | null>());

/** The active building whose group is `chatId`, if any: a building dropped from the config is not served. */
export function findBuildingByChat(db: Db | Tx, chatId: number): Readonly<BuildingRow> | undefined {
  const known = buildingOfChat(db);
  let row = known.get(chatId);
  if (row === undefined) {
    row = Object.freeze(buildingByChatQuery(db).get({ chatId })) ?? null;
    known.set(chatId, row);
  }
  return row?.active ? row : undefined;
}

/** The building `id` if it was ever declared, active or not (one dropped from the config keeps its history). */
export function findBuilding(db: Db | Tx, id: string): BuildingRow | undefined {
  return buildingQuery(db).get({ id });
}

/**
 * Records that Telegram moved a group to a new (supergroup) id; the building is served there at once.
 * Returns the moved building, or undefined when there was nothing to move (not a building, or already moved).
 */
export function recordChatMigration(
  tx: Tx,
  fromChatId: number,
  toChatId: number,
  now: number,
  actor: number | null,
): BuildingRow | undefined {
  upsertChat(tx, { id: fromChatId, type: 'group', botStatus: 'migrated', migratedToChatId: toChatId }, now);
  const building = findBuildingByChat(tx, fromChatId);
  if (!building) return undefined;
  const known = buildingOfChat(tx);
  known.clear();
  // what is read before this change is committed or undone (the end of this turn) may not last: read it again after
  setImmediate(() => known.clear());
  tx.update(buildings).set({ chatId: toChatId }).where(eq(buildings.id, building.id)).run();
  appendAudit(tx, {
    at: now,
    actor,
    buildingId: building.id,
    action: 'building.migrate',
    subject: `building:${building.id}`,
    details: { fromChatId, toChatId },
  });
  return { ...building, chatId: toChatId };
}

/**
 * Where a declared chat is now: the id Telegram moved it to if it became a supergroup (followed over a few moves),
 * the id itself otherwise. For chats known by their config id alone, such as a committee's.
 */
export function currentChatId(db: Db | Tx, chatId: number): number {
  let current = chatId;
  for (let moves = 0; moves < 3; moves++) {
    const moved = db.select({ to: chats.migratedToChatId }).from(chats).where(eq(chats.id, current)).get()?.to;
    if (moved === null || moved === undefined) break;
    current = moved;
  }
  return current;
}

/** The chat this one was moved from by a supergroup upgrade, if it was (the id a config may still name). */
export function chatMovedFrom(db: Db | Tx, chatId: number): number | undefined {
  return db.select({ id: chats.id }).from(chats).where(eq(chats.migratedToChatId, chatId)).get()?.id;
}

export interface ChatFields {
  id: number;
  type: string;
  title?: string | null;
  botStatus?: string;
  migratedToChatId?: number | null;
}

/** Records what is known of a chat; a field left undefined keeps its recorded value (the type is always written). */
export function upsertChat(tx: Tx, chat: ChatFields, now: number): void {
  const set = {
    type: chat.type,
    ...(chat.title !== undefined ? { title: chat.title } : {}),
    ...(chat.botStatus !== undefined ? { botStatus: chat.botStatus } : {}),
    ...(chat.migratedToChatId !== undefined ? { migratedToChatId: chat.migratedToChatId } : {}),
    updatedAt: now,
  };
  tx.insert(chats)
    .values({ id: chat.id, ...set })
    .onConflictDoUpdate({ target: chats.id, set })
    .run();
}

/** Records the bot's own membership change (added, removed, kicked) so nothing retries into a closed chat. */
export function recordBotStatus(
  tx: Tx,
  chat: ChatFields & { botStatus: string },
  now: number,
  actor: number | null,
  buildingId: string | null,
): void {
  upsertChat(tx, chat, now);
  appendAudit(tx, {
    at: now,
    actor,
    buildingId,
    action: 'chat.bot_status',
    subject: `chat:${chat.id}`,
    details: { status: chat.botStatus },
  });
}

/**
 * True the first time it is asked for a given undeclared group (and records that), false afterwards:
 * such a group is told how to declare itself once, not on every command.
 */
export function claimUndeclaredNotice(tx: Tx, chat: ChatFields, now: number): boolean {
  upsertChat(tx, chat, now);
  const row = tx.select({ at: chats.undeclaredNoticeAt }).from(chats).where(eq(chats.id, chat.id)).get();
  if (row?.at != null) return false;
  tx.update(chats).set({ undeclaredNoticeAt: now }).where(eq(chats.id, chat.id)).run();
  return true;
}
