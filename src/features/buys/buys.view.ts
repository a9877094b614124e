import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { csvDocument } from '../../core/csv.ts';
import { cutText, maxMessageLength } from '../../core/text.ts';
import type { T } from '../../core/translate.ts';
import type { Cell, SheetModel, WorkbookModel } from '../../core/workbook.ts';
import type { BuyRow, BuyTotals, SheetRow } from './buys.store.ts';
import {
  buyCallbackData,
  buyTemplateData,
  centsToDecimal,
  dueCents,
  floorOf,
  formatMoney,
  itemLabels,
  type Settlement,
} from './buys.ts';

/** One item as the card shows it: its terms and what all households ordered of it. */
export interface CardItem {
  name: string;
  priceCents: number;
  max: number | null;
  limit: number | null;
  ordered: number;
}

/** What the card shows beyond the buy's row: its items, the numbered list and the money. */
export interface BuyCardDetails {
  items: readonly CardItem[];
  /** The latest lines of the numbered list (households still ordering, in the order they joined) and their count. */
  list: { count: number; lines: ReadonlyArray<{ unit: string; quantities: readonly number[] }> };
  /** What all orders come to, and what the households paid so far. */
  amountCents: number;
  collectedCents: number;
  minAmountCents: number | null;
  paymentInfo: string | null;
}

/** How many of the latest households the card lists at most: the rest are counted in one line. */
export const cardListLines = 30;

/**
 * The buy card: its item and price (one per line with what was ordered and the stock left, on a buy with several),
 * households joined, total quantity and amount, stock left, deadline, how to pay and what was collected, and the
 * numbered list of households (the latest ones when long); buttons while open: *+1* and *−1* (a row per item on a buy
 * with several), *My order*, *Close*. Always within Telegram's 4,096 characters; without `details` (a one-line buy
 * seen from its row alone) the money and list are left out.
 */
export function renderBuyCard(
  t: T,
  buy: BuyRow,
  totals: BuyTotals,
  currency: string,
  deadline: string,
  details?: BuyCardDetails,
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const items = details?.items ?? [
    {
      name: buy.item,
      priceCents: buy.priceCents,
      max: buy.max,
      limit: buy.limitPerHousehold,
      ordered: totals.quantity,
    },
  ];
  const several = items.length > 1;
  const labels = itemLabels(items.map((i) => i.name));
  const money = (cents: number) => formatMoney(cents, currency);
  const amountCents = details?.amountCents ?? totals.quantity * buy.priceCents;
  // the head, with item names cut shorter until it leaves room for the list
  let head: string[] = [];
  for (const width of [maxMessageLength, 120, 60, 30, 16]) {
    head = cardHead(t, buy, totals, { items, several, money, amountCents, deadline, details, width });
    if (head.join('\n').length <= maxMessageLength - 600) break;
  }
  const text = details ? withList(t, head, details, labels, several, money) : head.join('\n');
  return { text: cutText(text, maxMessageLength), replyMarkup: { inline_keyboard: cardButtons(t, buy, labels) } };
}

