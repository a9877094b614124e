import { Composer } from 'grammy';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { parseDuration } from '../../core/duration.ts';
import { parseId } from '../../core/ids.ts';
import { inLanguage } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import type { Tx } from '../../db/open.ts';
import { actorIn, buildingGroups, pressedCard } from '../access/access.bot.ts';
import { canAssist, canManage } from '../access/access.ts';
import type { BuildingRow } from '../buildings/buildings.store.ts';
import { ensureHousehold, findHouseholdOfUser } from '../households/households.store.ts';
import { parseUnit } from '../households/households.ts';
import {
  buyCard,
  buyCardRef,
  buyCloseQuestionRef,
  buyDraftRef,
  editBuyCard,
  finishBuy,
  sendSheet,
  settleQuestion,
} from './buys.messages.ts';
import {
  answerBuyDraft,
  type BuyRow,
  buyTotals,
  createBuy,
  createBuyDraft,
  draftCommand,
  getBuy,
  getBuyDraft,
  markOrder,
  openBuysOf,
  quantityOf,
  setOrder,
} from './buys.store.ts';
import {
  type BuyCommand,
  checkQuantity,
  formatMoney,
  parseBuy,
  parseBuyAndUnit,
  parseBuyCallbackData,
  parseOrder,
  sameItemIn,
} from './buys.ts';
import { renderCloseQuestion, renderDuplicateQuestion } from './buys.view.ts';

const feature = new Composer<BotContext>();
const group = buildingGroups(feature);

/** Opens the buy and posts its card in the building's group (inside the caller's transaction). Returns its id. */
function startBuy(ctx: BotContext, tx: Tx, building: BuildingRow, organizerId: number, command: BuyCommand): number {
  const { config } = ctx.app.deps;
  const id = createBuy(tx, { buildingId: building.id, organizerId, command, now: ctx.app.now });
  const card = buyCard(tx, inLanguage(ctx.app.translate, building.language), config, getBuy(tx, id)!, building);
  ctx.app.say(card.text, { replyMarkup: card.replyMarkup, ref: buyCardRef(id), quote: false });
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
 * Sets a household's quantity within the limit and the stock, re-renders the card and says `answer` (all in one
 * transaction; a household entered in assisted mode is created in it too).
 */
function changeOrder(
  ctx: BotContext,
  building: BuildingRow,
  buy: BuyRow,
  household: { unit: string; householdId?: number },
  wanted: number,
  answer?: string,
): void {
  const { config } = ctx.app.deps;
  const t = inLanguage(ctx.app.translate, building.language);
  ctx.app.commit((tx) => {
    const householdId = household.householdId ?? ensureHousehold(tx, building.id, household.unit, ctx.app.now);
    // checked inside the transaction: concurrent presses cannot both take the last item
    const current = quantityOf(tx, buy.id, householdId);
    const othersTotal = buyTotals(tx, buy.id).quantity - current;
    checkQuantity({ current, wanted, othersTotal, limit: buy.limitPerHousehold, max: buy.max });
    if (answer) ctx.app.say(answer);
    if (wanted === current) return;
    setOrder(tx, buy, { householdId, unit: household.unit, quantity: wanted, userId: ctx.from!.id, now: ctx.app.now });
    editBuyCard(tx, t, config, buy, building, ctx.app.now);
  });
}

group.command('order', async (ctx) => {
  const building = ctx.app.building;
  if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const { buyId, quantity, forUnit } = parseOrder(commandArgs(ctx));
  const buy = openBuyHere(ctx, building, buyId);
  let household: { unit: string; householdId?: number } | undefined;
  if (forUnit) {
    if (!canAssist(await actorIn(ctx, building))) throw new UsageError('order-for-not-allowed');
    household = { unit: parseUnit(forUnit) };
  } else {
    household = findHouseholdOfUser(ctx.app.deps.db, building.id, ctx.from.id);
    if (!household) throw new UsageError('buy-need-home');
  }
  const { config } = ctx.app.deps;
  const answer =
    quantity === 0
      ? ctx.t('order-withdrawn', { unit: household.unit, item: buy.item })
      : ctx.t('order-set', {
          unit: household.unit,
          quantity,
          item: buy.item,
          amount: formatMoney(quantity * buy.priceCents, config.currency),
        });
  changeOrder(ctx, building, buy, household, quantity, answer);
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
        const question = renderCloseQuestion(t, buy, buyTotals(tx, buy.id));
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
  if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const household = findHouseholdOfUser(db, building.id, ctx.from.id);
  if (!household) throw new UsageError('buy-need-home');
  const current = quantityOf(db, buy.id, household.householdId);
  if (data.action === 'mine') {
    await ctx.answerCallbackQuery({
      text: current > 0 ? ctx.t('order-mine', { unit: household.unit, quantity: current }) : ctx.t('order-mine-none'),
    });
    return;
  }
  const wanted = data.action === 'plus' ? current + 1 : Math.max(0, current - 1);
  changeOrder(ctx, building, buy, household, wanted);
  await ctx.answerCallbackQuery({ text: ctx.t('order-mine', { unit: household.unit, quantity: wanted }) });
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

for (const field of ['paid', 'delivered'] as const) {
  group.command(field, async (ctx) => {
    const building = ctx.app.building;
    const { buyId, unit: rawUnit } = parseBuyAndUnit(commandArgs(ctx), `${field}-usage`);
    const unit = parseUnit(rawUnit);
    const buy = getBuy(ctx.app.deps.db, buyId);
    if (!buy || buy.buildingId !== building.id) throw new UsageError('buy-not-found');
    await checkManager(ctx, building, buy);
    ctx.app.commit((tx) => {
      const householdId = ensureHousehold(tx, building.id, unit, ctx.app.now);
      if (!markOrder(tx, buy, { householdId, unit, field, userId: ctx.from?.id ?? 0, now: ctx.app.now }))
        throw new UsageError('order-none-for-unit', { unit });
      ctx.app.say(ctx.t(`order-marked-${field}`, { unit }));
      // the organizer's sheet follows the ticks
      if (buy.status === 'confirmed')
        sendSheet(
          tx,
          inLanguage(ctx.app.translate, building.language),
          ctx.app.deps.config,
          getBuy(tx, buy.id)!,
          ctx.app.now,
        );
    });
  });
}

export const buysComposer = feature;
