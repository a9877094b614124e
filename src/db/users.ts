import { eq } from 'drizzle-orm';
import type { Db, Tx } from './open.ts';
import { users } from './schema.ts';

/** Records that the user blocked the bot (DMs to them stop), or unblocked it (`at` null). */
export function setUserBlocked(tx: Db | Tx, userId: number, at: number | null): void {
  tx.update(users).set({ blockedAt: at }).where(eq(users.id, userId)).run();
}

/** Whether the bot may write to the user privately: they opened a DM with it (`/start`) and have not blocked it. */
export function canReceiveDm(db: Db | Tx, userId: number): boolean {
  return dmRecipient(db, userId) !== undefined;
}

/** The user the bot may write to privately (see {@link canReceiveDm}), with their Telegram language; else undefined. */
export function dmRecipient(db: Db | Tx, userId: number): { languageCode: string | null } | undefined {
  const user = db
    .select({ startedAt: users.startedAt, blockedAt: users.blockedAt, languageCode: users.languageCode })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return user?.startedAt != null && user.blockedAt === null ? { languageCode: user.languageCode } : undefined;
}

/** How a stored user is named in cards, lists and sheets: first and last name. */
export function fullName(user: { firstName: string; lastName: string | null }): string {
  return user.lastName ? `${user.firstName} ${user.lastName}` : user.firstName;
}