function cardHead(
  t: T,
  buy: BuyRow,
  totals: BuyTotals,
  view: {
    items: readonly CardItem[];
    several: boolean;
    money: (cents: number) => string;
    amountCents: number;
    deadline: string;
    details: BuyCardDetails | undefined;
    width: number;
  },
): string[] {
  const { items, several, money, details } = view;
  const lines = [t('buy-card-title', { id: buy.id, item: cutText(buy.item, Math.max(view.width, 200)) })];
  const terms = several ? [] : [t('buy-card-price', { price: money(buy.priceCents) })];
  if (buy.min !== null) terms.push(t('buy-card-min', { min: buy.min }));
  if (details?.minAmountCents != null) terms.push(t('buy-card-min-amount', { amount: money(details.minAmountCents) }));
  if (buy.limitPerHousehold !== null) terms.push(t('buy-card-limit', { limit: buy.limitPerHousehold }));
  if (terms.length > 0) lines.push(terms.join(' · '));
  if (several)
    items.forEach((item, i) => {
      const parts = [t('buy-card-item-ordered', { ordered: item.ordered })];
      if (item.max !== null)
        parts.push(t('buy-card-item-left', { left: Math.max(0, item.max - item.ordered), max: item.max }));
      if (item.limit !== null) parts.push(t('buy-card-limit', { limit: item.limit }));
      lines.push(
        t('buy-card-item', {
          n: i + 1,
          name: cutText(item.name, view.width),
          price: money(item.priceCents),
          terms: parts.join(' · '),
        }),
      );
    });
  lines.push(
    t('buy-card-totals', { households: totals.households, quantity: totals.quantity, amount: money(view.amountCents) }),
  );
  if (buy.max !== null) lines.push(t('buy-card-stock', { left: Math.max(0, buy.max - totals.quantity), max: buy.max }));
  if (buy.status === 'open') lines.push(t('buy-card-closes', { deadline: view.deadline }));
  else lines.push(t(`buy-card-${buy.status}`));
  if (details?.paymentInfo) lines.push(t('buy-card-payinfo', { text: cutText(details.paymentInfo, 600) }));
  if (details && (details.collectedCents !== 0 || buy.status === 'confirmed'))
    lines.push(t('buy-card-collected', { collected: money(details.collectedCents), due: money(view.amountCents) }));
  return lines;
}

/** The head, then the numbered list: its latest lines that fit, after a line counting the ones left out. */
function withList(
  t: T,
  head: readonly string[],
  details: BuyCardDetails,
  labels: readonly string[],
  several: boolean,
  money: (cents: number) => string,
): string {
  const { count, lines } = details.list;
  if (count === 0) return head.join('\n');
  const prices = details.items.map((i) => i.priceCents);
  const rendered = lines.map((line, i) =>
    t('buy-card-line', {
      // a list number as 接龙 writes it (1000, not 1,000)
      n: String(count - lines.length + i + 1),
      unit: line.unit,
      items: several ? orderedItems(line.quantities, labels) : `×${line.quantities[0] ?? 0}`,
      amount: money(dueCents(line.quantities, prices)),
    }),
  );
  const budget = maxMessageLength - head.join('\n').length - 2;
  const shown: string[] = [];
  let used = 0;
  for (let i = rendered.length - 1; i >= 0; i--) {
    const line = cutText(rendered[i]!, 300);
    // room for this line and for the line counting those left out
    if (used + line.length + 1 + 80 > budget) break;
    shown.unshift(line);
    used += line.length + 1;
  }
  const earlier = count - shown.length;
  return [...head, '', ...(earlier > 0 ? [t('buy-card-list-earlier', { count: earlier })] : []), ...shown].join('\n');
}

