import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBuy } from '../../../src/features/buys/buys.ts';
import { context, day, defaultDurationMs, minute, now, parse, parseKey, wallClock } from './parse-buy-context.ts';

describe('parseBuy', () => {
  describe('until', () => {
    it('closes at a time later today when that time is still ahead', () => {
      expect(parse('Eggs | 12 | until 18:00').closesAt).toBe(Date.parse('2026-04-01T18:00:00+08:00'));
      expect(parse('Eggs | 12 | until 08:01').closesAt).toBe(Date.parse('2026-04-01T08:01:00+08:00'));
    });

    it('closes tomorrow at a time already past today', () => {
      expect(parse('Eggs | 12 | until 07:00').closesAt).toBe(Date.parse('2026-04-02T07:00:00+08:00'));
      expect(parse('Eggs | 12 | until 00:00').closesAt).toBe(Date.parse('2026-04-02T00:00:00+08:00'));
    });

    it('closes tomorrow at the very minute it is now, never at once', () => {
      expect(parse('Eggs | 12 | until 08:00').closesAt).toBe(Date.parse('2026-04-02T08:00:00+08:00'));
    });

    it('closes on the whole minute even when now is in the middle of one', () => {
      const later = now + 30_000 + 123;
      expect(parseBuy('Eggs | 12 | until 18:00', { ...context, now: later }).closesAt).toBe(
        Date.parse('2026-04-01T18:00:00+08:00'),
      );
    });

    it('reads an hour of one digit and a dot between hours and minutes', () => {
      expect(parse('Eggs | 12 | until 9:30').closesAt).toBe(Date.parse('2026-04-01T09:30:00+08:00'));
      expect(parse('Eggs | 12 | until 18.00').closesAt).toBe(Date.parse('2026-04-01T18:00:00+08:00'));
    });

    it('reads the time in the time zone it is given', () => {
      // 08:00 in Shanghai is 00:00 UTC and 05:30 in Kolkata
      expect(parseBuy('Eggs | 12 | until 18:00', { ...context, timezone: 'UTC' }).closesAt).toBe(
        Date.parse('2026-04-01T18:00:00Z'),
      );
      expect(parseBuy('Eggs | 12 | until 05:00', { ...context, timezone: 'Asia/Kolkata' }).closesAt).toBe(
        Date.parse('2026-04-02T05:00:00+05:30'),
      );
    });

    it('accepts a duration of 30 days and refuses a longer one', () => {
      expect(parse('Eggs | 12 | until 30d').closesAt).toBe(now + 30 * day);
      expect(parse('Eggs | 12 | until 720h').closesAt).toBe(now + 30 * day);
      expect(parseKey('Eggs | 12 | until 31d')).toBe('buy-until-invalid');
      expect(parseKey('Eggs | 12 | until 721h')).toBe('buy-until-invalid');
    });

    it.each(['25:00', '24:00', '18:60', '18', '18:0', 'tomorrow', '0h', '6 hours', '-6h', '明天'])(
      'refuses until %j',
      (value) => {
        expect(parseKey(`Eggs | 12 | until ${value}`)).toBe('buy-until-invalid');
      },
    );

    it('closes at the wall-clock time asked for on the day clocks go forward', () => {
      // Berlin, 29 March 2026: at 02:00 the clocks jump to 03:00 (CET +01:00 → CEST +02:00)
      const beforeJump = Date.parse('2026-03-29T01:00:00+01:00');
      const closesAt = parseBuy('Eggs | 12 | until 18:00', {
        ...context,
        now: beforeJump,
        timezone: 'Europe/Berlin',
      }).closesAt;
      expect(wallClock(closesAt, 'Europe/Berlin')).toBe('18:00');
      expect(closesAt).toBe(Date.parse('2026-03-29T18:00:00+02:00'));
    });

    it('closes at the wall-clock time asked for on the day clocks go back', () => {
      // Berlin, 25 October 2026: at 03:00 the clocks go back to 02:00 (CEST +02:00 → CET +01:00)
      const beforeChange = Date.parse('2026-10-25T01:00:00+02:00');
      const closesAt = parseBuy('Eggs | 12 | until 18:00', {
        ...context,
        now: beforeChange,
        timezone: 'Europe/Berlin',
      }).closesAt;
      expect(wallClock(closesAt, 'Europe/Berlin')).toBe('18:00');
      expect(closesAt).toBe(Date.parse('2026-10-25T18:00:00+01:00'));
    });

    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }));
    const moment = fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') });
    // zones without daylight saving time in these years, on whole, half and quarter hours
    const steadyZone = fc.constantFrom('Asia/Shanghai', 'UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Tokyo');

    it('closes at the next time the clock shows HH:MM, within a day, on a whole minute', () => {
      fc.assert(
        fc.property(moment, hhmm, steadyZone, fc.boolean(), (at, [h, m], timezone, pad) => {
          const written = `${pad ? String(h).padStart(2, '0') : String(h)}:${String(m).padStart(2, '0')}`;
          const closesAt = parseBuy(`Eggs | 12 | until ${written}`, { now: at, timezone, defaultDurationMs }).closesAt;
          expect(closesAt).toBeGreaterThan(at);
          expect(closesAt - at).toBeLessThanOrEqual(day);
          expect(closesAt % minute).toBe(0);
          expect(wallClock(closesAt, timezone)).toBe(`${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
        }),
      );
    });
  });
});
