import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { parseDuration } from '../../core/duration.ts';
import { parseId } from '../../core/ids.ts';
import { cutText } from '../../core/text.ts';
import { inLanguage } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import type { Tx } from '../../db/open.ts';
import { dmRecipient } from '../../db/users.ts';
import { actorIn, buildingGroups, pressedCard } from '../access/access.bot.ts';
import { canAssist, canManage } from '../access/access.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import { ensureHousehold, findHouseholdOfUser } from '../households/households.store.ts';
import { parseUnit } from '../households/households.ts';
import { categoryLabel } from '../needs/needs.ts';
import {
  buyCard,
  buyCardRef,
  buyCloseQuestionRef,
  buyDraftRef,
  editBuyCard,
  finishBuy,
  postAccount,
  recordBuyEvent,
  sendSheet,
  settleQuestion,
} from './buys.messages.ts';
import {
  answerBuyDraft,
  type BuyItemRow,
  type BuyRow,
  buyAmount,
  buyItemsOf,
  buyMoneyOf,
  buyTotals,
  createBuy,
  createBuyDraft,
  draftCommand,
  getBuy,
  getBuyDraft,
  homeUnitOf,
  householdAccount,
  itemQuantitiesOf,
  itemTotals,
  markOrder,
  openBuysOf,
  recordPayment,
  setCost,
  setOrder,
  setPaymentInfo,
} from './buys.store.ts';
import {
  type BuyCommand,
  canReadSheet,
  checkItemQuantity,
  checkPayment,
  dueCents,
  floorOf,
  formatMoney,
  itemLabels,
  parseBuy,
  parseBuyAndUnit,
  parseBuyCallbackData,
  parseBuyTemplateData,
  parseCost,
  parseOrder,
  parsePaid,
  parsePayInfo,
  parseSheet,
  sameItemIn,
} from './buys.ts';
import { orderedItems, renderCloseQuestion, renderDuplicateQuestion } from './buys.view.ts';

const feature = new FlatComposer<BotContext>();
const group = buildingGroups(feature);

/** Opens the buy and posts its card in the building's group (inside the caller's transaction). Returns its id. */
function startBuy(ctx: BotContext, tx: Tx, building: BuildingRow, organizerId: number, command: BuyCommand): number {
  const { config } = ctx.app.deps;
  const id = createBuy(tx, { buildingId: building.id, organizerId, command, now: ctx.app.now });
  const buy = getBuy(tx, id)!;
  const card = buyCard(tx, inLanguage(ctx.app.translate, building.language), config, buy, building);
  ctx.app.say(card.text, { replyMarkup: card.replyMarkup, ref: buyCardRef(id), quote: false });
  recordBuyEvent(tx, config, 'buy.opened', buy, ctx.app.now);
  return id;
}

group.command('buy', (ctx) => {
  const building = ctx.app.building;
  if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const { config } = ctx.app.deps;
  const command = parseBuy(commandArgs(ctx), {
    now: ctx.app.now,
    timezone: config.timezone,
    defaultDurationMs: parseDuration(config.buys.defaultDuration) ?? 86_400_000,
  });
  ctx.app.commit((tx) => {
    const twin = sameItemIn(openBuysOf(tx, building.id, ctx.app.now), command.item);
    if (!twin) {
      startBuy(ctx, tx, building, ctx.from.id, command);
      return;
    }
    // most likely a second organizer who missed the first card: held (stored) until the sender decides
    const input = { buildingId: building.id, userId: ctx.from.id, duplicateOf: twin.id, command, now: ctx.app.now };
    const draftId = createBuyDraft(tx, input);
    const question = renderDuplicateQuestion(inLanguage(ctx.app.translate, building.language), twin, draftId);
    ctx.app.say(question.text, { replyMarkup: question.replyMarkup, ref: buyDraftRef(draftId) });
  });
});