/** `白菜×2 鸡蛋×1`: what a household ordered, by the items' short labels. */
export function orderedItems(quantities: readonly number[], labels: readonly string[]): string {
  return quantities
    .map((q, i) => (q > 0 ? `${labels[i] ?? `#${i + 1}`}×${q}` : ''))
    .filter((part) => part !== '')
    .join(' ');
}

/**
 * While open: *+1* / *−1* / *My order* in a row on a one-line buy; a *+1 <item>* / *−1* row per item on a buy with
 * several, then *My order*. *Close* in a row of its own, away from +1 (it asks the organizer or an admin to confirm).
 */
function cardButtons(t: T, buy: BuyRow, labels: readonly string[]): InlineKeyboardButton[][] {
  if (buy.status !== 'open') return [];
  const mine = { text: t('buy-btn-mine'), callback_data: buyCallbackData('mine', buy.id) };
  const close = [{ text: t('buy-btn-close'), callback_data: buyCallbackData('close', buy.id) }];
  if (labels.length <= 1)
    return [
      [
        { text: '+1', callback_data: buyCallbackData('plus', buy.id) },
        { text: '−1', callback_data: buyCallbackData('minus', buy.id) },
        mine,
      ],
      close,
    ];
  return [
    ...labels.map((label, i) => [
      { text: `+1 ${label}`, callback_data: buyCallbackData('inc', buy.id, i) },
      { text: '−1', callback_data: buyCallbackData('dec', buy.id, i) },
    ]),
    [mine],
    close,
  ];
}

/**
 * What the organizer or an admin who pressed Close is asked: close now (saying when it would be cancelled, short of
 * its minimum quantity or amount), with *Yes, close #id* and *No*.
 */
export function renderCloseQuestion(
  t: T,
  buy: BuyRow,
  totals: BuyTotals,
  amount?: { amountCents: number; minAmountCents: number | null; currency: string },
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const short = buy.min !== null && totals.quantity < buy.min;
  const shortOfAmount =
    amount !== undefined && amount.minAmountCents !== null && amount.amountCents < amount.minAmountCents;
  const text = short
    ? t('buy-close-ask-short', { id: buy.id, item: buy.item, quantity: totals.quantity, min: buy.min ?? 0 })
    : shortOfAmount
      ? t('buy-close-ask-short-amount', {
          id: buy.id,
          item: buy.item,
          amount: formatMoney(amount.amountCents, amount.currency),
          min: formatMoney(amount.minAmountCents ?? 0, amount.currency),
        })
      : t('buy-close-ask', { id: buy.id, item: buy.item });
  return {
    text,
    replyMarkup: {
      inline_keyboard: [
        [
          { text: t('buy-btn-close-yes', { id: buy.id }), callback_data: buyCallbackData('closeyes', buy.id) },
          { text: t('buy-btn-close-no'), callback_data: buyCallbackData('closeno', buy.id) },
        ],
      ],
    },
  };
}

/** What a `/buy` like an open buy gets: that buy named, with *Start anyway* and *Cancel* for the held draft. */
export function renderDuplicateQuestion(
  t: T,
  twin: BuyRow,
  draftId: number,
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  return {
    text: t('buy-duplicate', { id: twin.id, item: twin.item }),
    replyMarkup: {
      inline_keyboard: [
        [
          { text: t('buy-btn-start-anyway'), callback_data: buyCallbackData('start', draftId) },
          { text: t('buy-btn-cancel'), callback_data: buyCallbackData('drop', draftId) },
        ],
      ],
    },
  };
}

/**
 * The household as the sheet names it: its unit and members; a household without a phone (no member known) by
 * its unit and who entered its order, or its unit alone.
 */
function householdOf(t: T, row: SheetRow): string {
  if (row.names.length > 0) return t('buy-sheet-household', { unit: row.unit, names: row.names.join(', ') });
  if (row.enteredBy !== null) return t('buy-sheet-entered-by', { unit: row.unit, name: row.enteredBy });
  return row.unit;
}

/** A household's line of the sheet, with its quantity of each item and its money when known. */
export type SheetLine = SheetRow & { quantities?: readonly number[]; dueCents?: number; paidCents?: number };

/** What a sheet shows beyond its rows: the buy's items, the floor it is limited to, and the money collected. */
export interface SheetOptions {
  items?: ReadonlyArray<{ name: string; priceCents: number }>;
  floor?: number | null;
  collected?: { collectedCents: number; dueCents: number };
  /** What was paid to the supplier (`/cost`), null when not recorded: the workbook's summary shows it. */
  costCents?: number | null;
}

/** A sheet line's money and quantities: as given, else from the buy's one item and its paid tick. */
function lineMoney(row: SheetLine, prices: readonly number[]) {
  const quantities = row.quantities ?? [row.quantity];
  const due = row.dueCents ?? dueCents(quantities, prices);
  const paid = row.paidCents ?? (row.paid ? due : 0);
  return { quantities, due, paid, paidInFull: row.paidCents === undefined ? row.paid : due > 0 && paid >= due };
}

/**
 * The delivery sheet as text, per floor in delivery order: each household with what it ordered (each item's
 * quantity on a buy with several), what it owes, whether it paid (or how much, in part) and got it; then the totals.
 * Long sheets are split into messages by the caller.
 */
export function renderSheetText(
  t: T,
  buy: BuyRow,
  rows: readonly SheetLine[],
  currency: string,
  options: SheetOptions = {},
): string {
  const items = options.items ?? [{ name: buy.item, priceCents: buy.priceCents }];
  const several = items.length > 1;
  const prices = items.map((i) => i.priceCents);
  const labels = itemLabels(items.map((i) => i.name));
  const money = (cents: number) => formatMoney(cents, currency);
  const lines = several
    ? [
        t('buy-sheet-title-items', { id: buy.id, item: buy.item }),
        items.map((item, i) => `${i + 1}. ${item.name} ${money(item.priceCents)}`).join(' · '),
      ]
    : [t('buy-sheet-title', { id: buy.id, item: buy.item, price: money(buy.priceCents) })];
  if (options.floor != null) lines.push(t('buy-sheet-floor-only', { floor: options.floor }));
  let floor: number | undefined;
  let quantity = 0;
  let amount = 0;
  const perItem = new Array<number>(items.length).fill(0);
  for (const row of rows) {
    const rowFloor = floorOf(row.unit);
    if (rowFloor !== floor) {
      floor = rowFloor;
      lines.push('', rowFloor === 0 ? t('buy-sheet-floor-unknown') : t('buy-sheet-floor', { floor: rowFloor }));
    }
    const { quantities, due, paid, paidInFull } = lineMoney(row, prices);
    quantities.forEach((q, i) => {
      perItem[i] = (perItem[i] ?? 0) + q;
    });
    quantity += row.quantity;
    amount += due;
    const marks = {
      order: row.orderNumber ?? '-',
      household: householdOf(t, row),
      amount: money(due),
      paid: paidInFull ? '☑' : paid === 0 ? '☐' : t('buy-sheet-paid-part', { paid: money(paid) }),
      delivered: row.delivered ? '☑' : '☐',
    };
    lines.push(
      several
        ? t('buy-sheet-line-items', { ...marks, items: orderedItems(quantities, labels) })
        : t('buy-sheet-line', { ...marks, quantity: row.quantity }),
    );
  }
  lines.push('', t('buy-sheet-total', { households: rows.length, quantity, amount: money(amount) }));
  if (several) lines.push(orderedItems(perItem, labels));
  if (options.collected)
    lines.push(
      t('buy-card-collected', {
        collected: money(options.collected.collectedCents),
        due: money(options.collected.dueCents),
      }),
    );
  return lines.join('\n');
}

/**
 * The same sheet as CSV that spreadsheets open correctly: UTF-8 with a byte order mark (Chinese names intact),
 * one row a household in delivery order, a floor column to split by, a column per item on a buy with several, and a
 * total row. `paid` is 1 once the household paid all it owes.
 */
export function renderSheetCsv(t: T, buy: BuyRow, rows: readonly SheetLine[], options: SheetOptions = {}): string {
  const items = options.items ?? [{ name: buy.item, priceCents: buy.priceCents }];
  const several = items.length > 1;
  const prices = items.map((i) => i.priceCents);
  const header = [
    ...(['order', 'floor', 'unit', 'names'] as const).map((c) => t(`buy-csv-${c}`)),
    ...(several ? items.map((i) => i.name) : []),
    ...(['quantity', 'amount', 'paid', 'delivered'] as const).map((c) => t(`buy-csv-${c}`)),
  ];
  const perItem = new Array<number>(items.length).fill(0);
  let amount = 0;
  const body = rows.map((r) => {
    const { quantities, due, paidInFull } = lineMoney(r, prices);
    quantities.forEach((q, i) => {
      perItem[i] = (perItem[i] ?? 0) + q;
    });
    amount += due;
    return [
      r.orderNumber ?? '',
      floorOf(r.unit),
      r.unit,
      r.names.length > 0 || r.enteredBy === null ? r.names.join(' / ') : t('buy-csv-entered-by', { name: r.enteredBy }),
      ...(several ? quantities : []),
      r.quantity,
      centsToDecimal(due),
      paidInFull ? 1 : 0,
      r.delivered ? 1 : 0,
    ];
  });
  const quantity = rows.reduce((sum, r) => sum + r.quantity, 0);
  body.push(['', '', t('buy-csv-total'), '', ...(several ? perItem : []), quantity, centsToDecimal(amount), '', '']);
  return csvDocument([header, ...body].map((row) => row.map(String)));
}

/**
 * The same sheet as an Excel workbook, ready to print for the floor volunteers: a summary sheet (the money: due,
 * paid, paid to the supplier and the difference; then a line per floor and the totals), then one sheet per floor
 * in delivery order (order number, unit, names, each item's quantity on a buy with several, due, paid, a box to
 * tick on delivery, room for notes). Units are text, amounts numbers with two decimals. `made` is when (ISO).
 */
export function renderSheetWorkbook(
  t: T,
  buy: BuyRow,
  rows: readonly SheetLine[],
  currency: string,
  made: string,
  options: SheetOptions = {},
): WorkbookModel {
  const items = options.items ?? [{ name: buy.item, priceCents: buy.priceCents }];
  const several = items.length > 1;
  const prices = items.map((i) => i.priceCents);
  const money = (cents: number) => centsToDecimal(cents);
  const title = several
    ? t('buy-sheet-title-items', { id: buy.id, item: buy.item })
    : t('buy-sheet-title', { id: buy.id, item: buy.item, price: formatMoney(buy.priceCents, currency) });
  const floorName = (floor: number) => (floor === 0 ? t('buy-sheet-floor-unknown') : t('buy-sheet-floor', { floor }));
  const itemColumns = several ? items.map((i) => ({ header: i.name, kind: 'integer' as const })) : [];
  const lines = rows.map((row) => ({ row, floor: floorOf(row.unit), ...lineMoney(row, prices) }));
  const floors = [...new Set(lines.map((l) => l.floor))];
  const sum = (of: typeof lines, value: (l: (typeof lines)[number]) => number) =>
    of.reduce((total, l) => total + value(l), 0);
  const perItem = (of: typeof lines) => items.map((_, i) => sum(of, (l) => l.quantities[i] ?? 0));

  const due = sum(lines, (l) => l.due);
  const paid = sum(lines, (l) => l.paid);
  const cost = options.floor == null ? (options.costCents ?? null) : null;
  const summaryLines: SheetModel['lines'] = [
    { cells: [{ value: title }], bold: true },
    ...(several
      ? items.map((item, i) => ({
          cells: [{ value: `${i + 1}. ${item.name}` }, { value: money(item.priceCents), kind: 'money' as const }],
        }))
      : []),
    ...(options.floor != null ? [{ cells: [{ value: t('buy-sheet-floor-only', { floor: options.floor }) }] }] : []),
    { cells: [{ value: t('buy-xlsx-made') }, { value: made, kind: 'time' }] },
    { cells: [] },
    { cells: [{ value: t('buy-xlsx-due', { currency }) }, { value: money(due), kind: 'money' }] },
    { cells: [{ value: t('buy-xlsx-paid', { currency }) }, { value: money(paid), kind: 'money' }] },
    ...(options.floor != null
      ? []
      : [
          {
            cells: [
              { value: t('buy-xlsx-cost', { currency }) },
              cost === null ? { value: t('buy-xlsx-cost-unknown') } : { value: money(cost), kind: 'money' as const },
            ],
          },
          {
            cells: [
              { value: t('buy-xlsx-difference', { currency }) },
              cost === null ? { value: null } : { value: money(paid - cost), kind: 'money' as const },
            ],
          },
        ]),
    { cells: [] },
  ];
  const summary: SheetModel = {
    name: t('buy-xlsx-summary'),
    lines: summaryLines,
    columns: [
      { header: t('buy-xlsx-floor'), kind: 'text' },
      { header: t('buy-xlsx-households'), kind: 'integer' },
      ...itemColumns,
      { header: t('buy-xlsx-quantity'), kind: 'integer' },
      { header: t('buy-xlsx-due', { currency }), kind: 'money' },
      { header: t('buy-xlsx-paid', { currency }), kind: 'money' },
      { header: t('buy-xlsx-delivered'), kind: 'integer' },
    ],
    rows: floors.map((floor) => {
      const on = lines.filter((l) => l.floor === floor);
      return [
        floorName(floor),
        on.length,
        ...(several ? perItem(on) : []),
        sum(on, (l) => l.row.quantity),
        money(sum(on, (l) => l.due)),
        money(sum(on, (l) => l.paid)),
        on.filter((l) => l.row.delivered).length,
      ];
    }),
    total: [
      t('buy-xlsx-total'),
      lines.length,
      ...(several ? perItem(lines) : []),
      sum(lines, (l) => l.row.quantity),
      money(due),
      money(paid),
      lines.filter((l) => l.row.delivered).length,
    ],
    landscape: several,
  };
  const floorSheets = floors.map((floor): SheetModel => {
    const on = lines.filter((l) => l.floor === floor);
    return {
      name: floorName(floor),
      lines: [{ cells: [{ value: `${title} · ${floorName(floor)}` }], bold: true }],
      columns: [
        { header: t('buy-xlsx-order'), kind: 'integer' },
        { header: t('buy-xlsx-unit'), kind: 'id' },
        { header: t('buy-xlsx-names'), kind: 'text' },
        ...itemColumns,
        { header: t('buy-xlsx-quantity'), kind: 'integer' },
        { header: t('buy-xlsx-due', { currency }), kind: 'money' },
        { header: t('buy-xlsx-paid', { currency }), kind: 'money' },
        { header: t('buy-xlsx-delivered'), kind: 'text', center: true },
        { header: t('buy-xlsx-notes'), kind: 'text', minWidth: 24 },
      ],
      rows: on.map(({ row, quantities, due: rowDue, paid: rowPaid }): Cell[] => [
        row.orderNumber,
        row.unit,
        row.names.length > 0 || row.enteredBy === null
          ? row.names.join(' / ')
          : t('buy-csv-entered-by', { name: row.enteredBy }),
        ...(several ? quantities : []),
        row.quantity,
        money(rowDue),
        money(rowPaid),
        row.delivered ? '☑' : '☐',
        '',
      ]),
      total: [
        null,
        t('buy-xlsx-total'),
        t('buy-xlsx-households-count', { households: on.length }),
        ...(several ? perItem(on) : []),
        sum(on, (l) => l.row.quantity),
        money(sum(on, (l) => l.due)),
        money(sum(on, (l) => l.paid)),
        null,
        null,
      ],
      landscape: several,
      rowHeight: 22,
    };
  });
  return { created: made, sheets: [summary, ...floorSheets] };
}

/**
 * The buy's account as posted in the group (`/settle`): collected of what was owed, paid to the supplier, the
 * difference, and every household's line (paid, its share of the cost, refund or still owed), so anyone can check.
 */
export function renderAccount(
  t: T,
  buy: BuyRow,
  account: Settlement,
  currency: string,
  costNote: string | null,
): string[] {
  const money = (cents: number) => formatMoney(cents, currency);
  const head = [
    t('buy-account-title', { id: buy.id, item: buy.item }),
    t('buy-account-collected', { collected: money(account.collectedCents), due: money(account.dueCents) }),
    costNote
      ? t('buy-account-cost-note', { cost: money(account.costCents), note: costNote })
      : t('buy-account-cost', { cost: money(account.costCents) }),
    account.differenceCents > 0
      ? t('buy-account-surplus', { difference: money(account.differenceCents) })
      : account.differenceCents < 0
        ? t('buy-account-shortfall', { difference: money(-account.differenceCents) })
        : t('buy-account-even'),
  ];
  const refunds = account.lines.filter((l) => l.balanceCents > 0);
  const owed = account.lines.filter((l) => l.balanceCents < 0);
  const line = (l: Settlement['lines'][number]) =>
    t('buy-account-line', {
      unit: l.unit,
      paid: money(l.paidCents),
      share: money(l.shareCents),
      balance:
        l.balanceCents > 0
          ? t('buy-account-refund', { amount: money(l.balanceCents) })
          : l.balanceCents < 0
            ? t('buy-account-owes', { amount: money(-l.balanceCents) })
            : t('buy-account-settled'),
    });
  return [
    ...head,
    '',
    t('buy-account-refunds', {
      count: refunds.length,
      total: money(refunds.reduce((sum, l) => sum + l.balanceCents, 0)),
      owed: money(owed.reduce((sum, l) => sum - l.balanceCents, 0)),
    }),
    ...account.lines.map(line),
  ];
}

/** The *Start a group buy* button under a hint that households need one category (volunteers and admins). */
export function startBuyButton(t: T, category: string, label: string): InlineKeyboardButton {
  return { text: t('buy-btn-start-buy', { category: label }), callback_data: buyTemplateData(category) };
}
