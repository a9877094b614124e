import type { UsageError } from '../../../src/core/usage-error.ts';
import { type BuyCommand, parseBuy } from '../../../src/features/buys/buys.ts';
import { usageError } from '../usage-error.ts';

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;
export const defaultDurationMs = 24 * hour;
/** 08:00 on 1 April 2026 in Shanghai. */
export const now = Date.parse('2026-04-01T08:00:00+08:00');
export const context = { now, timezone: 'Asia/Shanghai', defaultDurationMs };

export function parse(args: string): BuyCommand {
  return parseBuy(args, context);
}

export function parseError(args: string): UsageError | undefined {
  return usageError(() => parse(args));
}

export function parseKey(args: string): string | undefined {
  return parseError(args)?.key;
}

/** `１２３` for `123`: the full-width forms residents type with a Chinese keyboard. */
export function fullWidthDigits(text: string): string {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
}

/** The wall-clock `HH:MM` of `at` in `timeZone`, read independently of the code under test. */
export function wallClock(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    new Date(at),
  );
}

export const noSettings = { min: null, max: null, limit: null, closesAt: now + defaultDurationMs };
