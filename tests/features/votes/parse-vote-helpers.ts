import type { UsageError } from '../../../src/core/usage-error.ts';
import { parseVote, type VoteCommand } from '../../../src/features/votes/votes.ts';
import { usageError } from '../usage-error.ts';

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;
export const defaultDurationMs = 24 * hour;

export function parse(args: string): VoteCommand {
  return parseVote(args, defaultDurationMs);
}

export function parseError(args: string): UsageError | undefined {
  return usageError(() => parse(args));
}

export function parseKey(args: string): string | undefined {
  return parseError(args)?.key;
}

export const plain = {
  durationMs: defaultDurationMs,
  perHousehold: false,
  anonymous: false,
  hidden: false,
  quorum: null,
};
