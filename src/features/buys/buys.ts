import { parseDuration } from '../../core/duration.ts';
import { parseFloor } from '../../core/floors.ts';
import { idPattern } from '../../core/ids.ts';
import type { MessageKey } from '../../core/message-keys.ts';
import { localMinutes } from '../../core/quiet-hours.ts';
import { codePointLength, cutText, toAsciiForms } from '../../core/text.ts';
import { UsageError } from '../../core/usage-error.ts';
import { type Actor, canManage } from '../access/access.ts';

export const maxItemLength = 200;
export const maxPriceCents = 100_000_000;
export const maxQuantity = 100_000;
/** Items of one buy: each takes a row of two buttons on the card, well within Telegram's 100. */
export const maxItems = 20;
/** What `/payinfo` may say, in code points. */
export const maxPaymentInfoLength = 300;
/** A note on `/cost`, in code points. */
export const maxCostNoteLength = 200;
/** The largest amount `/paid` or `/cost` takes, in cents (¥9,999,999,999.99). */
export const maxAmountCents = 999_999_999_999;

/** One item of a buy as its `/buy` line gave it: name, unit price (cents), its own stock and per-household limit. */
export interface BuyItemCommand {
  name: string;
  priceCents: number;
  max: number | null;
  limit: number | null;
}

/**
 * A parsed `/buy`. A one-line buy is its item: `item`, `priceCents` and the terms are that item's. A buy of several
 * items (one per line after the first) has `items`; then `item` is its title, `priceCents` its first item's price,
 * and `min`, `max` and `limit` are the first line's terms, over all its items.
 */
export interface BuyCommand {
  item: string;
  /** Unit price in cents: money is never a floating-point number here. */
  priceCents: number;
  /** The total quantity needed to go ahead. */
  min: number | null;
  max: number | null;
  limit: number | null;
  /** When the buy closes: an absolute time (ms). */
  closesAt: number;
  /** `min ¥300`: the total amount (cents) needed to go ahead; absent when not given. */
  minAmountCents?: number;
  /** The items of a buy written on several lines; absent on a one-line buy (see {@link itemsOf}). */
  items?: BuyItemCommand[];
}

