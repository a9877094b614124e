import { and, count, eq, inArray, isNull, lt, notInArray, sql } from 'drizzle-orm';
import type { Db, Tx } from './open.ts';
import { fromInsert, preparedOnce } from './prepared.ts';
import { inboxUpdates, processedUpdates, users } from './schema.ts';

export interface UpdateRecord {
  updateId: number;
  chatId: number | null;
  kind: string;
  /** The sender, recorded (names, language) with the update; absent for channel posts and the like. */
  from?: {
    id: number;
    first_name: string;
    last_name?: string;
    username?: string;
    language_code?: string;
    is_bot: boolean;
  };
  /** True when the sender wrote to the bot privately, which is what allows the bot to DM them. */
  isPrivateChat: boolean;
}

const processedQuery = preparedOnce((db) =>
  db
    .select({ id: processedUpdates.updateId })
    .from(processedUpdates)
    .where(eq(processedUpdates.updateId, sql.placeholder('updateId')))
    .prepare(),
);

/** True when this update's effects were already committed (Telegram delivered it again). */
export function isUpdateProcessed(db: Db | Tx, updateId: number): boolean {
  return processedQuery(db).get({ updateId }) !== undefined;
}

const newestProcessedQuery = preparedOnce((db) =>
  db
    .select({ id: sql<number | null>`max(${processedUpdates.updateId})` })
    .from(processedUpdates)
    .prepare(),
);

/**
 * Whether an update was handled, asking the database only about ids it may hold: every id in `processed_updates`
 * is at most the newest one recorded, and Telegram's ids grow, so an update above it is new (the first after a week
 * without updates has a random id: below the newest, it is asked about like a redelivery). The newest is read once,
 * then raised by each update {@link record}ed here (the bot's one writer of that table); a record undone later only
 * leaves it higher than needed, which costs a question, never a missed one.
 */
export class HandledUpdates {
  private newest: number | undefined;

  constructor(private readonly db: Db) {}

  /** True when this update's effects were already committed (Telegram delivered it again). */
  has(updateId: number): boolean {
    this.newest ??= newestProcessedQuery(this.db).get()?.id ?? Number.NEGATIVE_INFINITY;
    return updateId <= this.newest && isUpdateProcessed(this.db, updateId);
  }

  /** {@link recordUpdate}, in the transaction that holds the update's effects. */
  record(tx: Tx, update: UpdateRecord, now: number): void {
    recordUpdate(tx, update, now);
    if (this.newest !== undefined && update.updateId > this.newest) this.newest = update.updateId;
  }
}

const userValues = {
  id: sql.placeholder('id'),
  firstName: sql.placeholder('firstName'),
  lastName: sql.placeholder('lastName'),
  username: sql.placeholder('username'),
  languageCode: sql.placeholder('languageCode'),
  updatedAt: sql.placeholder('now'),
};
const senderColumns = {
  firstName: users.firstName,
  lastName: users.lastName,
  username: users.username,
  languageCode: users.languageCode,
  updatedAt: users.updatedAt,
};
// the row is written only when something changed: most updates come from people the bot knows as they are
const senderChanged = sql.raw(
  '(first_name, last_name, username, language_code) IS NOT (excluded.first_name, excluded.last_name, excluded.username, excluded.language_code)',
);
const upsertUserQuery = preparedOnce((db) =>
  db
    .insert(users)
    .values(userValues)
    .onConflictDoUpdate({ target: users.id, set: fromInsert(senderColumns), setWhere: senderChanged })
    .prepare(),
);
/** A message in a private chat also means the bot may DM its sender (again). */
const upsertUserInDmQuery = preparedOnce((db) =>
  db
    .insert(users)
    .values({ ...userValues, startedAt: sql.placeholder('now'), blockedAt: null })
    .onConflictDoUpdate({
      target: users.id,
      set: { ...fromInsert({ ...senderColumns, startedAt: users.startedAt }), blockedAt: null },
      setWhere: sql`${senderChanged} OR ${users.startedAt} IS NULL OR ${users.blockedAt} IS NOT NULL`,
    })
    .prepare(),
);
const insertProcessedQuery = preparedOnce((db) =>
  db
    .insert(processedUpdates)
    .values({
      updateId: sql.placeholder('updateId'),
      chatId: sql.placeholder('chatId'),
      kind: sql.placeholder('kind'),
      processedAt: sql.placeholder('now'),
    })
    .onConflictDoNothing()
    .prepare(),
);

/**
 * Records the update as handled, and its sender, inside the transaction that holds its effects.
 * Idempotent: recording the same update twice in one handling is harmless.
 */
export function recordUpdate(tx: Tx, update: UpdateRecord, now: number): void {
  const from = update.from;
  if (from && !from.is_bot) {
    const fields = {
      id: from.id,
      firstName: from.first_name,
      lastName: from.last_name ?? null,
      username: from.username ?? null,
      languageCode: from.language_code ?? null,
      now,
    };
    (update.isPrivateChat ? upsertUserInDmQuery : upsertUserQuery)(tx).run(fields);
  }
  insertProcessedQuery(tx).run({ updateId: update.updateId, chatId: update.chatId, kind: update.kind, now });
}

