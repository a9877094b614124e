import { parseDuration } from '../../core/duration.ts';
import { idPattern } from '../../core/ids.ts';
import type { MessageKey } from '../../core/message-keys.ts';
import { localMinutes } from '../../core/quiet-hours.ts';
import { codePointLength, toAsciiForms } from '../../core/text.ts';
import { UsageError } from '../../core/usage-error.ts';

export const maxItemLength = 200;
export const maxPriceCents = 100_000_000;
export const maxQuantity = 100_000;

export interface BuyCommand {
  item: string;
  /** Unit price in cents: money is never a floating-point number here. */
  priceCents: number;
  min: number | null;
  max: number | null;
  limit: number | null;
  /** When the buy closes: an absolute time (ms). */
  closesAt: number;
}

const settingNames: Record<string, 'min' | 'max' | 'limit' | 'until'> = Object.assign(
  Object.create(null) as Record<string, never>,
  {
    min: 'min',
    最少: 'min',
    max: 'max',
    最多: 'max',
    limit: 'limit',
    限购: 'limit',
    until: 'until',
    截止: 'until',
  },
);

/**
 * Reads `/buy <item> | <price> [| min N] [| max N] [| limit N] [| until HH:MM or 6h]` (settings also as
 * 最少, 最多, 限购, 截止; `｜` and full-width digits read as ASCII; the item is kept as typed).
 * Throws {@link UsageError} saying what was wrong.
 */
export function parseBuy(
  args: string,
  context: { now: number; timezone: string; defaultDurationMs: number },
): BuyCommand {
  const ascii = toAsciiForms(args);
  if (ascii.trim() === '') throw new UsageError('buy-usage');
  // full-width forms map one UTF-16 unit to one, so the item can be cut from what was typed
  const bars = [...ascii.matchAll(/\|/g)].map((m) => m.index);
  if (bars.length === 0) throw new UsageError('buy-usage');
  const item = args.slice(0, bars[0]).trim();
  const parts = ascii
    .slice(bars[0]! + 1)
    .split('|')
    .map((p) => p.trim());
  if (item === '') throw new UsageError('buy-item-empty');
  if (codePointLength(item) > maxItemLength) throw new UsageError('buy-item-too-long', { max: maxItemLength });
  const priceCents = parsePrice(parts[0] ?? '');
  const result: BuyCommand = {
    item,
    priceCents,
    min: null,
    max: null,
    limit: null,
    closesAt: context.now + context.defaultDurationMs,
  };
  const seen = new Set<string>();
  for (const part of parts.slice(1)) {
    const match = /^(min|max|limit|until|最少|最多|限购|截止)(?![a-z])\s*[=:]?\s*(\S.*)$/iu.exec(part);
    const name = match ? settingNames[match[1]!.toLowerCase()] : undefined;
    if (!match || !name) throw new UsageError('buy-setting-unknown', { setting: part });
    if (seen.has(name)) throw new UsageError('buy-setting-twice', { setting: name });
    seen.add(name);
    const value = match[2]!.trim();
    if (name === 'until') result.closesAt = parseUntil(value, context);
    else result[name] = parseCount(value, name);
  }
  if (result.min !== null && result.max !== null && result.min > result.max) throw new UsageError('buy-min-over-max');
  if (result.limit !== null && result.max !== null && result.limit > result.max) result.limit = result.max;
  return result;
}

/** `45`, `45.5`, `45.50`, `¥45`, `45元`, `$4.50` → cents; more than two decimals, zero or garbage is refused. */
export function parsePrice(text: string): number {
  const match = /^[¥￥$€£]?\s*([0-9]{1,7})(?:\.([0-9]{1,2}))?\s*(?:元|块|yuan|rmb)?$/i.exec(text.trim());
  if (!match) throw new UsageError('buy-price-invalid', { price: text.trim() });
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (cents <= 0 || cents > maxPriceCents) throw new UsageError('buy-price-invalid', { price: text.trim() });
  return cents;
}

function parseCount(text: string, setting: string): number {
  if (!/^[0-9]{1,6}$/.test(text)) throw new UsageError('buy-count-invalid', { setting });
  const n = Number(text);
  if (n < 1 || n > maxQuantity) throw new UsageError('buy-count-invalid', { setting });
  return n;
}

/** `18:00` (the next such time, today or tomorrow, in the time zone) or a duration `6h`. */
function parseUntil(text: string, context: { now: number; timezone: string }): number {
  const duration = parseDuration(text);
  if (duration !== undefined) {
    if (duration > 30 * 86_400_000) throw new UsageError('buy-until-invalid');
    return context.now + duration;
  }
  const match = /^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$/.exec(text);
  if (!match) throw new UsageError('buy-until-invalid');
  const target = Number(match[1]) * 60 + Number(match[2]);
  const current = localMinutes(context.now, context.timezone);
  let wait = target - current;
  if (wait <= 0) wait += 24 * 60;
  const candidate = context.now - (context.now % 60_000) + wait * 60_000;
  // a clock change in between moves the wall clock: correct by what it reads at the candidate
  const drift = ((target - localMinutes(candidate, context.timezone) + 36 * 60) % (24 * 60)) - 12 * 60;
  return candidate + drift * 60_000;
}

