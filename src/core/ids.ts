import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';
import { toAsciiForms } from './text.ts';

/** The digits of a record id (need, vote, buy, notice, household): no leading zero, at most 13 digits (a safe integer). */
export const idPattern = '[1-9][0-9]{0,12}';

const typedId = new RegExp(`^#?(${idPattern})$`);

/**
 * Reads an id as people type it after a command (`12`, `#12`, full-width `＃１２`). Use for every id argument, so
 * they all accept the same forms; undefined when the text is not one id.
 */
export function parseId(text: string): number | undefined {
  const match = typedId.exec(toAsciiForms(text).trim());
  return match ? Number(match[1]) : undefined;
}

/** Random bytes for 256 ids at a time: one `randomFillSync` call instead of one per id. */
const randomPool = new Uint8Array(16 * 256);
let poolUsed = 256;

/**
 * A time-ordered UUID (v7: the milliseconds first), for ids that land at the end of a unique index rather than on a
 * page of their own, as a random v4 does. Its random part comes from a pool, refilled 256 ids at a time: the uuid
 * package asks Web Crypto's `getRandomValues` for every id, 5 us each on Node 20 (Node's own `randomUUID` keeps
 * such a pool); from the pool 0.2-0.3 us. With its random bytes given, the package keeps no order within a
 * millisecond: the ids of one millisecond sort in no particular order, after those of the one before.
 */
export function timeOrderedId(): string {
  if (poolUsed === 256) {
    randomFillSync(randomPool);
    poolUsed = 0;
  }
  const random = randomPool.subarray(16 * poolUsed, 16 * ++poolUsed);
  return v7({ random });
}