const insertInboxQuery = preparedOnce((db) =>
  db
    .insert(inboxUpdates)
    .values({
      updateId: sql.placeholder('updateId'),
      chatId: sql.placeholder('chatId'),
      payload: sql.placeholder('payload'),
      receivedAt: sql.placeholder('now'),
    })
    .onConflictDoNothing()
    .prepare(),
);

/**
 * Writes a fetched batch to the inbox before the next getUpdates confirms it to Telegram. Re-fetched
 * updates (after a crash, the last batch comes again) are ignored.
 */
export function storeInbox(
  db: Db,
  updates: ReadonlyArray<{ update_id: number } & Record<string, unknown>>,
  now: number,
): void {
  if (updates.length === 0) return;
  db.transaction((tx) => {
    const insert = insertInboxQuery(tx);
    for (const update of updates)
      insert.run({ updateId: update.update_id, chatId: chatIdOf(update), payload: update, now });
  });
}

function chatIdOf(update: Record<string, unknown>): number | null {
  for (const value of Object.values(update)) {
    if (typeof value !== 'object' || value === null) continue;
    const v = value as { chat?: { id?: unknown }; message?: { chat?: { id?: unknown } } };
    const id = v.chat?.id ?? v.message?.chat?.id;
    if (typeof id === 'number') return id;
  }
  return null;
}

/** The highest update id ever received, so polling resumes after it (confirming everything before). */
export function lastInboxUpdateId(db: Db): number | undefined {
  return (
    db
      .select({ id: sql<number | null>`max(${inboxUpdates.updateId})` })
      .from(inboxUpdates)
      .get()?.id ?? undefined
  );
}

/**
 * Updates received but not handled (the process died in between), oldest first, counting this as one more
 * try; those tried `maxAttempts` times already are returned separately, to be logged and left.
 */
export function takeUnhandledInbox(
  db: Db,
  maxAttempts: number,
): { retry: Array<Record<string, unknown>>; abandoned: number[] } {
  return db.transaction((tx) => {
    const rows = tx
      .select({ updateId: inboxUpdates.updateId, payload: inboxUpdates.payload, attempts: inboxUpdates.attempts })
      .from(inboxUpdates)
      .leftJoin(processedUpdates, eq(processedUpdates.updateId, inboxUpdates.updateId))
      .where(isNull(processedUpdates.updateId))
      .orderBy(inboxUpdates.updateId)
      .all();
    const retry: Array<Record<string, unknown>> = [];
    const abandoned: number[] = [];
    for (const row of rows) {
      if (row.attempts >= maxAttempts) {
        abandoned.push(row.updateId);
        continue;
      }
      tx.update(inboxUpdates)
        .set({ attempts: row.attempts + 1 })
        .where(eq(inboxUpdates.updateId, row.updateId))
        .run();
      retry.push(row.payload);
    }
    return { retry, abandoned };
  });
}

const purgeHandledInboxQuery = preparedOnce((db) =>
  db
    .delete(inboxUpdates)
    .where(
      and(
        lt(inboxUpdates.receivedAt, sql.placeholder('before')),
        inArray(
          inboxUpdates.updateId,
          db
            .select({ id: processedUpdates.updateId })
            .from(processedUpdates)
            .where(lt(processedUpdates.processedAt, sql.placeholder('before'))),
        ),
      ),
    )
    .prepare(),
);
// keep the newest inbox id so polling resumes after it even when everything was purged
const purgeProcessedQuery = preparedOnce((db) =>
  db
    .delete(processedUpdates)
    .where(
      and(
        lt(processedUpdates.processedAt, sql.placeholder('before')),
        notInArray(processedUpdates.updateId, db.select({ id: inboxUpdates.updateId }).from(inboxUpdates)),
      ),
    )
    .prepare(),
);

/**
 * Forgets handled updates once Telegram can no longer deliver them again (it keeps them about 24 h): the
 * inbox holds raw messages, private ones included, and should not keep them longer than needed.
 */
export function purgeHandledUpdates(tx: Tx, now: number, keepMs = 48 * 3600_000): void {
  const before = now - keepMs;
  purgeHandledInboxQuery(tx).run({ before });
  purgeProcessedQuery(tx).run({ before });
}

/**
 * Deletes every inbox copy received before `before`, handled or not: an update given up after its attempts would
 * otherwise keep its raw message (a private need's text) past the retention period. Returns how many.
 */
export function purgeOldInbox(tx: Tx, before: number): number {
  return tx.delete(inboxUpdates).where(lt(inboxUpdates.receivedAt, before)).run().changes;
}

/** How many updates are in the inbox, received but not handled yet (a crash's leftovers, or a backlog). */
export function unhandledInboxCount(db: Db): number {
  return (
    db
      .select({ n: count() })
      .from(inboxUpdates)
      .where(notInArray(inboxUpdates.updateId, db.select({ id: processedUpdates.updateId }).from(processedUpdates)))
      .get()?.n ?? 0
  );
}
