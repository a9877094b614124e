import { and, asc, count, desc, eq, getTableColumns, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { WorkbookModel } from '../core/workbook.ts';
import { appendAudit } from '../db/audit.ts';
import type { Db, Tx } from '../db/open.ts';
import { preparedOnce } from '../db/prepared.ts';
import { appSettings, chats, outbox, users } from '../db/schema.ts';
import { setUserBlocked } from '../db/users.ts';

export type OutboxRow = typeof outbox.$inferSelect;

/** The Bot API calls the outbox makes. */
export type OutboxMethod =
  | 'sendMessage'
  | 'editMessageText'
  | 'editMessageReplyMarkup'
  | 'pinChatMessage'
  | 'sendDocument';

/**
 * The outbox's priority lanes (SPEC §6): what goes first when a chat's queue is long. Alerts and escalations
 * overtake everything, then answers to someone waiting (replies, card edits, DMs), then bulk posts (digests,
 * notices, boards, check-ins): a flood of answers cannot hold up a red alert, nor a digest a resident's answer.
 */
export const lanes = { urgent: 0, answer: 1, bulk: 2 } as const;
export type Lane = (typeof lanes)[keyof typeof lanes];

/**
 * A file to send (sendDocument's `document`): a text (a CSV, UTF-8), or a workbook as its model, rendered to an
 * .xlsx file when it is sent. Either way the row holds all of it, so the file goes exactly once, like a message.
 */
export type OutgoingDocument = { filename: string; content: string } | { filename: string; workbook: WorkbookModel };

export interface OutgoingMessage {
  chatId: number;
  method?: OutboxMethod;
  /**
   * The call's parameters without `chat_id`; for sendDocument, `document`: an {@link OutgoingDocument}. An
   * edit or pin names its message by `message_ref` (the `ref` it was queued under), resolved when sent.
   */
  payload: Record<string, unknown>;
  kind: string;
  /** Its lane (default bulk): see {@link lanes}. */
  priority?: Lane;
  /** The user an answer is for: their answers take turns with other users' in the chat's queue. */
  forUser?: number;
  ref?: string;
  /** Not before this time of the bot's clock (quiet hours). */
  notBefore?: number | null;
}

/**
 * Queues a message in the caller's transaction: it is sent if and only if the change that caused it commits.
 * Call `OutboxSender.wake()` after the commit for prompt delivery.
 */
export function enqueueMessage(tx: Tx, message: OutgoingMessage, now: number): number {
  const method = message.method ?? 'sendMessage';
  const target = typeof message.payload.message_ref === 'string' ? message.payload.message_ref : null;
  // an edit makes the edits of the same message still queued pointless: they would show for an instant at best
  if (target !== null && method.startsWith('edit')) supersedeQuery(tx).run({ target, method, now });
  // its id is its rowid (INTEGER PRIMARY KEY): read from the run, not RETURNING, which costs more than the insert
  const { lastInsertRowid } = insertQuery(tx).run({
    chatId: message.chatId,
    method,
    payload: message.payload,
    target,
    kind: message.kind,
    priority: message.priority ?? lanes.bulk,
    forUser: message.forUser ?? null,
    ref: message.ref ?? null,
    notBefore: message.notBefore ?? null,
    now,
  });
  return Number(lastInsertRowid);
}

const p = sql.placeholder;
/** Still to send; a literal, not a parameter, so that SQLite may use the partial indexes on pending messages. */
const isPending = sql`${outbox.status} = 'pending'`;

/**
 * An answer's turn: how many answers for the same user are still waiting in the chat (0 for a message for nobody in
 * particular). Counted by the insert itself: a query of its own cost as much again as the count.
 */
const turnOnInsert = sql<number>`CASE WHEN ${p('forUser')} IS NULL THEN 0 ELSE (SELECT count(*) FROM ${outbox}
  WHERE ${outbox.chatId} = ${p('chatId')} AND ${outbox.forUser} = ${p('forUser')} AND ${isPending}) END`;

const insertQuery = preparedOnce((db) =>
  db
    .insert(outbox)
    .values({
      chatId: p('chatId'),
      method: p('method'),
      payload: p('payload'),
      kind: p('kind'),
      priority: p('priority'),
      forUser: p('forUser'),
      turn: turnOnInsert,
      ref: p('ref'),
      targetRef: p('target'),
      notBefore: p('notBefore'),
      createdAt: p('now'),
    })
    .prepare(),
);

/**
 * A pending message that may go now: what the sender chooses by (its chat, and for an edit the message it changes);
 * {@link outboxRows} reads the whole rows of those it sends.
 */
export interface DueMessage {
  id: number;
  chatId: number;
  method: string;
  /** The `message_ref` an edit or pin names. */
  targetRef: string | null;
}

/** Pending, due by both clocks, not to a busy chat: see {@link duePending}. */
const isDue = and(
  isPending,
  lte(outbox.retryAt, sql.placeholder('wallNow')),
  or(isNull(outbox.notBefore), lte(outbox.notBefore, sql.placeholder('clockNow'))),
  sql`${outbox.chatId} NOT IN (SELECT value FROM json_each(${sql.placeholder('busyChats')}))`,
);
const dueOrder = [asc(outbox.priority), asc(outbox.turn), asc(outbox.id)];

const duePendingQuery = preparedOnce((db) =>
  db
    .select({ id: outbox.id, chatId: outbox.chatId, method: outbox.method, targetRef: outbox.targetRef })
    .from(outbox)
    .where(isDue)
    .orderBy(...dueOrder)
    .limit(sql.placeholder('limit'))
    .prepare(),
);

/**
 * Pending messages that may go now, in the order they must go, leaving out chats in `busyChats` (a message to
 * them is in flight, or their limit is reached): enough of each to choose which go. Their whole rows are read only
 * for those that go ({@link outboxRows}): a whole row costs several times as much to read, and under load most of
 * the messages listed wait for a later look.
 */
export function duePending(
  db: Db,
  clockNow: number,
  wallNow: number,
  limit: number,
  busyChats: readonly number[] = [],
): DueMessage[] {
  return duePendingQuery(db).all({ clockNow, wallNow, limit, busyChats: JSON.stringify(busyChats) });
}

const rowQuery = preparedOnce((db) =>
  db
    .select()
    .from(outbox)
    .where(eq(outbox.id, sql.placeholder('id')))
    .prepare(),
);

/** The whole queued message, payload included. */
export function outboxRow(db: Db, id: number): OutboxRow | undefined {
  return rowQuery(db).get({ id });
}

/**
 * A message about to go, with whether its chat is closed to the bot (a user who blocked it, a group it was removed from:
 * nothing is sent there until that changes), read with it.
 */
export type GoingRow = OutboxRow & { chatClosed: boolean };

const rowsQuery = preparedOnce((db) =>
  db
    .select({ ...getTableColumns(outbox), chatClosed: chatClosedSql(outbox.chatId) })
    .from(outbox)
    .where(sql`${outbox.id} IN (SELECT value FROM json_each(${p('ids')}))`)
    .prepare(),
);

/** The whole queued messages of `ids`, each with whether its chat is closed (one read; in no particular order). */
export function outboxRows(db: Db, ids: readonly number[]): GoingRow[] {
  if (ids.length === 0) return [];
  return rowsQuery(db).all({ ids: JSON.stringify(ids) });
}

const markSentQuery = preparedOnce((db) =>
  db
    .update(outbox)
    .set({
      status: 'sent',
      messageId: sql`${p('messageId')}`,
      sentAt: sql`${p('sentAt')}`,
      attempts: sql`${p('attempts')}`,
      error: null,
    })
    .where(eq(outbox.id, p('id')))
    .prepare(),
);

/** Telegram took the message (and gave it `messageId`, for sends). */
export function markSent(db: Db | Tx, row: OutboxRow, messageId: number | null, sentAt: number): void {
  markSentQuery(db).run({ id: row.id, messageId, sentAt, attempts: row.attempts + 1 });
}

const nextRetryQuery = preparedOnce((db) =>
  db
    .select({ at: sql<number | null>`min(${outbox.retryAt})` })
    .from(outbox)
    .where(and(isPending, sql`${outbox.retryAt} > ${p('wallNow')}`))
    .prepare(),
);

/** The earliest wall-clock time a pending message waits for (backoff), if any. */
export function nextRetryAt(db: Db, wallNow: number): number | undefined {
  return nextRetryQuery(db).get({ wallNow })?.at ?? undefined;
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

const deferQuery = preparedOnce((db) =>
  db
    .update(outbox)
    .set({ retryAt: sql`${p('until')}` })
    .where(eq(outbox.id, p('id')))
    .prepare(),
);

/** The message waits until `until` (wall clock) without holding up the rest of its chat. */
export function deferMessage(db: Db, id: number, until: number): void {
  deferQuery(db).run({ id, until });
}

const supersedeQuery = preparedOnce((db) =>
  db
    .update(outbox)
    .set({ status: 'sent', error: 'superseded by a newer edit', sentAt: sql`${p('now')}` })
    .where(and(eq(outbox.targetRef, p('target')), isPending, eq(outbox.method, p('method'))))
    .prepare(),
);

/**
 * Whether the chat is closed to the bot: a user (positive id) who blocked it, a group (negative) it was removed from or
 * left. Decoded as the row is read: mapping each row again to add it cost a copy of the whole row (profiled: 2% of the
 * sender's CPU under load).
 */
function chatClosedSql(chatId: SQLiteColumn): SQL<boolean> {
  return sql<number>`coalesce(CASE WHEN ${chatId} > 0
    THEN (SELECT ${users.blockedAt} IS NOT NULL FROM ${users} WHERE ${users.id} = ${chatId})
    ELSE (SELECT ${chats.botStatus} IN ('kicked', 'left') FROM ${chats} WHERE ${chats.id} = ${chatId}) END, 0)`.mapWith(
    (closed) => closed === 1,
  );
}

/** What a failed attempt leaves for the next one: when to try again, and why it failed. */
export interface RetryPlan {
  retryAt: number;
  error: string;
  /** Counted as a try (backoff); a 429's wait or a wait for the edited message is not. */
  attempts?: number;
  /** The request may have reached Telegram (a network error): a retry may show the message twice. */
  ambiguous?: boolean;
}

/** The message goes again at `plan.retryAt` (wall clock). */
export function scheduleRetry(db: Db, id: number, plan: RetryPlan): void {
  db.update(outbox)
    .set({
      retryAt: plan.retryAt,
      error: plan.error,
      ...(plan.attempts !== undefined ? { attempts: plan.attempts } : {}),
      ...(plan.ambiguous ? { ambiguous: true } : {}),
    })
    .where(eq(outbox.id, id))
    .run();
}

/**
 * The group became a supergroup with a new id: the message, and everything still queued for the old chat, goes
 * there instead; an edit of a message left in the old chat becomes a new post of it. Counted as a try, with
 * `retryAt`, so a chat that keeps answering so cannot make the sender loop.
 */
export function redirectMessage(db: Db, row: OutboxRow, chatId: number, error: string, retryAt: number): void {
  db.transaction((tx) => {
    // the rest of the old chat's queue follows, so nothing waits behind a chat that no longer exists
    tx.update(outbox)
      .set({ chatId })
      .where(and(eq(outbox.chatId, row.chatId), isPending))
      .run();
    const target = typeof row.payload.message_ref === 'string' ? row.payload.message_ref : null;
    if (row.method.startsWith('edit') && target !== null) {
      // the message it edits stayed in the old chat: the card is posted anew in the new one, under its reference,
      // so that later edits find it there (an edit retried against the old chat would never succeed)
      const { message_ref: _, message_id: __, ...payload } = row.payload;
      tx.update(outbox)
        .set({
          method: 'sendMessage',
          payload,
          ref: target,
          targetRef: null,
          attempts: row.attempts + 1,
          retryAt,
          error,
        })
        .where(eq(outbox.id, row.id))
        .run();
      return;
    }
    tx.update(outbox)
      .set({ attempts: row.attempts + 1, retryAt, error })
      .where(eq(outbox.id, row.id))
      .run();
  });
}

/** Telegram said the chat already shows this edit: its goal is met, so it counts as sent. */
export function markAlreadyShown(db: Db, id: number, at: number, error: string): void {
  db.update(outbox).set({ status: 'sent', sentAt: at, error }).where(eq(outbox.id, id)).run();
}

/** Gives the message up for good, with an audit row saying why, and `also` (in one transaction). */
export function markFailed(db: Db, row: OutboxRow, reason: string, at: number, also?: (tx: Tx) => void): void {
  db.transaction((tx) => {
    also?.(tx);
    tx.update(outbox)
      .set({ status: 'failed', error: reason, attempts: row.attempts + 1 })
      .where(eq(outbox.id, row.id))
      .run();
    appendAudit(tx, {
      at,
      actor: null,
      action: 'outbox.failed',
      subject: `outbox:${row.id}`,
      details: { chatId: row.chatId, kind: row.kind, reason },
    });
  });
}

/**
 * The chat refused the bot (a user blocked it, a group removed it): the messages that go to it are given up from now
 * on ({@link GoingRow}), until the user writes again or the bot is added back.
 */
export function markChatClosed(db: Db, chatId: number, at: number): void {
  if (chatId > 0) {
    setUserBlocked(db, chatId, at);
    return;
  }
  const set = { botStatus: 'kicked', updatedAt: at };
  db.insert(chats)
    .values({ id: chatId, type: 'group', ...set })
    .onConflictDoUpdate({ target: chats.id, set })
    .run();
}

/**
 * Deletes the messages delivered or given up before `before` that nothing will look up again (no `ref`): answers,
 * DMs and the private details sent to volunteers and claimers, which must not outlive the retention period
 * (SPEC §6). Cards keep their row, so a late edit still finds its message. Returns how many were deleted.
 */
export function purgeDeliveredMessages(tx: Tx, before: number): number {
  return tx
    .delete(outbox)
    .where(and(lt(outbox.createdAt, before), sql`${outbox.status} <> 'pending'`, isNull(outbox.ref)))
    .run().changes;
}

/** The queue as an operator sees it: messages still to send, and how long the oldest has waited (bot's clock). */
export function outboxDepth(db: Db, now: number): { pending: number; oldestPendingMs: number } {
  const row = db
    .select({ n: count(), oldest: sql<number | null>`min(${outbox.createdAt})` })
    .from(outbox)
    .where(isPending)
    .get();
  return { pending: row?.n ?? 0, oldestPendingMs: row?.oldest == null ? 0 : Math.max(0, now - row.oldest) };
}

/**
 * Whether the database takes a write now (a full disk, a read-only file, a lock held too long say no): a heartbeat
 * row in `app_settings`, written for `/healthz`.
 */
export function databaseTakesWrites(db: Db, now: number): boolean {
  try {
    db.insert(appSettings)
      .values({ key: 'healthz', value: String(now) })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: String(now) } })
      .run();
    return true;
  } catch {
    return false;
  }
}
