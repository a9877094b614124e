import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { volunteers } from '../../../src/db/schema.ts';
import {
  isVolunteer,
  joinVolunteers,
  leaveVolunteers,
  listVolunteers,
} from '../../../src/features/volunteers/volunteers.store.ts';
import { auditRows, HOUR, openTestDatabase, seedBuildings, seedUsers, T0 } from '../../db/memory-db.ts';

const ANN = 1;
const BO = 2;
const CY = 3;
/** Named in the config but never seen by the bot. */
const STRANGER = 99;

let handle: DatabaseHandle;
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['east', 'west']);
  seedUsers(handle.db, [
    { id: ANN, firstName: 'Ann', lastName: 'Lee' },
    { id: BO, firstName: 'Bo' },
    { id: CY, firstName: 'Cy' },
  ]);
});
afterEach(() => handle.close());

const join = (userId: number, skills: string, now = T0, buildingId = 'east') =>
  handle.db.transaction((tx) => joinVolunteers(tx, { buildingId, userId, skills, now }));
const leave = (userId: number, now = T0 + HOUR, buildingId = 'east') =>
  handle.db.transaction((tx) => leaveVolunteers(tx, { buildingId, userId, now }));

describe('joinVolunteers', () => {
  it('makes the user an active volunteer of the building with their skills, audited', () => {
    join(BO, 'driver');
    expect(handle.db.select().from(volunteers).all()).toEqual([
      { buildingId: 'east', userId: BO, skills: 'driver', active: true, joinedAt: T0 },
    ]);
    expect(auditRows(handle.db, 'volunteer.join').map((r) => [r.actor, r.buildingId, r.subject, r.details])).toEqual([
      [BO, 'east', `volunteer:east/${BO}`, { skills: 'driver' }],
    ]);
  });

  it('updates the skills of a volunteer who joins again, keeping one row and the first joining time', () => {
    join(BO, 'driver');
    join(BO, 'nurse', T0 + HOUR);
    expect(handle.db.select().from(volunteers).all()).toEqual([
      { buildingId: 'east', userId: BO, skills: 'nurse', active: true, joinedAt: T0 },
    ]);
    expect(auditRows(handle.db, 'volunteer.join').map((r) => r.details)).toEqual([
      { skills: 'driver' },
      { skills: 'nurse' },
    ]);
  });

  it('makes a volunteer who had left active again', () => {
    join(BO, 'driver');
    leave(BO);
    join(BO, '', T0 + 2 * HOUR);
    expect(isVolunteer(handle.db, 'east', BO, [])).toBe(true);
    expect(listVolunteers(handle.db, 'east', [])).toEqual([{ userId: BO, name: 'Bo', skills: '', fromConfig: false }]);
  });
});

describe('leaveVolunteers', () => {
  it('ends the volunteering once, audited once', () => {
    join(BO, 'driver');
    expect(leave(BO)).toBe(true);
    expect(leave(BO, T0 + 2 * HOUR)).toBe(false);
    expect(isVolunteer(handle.db, 'east', BO, [])).toBe(false);
    expect(auditRows(handle.db, 'volunteer.leave').map((r) => [r.actor, r.at, r.subject])).toEqual([
      [BO, T0 + HOUR, `volunteer:east/${BO}`],
    ]);
  });

  it('is false for someone who never joined there', () => {
    join(BO, 'driver', T0, 'west');
    expect(leave(BO, T0 + HOUR, 'east')).toBe(false);
    expect(leave(CY)).toBe(false);
    expect(isVolunteer(handle.db, 'west', BO, [])).toBe(true);
    expect(auditRows(handle.db, 'volunteer.leave')).toEqual([]);
  });
});

describe('listVolunteers', () => {
  it('lists the config’s volunteers first, in its order, then those who joined', () => {
    join(BO, 'driver');
    join(ANN, 'nurse');
    expect(listVolunteers(handle.db, 'east', [CY, STRANGER, ANN])).toEqual([
      { userId: CY, name: 'Cy', skills: '', fromConfig: true },
      { userId: STRANGER, name: String(STRANGER), skills: '', fromConfig: true },
      { userId: ANN, name: 'Ann Lee', skills: 'nurse', fromConfig: true },
      { userId: BO, name: 'Bo', skills: 'driver', fromConfig: false },
    ]);
  });

  it('leaves out those who left and those of other buildings', () => {
    join(BO, 'driver');
    join(CY, 'cook');
    join(ANN, 'nurse', T0, 'west');
    leave(CY);
    expect(listVolunteers(handle.db, 'east', [])).toEqual([
      { userId: BO, name: 'Bo', skills: 'driver', fromConfig: false },
    ]);
  });

  it('is empty for a building without volunteers', () => {
    expect(listVolunteers(handle.db, 'east', [])).toEqual([]);
  });
});

describe('isVolunteer', () => {
  it('is true for a volunteer of the config or one who joined the building, and no one else', () => {
    join(BO, '');
    expect(isVolunteer(handle.db, 'east', STRANGER, [STRANGER])).toBe(true);
    expect(isVolunteer(handle.db, 'east', BO, [])).toBe(true);
    expect(isVolunteer(handle.db, 'west', BO, [])).toBe(false);
    expect(isVolunteer(handle.db, 'east', CY, [STRANGER])).toBe(false);
  });
});
