import { eq } from 'drizzle-orm';
import type { Db } from './open.ts';
import { appSettings } from './schema.ts';

/** A value the bot keeps about itself between starts (`app_settings`); undefined when never set. */
export function readSetting(db: Db, key: string): string | undefined {
  return db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, key)).get()?.value;
}

/** Sets (or, with undefined, removes) a value the bot keeps about itself. */
export function writeSetting(db: Db, key: string, value: string | undefined): void {
  if (value === undefined) {
    db.delete(appSettings).where(eq(appSettings.key, key)).run();
    return;
  }
  db.insert(appSettings).values({ key, value }).onConflictDoUpdate({ target: appSettings.key, set: { value } }).run();
}
