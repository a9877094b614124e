// A database as a city-wide deployment might hold it after weeks of lockdown: every building of the config
// with its residents, households and volunteers, and `needsPerBuilding` needs each, most of them long done.
import { type BotConfig, buildingLanguage } from '../src/config/index.ts';
import { openDatabase } from '../src/db/open.ts';
import { syncBuildings } from '../src/features/buildings/buildings.store.ts';
import { pick, seededRandom } from './random.ts';

export const RESIDENTS_PER_BUILDING = 20;
const VOLUNTEERS_PER_BUILDING = 2;

const TEXTS = [
  'Insulin for my father, two boxes',
  'Rice and cooking oil for a family of four',
  'Blood pressure tablets (amlodipine 5 mg)',
  'Grandma on the 9th floor needs someone to check on her',
  'Baby formula, stage 2',
  'Courier parcels at the gate need disinfecting',
  'A lift to the hospital for dialysis on Thursday',
  'Fresh vegetables, anything',
] as const;

/** Resident `r` (0-based) of building number `b` (0-based); volunteers follow the residents. */
export function residentIdOf(b: number, r: number): number {
  return 300_000_000 + b * 100 + r;
}

export function unitOf(r: number): string {
  return `${Math.floor(r / 4) + 1}0${(r % 4) + 1}`;
}

/** A committee's delay before an urgent need reaches it, when the config has no committee (its default). */
const COMMITTEE_ESCALATION_MINUTES = 60;

/**
 * Fills `path` (a new file) for the config's buildings. Statuses: 3% open, 2% claimed (recently), 3% cancelled,
 * the rest done; 5% private; urgent 10%, high 20%. The open urgent and high needs were escalated already, in their
 * building and to the committee (high ones at twice the delay), as the bot would have done over the weeks: starting
 * on this database, with a committee in the config or not, raises no escalation (some 9,000 needs would otherwise
 * be posted again in their buildings and to the committee's chat on the scheduler's first runs, in the middle of
 * the measurements).
 */
export function seedLargeDatabase(path: string, config: BotConfig, needsPerBuilding: number, now: number): void {
  const handle = openDatabase(path);
  const { sqlite, db } = handle;
  // a bulk load: no syncing, no key checks (the rows are made consistent here), the needs' indexes built once
  // at the end rather than kept up to date row by row
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('cache_size = -262144');
  const needIndexes = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'needs' AND sql IS NOT NULL")
    .all() as Array<{ name: string; sql: string }>;
  for (const { name } of needIndexes) sqlite.exec(`DROP INDEX "${name}"`);
  try {
    syncBuildings(
      db,
      config.buildings.map((b) => ({
        id: b.id,
        name: b.name,
        chatId: b.chatId,
        language: buildingLanguage(config, b),
      })),
      now,
    );
    const random = seededRandom(20220401);
    const categories = config.needs.categories.map((c) => c.id);
    const insertUser = sqlite.prepare(
      'INSERT INTO users (id, first_name, language_code, started_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    const insertHousehold = sqlite.prepare('INSERT INTO households (building_id, unit, created_at) VALUES (?, ?, ?)');
    const insertMember = sqlite.prepare(
      'INSERT INTO household_members (building_id, user_id, household_id, joined_at) VALUES (?, ?, ?, ?)',
    );
    const insertNeed = sqlite.prepare(
      `INSERT INTO needs (building_id, requester_id, entered_by, household_id, unit, priority, category, text, private, status,
         claimed_by, claimed_at, done_at, done_by, cancelled_at, escalated_at, committee_escalated_at, created_at,
         updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const day = 86_400_000;
    const minute = 60_000;
    const inBuilding = config.needs.escalateAfterMinutes * minute;
    const toCommittee =
      Math.min(COMMITTEE_ESCALATION_MINUTES, ...config.committees.map((c) => c.escalateAfterMinutes)) * minute;
    /** When an open need of this priority was raised after `delay` (high: twice as long), never after `now`. */
    const escalated = (status: string, priority: string, createdAt: number, delay: number): number | null =>
      status === 'open' && priority !== 'normal'
        ? Math.min(now, createdAt + (priority === 'high' ? 2 : 1) * delay)
        : null;
    const seedBuilding = (building: BotConfig['buildings'][number], b: number): void => {
      const households: number[] = [];
      for (let r = 0; r < RESIDENTS_PER_BUILDING + VOLUNTEERS_PER_BUILDING; r++) {
        insertUser.run(residentIdOf(b, r), `Resident ${b}-${r}`, 'en', now - 30 * day, now - 30 * day);
        if (r >= RESIDENTS_PER_BUILDING) continue;
        const household = Number(insertHousehold.run(building.id, unitOf(r), now - 30 * day).lastInsertRowid);
        insertMember.run(building.id, residentIdOf(b, r), household, now - 30 * day);
        households.push(household);
      }
      for (let n = 0; n < needsPerBuilding; n++) {
        const r = Math.floor(random() * RESIDENTS_PER_BUILDING);
        const roll = random();
        const status = roll < 0.03 ? 'open' : roll < 0.05 ? 'claimed' : roll < 0.08 ? 'cancelled' : 'done';
        const p = random();
        const priority = p < 0.1 ? 'urgent' : p < 0.3 ? 'high' : 'normal';
        // within the last 25 days (inside the retention period); claimed ones were claimed in the last hours
        const createdAt = now - Math.floor(random() * 25 * day) - 60_000;
        const volunteer = residentIdOf(b, RESIDENTS_PER_BUILDING + (n % VOLUNTEERS_PER_BUILDING));
        const claimedAt =
          status === 'claimed'
            ? now - Math.floor(random() * 6 * 3600_000)
            : status === 'done'
              ? createdAt + 3600_000
              : null;
        const doneAt = status === 'done' ? createdAt + 2 * 3600_000 : null;
        insertNeed.run(
          building.id,
          residentIdOf(b, r),
          residentIdOf(b, r),
          households[r] ?? null,
          unitOf(r),
          priority,
          pick(random, categories),
          pick(random, TEXTS),
          random() < 0.05 ? 1 : 0,
          status,
          status === 'claimed' || status === 'done' ? volunteer : null,
          claimedAt,
          doneAt,
          doneAt === null ? null : volunteer,
          status === 'cancelled' ? createdAt + 3600_000 : null,
          escalated(status, priority, createdAt, inBuilding),
          escalated(status, priority, createdAt, toCommittee),
          createdAt,
          doneAt ?? claimedAt ?? createdAt,
        );
      }
    };
    sqlite.transaction(() => config.buildings.forEach(seedBuilding))();
    for (const { sql } of needIndexes) sqlite.exec(sql);
    sqlite.pragma('foreign_keys = ON');
    if ((sqlite.pragma('foreign_key_check') as unknown[]).length > 0)
      throw new Error('the large database breaks a foreign key');
    sqlite.pragma('optimize');
  } finally {
    handle.close();
  }
}
