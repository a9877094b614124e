import type { InlineKeyboardMarkup } from 'grammy/types';
import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { displayName, isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { parseId } from '../../core/ids.ts';
import type { Locale } from '../../core/translate.ts';
import { inLanguage } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import type { Tx } from '../../db/open.ts';
import { canReceiveDm } from '../../db/users.ts';
import { enqueueMessage, lanes } from '../../jobs/outbox.store.ts';
import {
  actorIn,
  buildingGroups,
  chooseStaffBuilding,
  groupOnly,
  pickedBuilding,
  pressedCard,
} from '../access/access.bot.ts';
import { canAssist } from '../access/access.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import { startBuyButton } from '../buys/buys.view.ts';
import { reopenEscalation } from '../committees/committees.messages.ts';
import { ensureHousehold, findHouseholdOfUser, listHouseholdsOfUser } from '../households/households.store.ts';
import { proposeOffersForNeed } from '../offers/offers.messages.ts';
import { openOfferCounts } from '../offers/offers.store.ts';
import { openOffersLine } from '../offers/offers.view.ts';
import { tellAskers } from './needs.household.ts';
import { cardRef, claimButton, editCard, notifyVolunteers, postCard } from './needs.messages.ts';
import {
  applyNeedAction,
  createNeed,
  createNeedByAuthor,
  getNeed,
  latestOfSeries,
  listActiveNeeds,
  type NeedView,
  placeDraftNeed,
  stopSeries,
} from './needs.store.ts';
import {
  buyHints,
  categoryLabel,
  checkNeedAction,
  checkStopSeries,
  type NeedCommand,
  needCallbackData,
  parseNeed,
  parseNeedCallbackData,
} from './needs.ts';
import { needsPageButtons, parseNeedsPageData, renderNeedCard, renderNeedsList, rhythmLabel } from './needs.view.ts';
import { rhythmOf } from './recurring.ts';

const feature = new FlatComposer<BotContext>();
const group = buildingGroups(feature);

function categories(ctx: BotContext) {
  return ctx.app.deps.config.needs.categories;
}

// --- posting ---------------------------------------------------------------------------------------------

group.command('need', async (ctx) => {
  const building = ctx.app.building;
  if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const command = parseNeed(commandArgs(ctx), categories(ctx), ctx.app.locale);
  if (command.forUnit && !canAssist(await actorIn(ctx, building))) throw new UsageError('need-for-not-allowed');
  const userId = ctx.from.id;
  ctx.app.commit((tx) => {
    const now = ctx.app.now;
    const own = command.forUnit ? undefined : findHouseholdOfUser(tx, building.id, userId);
    const householdId = command.forUnit
      ? ensureHousehold(tx, building.id, command.forUnit, now)
      : (own?.householdId ?? null);
    // the author's names as this update recorded them (exactlyOnce wrote them to users in this transaction)
    const author = { firstName: ctx.from.first_name, lastName: ctx.from.last_name ?? null };
    const need = createNeedByAuthor(
      tx,
      {
        buildingId: building.id,
        requesterId: command.forUnit ? null : userId,
        enteredBy: userId,
        householdId,
        unit: command.forUnit ?? own?.unit ?? null,
        priority: command.priority,
        category: command.category,
        text: command.text,
        private: false,
        status: 'open',
        repeat: command.repeat ?? null,
      },
      author,
      now,
      ctx.app.deps.config,
    );
    const id = need.id;
    const language = building.language as Locale;
    const card = renderNeedCard(
      inLanguage(ctx.app.translate, building.language),
      need,
      categoryLabel(categories(ctx), language),
      {
        timezone: ctx.app.deps.config.timezone,
        language,
      },
    );
    ctx.app.say(card.text, { replyMarkup: card.replyMarkup, entities: card.entities, ref: cardRef(id) });
    // matching (SPEC §2.11): the open offers of its category, to its asker privately, else under the card
    proposeOffersForNeed(tx, offerContext(ctx), need, {
      say: (text, replyMarkup) => ctx.app.say(text, { replyMarkup }),
      language,
    });
  });
});

function offerContext(ctx: BotContext) {
  return { translate: ctx.app.translate, config: ctx.app.deps.config, now: ctx.app.now };
}

feature.chatType('private').command('need', (ctx) => {
  const command = parseNeed(commandArgs(ctx), categories(ctx), ctx.app.locale);
  if (command.forUnit) throw groupOnly(ctx, 'need for');
  const homes = listHouseholdsOfUser(ctx.app.deps.db, ctx.from.id).filter(
    (h) => findBuilding(ctx.app.deps.db, h.buildingId)?.active,
  );
  if (homes.length === 0) throw new UsageError('need-no-home-private');
  ctx.app.commit((tx) => {
    const now = ctx.app.now;
    const single = homes.length === 1 ? homes[0] : undefined;
    const id = createNeed(tx, draftOf(command, ctx.from.id, single), now, ctx.app.deps.config);
    if (single) {
      announcePrivateNeed(ctx, tx, id);
      return;
    }
    const buttons = homes.map((h) => [
      { text: `${h.buildingName} ${h.unit}`, callback_data: needCallbackData('place', id, h.buildingId) },
    ]);
    ctx.app.say(ctx.t('need-choose-building'), { replyMarkup: { inline_keyboard: buttons } });
  });
});

function draftOf(
  command: NeedCommand,
  userId: number,
  home: { buildingId: string; householdId: number; unit: string } | undefined,
) {
  return {
    buildingId: home?.buildingId ?? null,
    requesterId: userId,
    enteredBy: userId,
    householdId: home?.householdId ?? null,
    unit: home?.unit ?? null,
    priority: command.priority,
    category: command.category,
    text: command.text,
    private: true,
    status: home ? ('open' as const) : ('draft' as const),
    repeat: command.repeat ?? null,
  };
}

/** A private need is open: its card (without text) in the group, the text to the volunteers, a receipt to the author. */
function announcePrivateNeed(ctx: BotContext, tx: Tx, id: number): void {
  const need = getNeed(tx, id)!;
  const building = findBuilding(tx, need.buildingId!)!;
  const t = inLanguage(ctx.app.translate, building.language);
  const now = ctx.app.now;
  postCard(tx, t, ctx.app.deps.config, need, building, now);
  const details = t('need-private-for-volunteers', {
    id,
    priority: t(`priority-${need.priority}`),
    category: categoryLabel(categories(ctx), building.language as Locale)(need.category),
    name: need.requesterName ?? need.enteredByName,
    unit: need.unit ?? t('unit-unknown'),
    building: building.name,
    text: need.text ?? '',
  });
  notifyVolunteers(tx, ctx.app.deps.config, building, details, 'need-private', now, claimButton(t, id));
  ctx.app.say(ctx.t('need-posted-private', { id, building: building.name }));
  proposeOffersForNeed(tx, offerContext(ctx), need);
}

// --- buttons ---------------------------------------------------------------------------------------------

feature.callbackQuery(/^v1:need:/, async (ctx) => {
  const data = parseNeedCallbackData(ctx.callbackQuery.data);
  if (!data) throw new UsageError('button-invalid');
  const db = ctx.app.deps.db;
  if (data.action === 'place') {
    const draft = getNeed(db, data.id);
    if (!draft) throw new UsageError('need-not-found');
    placePrivateNeed(ctx, draft, data.extra ?? '');
    await ctx.answerCallbackQuery();
    return;
  }
  const action = data.action;
  // a need's claim button is also sent to the volunteers (their chat, or each by DM) with its details
  const pressed = pressedCard(ctx, getNeed(db, data.id), (n) => n.buildingId, 'need-not-found', [
    'volunteers',
    'private',
  ]);
  const { item: need, building, place } = pressed;
  const found = await actorIn(ctx, building);
  // the volunteers' chat is the volunteers' own: its members act as volunteers there; a member of the need's
  // household acts as its asker (cancel, done), as the database says, never the button
  const householdId = found.isAnonymous
    ? null
    : (findHouseholdOfUser(db, building.id, found.userId)?.householdId ?? null);
  const actor = { ...found, householdId, ...(place === 'volunteers' ? { isVolunteer: true } : {}) };
  // only the building's volunteers and admins get a need by DM; a forged press elsewhere is refused
  if (place === 'private' && !canAssist(actor)) throw new UsageError('card-other-building');
  checkNeedAction(need, action, actor, { volunteersOnly: ctx.app.deps.config.needs.volunteersOnly });
  // pressed in the group, a private need's details can only reach the claimer by DM; elsewhere they have them
  const dmDetails = need.private && action === 'claim' && (place === 'group' || canReceiveDm(db, actor.userId));
  if (need.private && action === 'claim' && place === 'group' && !canReceiveDm(db, actor.userId)) {
    throw new UsageError('need-claim-start-dm');
  }
  const t = inLanguage(ctx.app.translate, building.language);
  ctx.app.commit((tx) => {
    if (!applyNeedAction(tx, need, action, actor.userId, ctx.app.now, ctx.app.deps.config)) {
      // someone else's press changed it first: say why from the state it is in now
      checkNeedAction(getNeed(tx, need.id)!, action, actor, { volunteersOnly: false });
      throw new UsageError('button-invalid');
    }
    const updated = getNeed(tx, need.id)!;
    editCard(tx, t, ctx.app.deps.config, updated, building, ctx.app.now);
    // given back by the one who took it for a committee: the committee's chat is asked again (SPEC §2.8)
    if (action === 'release' && need.claimedForCommittee !== null) {
      const { translate, deps, now } = ctx.app;
      reopenEscalation(tx, translate, deps.config, need.claimedForCommittee, updated, building, now);
    }
    tellAskers(tx, {
      translate: ctx.app.translate,
      config: ctx.app.deps.config,
      now: ctx.app.now,
      need: updated,
      event: action,
      name: ctx.from ? displayName(ctx.from) : '?',
      actorId: actor.userId,
    });
    if (dmDetails) {
      const text = ctx.app.translate(ctx.app.locale, 'need-private-for-claimer', {
        id: need.id,
        name: need.requesterName ?? need.enteredByName,
        unit: need.unit ?? t('unit-unknown'),
        text: need.text ?? '',
      });
      enqueueMessage(
        tx,
        { chatId: actor.userId, payload: { text }, kind: 'need-private-claimer', priority: lanes.answer },
        ctx.app.now,
      );
    }
  });
  await ctx.answerCallbackQuery({ text: ctx.t(`need-answer-${action}`, { id: need.id }) });
});

function placePrivateNeed(ctx: BotContext, need: NeedView, buildingId: string): void {
  if (need.status !== 'draft') throw new UsageError('button-invalid');
  if (need.enteredBy !== ctx.from?.id) throw new UsageError('need-only-asker');
  const home = listHouseholdsOfUser(ctx.app.deps.db, need.enteredBy).find((h) => h.buildingId === buildingId);
  if (!home) throw new UsageError('button-invalid');
  ctx.app.commit((tx) => {
    const place = { buildingId, householdId: home.householdId, unit: home.unit };
    if (!placeDraftNeed(tx, need.id, place, ctx.app.now, ctx.app.deps.config)) throw new UsageError('button-invalid');
    announcePrivateNeed(ctx, tx, need.id);
  });
}

// --- lists -----------------------------------------------------------------------------------------------

group.command('needs', (ctx) => {
  const building = ctx.app.building;
  const list = needsList(ctx, building, 1);
  ctx.app.say(list.text, { replyMarkup: listButtons(ctx, list) });
});

feature.callbackQuery(/^v1:needs:page:/, async (ctx) => {
  const page = parseNeedsPageData(ctx.callbackQuery.data);
  const building = ctx.app.building;
  const message = ctx.callbackQuery.message;
  if (page === undefined || !building || !message) throw new UsageError('button-invalid');
  const list = needsList(ctx, building, page);
  ctx.app.commit((tx) =>
    enqueueMessage(
      tx,
      {
        chatId: building.chatId,
        method: 'editMessageText',
        payload: {
          message_id: message.message_id,
          text: list.text,
          reply_markup: listButtons(ctx, list),
        },
        kind: 'needs-page',
        priority: lanes.answer,
      },
      ctx.app.now,
    ),
  );
  await ctx.answerCallbackQuery();
});

// a building's volunteers and admins may ask privately (SPEC §1); one page, without paging buttons
feature.chatType('private').command('needs', async (ctx) => {
  const building = await chooseStaffBuilding(ctx, 'needs', commandArgs(ctx));
  if (building) ctx.app.say(needsList(ctx, building, 1).text);
});

feature.callbackQuery(/^v1:dm:needs:/, async (ctx) => {
  ctx.app.say(needsList(ctx, await pickedBuilding(ctx, 'needs'), 1).text);
  await ctx.answerCallbackQuery();
});

function needsList(ctx: BotContext, building: BuildingRow, page: number) {
  const needs = listActiveNeeds(ctx.app.deps.db, building.id);
  const { suggestBuyAt } = ctx.app.deps.config.needs;
  const label = categoryLabel(categories(ctx), ctx.app.locale);
  const offersLine = openOffersLine(ctx.t, openOfferCounts(ctx.app.deps.db, building.id), label);
  const list = renderNeedsList(ctx.t, {
    building: building.name,
    needs,
    page,
    suggestBuyAt,
    label,
    ...(offersLine ? { offersLine } : {}),
  });
  return { ...list, buyHints: buyHints(needs, suggestBuyAt) };
}

/** Under the list in the group: *Start a group buy* for each category the hint names (SPEC §2.12), then paging. */
function listButtons(ctx: BotContext, list: ReturnType<typeof needsList>): InlineKeyboardMarkup {
  const label = categoryLabel(categories(ctx), ctx.app.locale);
  return {
    inline_keyboard: [
      ...list.buyHints.map((hint) => [startBuyButton(ctx.t, hint.category, label(hint.category))]),
      ...needsPageButtons(ctx.t, list.page, list.pages).inline_keyboard,
    ],
  };
}

// --- recurring needs (SPEC §2.11) ------------------------------------------------------------------------

/**
 * `/stop <need id>` (the group or a DM): the recurring series the need belongs to ends — its newest need is no longer
 * re-opened once done, and one waiting for its date does not open. By the asker (the household counts) or an admin.
 */
async function stopRecurring(ctx: BotContext): Promise<void> {
  const id = parseId(commandArgs(ctx));
  if (id === undefined) throw new UsageError('stop-usage');
  const db = ctx.app.deps.db;
  const found = getNeed(db, id);
  const building = found?.buildingId ? findBuilding(db, found.buildingId) : undefined;
  // in a group, only the building's own needs
  if (!found || !building || (ctx.app.building && ctx.app.building.id !== building.id))
    throw new UsageError('need-not-found');
  const latest = latestOfSeries(db, found);
  const actor = await actorIn(ctx, building);
  const householdId = actor.isAnonymous
    ? null
    : (findHouseholdOfUser(db, building.id, actor.userId)?.householdId ?? null);
  checkStopSeries(latest, { ...actor, householdId });
  const rhythm = rhythmOf(latest.repeat ?? '');
  const t = inLanguage(ctx.app.translate, building.language);
  ctx.app.commit((tx) => {
    stopSeries(tx, latest, actor.userId, ctx.app.now);
    editCard(tx, t, ctx.app.deps.config, getNeed(tx, latest.id)!, building, ctx.app.now);
    ctx.app.say(
      ctx.t('stop-done', {
        id: latest.id,
        rhythm: rhythm ? rhythmLabel(ctx.t, rhythm, ctx.app.locale) : (latest.repeat ?? ''),
      }),
    );
  });
}

group.command('stop', stopRecurring);
feature.chatType('private').command('stop', stopRecurring);

export const needsComposer = feature;