/**
 * *Start anyway* or *Cancel* under a duplicate `/buy`: only its sender may answer, and a held `/buy` is answered
 * once, so pressing twice (or a re-delivered press) starts one buy at most.
 */
async function answerDraft(ctx: BotContext, action: 'start' | 'drop', draftId: number): Promise<void> {
  const draftHere = getBuyDraft(ctx.app.deps.db, draftId);
  const { building, item: draft } = pressedCard(ctx, draftHere, (d) => d.buildingId, 'button-invalid');
  if (isAnonymousAdmin(ctx) || ctx.from?.id !== draft.userId) throw new UsageError('buy-draft-only-sender');
  const t = inLanguage(ctx.app.translate, building.language);
  const now = ctx.app.now;
  const answer = ctx.app.commit((tx): string => {
    const current = getBuyDraft(tx, draft.id)!;
    if (current.status === 'started') return t('buy-draft-started', { id: current.buyId ?? 0 });
    if (current.status === 'dropped') return t('buy-draft-dropped');
    let text: string;
    if (action === 'drop') {
      answerBuyDraft(tx, current, { status: 'dropped' }, now);
      text = t('buy-draft-dropped');
    } else {
      if (current.closesAt <= now) throw new UsageError('buy-draft-expired');
      const buyId = startBuy(ctx, tx, building, current.userId, draftCommand(current));
      answerBuyDraft(tx, current, { status: 'started', buyId }, now);
      text = t('buy-draft-started', { id: buyId });
    }
    settleQuestion(tx, building.chatId, buyDraftRef(current.id), text, now);
    return text;
  });
  await ctx.answerCallbackQuery({ text: answer });
}

/** The open buy `id` of this building, or a usage error saying why not. */
function openBuyHere(ctx: BotContext, building: BuildingRow, id: number): BuyRow {
  const buy = getBuy(ctx.app.deps.db, id);
  if (!buy || buy.buildingId !== building.id) throw new UsageError('buy-not-found');
  if (buy.status !== 'open' || buy.closesAt <= ctx.app.now) throw new UsageError('buy-closed');
  return buy;
}

/** The organizer or an admin may close a buy and tick payments and deliveries. */
async function checkManager(ctx: BotContext, building: BuildingRow, buy: BuyRow): Promise<void> {
  if (!canManage(await actorIn(ctx, building), buy)) throw new UsageError('buy-only-organizer');
}

/**
 * Sets a household's quantity of one item (index `item`) within the item's and the buy's limits and stock,
 * re-renders the card and says `answer` (all in one transaction; a household entered in assisted mode is created in
 * it too).
 */
function changeOrder(
  ctx: BotContext,
  building: BuildingRow,
  buy: BuyRow,
  items: readonly BuyItemRow[],
  household: { unit: string; householdId?: number },
  order: { item: number; wanted: number },
  answer?: string,
): void {
  const { item, wanted } = order;
  const terms = items[item]!;
  ctx.app.commit((tx) => {
    const householdId = household.householdId ?? ensureHousehold(tx, building.id, household.unit, ctx.app.now);
    // checked inside the transaction: concurrent presses cannot both take the last item
    const mine = itemQuantitiesOf(tx, buy.id, householdId, items.length);
    const current = mine[item] ?? 0;
    const householdTotal = mine.reduce((sum, q) => sum + q, 0);
    checkItemQuantity({
      item: {
        current,
        wanted,
        othersTotal: (itemTotals(tx, buy.id, items.length)[item] ?? 0) - current,
        limit: terms.limitPerHousehold,
        max: terms.max,
      },
      buy: {
        householdTotal,
        othersTotal: buyTotals(tx, buy.id).quantity - householdTotal,
        limit: buy.limitPerHousehold,
        max: buy.max,
      },
    });
    if (answer) ctx.app.say(answer);
    if (wanted === current) return;
    setOrder(tx, buy, {
      householdId,
      unit: household.unit,
      quantity: wanted,
      userId: ctx.from!.id,
      now: ctx.app.now,
      // the audit names the item on a buy of several
      ...(items.length > 1 ? { item } : {}),
    });
    editBuyCard(tx, buy, building, ctx.app.now);
  });
}

