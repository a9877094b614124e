import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { inLanguage, type Locale } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import { canReceiveDm } from '../../db/users.ts';
import { actorIn, buildingGroups, pressedCard } from '../access/access.bot.ts';
import type { Actor } from '../access/access.ts';
import type { BuildingRow } from '../buildings/buildings.store.ts';
import { findHouseholdOfUser } from '../households/households.store.ts';
import { postCard } from '../needs/needs.messages.ts';
import { createNeed, getNeed, listActiveNeeds } from '../needs/needs.store.ts';
import { byUrgencyThenAge, categoryLabel, isNeedAsker } from '../needs/needs.ts';
import {
  editOfferCard,
  matchOfferToNeed,
  offerCard,
  offerCardRef,
  offerExpiry,
  proposeNeedsForOffer,
} from './offers.messages.ts';
import { closeOffer, createOffer, getOffer, listOpenOffers, type OfferView } from './offers.store.ts';
import { checkMatch, checkOfferAction, type OfferCardAction, parseOffer, parseOfferCallbackData } from './offers.ts';
import { renderOffersList } from './offers.view.ts';

const feature = new FlatComposer<BotContext>();
const group = buildingGroups(feature);

// --- posting ---------------------------------------------------------------------------------------------

group.command('offer', (ctx) => {
  if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const { config } = ctx.app.deps;
  const building = ctx.app.building;
  const command = parseOffer(commandArgs(ctx), config.needs.categories, ctx.app.locale);
  const userId = ctx.from.id;
  ctx.app.commit((tx) => {
    const now = ctx.app.now;
    const home = findHouseholdOfUser(tx, building.id, userId);
    const id = createOffer(
      tx,
      {
        buildingId: building.id,
        offeredBy: userId,
        householdId: home?.householdId ?? null,
        unit: home?.unit ?? null,
        category: command.category,
        text: command.text,
      },
      now,
      config,
    );
    const offer = getOffer(tx, id)!;
    const card = offerCard(inLanguage(ctx.app.translate, building.language), config, offer, building);
    ctx.app.say(card.text, { replyMarkup: card.replyMarkup, entities: card.entities, ref: offerCardRef(id) });
    proposeNeedsForOffer(tx, { translate: ctx.app.translate, config, now }, offer, {
      say: (text, replyMarkup) => ctx.app.say(text, { replyMarkup }),
      language: building.language as Locale,
    });
  });
});

group.command('offers', (ctx) => {
  const { config } = ctx.app.deps;
  const building = ctx.app.building;
  const language = building.language as Locale;
  const list = renderOffersList(ctx.t, {
    building: building.name,
    offers: listOpenOffers(ctx.app.deps.db, building.id),
    label: categoryLabel(config.needs.categories, language),
    expires: (offer) => offerExpiry(config, offer, language),
  });
  ctx.app.say(list.text, { replyMarkup: list.replyMarkup });
});

// --- buttons ---------------------------------------------------------------------------------------------

