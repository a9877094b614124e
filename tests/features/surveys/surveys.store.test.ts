import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advanceFlow, dropIdleFlows, getFlow, startFlow } from '../../../src/db/dm-flows.ts';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { events } from '../../../src/db/schema.ts';
import {
  listSurveys,
  purgeSurveyTexts,
  saveSurvey,
  surveyStats,
  unitsWithoutSurvey,
} from '../../../src/features/surveys/surveys.store.ts';
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

let handle: DatabaseHandle;
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['b7']);
  seedUsers(handle.db, [
    { id: 1, firstName: 'A' },
    { id: 2, firstName: 'B' },
    { id: 3, firstName: 'C' },
  ]);
});
afterEach(() => handle.close());

const noWebhooks = { webhooks: [], timezone: 'Asia/Shanghai' };

function save(householdId: number, unit: string, userId: number, choices: Record<string, string>, at = T0) {
  return handle.db.transaction((tx) =>
    saveSurvey(
      tx,
      { buildingId: 'b7', householdId, unit, choices, medicineText: 'insulin', userId, now: at },
      noWebhooks,
    ),
  );
}

describe('surveys in the database', () => {
  it('keeps one survey per household, the later replacing the earlier, with counts-only events and audit', () => {
    const h1 = seedHousehold(handle.db, 'b7', '1502', [1, 2]);
    seedHousehold(handle.db, 'b7', '301', [3]);
    save(h1, '1502', 1, { elderly: 'elderly-alone', medicine: 'yes' });
    const stats = save(h1, '1502', 2, { elderly: 'no', medicine: 'yes' }, T0 + HOUR);
    expect(stats).toMatchObject({ households: 2, answered: 1, vulnerable: 1 });
    expect(stats.counts).toMatchObject({ elderlyAlone: 0, regularMedicine: 1 });
    expect(listSurveys(handle.db, 'b7')).toMatchObject([{ unit: '1502', choices: { elderly: 'no' } }]);
    expect(unitsWithoutSurvey(handle.db, 'b7')).toEqual(['301']);
    expect(auditRows(handle.db, 'survey.save', 'survey.replace').map((r) => r.action)).toEqual([
      'survey.save',
      'survey.replace',
    ]);
    const bodies = handle.db
      .select()
      .from(events)
      .all()
      .map((e) => e.body);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) expect(body).not.toMatch(/insulin|elderly-alone|1502/);
  });

  it('purges the typed medicine after the retention period and keeps the counts', () => {
    const h1 = seedHousehold(handle.db, 'b7', '1502', [1]);
    save(h1, '1502', 1, { medicine: 'yes' });
    handle.db.transaction((tx) => purgeSurveyTexts(tx, T0 + DAY));
    expect(listSurveys(handle.db, 'b7')[0]!.medicineText).toBeNull();
    expect(surveyStats(handle.db, 'b7').counts.regularMedicine).toBe(1);
  });
});

describe('guided conversations', () => {
  it('moves on only from the turn the answer was given at, and drops the idle ones', () => {
    const turn = handle.db.transaction((tx) => startFlow(tx, 1, 'survey', { step: 'people' }, T0));
    expect(handle.db.transaction((tx) => advanceFlow(tx, 1, turn, { step: 'elderly' }, T0))).toBe(turn + 1);
    // the same answer again (an old button, a repeat) finds the conversation moved on
    expect(handle.db.transaction((tx) => advanceFlow(tx, 1, turn, { step: 'x' }, T0))).toBeUndefined();
    expect(getFlow(handle.db, 1)?.state).toEqual({ step: 'elderly' });
    expect(handle.db.transaction((tx) => dropIdleFlows(tx, T0 + 1))).toBe(1);
    expect(getFlow(handle.db, 1)).toBeUndefined();
  });
});
