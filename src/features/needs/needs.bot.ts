import { eq } from 'drizzle-orm';
import { Composer } from 'grammy';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { rolesIn } from '../../bot/roles.ts';
import { inLanguage } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import type { Tx } from '../../db/open.ts';
import { users } from '../../db/schema.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import { ensureHousehold, findHouseholdOfUser, listHouseholdsOfUser } from '../households/households.store.ts';
import { cardRef, editCard, notifyVolunteers, postCard } from './needs.messages.ts';
import { applyNeedAction, createNeed, getNeed, listActiveNeeds, type NeedView, placeDraftNeed } from './needs.store.ts';
import { checkNeedAction, type NeedCommand, needCallbackData, parseNeed, parseNeedCallbackData } from './needs.ts';
import { needsPageButtons, parseNeedsPageData, renderNeedCard, renderNeedsList } from './needs.view.ts';

const feature = new Composer<BotContext>();

function categories(ctx: BotContext) {
  return ctx.app.deps.config.needs.categories;
}

// --- posting ---------------------------------------------------------------------------------------------

feature.chatType(['group', 'supergroup']).command('need', async (ctx) => {
  const building = ctx.app.building;
  if (!building) return;
  if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const command = parseNeed(commandArgs(ctx), categories(ctx));
  if (command.forUnit && !(await mayAssist(ctx, building))) throw new UsageError('need-for-not-allowed');
  const userId = ctx.from.id;
  ctx.app.commit((tx) => {
    const now = ctx.app.now;
    const own = command.forUnit ? undefined : findHouseholdOfUser(tx, building.id, userId);
    const householdId = command.forUnit
      ? ensureHousehold(tx, building.id, command.forUnit, now)
      : (own?.householdId ?? null);
    const id = createNeed(
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
      },
      now,
    );
    const card = renderNeedCard(inLanguage(ctx.app.translate, building.language), getNeed(tx, id)!);
    ctx.app.say(card.text, { replyMarkup: card.replyMarkup, ref: cardRef(id) });
  });
});

/** Assisted mode is for volunteers and admins of the building. */
async function mayAssist(ctx: BotContext, building: BuildingRow): Promise<boolean> {
  const roles = await rolesIn(ctx, building);
  return roles.isAdmin || roles.isVolunteer;
}

feature.chatType('private').command('need', (ctx) => {
  const command = parseNeed(commandArgs(ctx), categories(ctx));
  if (command.forUnit) throw new UsageError('group-only');
  const homes = listHouseholdsOfUser(ctx.app.deps.db, ctx.from.id).filter(
    (h) => findBuilding(ctx.app.deps.db, h.buildingId)?.active,
  );
  if (homes.length === 0) throw new UsageError('need-no-home-private');
  ctx.app.commit((tx) => {
    const now = ctx.app.now;
    const single = homes.length === 1 ? homes[0] : undefined;
    const id = createNeed(tx, draftOf(command, ctx.from.id, single), now);
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
    category: need.category,
    name: need.requesterName ?? need.enteredByName,
    unit: need.unit ?? t('unit-unknown'),
    building: building.name,
    text: need.text ?? '',
  });
  notifyVolunteers(tx, ctx.app.deps.config, building, details, 'need-private', now);
  ctx.app.say(ctx.t('need-posted-private', { id, building: building.name }));
}

// --- buttons ---------------------------------------------------------------------------------------------

feature.callbackQuery(/^v1:need:/, async (ctx) => {
  const data = parseNeedCallbackData(ctx.callbackQuery.data);
  if (!data) throw new UsageError('button-invalid');
  const db = ctx.app.deps.db;
  const need = getNeed(db, data.id);
  if (!need) throw new UsageError('need-not-found');

  if (data.action === 'place') {
    placePrivateNeed(ctx, need, data.extra ?? '');
    await ctx.answerCallbackQuery();
    return;
  }
  const building = need.buildingId ? findBuilding(db, need.buildingId) : undefined;
  if (!building) throw new UsageError('need-not-found');
  // a card lives in its building's group: a press anywhere else is forged or from another building
  if (ctx.chat?.id !== building.chatId) throw new UsageError('need-other-building');
  const roles = await rolesIn(ctx, building);
  const actorId = ctx.from.id;
  checkNeedAction(
    need,
    data.action,
    { userId: actorId, ...roles },
    { volunteersOnly: ctx.app.deps.config.needs.volunteersOnly },
  );
  if (need.private && data.action === 'claim') {
    const started = db
      .select({ at: users.startedAt, blocked: users.blockedAt })
      .from(users)
      .where(eq(users.id, actorId))
      .get();
    if (!started?.at || started.blocked) throw new UsageError('need-claim-start-dm');
  }
  const t = inLanguage(ctx.app.translate, building.language);
  ctx.app.commit((tx) => {
    if (!applyNeedAction(tx, need, data.action as Exclude<typeof data.action, 'place'>, actorId, ctx.app.now)) {
      // someone else's press changed it first: say why from the state it is in now
      checkNeedAction(
        getNeed(tx, need.id)!,
        data.action as Exclude<typeof data.action, 'place'>,
        { userId: actorId, ...roles },
        { volunteersOnly: false },
      );
      throw new UsageError('button-invalid');
    }
    const updated = getNeed(tx, need.id)!;
    editCard(tx, t, updated, building, ctx.app.now);
    if (updated.private && data.action === 'claim') {
      const text = ctx.app.translate(ctx.app.locale, 'need-private-for-claimer', {
        id: need.id,
        name: need.requesterName ?? need.enteredByName,
        unit: need.unit ?? t('unit-unknown'),
        text: need.text ?? '',
      });
      enqueueMessage(
        tx,
        { chatId: actorId, payload: { text }, kind: 'need-private-claimer', priority: 0 },
        ctx.app.now,
      );
    }
  });
  await ctx.answerCallbackQuery({ text: ctx.t(`need-answer-${data.action}`, { id: need.id }) });
});

function placePrivateNeed(ctx: BotContext, need: NeedView, buildingId: string): void {
  if (need.status !== 'draft') throw new UsageError('button-invalid');
  if (need.enteredBy !== ctx.from?.id) throw new UsageError('need-only-asker');
  const home = listHouseholdsOfUser(ctx.app.deps.db, need.enteredBy).find((h) => h.buildingId === buildingId);
  if (!home) throw new UsageError('button-invalid');
  ctx.app.commit((tx) => {
    if (!placeDraftNeed(tx, need.id, { buildingId, householdId: home.householdId, unit: home.unit }, ctx.app.now))
      throw new UsageError('button-invalid');
    announcePrivateNeed(ctx, tx, need.id);
  });
}

// --- lists -----------------------------------------------------------------------------------------------

feature.chatType(['group', 'supergroup']).command('needs', (ctx) => {
  const building = ctx.app.building;
  if (!building) return;
  const list = needsList(ctx, building, 1);
  ctx.app.say(list.text, { replyMarkup: needsPageButtons(ctx.t, list.page, list.pages) });
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
          reply_markup: needsPageButtons(ctx.t, list.page, list.pages),
        },
        kind: 'needs-page',
        priority: 0,
      },
      ctx.app.now,
    ),
  );
  await ctx.answerCallbackQuery();
});

function needsList(ctx: BotContext, building: BuildingRow, page: number) {
  return renderNeedsList(ctx.t, {
    building: building.name,
    needs: listActiveNeeds(ctx.app.deps.db, building.id),
    page,
    suggestBuyAt: ctx.app.deps.config.needs.suggestBuyAt,
  });
}

export const needsFeature = feature;
