import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ballotData, maxOptions, parseBallotData } from '../../../src/features/votes/votes.ts';

describe('ballot data', () => {
  it('writes the vote id and option into versioned callback data', () => {
    expect(ballotData(3, 1)).toBe('v1:vote:3:1');
  });

  it('reads back every vote id and option 0 to 9 it writes, in at most 64 bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1, max: 9_999_999_999_999 })),
        fc.integer({ min: 0, max: maxOptions - 1 }),
        (voteId, option) => {
          const data = ballotData(voteId, option);
          expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
          expect(parseBallotData(data)).toEqual({ voteId, option });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('fits the largest id it reads back into 64 bytes', () => {
    const data = ballotData(9_999_999_999_999, 9);
    expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
    expect(parseBallotData(data)).toEqual({ voteId: 9_999_999_999_999, option: 9 });
  });

  it.each([
    'v1:vote:0:1',
    'v1:vote:1:10',
    'v1:vote:-1:1',
    'v2:vote:1:1',
    'v1:vote:1:a',
    'v1:vote:01:1',
    'v1:vote:1:-1',
    'v1:vote:1:',
    'v1:vote::1',
    'v1:vote:1',
    'v1:vote:1:1:1',
    'v1:vote:1.5:1',
    'v1:vote:1:１',
    'v1:vote:１:1',
    'v1:need:1:1',
    ' v1:vote:1:1',
    'v1:vote:1:1 ',
    'v1:vote:1:1\n',
    'v1:vote:10000000000000:1',
    '',
  ])('refuses the forged data %j', (data) => {
    expect(parseBallotData(data)).toBeUndefined();
  });

  it('reads only data it could have written itself', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.string({
            unit: fc.constantFrom('v1:vote:', 'v2', ':', '0', '1', '9', '-', 'a', ' ', '１'),
            maxLength: 10,
          }),
        ),
        (data) => {
          const parsed = parseBallotData(data);
          if (parsed !== undefined) expect(ballotData(parsed.voteId, parsed.option)).toBe(data);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