/** The item an `/order` names (its number from 1; a one-line buy's only item when none is given), as an index. */
function orderedItem(buy: BuyRow, items: readonly BuyItemRow[], itemNumber: number | undefined): number {
  if (itemNumber === undefined) {
    if (items.length > 1) throw new UsageError('order-item-needed', { id: buy.id, count: items.length });
    return 0;
  }
  if (itemNumber > items.length) throw new UsageError('order-item-unknown', { id: buy.id, count: items.length });
  return itemNumber - 1;
}

group.command('order', async (ctx) => {
  const building = ctx.app.building;
  if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const { buyId, quantity, itemNumber, forUnit } = parseOrder(commandArgs(ctx));
  const buy = openBuyHere(ctx, building, buyId);
  const items = buyItemsOf(ctx.app.deps.db, buy.id);
  const item = orderedItem(buy, items, itemNumber);
  let household: { unit: string; householdId?: number } | undefined;
  if (forUnit) {
    if (!canAssist(await actorIn(ctx, building))) throw new UsageError('order-for-not-allowed');
    household = { unit: parseUnit(forUnit) };
  } else {
    household = findHouseholdOfUser(ctx.app.deps.db, building.id, ctx.from.id);
    if (!household) throw new UsageError('buy-need-home');
  }
  const { config } = ctx.app.deps;
  const name = items.length > 1 ? items[item]!.name : buy.item;
  const answer =
    quantity === 0
      ? ctx.t('order-withdrawn', { unit: household.unit, item: name })
      : ctx.t('order-set', {
          unit: household.unit,
          quantity,
          item: name,
          amount: formatMoney(quantity * items[item]!.priceCents, config.currency),
        });
  changeOrder(ctx, building, buy, items, household, { item, wanted: quantity }, answer);
});

/** A press of an order button must be one of the buttons of the card it was pressed on (not another buy's, forged). */
function checkPressedOnItsCard(ctx: BotContext): void {
  const message = ctx.callbackQuery?.message;
  const buttons = message && 'reply_markup' in message ? (message.reply_markup?.inline_keyboard.flat() ?? []) : [];
  // a card whose buttons are gone (closed) is the handler's to explain
  if (buttons.length === 0) return;
  if (!buttons.some((b) => 'callback_data' in b && b.callback_data === ctx.callbackQuery?.data))
    throw new UsageError('button-invalid');
}

/** What the household ordered, what it owes and what it paid, for *My order* and the answer to a press. */
function myOrderText(
  ctx: BotContext,
  buy: BuyRow,
  items: readonly BuyItemRow[],
  household: { unit: string; householdId: number },
): string {
  const { db, config } = ctx.app.deps;
  const quantities = itemQuantitiesOf(db, buy.id, household.householdId, items.length);
  const total = quantities.reduce((sum, q) => sum + q, 0);
  if (total === 0) return ctx.t('order-mine-none');
  const due = dueCents(
    quantities,
    items.map((i) => i.priceCents),
  );
  const text =
    items.length > 1
      ? ctx.t('order-mine-items', {
          unit: household.unit,
          items: orderedItems(quantities, itemLabels(items.map((i) => i.name))),
          amount: formatMoney(due, config.currency),
        })
      : ctx.t('order-mine', { unit: household.unit, quantity: total });
  const { paidCents } = householdAccount(db, buy.id, household.householdId);
  if (paidCents === 0) return text;
  return `${text} ${ctx.t('order-mine-paid', { paid: formatMoney(paidCents, config.currency), due: formatMoney(due, config.currency) })}`;
}

