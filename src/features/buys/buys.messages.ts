import type { BotConfig, EventType } from '../../config/index.ts';
import { isoWithOffset } from '../../core/iso-time.ts';
import { splitIntoMessages } from '../../core/text.ts';
import { formatDateTime } from '../../core/time-format.ts';
import { inLanguage, type T, type Translate } from '../../core/translate.ts';
import type { Db, Tx } from '../../db/open.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import { recordEvent } from '../events/events.store.ts';
import type { LateRenderer } from '../feature.ts';
import { topicOf } from '../needs/needs.messages.ts';
import {
  accountsOf,
  type BuyRow,
  buyAmount,
  buyCollected,
  buyExportRows,
  buyItemsOf,
  buyMoneyOf,
  buyTotals,
  closeBuy,
  getBuy,
  itemQuantitiesByHousehold,
  itemTotals,
  listLines,
  markSettled,
  sheetRows,
} from './buys.store.ts';
import { exportBuy, floorOf, formatMoney, settleAccount } from './buys.ts';
import {
  cardListLines,
  renderAccount,
  renderBuyCard,
  renderSheetCsv,
  renderSheetText,
  renderSheetWorkbook,
} from './buys.view.ts';

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

/**
 * The card as it should look now, read in `tx`: its items with what was ordered of each, the totals, the money
 * collected, the latest lines of the numbered list, the deadline in the building's language.
 */
export function buyCard(tx: Db | Tx, t: T, config: BotConfig, buy: BuyRow, building: BuildingRow) {
  const items = buyItemsOf(tx, buy.id);
  const ordered = itemTotals(tx, buy.id, items.length);
  const money = buyMoneyOf(tx, buy.id);
  return renderBuyCard(
    t,
    buy,
    buyTotals(tx, buy.id),
    config.currency,
    formatDateTime(buy.closesAt, config.timezone, building.language as 'en' | 'zh'),
    {
      items: items.map((item, i) => ({
        name: item.name,
        priceCents: item.priceCents,
        max: item.max,
        limit: item.limitPerHousehold,
        ordered: ordered[i] ?? 0,
      })),
      list: listLines(tx, buy.id, items.length, cardListLines),
      amountCents: buyAmount(tx, buy.id),
      collectedCents: buyCollected(tx, buy.id),
      minAmountCents: money.minAmountCents,
      paymentInfo: money.paymentInfo,
    },
  );
}

/**
 * Re-renders the card in place. The card is drawn when the edit goes (the `buy-card` renderer), from the buy as it is
 * then: under a burst of presses the edits queued meanwhile are folded into the newest, so the card is drawn once per
 * edit sent rather than once per press.
 */
export function editBuyCard(tx: Tx, buy: BuyRow, building: BuildingRow, now: number): void {
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      method: 'editMessageText',
      payload: { message_ref: buyCardRef(buy.id), render: { name: 'buy-card', id: buy.id } },
      kind: 'buy-card-edit',
    },
    now,
  );
}

/** The card of buy `id` as it is now, for the edit that is going ({@link editBuyCard}). */
export function buyCardRenderer(config: BotConfig, translate: Translate): LateRenderer {
  return (db, id) => {
    const buy = getBuy(db, id);
    const building = buy ? findBuilding(db, buy.buildingId) : undefined;
    if (!buy || !building) return undefined;
    const card = buyCard(db, inLanguage(translate, building.language), config, buy, building);
    return { text: card.text, reply_markup: card.replyMarkup };
  };
}

/**
 * The delivery sheet, as text (in as many messages as it takes), as a CSV file and, unless `workbook` is false, as an
 * Excel workbook (the money, and a sheet per floor to print): by DM to the organizer, or to `to` (whoever asked with
 * `/sheet`), all floors or one. The sheet that follows each payment or delivery tick leaves the workbook out: the
 * organizer gets it at the close and with `/sheet`, not a new file per tick.
 */
