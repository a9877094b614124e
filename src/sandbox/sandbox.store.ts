import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { appSettings } from '../db/schema.ts';

// The drill's marks live in the bot's own database (app_settings), so a sandbox kept with `--db FILE` still knows,
// after a restart, which buildings a drill already seeded.
const drillKey = (buildingId: string): string => `sandbox-drill:${buildingId}`;

/** When the sandbox's drill seeded the building (the bot's clock, epoch ms), or undefined if it never did. */
export function drillSeededAt(db: Db, buildingId: string): number | undefined {
  const row = db
    .select()
    .from(appSettings)
    .where(eq(appSettings.key, drillKey(buildingId)))
    .get();
  return row ? Number(row.value) : undefined;
}

/** Records that the drill seeded the building at `at`, once it has: a later drill leaves the building alone. */
export function markDrillSeeded(db: Db, buildingId: string, at: number): void {
  db.insert(appSettings)
    .values({ key: drillKey(buildingId), value: String(at) })
    .onConflictDoNothing()
    .run();
}
