import { Composer } from 'grammy';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { parseDuration } from '../../core/duration.ts';
import { parseId } from '../../core/ids.ts';
import { inLanguage } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import { actorIn, buildingGroups, pressedCard } from '../access/access.bot.ts';
import { canAssist, canManage } from '../access/access.ts';
import type { BuildingRow } from '../buildings/buildings.store.ts';
import { ensureHousehold, findHouseholdOfUser } from '../households/households.store.ts';
import { parseUnit } from '../households/households.ts';
import { buyCard, buyCardRef, editBuyCard, finishBuy, sendSheet } from './buys.messages.ts';
import { type BuyRow, buyTotals, createBuy, getBuy, markOrder, quantityOf, setOrder } from './buys.store.ts';
import { checkQuantity, formatMoney, parseBuy, parseBuyAndUnit, parseBuyCallbackData, parseOrder } from './buys.ts';

const feature = new Composer<BotContext>();
const group = buildingGroups(feature);

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
    const id = createBuy(tx, { buildingId: building.id, organizerId: ctx.from.id, command, now: ctx.app.now });
    const card = buyCard(tx, inLanguage(ctx.app.translate, building.language), config, getBuy(tx, id)!, building);
    ctx.app.say(card.text, { replyMarkup: card.replyMarkup, ref: buyCardRef(id), quote: false });
  });
});

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
  const { db, config } = ctx.app.deps;
  const { building } = pressedCard(ctx, getBuy(db, data.id), (b) => b.buildingId, 'button-invalid');
  const buy = openBuyHere(ctx, building, data.id);
  if (data.action === 'close') {
    await checkManager(ctx, building, buy);
    ctx.app.commit((tx) =>
      finishBuy(tx, inLanguage(ctx.app.translate, building.language), config, buy, building, ctx.from.id, ctx.app.now),
    );
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
