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

describe('isoWithOffset, as Intl reads the zone', () => {
  /** The reference: every field from Intl for this very instant (what isoWithOffset did for each time before). */
  function byIntl(at: number, timezone: string): string {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
        .formatToParts(new Date(at))
        .map((p) => [p.type, p.value]),
    );
    const local = `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
    const offsetMinutes = Math.round((Date.parse(`${local}Z`) - Math.floor(at / 1000) * 1000) / 60_000);
    const abs = Math.abs(offsetMinutes);
    return `${local}${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }

  it('gives the same text around clock changes, in zones with half-hour and historic offsets, over years', () => {
    const zones = [
      'Asia/Shanghai',
      'America/New_York',
      'Europe/London',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'UTC',
    ];
    // instants around clock changes (every 7 seconds of the minutes around them), and a walk over 1900–2040
    const instants: number[] = [];
    for (const change of [
      '2026-03-08T07:00:00Z',
      '2026-11-01T06:00:00Z',
      '2026-03-29T01:00:00Z',
      '2026-04-04T15:00:00Z',
      // Lord Howe's clocks go forward at 15:30 UTC, Kathmandu's moved to +05:45 at 18:30 UTC: mid-hour changes
      '2026-10-03T15:30:00Z',
      '1985-12-31T18:30:00Z',
    ])
      for (let s = -120; s <= 120; s += 7) instants.push(Date.parse(change) + s * 1000 + 321);
    for (let at = Date.parse('1900-01-01T00:00:00Z'); at < Date.parse('2040-01-01T00:00:00Z'); at += 86_400_000 * 37.3)
      instants.push(Math.floor(at));
    for (const zone of zones)
      for (const at of instants)
        expect(isoWithOffset(at, zone), `${new Date(at).toISOString()} ${zone}`).toBe(byIntl(at, zone));
  });
});
