import { sql } from 'drizzle-orm';
import type { HubDb } from './db/open.ts';

/** Whether the hub's database answers a query (`/healthz`). */
export async function databaseAnswers(db: HubDb): Promise<boolean> {
  try {
    await db.execute(sql`SELECT 1`);
    return true;
  } catch {
    return false;
  }
}
