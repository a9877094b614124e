import { and, asc, desc, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
import { preparedOnce } from '../db/prepared.ts';
import { outbox } from '../db/schema.ts';

export type OutboxRow = typeof outbox.$inferSelect;

/** The Bot API calls the outbox makes. */
export type OutboxMethod = 'sendMessage' | 'editMessageText' | 'editMessageReplyMarkup' | 'pinChatMessage' | 'sendDocument';

export interface OutgoingMessage {
  chatId: number;
  method?: OutboxMethod;
  /**
   * The call's parameters without `chat_id`; for sendDocument, `document: { filename, content }` (text). An
   * edit or pin names its message by `message_ref` (the `ref` it was queued under), resolved when sent.
   */
  payload: Record<string, unknown>;
  kind: string;
  /** 0: an answer to someone waiting; 1 (default): bulk. */
  priority?: number;
  ref?: string;
  /** Not before this time of the bot's clock (quiet hours). */
  notBefore?: number | null;
}

/**
 * Queues a message in the caller's transaction: it is sent if and only if the change that caused it commits.
 * Call `OutboxSender.wake()` after the commit for prompt delivery.
 */
export function enqueueMessage(tx: Tx, message: OutgoingMessage, now: number): number {
  const row = insertQuery(tx).get({
    chatId: message.chatId,
    method: message.method ?? 'sendMessage',
    payload: message.payload,
    kind: message.kind,
    priority: message.priority ?? 1,
    ref: message.ref ?? null,
    notBefore: message.notBefore ?? null,
    now,
  });
  return row!.id;
}

const p = sql.placeholder;
const insertQuery = preparedOnce((db) =>
  db
    .insert(outbox)
    .values({ chatId: p('chatId'), method: p('method'), payload: p('payload'), kind: p('kind'), priority: p('priority'), ref: p('ref'), notBefore: p('notBefore'), createdAt: p('now') })
    .returning({ id: outbox.id })
    .prepare(),
);

/** A pending message that may go now; the full row is read only when it does. */
export interface DueMessage {
  id: number;
  chatId: number;
}

const duePendingQuery = preparedOnce((db) =>
  db
    .select({ id: outbox.id, chatId: outbox.chatId })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, 'pending'),
        lte(outbox.retryAt, sql.placeholder('wallNow')),
        or(isNull(outbox.notBefore), lte(outbox.notBefore, sql.placeholder('clockNow'))),
        sql`${outbox.chatId} NOT IN (SELECT value FROM json_each(${sql.placeholder('busyChats')}))`,
      ),
    )
    .orderBy(asc(outbox.priority), asc(outbox.id))
    .limit(sql.placeholder('limit'))
    .prepare(),
);

/**
 * Pending messages that may go now, in the order they must go, leaving out chats in `busyChats` (a message to
 * them is in flight, or their limit is reached). The sender asks after every message it sends: keep it lean.
 */
export function duePending(db: Db, clockNow: number, wallNow: number, limit: number, busyChats: readonly number[] = []): DueMessage[] {
  return duePendingQuery(db).all({ clockNow, wallNow, limit, busyChats: JSON.stringify(busyChats) });
}

const rowQuery = preparedOnce((db) => db.select().from(outbox).where(eq(outbox.id, sql.placeholder('id'))).prepare());

export function outboxRow(db: Db, id: number): OutboxRow | undefined {
  return rowQuery(db).get({ id });
}

const markSentQuery = preparedOnce((db) =>
  db
    .update(outbox)
    .set({ status: 'sent', messageId: sql`${p('messageId')}`, sentAt: sql`${p('sentAt')}`, attempts: sql`${p('attempts')}`, error: null })
    .where(eq(outbox.id, p('id')))
    .prepare(),
);

/** Telegram took the message (and gave it `messageId`, for sends). */
export function markSent(db: Db, row: OutboxRow, messageId: number | null, sentAt: number): void {
  markSentQuery(db).run({ id: row.id, messageId, sentAt, attempts: row.attempts + 1 });
}

/** The earliest wall-clock time a pending message waits for (backoff), if any. */
export function nextRetryAt(db: Db, wallNow: number): number | undefined {
  const row = db
    .select({ at: sql<number>`min(${outbox.retryAt})` })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), sql`${outbox.retryAt} > ${wallNow}`))
    .get();
  return row?.at ?? undefined;
}

const sentMessageQuery = preparedOnce((db) =>
  db
    .select({ chatId: outbox.chatId, messageId: outbox.messageId })
    .from(outbox)
    .where(and(eq(outbox.ref, p('ref')), eq(outbox.status, 'sent'), isNotNull(outbox.messageId)))
    .orderBy(desc(outbox.id))
    .limit(1)
    .prepare(),
);

/** The message id Telegram gave the latest message queued under `ref` (for later edits and pins). */
export function sentMessageId(db: Db | Tx, ref: string): { chatId: number; messageId: number } | undefined {
  const row = sentMessageQuery(db).get({ ref });
  return row?.messageId != null ? { chatId: row.chatId, messageId: row.messageId } : undefined;
}

/** True when a later edit of the same message, by the same method, is still to be sent. */
const newerEditQuery = preparedOnce((db) =>
  db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), eq(outbox.method, p('method')), gt(outbox.id, p('id')), sql`json_extract(${outbox.payload}, '$.message_ref') = ${p('target')}`))
    .limit(1)
    .prepare(),
);

export function hasNewerEdit(db: Db, row: OutboxRow, target: string): boolean {
  return newerEditQuery(db).get({ method: row.method, id: row.id, target }) !== undefined;
}

const deferQuery = preparedOnce((db) => db.update(outbox).set({ retryAt: sql`${p('until')}` }).where(eq(outbox.id, p('id'))).prepare());

/** The message waits until `until` (wall clock) without holding up the rest of its chat. */
export function deferMessage(db: Db, id: number, until: number): void {
  deferQuery(db).run({ id, until });
}

const supersedeQuery = preparedOnce((db) =>
  db.update(outbox).set({ status: 'sent', error: 'superseded by a newer edit', sentAt: sql`${p('now')}` }).where(eq(outbox.id, p('id'))).prepare(),
);

/** A newer edit of the same message is queued: this one would be shown for an instant at best. */
export function supersedeEdit(db: Db, id: number, now: number): void {
  supersedeQuery(db).run({ id, now });
}
