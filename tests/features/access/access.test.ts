import { describe, expect, it } from 'vitest';
import { type Actor, canAssist, canManage, roleOf } from '../../../src/features/access/access.ts';

const ORGANIZER = 7;
const SOMEONE = 8;

function actor(overrides: Partial<Actor> = {}): Actor {
  return { userId: SOMEONE, isAdmin: false, isVolunteer: false, isAnonymous: false, ...overrides };
}

const resident = actor();
const volunteer = actor({ isVolunteer: true });
const admin = actor({ isAdmin: true });
const volunteeringAdmin = actor({ isAdmin: true, isVolunteer: true });
/** The group's anonymous admin: an admin, posting as the group. */
const anonymousAdmin = actor({ userId: 1087968824, isAdmin: true, isAnonymous: true });

describe('canAssist', () => {
  it.each([
    ['a resident', resident, false],
    ['a volunteer', volunteer, true],
    ['an admin', admin, true],
    ['an admin who volunteers too', volunteeringAdmin, true],
    ['the anonymous admin', anonymousAdmin, true],
  ])('lets %s act for a household without a phone: %s', (_who, who, allowed) => {
    expect(canAssist(who)).toBe(allowed);
  });
});

describe('canManage', () => {
  const item = { organizerId: ORGANIZER };

  it('lets the organizer manage their own vote or buy', () => {
    expect(canManage(actor({ userId: ORGANIZER }), item)).toBe(true);
  });

  it('does not let another resident or a volunteer manage it', () => {
    expect(canManage(resident, item)).toBe(false);
    expect(canManage(volunteer, item)).toBe(false);
  });

  it('lets any admin of the building manage it, the anonymous admin included', () => {
    expect(canManage(admin, item)).toBe(true);
    expect(canManage(anonymousAdmin, item)).toBe(true);
  });

  it('does not take an anonymous sender for the organizer whose id it carries unless it is an admin', () => {
    const posingAsOrganizer = actor({ userId: ORGANIZER, isAnonymous: true });
    expect(canManage(posingAsOrganizer, item)).toBe(false);
    expect(canManage({ ...posingAsOrganizer, isAdmin: true }, item)).toBe(true);
  });
});

describe('roleOf', () => {
  it.each([
    ['a resident', resident, 'resident'],
    ['a volunteer', volunteer, 'volunteer'],
    ['an admin', admin, 'admin'],
    ['an admin who volunteers too', volunteeringAdmin, 'admin'],
    ['the anonymous admin', anonymousAdmin, 'admin'],
  ])('names %s’s role for what to show them: %s', (_who, who, role) => {
    expect(roleOf(who)).toBe(role);
  });
});
