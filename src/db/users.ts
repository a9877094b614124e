import { eq } from 'drizzle-orm';
import type { Tx } from './open.ts';
import { users } from './schema.ts';

/** Records that the user blocked the bot (DMs to them stop), or unblocked it (`at` null). */
export function setUserBlocked(tx: Tx, userId: number, at: number | null): void {
  tx.update(users).set({ blockedAt: at }).where(eq(users.id, userId)).run();
}

/** How a stored user is named in cards, lists and sheets: first and last name. */
export function fullName(user: { firstName: string; lastName: string | null }): string {
  return user.lastName ? `${user.firstName} ${user.lastName}` : user.firstName;
}
