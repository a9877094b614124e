import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dailyCron, localDay, okData, parseOkData } from '../../../src/features/checkins/checkins.ts';

describe('localDay', () => {
  it('gives the date of the building’s calendar, not of UTC', () => {
    const lateUtc = Date.parse('2026-03-31T20:30:00Z');
    expect(localDay(lateUtc, 'Asia/Shanghai')).toBe('2026-04-01');
    expect(localDay(lateUtc, 'UTC')).toBe('2026-03-31');
    expect(localDay(Date.parse('2026-04-01T03:00:00Z'), 'America/New_York')).toBe('2026-03-31');
  });

  it('starts a new day at local midnight', () => {
    expect(localDay(Date.parse('2026-04-01T23:59:59+08:00'), 'Asia/Shanghai')).toBe('2026-04-01');
    expect(localDay(Date.parse('2026-04-02T00:00:00+08:00'), 'Asia/Shanghai')).toBe('2026-04-02');
  });
});

describe('dailyCron', () => {
  it.each([
    ['09:00', '0 9 * * *'],
    ['07:30', '30 7 * * *'],
    ['00:00', '0 0 * * *'],
    ['23:59', '59 23 * * *'],
    ['12:05', '5 12 * * *'],
  ])('turns %s into the cron expression %j', (hhmm, cron) => {
    expect(dailyCron(hhmm)).toBe(cron);
  });
});

describe('okData and parseOkData', () => {
  it('write the household and the day compactly', () => {
    expect(okData(12, '2026-04-01')).toBe('v1:ok:12:20260401');
  });

  it('read back what was written, for any household and day', () => {
    const day = fc
      .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9_999_999_999_999 }), day, (householdId, date) => {
        const data = okData(householdId, date);
        expect(parseOkData(data)).toEqual({ householdId, day: date });
        // Telegram allows 64 bytes of callback data
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      }),
    );
  });

  it.each([
    '',
    'v1:ok:12',
    'v1:ok:12:2026041',
    'v1:ok:12:202604011',
    'v1:ok:12:2026-04-01',
    'v1:ok:0:20260401',
    'v1:ok:012:20260401',
    'v1:ok:-1:20260401',
    'v1:ok:10000000000000:20260401',
    'v2:ok:12:20260401',
    'v1:ack:12:20260401',
    ' v1:ok:12:20260401',
    'v1:ok:12:20260401 ',
  ])('refuses the stale or forged data %j', (data) => {
    expect(parseOkData(data)).toBeUndefined();
  });
});
