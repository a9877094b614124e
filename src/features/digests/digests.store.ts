import { count, desc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/open.ts';
import { digests } from '../../db/schema.ts';

/** When the building's last digest was composed, if ever. */
export function lastDigestAt(db: Db | Tx, buildingId: string): number | undefined {
  return db
    .select({ at: digests.at })
    .from(digests)
    .where(eq(digests.buildingId, buildingId))
    .orderBy(desc(digests.at))
    .get()?.at;
}

/** How many digests the building has had (it rotates the guidance shown). */
export function digestCount(db: Db | Tx, buildingId: string): number {
  return db.select({ n: count() }).from(digests).where(eq(digests.buildingId, buildingId)).get()?.n ?? 0;
}

/** Records a digest composed at `at`: the next one counts what was finished since. */
export function recordDigest(tx: Tx, buildingId: string, at: number): void {
  tx.insert(digests).values({ buildingId, at }).run();
}
