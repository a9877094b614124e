import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/core/usage-error.ts';
import {
  callData,
  nextBeat,
  parseCall,
  parseCallData,
  parseShift,
  parseShiftData,
  shiftPress,
  shiftSlots,
  waveCount,
  waveFloors,
} from '../../../src/features/rosters/rosters.ts';

const tz = 'Asia/Shanghai';
const volunteer = { userId: 5, isAdmin: false, isVolunteer: true, isAnonymous: false };

describe('parseShift', () => {
  it('reads a daily roster in English or Chinese, with full-width forms', () => {
    expect(parseShift('门口消杀 Parcel disinfection | daily 09:00-11:00 | 2')).toMatchObject({
      task: '门口消杀 Parcel disinfection',
      rhythm: 'daily 09:00-11:00',
      weekdays: [0, 1, 2, 3, 4, 5, 6],
      start: 540,
      end: 660,
      needed: 2,
    });
    expect(parseShift('消杀 ｜ 周一,周四 ８:00-10:00 ｜ ３人')).toMatchObject({
      rhythm: 'mon,thu 08:00-10:00',
      needed: 3,
    });
  });

  it.each([
    '',
    'Gate | daily | 2',
    'Gate | daily 09:00-09:00 | 2',
    'Gate | someday 09:00-11:00 | 2',
    'Gate | daily 09:00-11:00 | 0',
  ])('refuses %j with a usage error', (args) => {
    expect(() => parseShift(args)).toThrow(UsageError);
  });

  it('never throws anything but a usage error', () => {
    fc.assert(
      fc.property(fc.string(), (args) => {
        try {
          parseShift(args);
        } catch (err) {
          expect(err).toBeInstanceOf(UsageError);
        }
      }),
    );
  });
});

describe('shiftSlots', () => {
  it('offers the next seven days, leaving out a shift already started', () => {
    const command = parseShift('Gate | daily 09:00-11:00 | 2');
    const slots = shiftSlots(command, Date.parse('2026-04-01T10:00:00+08:00'), tz);
    expect(slots).toHaveLength(6);
    expect(slots[0]).toEqual({
      startAt: Date.parse('2026-04-02T09:00:00+08:00'),
      endAt: Date.parse('2026-04-02T11:00:00+08:00'),
    });
  });

  it('ends a night shift the next morning', () => {
    const [first] = shiftSlots(
      parseShift('Night | daily 22:00-06:00 | 1'),
      Date.parse('2026-04-01T08:00:00+08:00'),
      tz,
    );
    expect(first!.endAt - first!.startAt).toBe(8 * 3_600_000);
  });
});

describe('shiftPress', () => {
  const shift = { startAt: 2000, needed: 2 };
  it('signs up, withdraws, and refuses a full or started shift or a resident', () => {
    expect(shiftPress(volunteer, shift, [], 1000)).toBe('signup');
    expect(shiftPress(volunteer, shift, [5], 1000)).toBe('withdraw');
    expect(() => shiftPress(volunteer, shift, [1, 2], 1000)).toThrow(UsageError);
    expect(() => shiftPress(volunteer, shift, [], 2000)).toThrow(UsageError);
    expect(() => shiftPress({ ...volunteer, isVolunteer: false }, shift, [], 1000)).toThrow(UsageError);
  });
});

describe('parseCall and waves', () => {
  it('reads a call with its beat, in English or Chinese', () => {
    expect(parseCall('核酸检测 Testing | floors 1-33 | 3 | every 10')).toEqual({
      task: '核酸检测 Testing',
      from: 1,
      to: 33,
      perWave: 3,
      everyMinutes: 10,
    });
    expect(parseCall('物资 | 楼层 ５-８ | 2 | 每 5 分钟')).toMatchObject({ from: 5, to: 8, everyMinutes: 5 });
    expect(parseCall('Supplies | floors 1-6 | 3').everyMinutes).toBeNull();
  });

  it.each([
    'Testing | floors 1-33',
    'Testing | floors 9-3 | 3',
    'Testing | floors 1-33 | 40',
    'Testing | floors 1-33 | 3 | often',
  ])('refuses %j with a usage error', (args) => {
    expect(() => parseCall(args)).toThrow(UsageError);
  });

  it('cuts the floors into waves, the last one maybe smaller, and covers every floor once', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 20 }),
        (from, span, per) => {
          const call = { fromFloor: from, toFloor: from + span, perWave: Math.min(per, span + 1) };
          const floors: number[] = [];
          for (let w = 0; w < waveCount(call); w++) {
            const [a, b] = waveFloors(call, w)!;
            for (let f = a; f <= b; f++) floors.push(f);
          }
          expect(floors).toEqual(Array.from({ length: span + 1 }, (_, i) => from + i));
          expect(waveFloors(call, waveCount(call))).toBeUndefined();
        },
      ),
    );
  });

  it('keeps the beat when on time and waits a whole beat after a long pause', () => {
    expect(nextBeat(600_000, 10, 630_000)).toBe(1_200_000);
    expect(nextBeat(600_000, 10, 3_000_000)).toBe(3_600_000);
  });

  it('reads its own callback data and nothing else', () => {
    expect(parseCallData(callData('visit', 4))).toEqual({ action: 'visit', callId: 4 });
    expect(parseCallData('v1:call:delete:4')).toBeUndefined();
    expect(parseShiftData('v1:shift:12')).toBe(12);
    expect(parseShiftData('v1:shift:0')).toBeUndefined();
  });
});
