import { describe, expect, it } from 'vitest';
import { isoWithOffset } from '../../src/core/iso-time.ts';

describe('isoWithOffset', () => {
  it.each([
    ['2026-04-01T12:00:00Z', 'Asia/Shanghai', '2026-04-01T20:00:00+08:00'],
    ['2026-04-01T12:00:00Z', 'UTC', '2026-04-01T12:00:00+00:00'],
    ['2026-04-01T12:00:00Z', 'Asia/Kolkata', '2026-04-01T17:30:00+05:30'],
    ['2026-01-15T12:00:00Z', 'America/New_York', '2026-01-15T07:00:00-05:00'],
    ['2026-07-15T12:00:00Z', 'America/New_York', '2026-07-15T08:00:00-04:00'],
    ['2026-12-31T20:30:45.900Z', 'Asia/Shanghai', '2027-01-01T04:30:45+08:00'],
  ])('writes %s in %s as %s', (instant, zone, expected) => {
    expect(isoWithOffset(Date.parse(instant), zone)).toBe(expected);
  });

  it('names the same instant it was given', () => {
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Australia/Adelaide', 'UTC']) {
      const at = Date.parse('2026-03-29T01:30:00Z');
      expect(Date.parse(isoWithOffset(at, zone))).toBe(at);
    }
  });
});