feature.callbackQuery(/^v1:buy:tpl:/, async (ctx) => {
  const category = parseBuyTemplateData(ctx.callbackQuery.data);
  const building = ctx.app.building;
  const { config, db } = ctx.app.deps;
  const known = config.needs.categories;
  if (category === undefined || !building || !known.some((c) => c.id === category))
    throw new UsageError('button-invalid');
  if (!canAssist(await actorIn(ctx, building))) throw new UsageError('buy-template-staff-only');
  const language = building.language as 'en' | 'zh';
  const template = inLanguage(ctx.app.translate, language)('buy-template', {
    category: categoryLabel(known, language)(category),
  });
  // by DM, to complete and send in the group; in the group for someone the bot cannot write to
  const privately = dmRecipient(db, ctx.from.id) !== undefined;
  ctx.app.commit(() => {
    ctx.app.say(template, privately ? { chatId: ctx.from.id } : {});
  });
  await ctx.answerCallbackQuery(privately ? { text: ctx.t('buy-template-sent') } : {});
});

feature.callbackQuery(/^v1:buy:/, async (ctx) => {
  const data = parseBuyCallbackData(ctx.callbackQuery.data);
  if (!data) throw new UsageError('button-invalid');
  if (data.action === 'start' || data.action === 'drop') {
    await answerDraft(ctx, data.action, data.id);
    return;
  }
  const { db, config } = ctx.app.deps;
  const { building } = pressedCard(ctx, getBuy(db, data.id), (b) => b.buildingId, 'button-invalid');
  const buy = openBuyHere(ctx, building, data.id);
  if (data.action === 'close' || data.action === 'closeyes' || data.action === 'closeno') {
    // refused at once for anyone else, and checked again on the confirmation (a forged one included)
    await checkManager(ctx, building, buy);
    const t = inLanguage(ctx.app.translate, building.language);
    const now = ctx.app.now;
    ctx.app.commit((tx) => {
      if (data.action === 'close') {
        const amount = {
          amountCents: buyAmount(tx, buy.id),
          minAmountCents: buyMoneyOf(tx, buy.id).minAmountCents,
          currency: config.currency,
        };
        const question = renderCloseQuestion(t, buy, buyTotals(tx, buy.id), amount);
        ctx.app.say(question.text, { replyMarkup: question.replyMarkup, ref: buyCloseQuestionRef(buy.id) });
        return;
      }
      const ref = buyCloseQuestionRef(buy.id);
      if (data.action === 'closeno') {
        settleQuestion(tx, building.chatId, ref, t('buy-close-kept', { id: buy.id }), now);
        return;
      }
      finishBuy(tx, t, config, buy, building, ctx.from.id, now);
      settleQuestion(tx, building.chatId, ref, t('buy-close-done', { id: buy.id }), now);
    });
    await ctx.answerCallbackQuery();
    return;
  }
  checkPressedOnItsCard(ctx);
  if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const items = buyItemsOf(db, buy.id);
  // +1/−1 of a one-line buy, or of one item (that exists) of a buy with several
  const oneItem = data.action === 'plus' || data.action === 'minus';
  if (oneItem ? items.length !== 1 : data.action !== 'mine' && (items.length < 2 || (data.item ?? 0) >= items.length))
    throw new UsageError('button-invalid');
  const household = findHouseholdOfUser(db, building.id, ctx.from.id);
  if (!household) throw new UsageError('buy-need-home');
  if (data.action === 'mine') {
    await ctx.answerCallbackQuery({ text: cutText(myOrderText(ctx, buy, items, household), 200) });
    return;
  }
  const item = data.item ?? 0;
  const current = itemQuantitiesOf(db, buy.id, household.householdId, items.length)[item] ?? 0;
  const wanted = data.action === 'plus' || data.action === 'inc' ? current + 1 : Math.max(0, current - 1);
  changeOrder(ctx, building, buy, items, household, { item, wanted });
  const answer =
    items.length > 1
      ? myOrderText(ctx, buy, items, household)
      : ctx.t('order-mine', { unit: household.unit, quantity: wanted });
  await ctx.answerCallbackQuery({ text: cutText(answer, 200) });
});