export function sendSheet(
  tx: Tx,
  t: T,
  config: BotConfig,
  buy: BuyRow,
  now: number,
  to: { chatId: number; floor: number | null } = { chatId: buy.organizerId, floor: null },
  workbook = true,
): void {
  const items = buyItemsOf(tx, buy.id);
  const quantities = itemQuantitiesByHousehold(tx, buy.id, items.length);
  const accounts = new Map(accountsOf(tx, buy.id).map((a) => [a.householdId, a]));
  const rows = sheetRows(tx, buy.id)
    .filter((row) => to.floor === null || floorOf(row.unit) === to.floor)
    .map((row) => ({
      ...row,
      quantities: quantities.get(row.householdId) ?? [row.quantity],
      dueCents: accounts.get(row.householdId)?.dueCents ?? 0,
      paidCents: accounts.get(row.householdId)?.paidCents ?? 0,
    }));
  const options = {
    items,
    floor: to.floor,
    collected: {
      collectedCents: rows.reduce((sum, r) => sum + r.paidCents, 0),
      dueCents: rows.reduce((sum, r) => sum + r.dueCents, 0),
    },
    costCents: buyMoneyOf(tx, buy.id).costCents,
  };
  const text = renderSheetText(t, buy, rows, config.currency, options);
  for (const part of splitIntoMessages(text.split('\n')))
    enqueueMessage(tx, { chatId: to.chatId, payload: { text: part }, kind: 'buy-sheet' }, now);
  const filename = to.floor === null ? `group-buy-${buy.id}` : `group-buy-${buy.id}-floor-${to.floor}`;
  enqueueMessage(
    tx,
    {
      chatId: to.chatId,
      method: 'sendDocument',
      payload: { document: { filename: `${filename}.csv`, content: renderSheetCsv(t, buy, rows, options) } },
      kind: 'buy-sheet-csv',
    },
    now,
  );
  if (!workbook) return;
  // the workbook goes as its model: the outbox renders the file when it sends it (rendering is asynchronous, and
  // this transaction is not)
  const model = renderSheetWorkbook(t, buy, rows, config.currency, isoWithOffset(now, config.timezone), options);
  enqueueMessage(
    tx,
    {
      chatId: to.chatId,
      method: 'sendDocument',
      payload: { document: { filename: `${filename}.xlsx`, workbook: model } },
      kind: 'buy-sheet-xlsx',
    },
    now,
  );
}

/**
 * Stores the event of a change to the buy (SPEC §2.9) in the change's transaction, with the buy in its export shape
 * (SPEC §5) as it is after the change.
 */
export function recordBuyEvent(tx: Tx, config: BotConfig, type: EventType, buy: BuyRow, now: number): void {
  const current = getBuy(tx, buy.id) ?? buy;
  recordEvent(
    tx,
    { webhooks: config.webhooks, timezone: config.timezone },
    {
      type,
      buildingId: current.buildingId,
      subject: String(current.id),
      data: exportBuy(buyExportRows(tx, current), (at) => isoWithOffset(at, config.timezone)),
      at: now,
    },
  );
}

/**
 * Closes the buy (by `/closebuy`, the Close button or the deadline): short of its minimum quantity or amount it is
 * cancelled and the group told; otherwise confirmed, the group told, and the organizer gets the delivery sheet.
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
  editBuyCard(tx, closed, building, now);
  const minAmount = buyMoneyOf(tx, buy.id).minAmountCents;
  const amount = buyAmount(tx, buy.id);
  const shortOfQuantity = totals.quantity === 0 || (buy.min !== null && totals.quantity < buy.min);
  const text =
    status === 'confirmed'
      ? t('buy-confirmed', { id: buy.id, item: buy.item, households: totals.households, quantity: totals.quantity })
      : !shortOfQuantity && minAmount !== null
        ? t('buy-cancelled-amount', {
            id: buy.id,
            item: buy.item,
            amount: formatMoney(amount, config.currency),
            min: formatMoney(minAmount, config.currency),
          })
        : t('buy-cancelled', { id: buy.id, item: buy.item, quantity: totals.quantity, min: buy.min ?? 1 });
  enqueueMessage(
    tx,
    { chatId: building.chatId, payload: { text, ...topicOf(config, building.id) }, kind: `buy-${status}` },
    now,
  );
  if (status === 'confirmed') sendSheet(tx, t, config, closed, now);
  recordBuyEvent(tx, config, 'buy.closed', closed, now);
  return true;
}

/**
 * Posts the buy's account in its building's group (`/settle`): collected, paid to the supplier, the difference and
 * every household's refund or what it still owes; records when, and the `buy.settled` event.
 */
export function postAccount(
  tx: Tx,
  t: T,
  config: BotConfig,
  buy: BuyRow,
  building: BuildingRow,
  settledBy: number,
  now: number,
): void {
  const money = buyMoneyOf(tx, buy.id);
  const account = settleAccount(accountsOf(tx, buy.id), money.costCents ?? 0);
  const lines = renderAccount(t, buy, account, config.currency, money.costNote);
  for (const text of splitIntoMessages(lines))
    enqueueMessage(
      tx,
      { chatId: building.chatId, payload: { text, ...topicOf(config, building.id) }, kind: 'buy-account' },
      now,
    );
  markSettled(tx, buy, {
    userId: settledBy,
    now,
    collectedCents: account.collectedCents,
    costCents: account.costCents,
  });
  recordBuyEvent(tx, config, 'buy.settled', buy, now);
}
