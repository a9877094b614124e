import { describe, expect, it } from 'vitest';
import { type CommandPlace, type Role, roleAllows, roles, worksIn } from '../../src/features/feature.ts';

describe('roles', () => {
  it('are ordered from the least allowed to the most', () => {
    expect(roles).toEqual(['resident', 'volunteer', 'admin']);
  });
});

describe('roleAllows', () => {
  it.each<[Role, Role, boolean]>([
    ['resident', 'resident', true],
    ['resident', 'volunteer', false],
    ['resident', 'admin', false],
    ['volunteer', 'resident', true],
    ['volunteer', 'volunteer', true],
    ['volunteer', 'admin', false],
    ['admin', 'resident', true],
    ['admin', 'volunteer', true],
    ['admin', 'admin', true],
  ])('lets a %s use a command meant for a %s: %s', (role, who, allowed) => {
    expect(roleAllows(role, who)).toBe(allowed);
  });
});

describe('worksIn', () => {
  it.each<[CommandPlace, 'group' | 'private', boolean]>([
    ['group', 'group', true],
    ['group', 'private', false],
    ['private', 'group', false],
    ['private', 'private', true],
    ['both', 'group', true],
    ['both', 'private', true],
  ])('says a command for %s works in a %s chat: %s', (where, chat, works) => {
    expect(worksIn(where, chat)).toBe(works);
  });
});
