import { describe, expect, it } from 'vitest';
import { afterQuietHours, localMinutes } from '../../src/core/quiet-hours.ts';

const tz = 'Asia/Shanghai';
const quiet = { from: '22:00', to: '07:00' };
const at = (iso: string) => Date.parse(iso);

describe('afterQuietHours', () => {
  it('reads local time in the configured time zone', () => {
    expect(localMinutes(at('2026-04-01T00:30:00Z'), tz)).toBe(8 * 60 + 30);
  });

  it('lets a message outside quiet hours go at once', () => {
    expect(afterQuietHours(at('2026-04-01T08:00:00+08:00'), quiet, tz)).toBe(at('2026-04-01T08:00:00+08:00'));
    expect(afterQuietHours(at('2026-04-01T21:59:00+08:00'), quiet, tz)).toBe(at('2026-04-01T21:59:00+08:00'));
  });

  it('holds a message due in the evening until the next morning', () => {
    expect(afterQuietHours(at('2026-04-01T22:00:00+08:00'), quiet, tz)).toBe(at('2026-04-02T07:00:00+08:00'));
    expect(afterQuietHours(at('2026-04-01T23:30:00+08:00'), quiet, tz)).toBe(at('2026-04-02T07:00:00+08:00'));
  });

  it('holds a message due after midnight until the same morning', () => {
    expect(afterQuietHours(at('2026-04-02T03:15:00+08:00'), quiet, tz)).toBe(at('2026-04-02T07:00:00+08:00'));
  });

  it('handles quiet hours that do not span midnight, and none at all', () => {
    const lunch = { from: '12:00', to: '14:00' };
    expect(afterQuietHours(at('2026-04-01T13:00:00+08:00'), lunch, tz)).toBe(at('2026-04-01T14:00:00+08:00'));
    expect(afterQuietHours(at('2026-04-01T15:00:00+08:00'), lunch, tz)).toBe(at('2026-04-01T15:00:00+08:00'));
    expect(afterQuietHours(at('2026-04-01T23:00:00+08:00'), null, tz)).toBe(at('2026-04-01T23:00:00+08:00'));
  });
});