feature.callbackQuery(/^v1:offer:/, async (ctx) => {
  const press = parseOfferCallbackData(ctx.callbackQuery.data);
  if (!press) throw new UsageError('button-invalid');
  const db = ctx.app.deps.db;
  const found = getOffer(db, press.offerId);
  if (press.action === 'ask' || press.action === 'give') {
    // a match is proposed by DM (or, to someone the bot may not write to, in the group)
    const { item: offer, building } = pressedCard(ctx, found, (o) => o.buildingId, 'offer-not-found', ['private']);
    const need = getNeed(db, press.needId);
    if (!need || need.buildingId !== building.id) throw new UsageError('need-not-found');
    const actor = await actorIn(ctx, building);
    if (actor.isAnonymous) throw new UsageError('anonymous-no-person');
    const householdId = findHouseholdOfUser(db, building.id, actor.userId)?.householdId ?? null;
    checkMatch(offer, need, press.action, { ...actor, householdId });
    // a private need's details can reach the author only privately
    if (need.private && !canReceiveDm(db, offer.offeredBy)) throw new UsageError('offer-author-no-dm');
    ctx.app.commit((tx) => matchOfferToNeed(tx, messageContext(ctx), offer, need, actor.userId));
    await ctx.answerCallbackQuery({ text: ctx.t('offer-answer-matched', { offer: offer.id, need: need.id }) });
    return;
  }
  const { item: offer, building } = pressedCard(ctx, found, (o) => o.buildingId, 'offer-not-found');
  const actor = await actorIn(ctx, building);
  checkOfferAction(offer, press.action, actor);
  if (press.action === 'take') {
    const needId = takeOffer(ctx, offer, building, actor);
    await ctx.answerCallbackQuery({ text: ctx.t('offer-answer-matched', { offer: offer.id, need: needId }) });
    return;
  }
  closeByAuthor(ctx, offer, building, press.action, actor);
  await ctx.answerCallbackQuery({ text: ctx.t(`offer-answer-${press.action}`, { id: offer.id }) });
});

function messageContext(ctx: BotContext) {
  return { translate: ctx.app.translate, config: ctx.app.deps.config, now: ctx.app.now };
}

/**
 * *I need this*: the offer goes to the presser's open need of its category (the most urgent, then oldest, of theirs or
 * their household's), or to a new one for their household, posted as `/need` would with the offer's text. Returns
 * the need's id.
 */
function takeOffer(ctx: BotContext, offer: OfferView, building: BuildingRow, actor: Actor): number {
  const { db, config } = ctx.app.deps;
  const home = findHouseholdOfUser(db, building.id, actor.userId);
  if (!home) throw new UsageError('offer-take-no-home');
  if (offer.householdId !== null && offer.householdId === home.householdId) throw new UsageError('offer-own-need');
  const who = { ...actor, householdId: home.householdId };
  const own = listActiveNeeds(db, building.id)
    .filter((n) => n.status === 'open' && n.category === offer.category && isNeedAsker(n, who))
    .sort(byUrgencyThenAge)[0];
  if (own?.private && !canReceiveDm(db, offer.offeredBy)) throw new UsageError('offer-author-no-dm');
  return ctx.app.commit((tx) => {
    const now = ctx.app.now;
    const needId =
      own?.id ??
      createNeed(
        tx,
        {
          buildingId: building.id,
          requesterId: actor.userId,
          enteredBy: actor.userId,
          householdId: home.householdId,
          unit: home.unit,
          priority: 'normal',
          category: offer.category,
          text: offer.text,
          private: false,
          status: 'open',
        },
        now,
        config,
      );
    const need = getNeed(tx, needId)!;
    checkMatch(offer, need, 'ask', who);
    matchOfferToNeed(tx, messageContext(ctx), offer, need, actor.userId);
    // a need made by the press gets its card like any other, already claimed by the offer's author
    if (!own)
      postCard(tx, inLanguage(ctx.app.translate, building.language), config, getNeed(tx, needId)!, building, now);
    return needId;
  });
}

/** *Given* (outside the bot) or *Withdraw*: the offer is closed, its card edited. */
function closeByAuthor(
  ctx: BotContext,
  offer: OfferView,
  building: BuildingRow,
  action: Exclude<OfferCardAction, 'take'>,
  actor: Actor,
): void {
  const { config } = ctx.app.deps;
  ctx.app.commit((tx) => {
    const status = action === 'given' ? 'given' : 'withdrawn';
    if (!closeOffer(tx, offer, status, { actorId: actor.userId }, ctx.app.now, config)) {
      // changed by another press first: say why from the state it is in now
      checkOfferAction(getOffer(tx, offer.id)!, action, actor);
      throw new UsageError('button-invalid');
    }
    const t = inLanguage(ctx.app.translate, building.language);
    editOfferCard(tx, t, config, getOffer(tx, offer.id)!, building, ctx.app.now);
  });
}

export const offersComposer = feature;
