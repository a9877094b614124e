import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { checkinAnswers, checkins } from '../../../src/db/schema.ts';
import { setUserBlocked } from '../../../src/db/users.ts';
import {
  answerCheckin,
  hasAnswered,
  optedInHouseholds,
  purgeCheckinAnswers,
  setCheckin,
} from '../../../src/features/checkins/checkins.store.ts';
import {
  auditRows,
  DAY,
  HOUR,
  openTestDatabase,
  seedBuildings,
  seedHousehold,
  seedUsers,
  T0,
} from '../../db/memory-db.ts';

const ANN = 1;
const BO = 2;
const CY = 3;

let handle: DatabaseHandle;
/** Ann (who wrote to the bot) and Bo share 1502 in `east`; Cy lives in 902 in `west`. */
let h1502: number;
let h902: number;
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['east', 'west']);
  seedUsers(handle.db, [
    { id: ANN, firstName: 'Ann', started: true },
    { id: BO, firstName: 'Bo' },
    { id: CY, firstName: 'Cy', started: true },
  ]);
  h1502 = seedHousehold(handle.db, 'east', '1502', [ANN, BO]);
  h902 = seedHousehold(handle.db, 'west', '902', [CY]);
});
afterEach(() => handle.close());

function turn(on: boolean, householdId = h1502, buildingId = 'east', now = T0, userId: number | null = ANN): void {
  handle.db.transaction((tx) => setCheckin(tx, { buildingId, householdId, on, userId, now }));
}
const optedIn = (buildingId = 'east', units: readonly string[] = [], now = T0) =>
  handle.db.transaction((tx) => optedInHouseholds(tx, buildingId, units, now));
const answer = (day: string, householdId = h1502, userId = ANN, now = T0) =>
  handle.db.transaction((tx) => answerCheckin(tx, { householdId, day, userId, now }));
const checkinRows = () => handle.db.select().from(checkins).orderBy(asc(checkins.householdId)).all();

describe('setCheckin and optedInHouseholds', () => {
  it('opt a household in, listing it with its members as the daily check needs them', () => {
    turn(true);
    expect(optedIn()).toEqual([
      {
        householdId: h1502,
        unit: '1502',
        members: expect.arrayContaining([
          { id: ANN, firstName: 'Ann', startedAt: T0, blockedAt: null },
          { id: BO, firstName: 'Bo', startedAt: null, blockedAt: null },
        ]),
      },
    ]);
    expect(optedIn()[0]!.members).toHaveLength(2);
  });

  it('show a member who blocked the bot with when they did', () => {
    turn(true);
    setUserBlocked(handle.db, ANN, T0 + HOUR);
    const ann = optedIn()[0]!.members.find((m) => m.id === ANN);
    expect(ann?.blockedAt).toBe(T0 + HOUR);
  });

  it('audit turning the check on and off, with who did it', () => {
    turn(true, h1502, 'east', T0, ANN);
    turn(false, h1502, 'east', T0 + HOUR, null);
    expect(
      auditRows(handle.db, 'checkin.on', 'checkin.off').map((r) => [r.action, r.actor, r.buildingId, r.subject, r.at]),
    ).toEqual([
      ['checkin.on', ANN, 'east', `household:${h1502}`, T0],
      ['checkin.off', null, 'east', `household:${h1502}`, T0 + HOUR],
    ]);
  });

  it('leave a household that turned the check off out, and list it again once it turns it back on', () => {
    turn(true);
    turn(false, h1502, 'east', T0 + HOUR);
    expect(optedIn()).toEqual([]);
    turn(true, h1502, 'east', T0 + 2 * HOUR);
    expect(optedIn().map((h) => h.unit)).toEqual(['1502']);
  });

  it('keep when a household first opted in across turning it off and on', () => {
    turn(true, h1502, 'east', T0);
    turn(false, h1502, 'east', T0 + HOUR);
    turn(true, h1502, 'east', T0 + 2 * HOUR);
    expect(checkinRows()).toEqual([{ buildingId: 'east', householdId: h1502, active: true, since: T0 }]);
  });

  it('list only the households of the building asked about', () => {
    turn(true);
    turn(true, h902, 'west');
    expect(optedIn('east').map((h) => h.householdId)).toEqual([h1502]);
    expect(optedIn('west').map((h) => h.householdId)).toEqual([h902]);
  });

  it('opt in the config’s units, creating a household without members when the unit has none', () => {
    const listed = optedIn('east', ['1502', '301'], T0 + DAY);
    expect(listed.map((h) => h.unit).sort()).toEqual(['1502', '301']);
    expect(listed.find((h) => h.unit === '301')?.members).toEqual([]);
    expect(checkinRows().map((r) => [r.buildingId, r.active, r.since])).toEqual([
      ['east', true, T0 + DAY],
      ['east', true, T0 + DAY],
    ]);
    // no audit row: the config, not a person, opted them in
    expect(auditRows(handle.db, 'checkin.on')).toEqual([]);
  });

  it('opt a config unit in once however often it is asked', () => {
    optedIn('east', ['1502'], T0);
    optedIn('east', ['1502'], T0 + DAY);
    expect(checkinRows()).toEqual([{ buildingId: 'east', householdId: h1502, active: true, since: T0 }]);
  });

  it('keep a config unit that its household turned off out of the list (current behaviour)', () => {
    optedIn('east', ['1502'], T0);
    turn(false, h1502, 'east', T0 + HOUR);
    expect(optedIn('east', ['1502'], T0 + DAY)).toEqual([]);
  });
});

describe('answerCheckin and hasAnswered', () => {
  it('record the first “I’m OK” of the day and refuse a second one for the same household', () => {
    expect(hasAnswered(handle.db, h1502, '2026-01-15')).toBe(false);
    expect(answer('2026-01-15', h1502, ANN, T0)).toBe(true);
    expect(answer('2026-01-15', h1502, BO, T0 + HOUR)).toBe(false);
    expect(hasAnswered(handle.db, h1502, '2026-01-15')).toBe(true);
    expect(handle.db.select().from(checkinAnswers).all()).toEqual([
      { householdId: h1502, day: '2026-01-15', answeredBy: ANN, at: T0 },
    ]);
  });

  it('keep days and households apart', () => {
    answer('2026-01-15', h1502);
    expect(hasAnswered(handle.db, h1502, '2026-01-16')).toBe(false);
    expect(hasAnswered(handle.db, h902, '2026-01-15')).toBe(false);
    expect(answer('2026-01-16', h1502, ANN, T0 + DAY)).toBe(true);
    expect(answer('2026-01-15', h902, CY)).toBe(true);
  });
});

describe('purgeCheckinAnswers', () => {
  it('delete the answers given before the cut-off and keep those given at or after it', () => {
    answer('2026-01-15', h1502, ANN, T0);
    answer('2026-01-16', h1502, ANN, T0 + DAY);
    answer('2026-01-17', h1502, ANN, T0 + 2 * DAY);
    handle.db.transaction((tx) => purgeCheckinAnswers(tx, T0 + DAY));
    expect(hasAnswered(handle.db, h1502, '2026-01-15')).toBe(false);
    expect(hasAnswered(handle.db, h1502, '2026-01-16')).toBe(true);
    expect(hasAnswered(handle.db, h1502, '2026-01-17')).toBe(true);
  });
});
