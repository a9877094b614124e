import { and, asc, desc, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/open.ts';
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
  const row = tx
    .insert(outbox)
    .values({
      chatId: message.chatId,
      method: message.method ?? 'sendMessage',
      payload: message.payload,
      kind: message.kind,
      priority: message.priority ?? 1,
      ref: message.ref ?? null,
      notBefore: message.notBefore ?? null,
      createdAt: now,
    })
    .returning({ id: outbox.id })
    .get();
  return row.id;
}

/** Pending messages that may go now, in the order they must go. */
export function duePending(db: Db, clockNow: number, wallNow: number, limit: number): OutboxRow[] {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.retryAt, wallNow), or(isNull(outbox.notBefore), lte(outbox.notBefore, clockNow))))
    .orderBy(asc(outbox.priority), asc(outbox.id))
    .limit(limit)
    .all();
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

/** The message id Telegram gave the latest message queued under `ref` (for later edits and pins). */
export function sentMessageId(db: Db | Tx, ref: string): { chatId: number; messageId: number } | undefined {
  const row = db
    .select({ chatId: outbox.chatId, messageId: outbox.messageId })
    .from(outbox)
    .where(and(eq(outbox.ref, ref), eq(outbox.status, 'sent'), isNotNull(outbox.messageId)))
    .orderBy(desc(outbox.id))
    .get();
  return row?.messageId != null ? { chatId: row.chatId, messageId: row.messageId } : undefined;
}

/** True when a later edit of the same message, by the same method, is still to be sent. */
export function hasNewerEdit(db: Db, row: OutboxRow): boolean {
  const ref = row.payload.message_ref;
  if (typeof ref !== 'string') return false;
  return (
    db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(eq(outbox.status, 'pending'), eq(outbox.method, row.method), gt(outbox.id, row.id), sql`json_extract(${outbox.payload}, '$.message_ref') = ${ref}`))
      .limit(1)
      .get() !== undefined
  );
}