/** The items of a parsed `/buy`: its lines', or the one item a one-line buy is. */
export function itemsOf(command: BuyCommand): BuyItemCommand[] {
  return (
    command.items ?? [{ name: command.item, priceCents: command.priceCents, max: command.max, limit: command.limit }]
  );
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

type SettingName = 'min' | 'max' | 'limit' | 'until';
const settingPattern = /^(min|max|limit|until|最少|最多|限购|截止)(?![a-z])\s*[=:]?\s*(\S.*)$/iu;

/** A `min N` / `max N` / ... part: its name and value, or undefined when it is no setting. */
function readSetting(part: string): { name: SettingName; value: string } | undefined {
  const match = settingPattern.exec(part);
  const name = match ? settingNames[match[1]!.toLowerCase()] : undefined;
  return match && name ? { name, value: match[2]!.trim() } : undefined;
}

interface Terms {
  min: number | null;
  minAmountCents?: number;
  max: number | null;
  limit: number | null;
  closesAt: number;
}

/**
 * Applies the settings of one line (`line` says which: a one-line buy, the title line of a buy with several items,
 * or an item line, which takes `max` and `limit` only); each may be given once.
 */
function applySettings(
  terms: Terms,
  parts: readonly string[],
  line: 'one-line' | 'title' | 'item',
  context: { now: number; timezone: string },
): void {
  const allowed: readonly SettingName[] = line === 'item' ? ['max', 'limit'] : ['min', 'max', 'limit', 'until'];
  const seen = new Set<string>();
  for (const part of parts) {
    const setting = readSetting(part);
    if (!setting) {
      // a price after the title of a buy with several items: prices go on the item lines
      if (line === 'title' && isPrice(part)) throw new UsageError('buy-price-on-title');
      throw new UsageError('buy-setting-unknown', { setting: part });
    }
    const { name, value } = setting;
    if (!allowed.includes(name)) throw new UsageError('buy-item-setting', { setting: part });
    if (seen.has(name)) throw new UsageError('buy-setting-twice', { setting: name });
    seen.add(name);
    if (name === 'until') terms.closesAt = parseUntil(value, context);
    else if (name === 'min') Object.assign(terms, parseMin(value));
    else terms[name] = parseCount(value, name);
  }
  if (terms.limit !== null && terms.max !== null && terms.limit > terms.max) terms.limit = terms.max;
}

/** `min 20` (a quantity) or `min ¥300` / `min 300元` (an amount). */
function parseMin(value: string): { min: number } | { minAmountCents: number } {
  if (/^[0-9]+$/.test(value)) return { min: parseCount(value, 'min') };
  if (!/[¥￥$€£元块]|yuan|rmb/i.test(value)) throw new UsageError('buy-count-invalid', { setting: 'min' });
  const cents = parseAmount(value);
  if (cents <= 0) throw new UsageError('buy-amount-invalid', { amount: value });
  return { minAmountCents: cents };
}

function isPrice(text: string): boolean {
  try {
    parsePrice(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A line `<name> | <rest>` as typed: the name cut from what was typed (full-width forms map one UTF-16 unit to
 * one, so positions in the ASCII form are positions in the line), and the parts after it in ASCII forms.
 */
function splitLine(line: string): { name: string; parts: string[] } | undefined {
  const ascii = toAsciiForms(line);
  const bar = ascii.indexOf('|');
  if (bar < 0) return undefined;
  return {
    name: line.slice(0, bar).trim(),
    parts: ascii
      .slice(bar + 1)
      .split('|')
      .map((p) => p.trim()),
  };
}

function checkName(name: string): void {
  if (name === '') throw new UsageError('buy-item-empty');
  if (codePointLength(name) > maxItemLength) throw new UsageError('buy-item-too-long', { max: maxItemLength });
}

/**
 * Reads `/buy <item> | <price> [| min N] [| max N] [| limit N] [| until HH:MM or 6h]` (settings also as
 * 最少, 最多, 限购, 截止; `min ¥300` is an amount; `｜` and full-width digits read as ASCII; the item is kept as typed),
 * or a buy of several items: a first line `<title> [| settings of the buy]`, then one line per item,
 * `<item> | <price> [| max N] [| limit N]`. Throws {@link UsageError} saying what was wrong.
 */
export function parseBuy(
  args: string,
  context: { now: number; timezone: string; defaultDurationMs: number },
): BuyCommand {
  const [first = '', ...rest] = args.split(/\r\n|\r|\n/);
  const itemLines = rest.filter((line) => toAsciiForms(line).trim() !== '');
  const terms: Terms = { min: null, max: null, limit: null, closesAt: context.now + context.defaultDurationMs };
  if (itemLines.length === 0) {
    if (toAsciiForms(first).trim() === '') throw new UsageError('buy-usage');
    const line = splitLine(first);
    if (!line) throw new UsageError('buy-usage');
    checkName(line.name);
    const priceCents = parsePrice(line.parts[0] ?? '');
    applySettings(terms, line.parts.slice(1), 'one-line', context);
    checkReachable(terms, [{ name: line.name, priceCents, max: terms.max, limit: terms.limit }]);
    return { item: line.name, priceCents, ...terms };
  }
  const header = splitLine(first) ?? { name: first.trim(), parts: [] };
  checkName(header.name);
  applySettings(terms, header.parts, 'title', context);
  if (itemLines.length > maxItems) throw new UsageError('buy-too-many-items', { max: maxItems });
  const items = itemLines.map((text): BuyItemCommand => {
    const line = splitLine(text);
    if (!line) throw new UsageError('buy-item-line', { line: cutText(text.trim(), 60) });
    checkName(line.name);
    const priceCents = parsePrice(line.parts[0] ?? '');
    const own: Terms = { min: null, max: null, limit: null, closesAt: terms.closesAt };
    applySettings(own, line.parts.slice(1), 'item', context);
    return { name: line.name, priceCents, max: own.max, limit: own.limit };
  });
  checkReachable(terms, items);
  return { item: header.name, priceCents: items[0]!.priceCents, ...terms, items };
}

/** A minimum the stock can never reach is a mistake: said at once rather than at the deadline. */
function checkReachable(terms: Terms, items: readonly BuyItemCommand[]): void {
  const stocks = items.map((i) => i.max);
  const allStocked = stocks.every((m) => m !== null);
  const itemsStock = allStocked ? stocks.reduce<number>((sum, m) => sum + (m ?? 0), 0) : null;
  const stock = terms.max ?? itemsStock;
  if (terms.min !== null && stock !== null && terms.min > stock) throw new UsageError('buy-min-over-max');
  if (terms.minAmountCents !== undefined) {
    const most =
      items.length === 1 && stock !== null
        ? stock * items[0]!.priceCents
        : allStocked
          ? items.reduce((sum, i) => sum + (i.max ?? 0) * i.priceCents, 0)
          : null;
    if (most !== null && terms.minAmountCents > most) throw new UsageError('buy-min-over-max');
  }
}

/** `45`, `45.5`, `45.50`, `¥45`, `45元`, `$4.50` → cents; more than two decimals, zero or garbage is refused. */
export function parsePrice(text: string): number {
  const match = /^[¥￥$€£]?\s*([0-9]{1,7})(?:\.([0-9]{1,2}))?\s*(?:元|块|yuan|rmb)?$/i.exec(text.trim());
  if (!match) throw new UsageError('buy-price-invalid', { price: text.trim() });
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (cents <= 0 || cents > maxPriceCents) throw new UsageError('buy-price-invalid', { price: text.trim() });
  return cents;
}

/**
 * An amount of money as typed after `/paid`, `/cost` or `min`: `25`, `25.5`, `¥25.50`, `25元`, with a sign when
 * `signed` (a correction: `-10`). Cents, in integers all the way; more than two decimals or garbage is refused.
 */
export function parseAmount(text: string, options: { signed?: boolean } = {}): number {
  const match = /^([+-])?\s*[¥￥$€£]?\s*([0-9]{1,10})(?:\.([0-9]{1,2}))?\s*(?:元|块|yuan|rmb)?$/i.exec(text.trim());
  if (!match || (match[1] === '-' && !options.signed))
    throw new UsageError('buy-amount-invalid', { amount: text.trim() });
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  if (cents > maxAmountCents) throw new UsageError('buy-amount-invalid', { amount: text.trim() });
  return match[1] === '-' ? -cents : cents;
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

/** Where a household's order stands in a buy: of one item, and over all items (the buy's own terms). */
export interface ItemOrderChange {
  /** The item's quantity the household has, the one it asks for, and the item's total of all other households. */
  item: { current: number; wanted: number; othersTotal: number; limit: number | null; max: number | null };
  /** The household's quantity of all items, and all other households' total of all items, with the buy's terms. */
  buy: { householdTotal: number; othersTotal: number; limit: number | null; max: number | null };
}

/**
 * Whether a household may set one item of a buy to `wanted`: within the item's own limit and stock, and its whole
 * order within the buy's (on a one-line buy both are the same). Less is always fine. Throws {@link UsageError}
 * saying which, and changes nothing.
 */
export function checkItemQuantity(change: ItemOrderChange): void {
  const { item, buy } = change;
  checkQuantity(item);
  if (item.wanted <= item.current) return;
  const wantedTotal = buy.householdTotal - item.current + item.wanted;
  if (buy.limit !== null && wantedTotal > buy.limit) throw new UsageError('order-over-limit', { limit: buy.limit });
  if (buy.max !== null && buy.othersTotal + wantedTotal > buy.max)
    throw new UsageError('order-sold-out', { left: Math.max(0, buy.max - buy.othersTotal - buy.householdTotal) });
}

/**
 * Whether a payment of `amountCents` may be recorded for a household that paid `paidCents` so far: a correction
 * (negative) may not take what it paid below zero. Throws {@link UsageError}.
 */
export function checkPayment(paidCents: number, amountCents: number): void {
  if (paidCents + amountCents < 0) throw new UsageError('paid-below-zero', { paid: centsToDecimal(paidCents) });
}

/**
 * The floor of a unit, for delivery rounds: `1502` → 15, `3-1502` → 15, `301` → 3; 0 when unknown (`12A`) or below
 * ground (`B1-02`), so those come first. Read by the shared {@link parseFloor}.
 */
export function floorOf(unit: string): number {
  return Math.max(0, parseFloor(unit) ?? 0);
}

/** Delivery order: by floor, then unit in natural order (`902` before `1001`). */
export function byFloorThenUnit(a: string, b: string): number {
  return floorOf(a) - floorOf(b) || a.localeCompare(b, 'en', { numeric: true });
}

/**
 * What a buy button does. On the card (the id is the buy's): `plus` and `minus` on a one-line buy, `inc` and `dec`
 * of one item on a buy with several (the item's index goes with them), `mine`, and `close`, which asks the organizer
 * or an admin to confirm with `closeyes` / `closeno`. On the question a duplicate `/buy` gets (the id is the held
 * draft's): `start` (start it anyway) and `drop`.
 */
export type BuyAction = 'plus' | 'minus' | 'inc' | 'dec' | 'mine' | 'close' | 'closeyes' | 'closeno' | 'start' | 'drop';

/** Callback data of buy buttons: `v1:buy:<action>:<id>`, and `v1:buy:inc:<id>:<item index>` for one item's. */
export function buyCallbackData(action: BuyAction, id: number, item?: number): string {
  return item === undefined ? `v1:buy:${action}:${id}` : `v1:buy:${action}:${id}:${item}`;
}

const buyButtonData = new RegExp(
  `^v1:buy:(?:(plus|minus|mine|close|closeyes|closeno|start|drop):(${idPattern})|(inc|dec):(${idPattern}):(0|[1-9][0-9]?))$`,
);
const orderArgs = new RegExp(`^#?(${idPattern})\\s+([0-9]{1,6})(?:\\s+([0-9]{1,6}))?(?:\\s+for\\s+(\\S+))?$`, 'i');
const buyAndUnitArgs = new RegExp(`^#?(${idPattern})\\s+(\\S+)$`);

/** Reads {@link buyCallbackData}; undefined for anything else (stale or forged data). */
export function parseBuyCallbackData(data: string): { action: BuyAction; id: number; item?: number } | undefined {
  const match = buyButtonData.exec(data);
  if (!match) return undefined;
  if (match[1] !== undefined) return { action: match[1] as BuyAction, id: Number(match[2]) };
  return { action: match[3] as BuyAction, id: Number(match[4]), item: Number(match[5]) };
}

/**
 * `/order <id> <quantity> [for <unit>]`, or `/order <id> <item number> <quantity> [for <unit>]` for one item of a
 * buy with several (numbered from 1, as the card shows them), with full-width digits.
 */
export function parseOrder(args: string): { buyId: number; quantity: number; itemNumber?: number; forUnit?: string } {
  const match = orderArgs.exec(toAsciiForms(args).trim());
  if (!match) throw new UsageError('order-usage');
  const forUnit = match[4] ? { forUnit: match[4] } : {};
  if (match[3] === undefined) return { buyId: Number(match[1]), quantity: Number(match[2]), ...forUnit };
  const itemNumber = Number(match[2]);
  if (itemNumber < 1 || itemNumber > maxItems) throw new UsageError('order-usage');
  return { buyId: Number(match[1]), itemNumber, quantity: Number(match[3]), ...forUnit };
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

/**
 * `/paid <id> <unit> [amount]`: without an amount the household pays what it still owes; with one (`25.50`, `¥25`,
 * `-10` to correct a mistake) the payment adds to what it paid.
 */
export function parsePaid(args: string): { buyId: number; unit: string; amountCents: number | null } {
  const match = new RegExp(`^#?(${idPattern})\\s+(\\S+)(?:\\s+(\\S+))?$`).exec(toAsciiForms(args).trim());
  if (!match) throw new UsageError('paid-usage');
  const amountCents = match[3] === undefined ? null : parseAmount(match[3], { signed: true });
  if (amountCents === 0) throw new UsageError('buy-amount-invalid', { amount: match[3]! });
  return { buyId: Number(match[1]), unit: match[2]!, amountCents };
}

/** The id at the start of `args` and the text after it as typed (full-width forms map one UTF-16 unit to one). */
function idThenText(args: string): { id: number; text: string } | undefined {
  const trimmed = args.trim();
  const match = new RegExp(`^#?(${idPattern})(?:\\s+|$)`).exec(toAsciiForms(trimmed));
  return match ? { id: Number(match[1]), text: trimmed.slice(match[0].length).trim() } : undefined;
}

/** `/payinfo <id> <how to pay>` (organizer): the text as typed, several lines allowed. */
export function parsePayInfo(args: string): { buyId: number; text: string } {
  const read = idThenText(args);
  if (!read || read.text === '') throw new UsageError('payinfo-usage');
  if (codePointLength(read.text) > maxPaymentInfoLength)
    throw new UsageError('payinfo-too-long', { max: maxPaymentInfoLength });
  return { buyId: read.id, text: read.text };
}

/** `/cost <id> <amount> [note]`: what was paid to the supplier in all (zero allowed), with an optional note. */
export function parseCost(args: string): { buyId: number; costCents: number; note: string | null } {
  const read = idThenText(args);
  if (!read || read.text === '') throw new UsageError('cost-usage');
  const [amount = '', ...words] = read.text.split(/\s+/u);
  const costCents = parseAmount(toAsciiForms(amount));
  const note = read.text.slice(amount.length).trim();
  if (codePointLength(note) > maxCostNoteLength) throw new UsageError('cost-note-too-long', { max: maxCostNoteLength });
  return { buyId: read.id, costCents, note: words.length === 0 || note === '' ? null : note };
}

/** `/sheet <id>` or `/sheet <id> floor 15` (also `楼层 15`, `15楼`). */
export function parseSheet(args: string): { buyId: number; floor: number | null } {
  const match = new RegExp(
    `^#?(${idPattern})(?:\\s+(?:(?:floor|楼层|楼)\\s*([0-9]{1,3})|([0-9]{1,3})\\s*(?:楼|层)))?$`,
    'i',
  ).exec(toAsciiForms(args).trim());
  if (!match) throw new UsageError('sheet-usage');
  const floor = match[2] ?? match[3];
  return { buyId: Number(match[1]), floor: floor === undefined ? null : Number(floor) };
}

/**
 * Short labels of a buy's items for buttons and the numbered list: each name's first word (`白菜` of `白菜 Cabbage
 * 3 kg`), else the names cut short, else numbered, whichever first tells them all apart.
 */
export function itemLabels(names: readonly string[]): string[] {
  const distinct = (labels: string[]) => new Set(labels).size === labels.length;
  const firstWords = names.map((n) => cutText(n.trim().split(/\s+/u)[0] ?? n, 16));
  if (distinct(firstWords)) return firstWords;
  const cut = names.map((n) => cutText(n.trim(), 20));
  if (distinct(cut)) return cut;
  return names.map((n, i) => `${i + 1}.${cutText(n.trim(), 12)}`);
}

/** What a household owes for its quantities of each item at their prices, in cents: exact, in integers. */
export function dueCents(quantities: readonly number[], prices: readonly number[]): number {
  let due = 0;
  quantities.forEach((q, i) => {
    due += q * (prices[i] ?? 0);
  });
  if (!Number.isSafeInteger(due)) throw new RangeError('an amount beyond exact integer cents');
  return due;
}

/** A household's money in a buy: what it owes for what it ordered and what it paid. */
export interface AccountLine {
  unit: string;
  dueCents: number;
  paidCents: number;
}

/** A household's line of a posted account: its share of the supplier's cost and its balance (+ refund, − owes). */
export interface SettledLine extends AccountLine {
  shareCents: number;
  balanceCents: number;
}

export interface Settlement {
  collectedCents: number;
  dueCents: number;
  costCents: number;
  /** Collected minus paid to the supplier: a surplus to refund, or (negative) a shortfall. */
  differenceCents: number;
  lines: SettledLine[];
}

/**
 * The account of a buy (`/settle`): the supplier's cost is shared among the households in proportion to what each
 * owed at the posted prices (by what each paid when nobody owed anything), to the cent by largest remainders (ties
 * to the earlier line); each household's balance is what it paid minus its share: a refund when positive, still
 * owed when negative. When anything was shared, the balances add up to the difference exactly. BigInt where a product
 * could pass 2^53: no floating point anywhere.
 */
export function settleAccount(lines: readonly AccountLine[], costCents: number): Settlement {
  const collected = lines.reduce((sum, l) => sum + l.paidCents, 0);
  const due = lines.reduce((sum, l) => sum + l.dueCents, 0);
  const weights = due > 0 ? lines.map((l) => BigInt(l.dueCents)) : lines.map((l) => BigInt(Math.max(0, l.paidCents)));
  const total = weights.reduce((sum, w) => sum + w, 0n);
  const cost = BigInt(costCents);
  const shares = weights.map((w) => (total === 0n ? 0n : (cost * w) / total));
  if (total > 0n) {
    let left = cost - shares.reduce((sum, s) => sum + s, 0n);
    const byRemainder = weights
      .map((w, i) => ({ i, remainder: (cost * w) % total }))
      .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1));
    for (const { i } of byRemainder) {
      if (left <= 0n) break;
      shares[i] = shares[i]! + 1n;
      left -= 1n;
    }
  }
  return {
    collectedCents: collected,
    dueCents: due,
    costCents,
    differenceCents: collected - costCents,
    lines: lines.map((l, i) => {
      const shareCents = Number(shares[i]);
      return { ...l, shareCents, balanceCents: l.paidCents - shareCents };
    }),
  };
}

/**
 * Who may have a buy's delivery sheet (`/sheet`): its organizer and admins, all of it or a floor; a volunteer of the
 * building, the sheet of the floor they live on (its floor volunteer).
 */
export function canReadSheet(
  actor: Actor,
  buy: { organizerId: number },
  asked: { floor: number | null; homeFloor: number | null },
): boolean {
  if (canManage(actor, buy)) return true;
  return actor.isVolunteer && !actor.isAnonymous && asked.floor !== null && asked.floor === asked.homeFloor;
}

/** Callback data of *Start a group buy* for a category (`v1:buy:tpl:food`): a config id, at most 32 bytes. */
export function buyTemplateData(category: string): string {
  return `v1:buy:tpl:${category}`;
}

/** Reads {@link buyTemplateData}; undefined for anything else. */
export function parseBuyTemplateData(data: string): string | undefined {
  return /^v1:buy:tpl:([a-z][a-z0-9_-]{0,31})$/.exec(data)?.[1];
}

/** The rows a buy's export entry is made of (its store reads them: `buyExportRows`, or the export's bulk read). */
export interface BuyExportInput {
  buy: {
    id: number;
    buildingId: string;
    item: string;
    priceCents: number;
    status: 'open' | 'confirmed' | 'cancelled';
    min: number | null;
    max: number | null;
    limitPerHousehold: number | null;
    closesAt: number;
  };
  items: ReadonlyArray<{
    item: number;
    name: string;
    priceCents: number;
    max: number | null;
    limitPerHousehold: number | null;
  }>;
  money: {
    minAmountCents: number | null;
    paymentInfo: string | null;
    costCents: number | null;
    settledAt: number | null;
  };
  orders: ReadonlyArray<{ householdId: number; unit: string; paid: boolean; delivered: boolean }>;
  orderItems: ReadonlyArray<{ householdId: number; item: number; quantity: number }>;
  accounts: ReadonlyArray<{ unit: string; dueCents: number; paidCents: number }>;
}

/** The buy as the export (SPEC §5) and its events give it: exact decimal strings for money, items from 0. */
export interface ExportedBuy {
  id: number;
  building: string;
  /** The first item's name and price (a one-line buy's item). */
  item: string;
  price: string;
  status: 'open' | 'confirmed' | 'cancelled';
  min: number | null;
  max: number | null;
  limit: number | null;
  closesAt: string;
  /** One row per household and item still ordered. */
  orders: Array<{ unit: string; quantity: number; paid: boolean; delivered: boolean; item: number; amount: string }>;
  items: Array<{ name: string; price: string; max: number | null; limit: number | null }>;
  minAmount: string | null;
  paymentInfo: string | null;
  cost: string | null;
  settledAt: string | null;
  /** One per household that ordered or paid: what it owes and what it paid. */
  accounts: Array<{ unit: string; due: string; paid: string }>;
}

/** A buy's export entry from its rows; `iso` writes a time with the config's offset. */
export function exportBuy(rows: BuyExportInput, iso: (at: number) => string): ExportedBuy {
  const { buy, items, money } = rows;
  const first = items[0];
  const price = new Map(items.map((i) => [i.item, i.priceCents]));
  const orderOf = new Map(rows.orders.map((o) => [o.householdId, o]));
  const lines = rows.orderItems
    .filter((oi) => oi.quantity > 0 && orderOf.has(oi.householdId))
    .map((oi) => {
      const order = orderOf.get(oi.householdId)!;
      return {
        unit: order.unit,
        quantity: oi.quantity,
        paid: order.paid,
        delivered: order.delivered,
        item: oi.item,
        amount: centsToDecimal(oi.quantity * (price.get(oi.item) ?? 0)),
      };
    })
    .sort((x, y) => byFloorThenUnit(x.unit, y.unit) || x.item - y.item);
  return {
    id: buy.id,
    building: buy.buildingId,
    item: first?.name ?? buy.item,
    price: centsToDecimal(first?.priceCents ?? buy.priceCents),
    status: buy.status,
    min: buy.min,
    max: buy.max,
    limit: buy.limitPerHousehold,
    closesAt: iso(buy.closesAt),
    orders: lines,
    items: items.map((i) => ({
      name: i.name,
      price: centsToDecimal(i.priceCents),
      max: i.max,
      limit: i.limitPerHousehold,
    })),
    minAmount: money.minAmountCents === null ? null : centsToDecimal(money.minAmountCents),
    paymentInfo: money.paymentInfo,
    cost: money.costCents === null ? null : centsToDecimal(money.costCents),
    settledAt: money.settledAt === null ? null : iso(money.settledAt),
    accounts: rows.accounts.map((a) => ({
      unit: a.unit,
      due: centsToDecimal(a.dueCents),
      paid: centsToDecimal(a.paidCents),
    })),
  };
}