group.command('closebuy', async (ctx) => {
  const building = ctx.app.building;
  const id = parseId(commandArgs(ctx));
  if (id === undefined) throw new UsageError('closebuy-usage');
  const buy = openBuyHere(ctx, building, id);
  await checkManager(ctx, building, buy);
  ctx.app.commit((tx) =>
    finishBuy(
      tx,
      inLanguage(ctx.app.translate, building.language),
      ctx.app.deps.config,
      buy,
      building,
      ctx.from?.id ?? null,
      ctx.app.now,
    ),
  );
});

/** The buy `id` of this building (any status), or a usage error. */
function buyHere(ctx: BotContext, building: BuildingRow, id: number): BuyRow {
  const buy = getBuy(ctx.app.deps.db, id);
  if (!buy || buy.buildingId !== building.id) throw new UsageError('buy-not-found');
  return buy;
}

/**
 * After a payment or a delivery: the organizer's sheet of a confirmed buy follows the ticks, and after a payment the
 * card shows what was collected.
 */
function afterTick(ctx: BotContext, tx: Tx, building: BuildingRow, buy: BuyRow, tick: 'paid' | 'delivered'): void {
  const t = inLanguage(ctx.app.translate, building.language);
  const current = getBuy(tx, buy.id)!;
  if (tick === 'paid') editBuyCard(tx, current, building, ctx.app.now);
  if (current.status === 'confirmed')
    sendSheet(tx, t, ctx.app.deps.config, current, ctx.app.now, { chatId: current.organizerId, floor: null }, false);
}

group.command('paid', async (ctx) => {
  const building = ctx.app.building;
  const { buyId, unit: rawUnit, amountCents } = parsePaid(commandArgs(ctx));
  const unit = parseUnit(rawUnit);
  const buy = buyHere(ctx, building, buyId);
  await checkManager(ctx, building, buy);
  const { config } = ctx.app.deps;
  const userId = ctx.from?.id ?? 0;
  ctx.app.commit((tx) => {
    const householdId = ensureHousehold(tx, building.id, unit, ctx.app.now);
    if (amountCents === null) {
      // the whole amount still owed
      if (!markOrder(tx, buy, { householdId, unit, field: 'paid', userId, now: ctx.app.now }))
        throw new UsageError('order-none-for-unit', { unit });
      ctx.app.say(ctx.t('order-marked-paid', { unit }));
    } else {
      const before = householdAccount(tx, buy.id, householdId);
      if (before.dueCents === 0 && before.paidCents === 0) throw new UsageError('order-none-for-unit', { unit });
      checkPayment(before.paidCents, amountCents);
      recordPayment(tx, buy, { householdId, unit, amountCents, userId, now: ctx.app.now });
      const paid = before.paidCents + amountCents;
      ctx.app.say(
        ctx.t(before.dueCents > 0 && paid >= before.dueCents ? 'order-payment-full' : 'order-payment', {
          unit,
          amount: formatMoney(amountCents, config.currency),
          paid: formatMoney(paid, config.currency),
          due: formatMoney(before.dueCents, config.currency),
        }),
      );
    }
    afterTick(ctx, tx, building, buy, 'paid');
  });
});

group.command('delivered', async (ctx) => {
  const building = ctx.app.building;
  const { buyId, unit: rawUnit } = parseBuyAndUnit(commandArgs(ctx), 'delivered-usage');
  const unit = parseUnit(rawUnit);
  const buy = buyHere(ctx, building, buyId);
  await checkManager(ctx, building, buy);
  ctx.app.commit((tx) => {
    const householdId = ensureHousehold(tx, building.id, unit, ctx.app.now);
    if (!markOrder(tx, buy, { householdId, unit, field: 'delivered', userId: ctx.from?.id ?? 0, now: ctx.app.now }))
      throw new UsageError('order-none-for-unit', { unit });
    ctx.app.say(ctx.t('order-marked-delivered', { unit }));
    afterTick(ctx, tx, building, buy, 'delivered');
  });
});

