import type { BotConfig } from '../../config/index.ts';
import { formatDateTime } from '../../core/time-format.ts';
import type { T } from '../../core/translate.ts';
import type { Tx } from '../../db/open.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import type { BuildingRow } from '../buildings/buildings.store.ts';
import { topicOf } from '../needs/needs.messages.ts';
import { type BuyRow, buyTotals, closeBuy, getBuy, sheetRows } from './buys.store.ts';
import { renderBuyCard, renderSheetCsv, renderSheetText } from './buys.view.ts';

/** The outbox handle of a buy's card in its building's group: edits find the latest card through it. */
export function buyCardRef(buyId: number): string {
  return `buy:${buyId}:card`;
}

/** The outbox handle of the latest "close now?" question about a buy, to settle it once answered. */
export function buyCloseQuestionRef(buyId: number): string {
  return `buy:${buyId}:close-ask`;
}

/** The outbox handle of the question a held duplicate `/buy` got, to settle it once its sender answered. */
export function buyDraftRef(draftId: number): string {
  return `buy-draft:${draftId}`;
}

/** Replaces a question's text with how it was answered, and takes its buttons away. */
export function settleQuestion(tx: Tx, chatId: number, ref: string, text: string, now: number): void {
  enqueueMessage(
    tx,
    {
      chatId,
      method: 'editMessageText',
      payload: { message_ref: ref, text, reply_markup: { inline_keyboard: [] } },
      kind: 'buy-question-answered',
    },
    now,
  );
}

/** The card as it should look now: the totals read in `tx`, the deadline in the building's language. */
export function buyCard(tx: Tx, t: T, config: BotConfig, buy: BuyRow, building: BuildingRow) {
  return renderBuyCard(
    t,
    buy,
    buyTotals(tx, buy.id),
    config.currency,
    formatDateTime(buy.closesAt, config.timezone, building.language as 'en' | 'zh'),
  );
}

/** Re-renders the card in place (edits queued faster than they can go are folded into the newest). */
export function editBuyCard(tx: Tx, t: T, config: BotConfig, buy: BuyRow, building: BuildingRow, now: number): void {
  const card = buyCard(tx, t, config, buy, building);
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      method: 'editMessageText',
      payload: { message_ref: buyCardRef(buy.id), text: card.text, reply_markup: card.replyMarkup },
      kind: 'buy-card-edit',
    },
    now,
  );
}

/** The delivery sheet, as text and as a CSV file, by DM to the organizer. */
export function sendSheet(tx: Tx, t: T, config: BotConfig, buy: BuyRow, now: number): void {
  const rows = sheetRows(tx, buy.id);
  enqueueMessage(
    tx,
    { chatId: buy.organizerId, payload: { text: renderSheetText(t, buy, rows, config.currency) }, kind: 'buy-sheet' },
    now,
  );
  const csv = renderSheetCsv(t, buy, rows);
  enqueueMessage(
    tx,
    {
      chatId: buy.organizerId,
      method: 'sendDocument',
      payload: { document: { filename: `group-buy-${buy.id}.csv`, content: csv } },
      kind: 'buy-sheet-csv',
    },
    now,
  );
}

/**
 * Closes the buy (by `/closebuy`, the Close button or the deadline): below its minimum it is cancelled and the
 * group told; otherwise confirmed, the group told, and the organizer gets the delivery sheet.
 */
export function finishBuy(
  tx: Tx,
  t: T,
  config: BotConfig,
  buy: BuyRow,
  building: BuildingRow,
  closedBy: number | null,
  now: number,
): boolean {
  const status = closeBuy(tx, buy, closedBy, now);
  if (!status) return false;
  const closed = getBuy(tx, buy.id)!;
  const totals = buyTotals(tx, buy.id);
  editBuyCard(tx, t, config, closed, building, now);
  const text =
    status === 'cancelled'
      ? t('buy-cancelled', { id: buy.id, item: buy.item, quantity: totals.quantity, min: buy.min ?? 1 })
      : t('buy-confirmed', { id: buy.id, item: buy.item, households: totals.households, quantity: totals.quantity });
  enqueueMessage(
    tx,
    { chatId: building.chatId, payload: { text, ...topicOf(config, building.id) }, kind: `buy-${status}` },
    now,
  );
  if (status === 'confirmed') sendSheet(tx, t, config, closed, now);
  return true;
}
