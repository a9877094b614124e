import type { InlineKeyboardMarkup } from 'grammy/types';
import { csvDocument } from '../../core/csv.ts';
import type { T } from '../../core/translate.ts';
import type { BuyRow, BuyTotals, SheetRow } from './buys.store.ts';
import { buyCallbackData, centsToDecimal, floorOf, formatMoney } from './buys.ts';

/**
 * The buy card: item, price, households joined, total quantity and amount, stock left, deadline; buttons while open.
 */
export function renderBuyCard(
  t: T,
  buy: BuyRow,
  totals: BuyTotals,
  currency: string,
  deadline: string,
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const lines = [t('buy-card-title', { id: buy.id, item: buy.item })];
  const terms = [t('buy-card-price', { price: formatMoney(buy.priceCents, currency) })];
  if (buy.min !== null) terms.push(t('buy-card-min', { min: buy.min }));
  if (buy.limitPerHousehold !== null) terms.push(t('buy-card-limit', { limit: buy.limitPerHousehold }));
  lines.push(terms.join(' · '));
  lines.push(
    t('buy-card-totals', {
      households: totals.households,
      quantity: totals.quantity,
      amount: formatMoney(totals.quantity * buy.priceCents, currency),
    }),
  );
  if (buy.max !== null) lines.push(t('buy-card-stock', { left: Math.max(0, buy.max - totals.quantity), max: buy.max }));
  if (buy.status === 'open') lines.push(t('buy-card-closes', { deadline }));
  else lines.push(t(`buy-card-${buy.status}`));
  // Close in a row of its own, away from +1 (it asks the organizer or an admin to confirm)
  const keyboard =
    buy.status === 'open'
      ? [
          [
            { text: '+1', callback_data: buyCallbackData('plus', buy.id) },
            { text: '−1', callback_data: buyCallbackData('minus', buy.id) },
            { text: t('buy-btn-mine'), callback_data: buyCallbackData('mine', buy.id) },
          ],
          [{ text: t('buy-btn-close'), callback_data: buyCallbackData('close', buy.id) }],
        ]
      : [];
  return { text: lines.join('\n'), replyMarkup: { inline_keyboard: keyboard } };
}

/**
 * What the organizer or an admin who pressed Close is asked: close now (saying when it would be cancelled, short of
 * its minimum), with *Yes, close #id* and *No*.
 */
export function renderCloseQuestion(
  t: T,
  buy: BuyRow,
  totals: BuyTotals,
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const short = buy.min !== null && totals.quantity < buy.min;
  const text = short
    ? t('buy-close-ask-short', { id: buy.id, item: buy.item, quantity: totals.quantity, min: buy.min ?? 0 })
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

/** The organizer's delivery sheet as text: per floor, in delivery order, with the totals. */
export function renderSheetText(t: T, buy: BuyRow, rows: readonly SheetRow[], currency: string): string {
  const lines = [t('buy-sheet-title', { id: buy.id, item: buy.item, price: formatMoney(buy.priceCents, currency) })];
  let floor: number | undefined;
  for (const row of rows) {
    const rowFloor = floorOf(row.unit);
    if (rowFloor !== floor) {
      floor = rowFloor;
      lines.push('', rowFloor === 0 ? t('buy-sheet-floor-unknown') : t('buy-sheet-floor', { floor: rowFloor }));
    }
    lines.push(
      t('buy-sheet-line', {
        order: row.orderNumber ?? '-',
        household: householdOf(t, row),
        quantity: row.quantity,
        amount: formatMoney(row.quantity * buy.priceCents, currency),
        paid: row.paid ? '☑' : '☐',
        delivered: row.delivered ? '☑' : '☐',
      }),
    );
  }
  const quantity = rows.reduce((sum, r) => sum + r.quantity, 0);
  lines.push(
    '',
    t('buy-sheet-total', {
      households: rows.length,
      quantity,
      amount: formatMoney(quantity * buy.priceCents, currency),
    }),
  );
  return lines.join('\n');
}

/**
 * The same sheet as CSV that spreadsheets open correctly: UTF-8 with a byte order mark (Chinese names intact),
 * one row a household in delivery order, a floor column to split by, and a total row.
 */
export function renderSheetCsv(t: T, buy: BuyRow, rows: readonly SheetRow[]): string {
  const columns = ['order', 'floor', 'unit', 'names', 'quantity', 'amount', 'paid', 'delivered'] as const;
  const header = columns.map((c) => t(`buy-csv-${c}`));
  const body = rows.map((r) => [
    r.orderNumber ?? '',
    floorOf(r.unit),
    r.unit,
    r.names.length > 0 || r.enteredBy === null ? r.names.join(' / ') : t('buy-csv-entered-by', { name: r.enteredBy }),
    r.quantity,
    centsToDecimal(r.quantity * buy.priceCents),
    r.paid ? 1 : 0,
    r.delivered ? 1 : 0,
  ]);
  const quantity = rows.reduce((sum, r) => sum + r.quantity, 0);
  body.push(['', '', t('buy-csv-total'), '', quantity, centsToDecimal(quantity * buy.priceCents), '', '']);
  return csvDocument([header, ...body].map((row) => row.map(String)));
}