/**
 * The buy a money or sheet command names, and its building: in a building's group one of its buys; in a private
 * chat any buy (who may is checked next, against the buy's building).
 */
function buyOfCommand(ctx: BotContext, id: number): { buy: BuyRow; building: BuildingRow } {
  const buy = getBuy(ctx.app.deps.db, id);
  const building = buy ? findBuilding(ctx.app.deps.db, buy.buildingId) : undefined;
  const here = ctx.app.building;
  const reachable = here ? here.id === buy?.buildingId : ctx.chat?.type === 'private';
  if (!buy || !building || !reachable) throw new UsageError('buy-not-found');
  return { buy, building };
}

feature.command('payinfo', async (ctx) => {
  const { buyId, text } = parsePayInfo(commandArgs(ctx));
  const { buy, building } = buyOfCommand(ctx, buyId);
  await checkManager(ctx, building, buy);
  ctx.app.commit((tx) => {
    setPaymentInfo(tx, buy, { text, userId: ctx.from?.id ?? 0, now: ctx.app.now });
    editBuyCard(tx, buy, building, ctx.app.now);
    ctx.app.say(ctx.t('payinfo-set', { id: buy.id }));
  });
});

feature.command('cost', async (ctx) => {
  const { buyId, costCents, note } = parseCost(commandArgs(ctx));
  const { buy, building } = buyOfCommand(ctx, buyId);
  await checkManager(ctx, building, buy);
  ctx.app.commit((tx) => {
    setCost(tx, buy, { costCents, note, userId: ctx.from?.id ?? 0, now: ctx.app.now });
    ctx.app.say(ctx.t('cost-set', { id: buy.id, cost: formatMoney(costCents, ctx.app.deps.config.currency) }));
  });
});

feature.command('settle', async (ctx) => {
  const id = parseId(commandArgs(ctx));
  if (id === undefined) throw new UsageError('settle-usage');
  const { buy, building } = buyOfCommand(ctx, id);
  await checkManager(ctx, building, buy);
  if (buy.status === 'open') throw new UsageError('settle-open', { id: buy.id });
  ctx.app.commit((tx) => {
    // a cancelled buy bought nothing: all that was collected goes back unless a cost says otherwise
    if (buyMoneyOf(tx, buy.id).costCents === null && buy.status === 'confirmed')
      throw new UsageError('settle-needs-cost', { id: buy.id });
    const t = inLanguage(ctx.app.translate, building.language);
    postAccount(tx, t, ctx.app.deps.config, buy, building, ctx.from?.id ?? 0, ctx.app.now);
    if (ctx.chat?.id !== building.chatId) ctx.app.say(ctx.t('settle-posted', { id: buy.id, building: building.name }));
  });
});

feature.command('sheet', async (ctx) => {
  const { buyId, floor } = parseSheet(commandArgs(ctx));
  const { buy, building } = buyOfCommand(ctx, buyId);
  const { db, config } = ctx.app.deps;
  const userId = ctx.from?.id ?? 0;
  const home = homeUnitOf(db, building.id, userId);
  const asked = { floor, homeFloor: home === undefined ? null : floorOf(home) };
  if (!canReadSheet(await actorIn(ctx, building), buy, asked)) throw new UsageError('sheet-not-allowed');
  // the sheet names residents: it goes to whoever asked, privately
  const privateChat = ctx.chat?.type === 'private';
  if (!privateChat && dmRecipient(db, userId) === undefined) throw new UsageError('sheet-open-dm');
  ctx.app.commit((tx) => {
    const t = inLanguage(ctx.app.translate, building.language);
    sendSheet(tx, t, config, buy, ctx.app.now, { chatId: userId, floor });
    if (!privateChat) ctx.app.say(ctx.t('sheet-sent-dm', { id: buy.id }));
  });
});

export const buysComposer = feature;