/** Cents as a decimal string (`4550` → `45.50`), in integers all the way. */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Money for display: `¥45.50`, with the currency from the config. */
export function formatMoney(cents: number, currency: string): string {
  return `${currency}${centsToDecimal(cents)}`;
}

export interface OrderChange {
  /** The household's quantity now, and the one it asks for. */
  current: number;
  wanted: number;
  /** Quantity ordered by all other households. */
  othersTotal: number;
  limit: number | null;
  max: number | null;
}

/**
 * Whether a household may change its quantity: less is always fine; more must stay within the per-household
 * limit and the stock left. Throws {@link UsageError} saying which, and changes nothing.
 */
export function checkQuantity(change: OrderChange): void {
  const { current, wanted, othersTotal, limit, max } = change;
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > maxQuantity) throw new UsageError('order-quantity-invalid');
  if (wanted <= current) return;
  if (limit !== null && wanted > limit) throw new UsageError('order-over-limit', { limit });
  if (max !== null && othersTotal + wanted > max)
    throw new UsageError('order-sold-out', { left: Math.max(0, max - othersTotal - current) });
}

/** The floor of a unit, for delivery rounds: `1502` → 15, `3-1502` → 15, `301` → 3, `12A` → 0 (unknown). */
export function floorOf(unit: string): number {
  const digits = /([0-9]+)[^0-9]*$/.exec(unit)?.[1];
  if (digits === undefined) return 0;
  const n = Number(digits);
  return n >= 100 ? Math.floor(n / 100) : 0;
}

/** Delivery order: by floor, then unit in natural order (`902` before `1001`). */
export function byFloorThenUnit(a: string, b: string): number {
  return floorOf(a) - floorOf(b) || a.localeCompare(b, 'en', { numeric: true });
}

/**
 * What a buy button does. On the card (the id is the buy's): `plus`, `minus`, `mine`, and `close`, which asks
 * the organizer or an admin to confirm with `closeyes` / `closeno`. On the question a duplicate `/buy` gets (the
 * id is the held draft's): `start` (start it anyway) and `drop`.
 */
export type BuyAction = 'plus' | 'minus' | 'mine' | 'close' | 'closeyes' | 'closeno' | 'start' | 'drop';

/** Callback data of buy buttons: `v1:buy:<action>:<id>`. */
export function buyCallbackData(action: BuyAction, id: number): string {
  return `v1:buy:${action}:${id}`;
}

const buyButtonData = new RegExp(`^v1:buy:(plus|minus|mine|close|closeyes|closeno|start|drop):(${idPattern})$`);
const orderArgs = new RegExp(`^#?(${idPattern})\\s+([0-9]{1,6})(?:\\s+for\\s+(\\S+))?$`, 'i');
const buyAndUnitArgs = new RegExp(`^#?(${idPattern})\\s+(\\S+)$`);

/** Reads {@link buyCallbackData}; undefined for anything else (stale or forged data). */
export function parseBuyCallbackData(data: string): { action: BuyAction; id: number } | undefined {
  const match = buyButtonData.exec(data);
  return match ? { action: match[1] as BuyAction, id: Number(match[2]) } : undefined;
}

/** `/order <id> <quantity> [for <unit>]`, with full-width digits. */
export function parseOrder(args: string): { buyId: number; quantity: number; forUnit?: string } {
  const match = orderArgs.exec(toAsciiForms(args).trim());
  if (!match) throw new UsageError('order-usage');
  return { buyId: Number(match[1]), quantity: Number(match[2]), ...(match[3] ? { forUnit: match[3] } : {}) };
}

/** `/paid <id> <unit>`, `/delivered <id> <unit>`, `/closebuy <id>`. */
export function parseBuyAndUnit(args: string, usageKey: MessageKey): { buyId: number; unit: string } {
  const match = buyAndUnitArgs.exec(toAsciiForms(args).trim());
  if (!match) throw new UsageError(usageKey);
  return { buyId: Number(match[1]), unit: match[2]! };
}

/**
 * The item as compared to find a duplicate `/buy`: case, full-width or half-width forms, and spaces around and
 * repeated inside do not matter (`Ｖｅｇｅｔａｂｌｅ  Box ` is `vegetable box`).
 */
export function itemKey(item: string): string {
  return item.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The first of the open buys whose item is the same as `item` by {@link itemKey}, in the order given. */
export function sameItemIn<B extends { item: string }>(openBuys: readonly B[], item: string): B | undefined {
  const key = itemKey(item);
  return openBuys.find((buy) => itemKey(buy.item) === key);
}
