import { eq } from 'drizzle-orm';
import type { Db, Tx } from './open.ts';
import { processedUpdates, users } from './schema.ts';

export interface UpdateRecord {
  updateId: number;
  chatId: number | null;
  kind: string;
  /** The sender, recorded (names, language) with the update; absent for channel posts and the like. */
  from?: { id: number; first_name: string; last_name?: string; username?: string; language_code?: string; is_bot: boolean };
  /** True when the sender wrote to the bot privately, which is what allows the bot to DM them. */
  isPrivateChat: boolean;
}

/** True when this update's effects were already committed (Telegram delivered it again). */
export function isUpdateProcessed(db: Db | Tx, updateId: number): boolean {
  return db.select({ id: processedUpdates.updateId }).from(processedUpdates).where(eq(processedUpdates.updateId, updateId)).get() !== undefined;
}

/**
 * Records the update as handled, and its sender, inside the transaction that holds its effects.
 * Idempotent: recording the same update twice in one handling is harmless.
 */
export function recordUpdate(tx: Tx, update: UpdateRecord, now: number): void {
  const from = update.from;
  if (from && !from.is_bot) {
    const fields = {
      firstName: from.first_name,
      lastName: from.last_name ?? null,
      username: from.username ?? null,
      languageCode: from.language_code ?? null,
      updatedAt: now,
    };
    const dm = update.isPrivateChat ? { startedAt: now, blockedAt: null } : {};
    tx.insert(users)
      .values({ id: from.id, ...fields, ...dm })
      .onConflictDoUpdate({ target: users.id, set: { ...fields, ...dm } })
      .run();
  }
  tx.insert(processedUpdates)
    .values({ updateId: update.updateId, chatId: update.chatId, kind: update.kind, processedAt: now })
    .onConflictDoNothing()
    .run();
}
