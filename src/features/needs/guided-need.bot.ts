import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { commandArgs } from '../../bot/reply.ts';
import { inLanguage, type Locale } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import { advanceFlow, endFlow, type Flow, getFlow, startFlow } from '../../db/dm-flows.ts';
import type { Tx } from '../../db/open.ts';
import { enqueueMessage, lanes } from '../../jobs/outbox.store.ts';
import { findBuilding } from '../buildings/buildings.store.ts';
import { listHouseholdsOfUser } from '../households/households.store.ts';
import { proposeOffersForNeed } from '../offers/offers.messages.ts';
import {
  advanceGuidedNeed,
  type GuidedHome,
  type GuidedNeedState,
  type GuidedPress,
  guidedData,
  guidedNeedReady,
  parseGuidedData,
  startGuidedNeed,
} from './guided-need.ts';
import { claimButton, notifyVolunteers, postCard } from './needs.messages.ts';
import { createNeed, getNeed } from './needs.store.ts';
import { categoryLabel, priorities } from './needs.ts';

/**
 * The guided need (SPEC §2.10) in a private chat: free text, or `/need` alone, starts it; buttons for the home, the
 * category (in the reader's language) and the urgency, the text typed once, public or private, a summary to confirm.
 * Runs before the needs' own handlers, and leaves `/need <text>` to them.
 */
const feature = new FlatComposer<BotContext>();
const privateChat = feature.chatType('private');

function homesOf(ctx: BotContext): GuidedHome[] {
  const db = ctx.app.deps.db;
  return listHouseholdsOfUser(db, ctx.from!.id).filter((h) => findBuilding(db, h.buildingId)?.active);
}

function guidedFlow(ctx: BotContext): Flow<GuidedNeedState> | undefined {
  const flow = ctx.from ? getFlow(ctx.app.deps.db, ctx.from.id) : undefined;
  return flow?.kind === 'need' ? (flow as unknown as Flow<GuidedNeedState>) : undefined;
}

/** The message of the step the conversation is at, its buttons carrying `turn`. */
function stepMessage(
  ctx: BotContext,
  state: GuidedNeedState,
  turn: number,
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const press = (p: GuidedPress, text: string): InlineKeyboardButton => ({ text, callback_data: guidedData(p) });
  const cancel = [press({ turn, action: 'cancel' }, ctx.t('guided-btn-cancel'))];
  const label = categoryLabel(ctx.app.deps.config.needs.categories, ctx.app.locale);
  let text: string;
  let rows: InlineKeyboardButton[][] = [];
  switch (state.step) {
    case 'home':
      text = ctx.t('guided-q-home');
      rows = homesOf(ctx).map((h) => [
        press({ turn, action: 'home', value: h.buildingId }, `${h.buildingName} ${h.unit}`),
      ]);
      break;
    case 'category': {
      text = ctx.t('guided-q-category');
      const buttons = ctx.app.deps.config.needs.categories.map((c) =>
        press({ turn, action: 'category', value: c.id }, label(c.id)),
      );
      for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
      break;
    }
    case 'priority':
      text = ctx.t('guided-q-priority');
      rows = priorities.map((p) => [press({ turn, action: 'priority', value: p }, ctx.t(`guided-btn-${p}`))]);
      break;
    case 'text':
      text = ctx.t('guided-q-text');
      break;
    case 'visibility':
      text = ctx.t('guided-q-visibility');
      rows = [
        [press({ turn, action: 'visibility', value: 'public' }, ctx.t('guided-btn-public'))],
        [press({ turn, action: 'visibility', value: 'private' }, ctx.t('guided-btn-private'))],
      ];
      break;
    case 'confirm':
      text = ctx.t('guided-summary', {
        home: `${state.home?.buildingName ?? ''} ${state.home?.unit ?? ''}`,
        category: label(state.category ?? ''),
        priority: ctx.t(`priority-${state.priority ?? 'normal'}`),
        visibility: state.private ? 'private' : 'public',
        text: state.text ?? '',
      });
      rows = [[press({ turn, action: 'post' }, ctx.t('guided-btn-post'))]];
      break;
  }
  return { text, replyMarkup: { inline_keyboard: [...rows, cancel] } };
}

function begin(ctx: BotContext, homes: readonly GuidedHome[], typed?: string): void {
  const state = startGuidedNeed(homes, typed);
  ctx.app.commit((tx) => {
    const turn = startFlow(tx, ctx.from!.id, 'need', state, ctx.app.now);
    const step = stepMessage(ctx, state, turn);
    ctx.app.say(`${ctx.t('guided-intro')}\n\n${step.text}`, { replyMarkup: step.replyMarkup });
  });
}

// `/need` alone: the guided need (with text, `/need` is the needs feature's)
privateChat.command('need', (ctx, next) => {
  if (commandArgs(ctx) !== '') return next();
  const homes = homesOf(ctx);
  if (homes.length === 0) throw new UsageError('need-no-home-private');
  begin(ctx, homes);
});

privateChat.command('cancel', (ctx, next) => {
  if (!guidedFlow(ctx)) return next();
  ctx.app.commit((tx) => {
    endFlow(tx, ctx.from.id);
    ctx.app.say(ctx.t('guided-cancelled'));
  });
});

// free text: the answer to the text step, a reminder of the buttons, or a new guided need with it as the text
privateChat.on('message:text', (ctx, next) => {
  const typed = ctx.message.text;
  if (typed.startsWith('/')) return next();
  const flow = guidedFlow(ctx);
  if (!flow) {
    const homes = homesOf(ctx);
    // someone without a home gets the private chat's general answer (how to register, how to ask)
    if (homes.length === 0) return next();
    begin(ctx, homes, typed);
    return;
  }
  if (flow.state.step !== 'text') {
    const step = stepMessage(ctx, flow.state, flow.turn);
    ctx.app.say(`${ctx.t('guided-use-buttons')}\n\n${step.text}`, { replyMarkup: step.replyMarkup });
    return;
  }
  const answered = advanceGuidedNeed(flow.state, { typed }, known(ctx));
  ctx.app.commit((tx) => {
    const turn = advanceFlow(tx, ctx.from.id, flow.turn, answered, ctx.app.now);
    if (turn === undefined) throw new UsageError('guided-stale');
    const step = stepMessage(ctx, answered, turn);
    ctx.app.say(step.text, { replyMarkup: step.replyMarkup });
  });
});

function known(ctx: BotContext) {
  return { homes: homesOf(ctx), categories: ctx.app.deps.config.needs.categories.map((c) => c.id) };
}

feature.callbackQuery(/^v1:gn:/, async (ctx) => {
  const press = parseGuidedData(ctx.callbackQuery.data);
  const message = ctx.callbackQuery.message;
  if (!press || ctx.chat?.type !== 'private' || !message) throw new UsageError('button-invalid');
  const flow = guidedFlow(ctx);
  if (!flow || flow.turn !== press.turn) throw new UsageError('guided-stale');
  const userId = ctx.from.id;
  const edit = (tx: Tx, text: string, replyMarkup: InlineKeyboardMarkup = { inline_keyboard: [] }) =>
    enqueueMessage(
      tx,
      {
        chatId: ctx.chat!.id,
        method: 'editMessageText',
        payload: { message_id: message.message_id, text, reply_markup: replyMarkup },
        kind: 'guided-need-step',
        priority: lanes.answer,
      },
      ctx.app.now,
    );
  if (press.action === 'cancel') {
    ctx.app.commit((tx) => {
      endFlow(tx, userId);
      edit(tx, ctx.t('guided-cancelled'));
    });
  } else if (press.action === 'post') {
    const ready = guidedNeedReady(flow.state);
    if (!ready) throw new UsageError('guided-stale');
    ctx.app.commit((tx) => {
      if (!endFlow(tx, userId)) throw new UsageError('guided-stale');
      edit(tx, stepMessage(ctx, flow.state, flow.turn).text);
      postGuidedNeed(ctx, tx, ready);
    });
  } else if ('value' in press) {
    const next = advanceGuidedNeed(flow.state, press, known(ctx));
    ctx.app.commit((tx) => {
      const turn = advanceFlow(tx, userId, flow.turn, next, ctx.app.now);
      if (turn === undefined) throw new UsageError('guided-stale');
      const step = stepMessage(ctx, next, turn);
      edit(tx, step.text, step.replyMarkup);
    });
  }
  await ctx.answerCallbackQuery();
});

/**
 * Posts the confirmed need as `/need` would: public, its card in the group naming the asker; private, a card without
 * text in the group and the details to the volunteers. The author gets a receipt here.
 */
function postGuidedNeed(ctx: BotContext, tx: Tx, need: NonNullable<ReturnType<typeof guidedNeedReady>>): void {
  const { config } = ctx.app.deps;
  const now = ctx.app.now;
  const building = findBuilding(tx, need.home.buildingId);
  if (!building) throw new UsageError('button-invalid');
  const userId = ctx.from!.id;
  const id = createNeed(
    tx,
    {
      buildingId: building.id,
      requesterId: userId,
      enteredBy: userId,
      householdId: need.home.householdId,
      unit: need.home.unit,
      priority: need.priority,
      category: need.category,
      text: need.text,
      private: need.private,
      status: 'open',
    },
    now,
    config,
  );
  const view = getNeed(tx, id)!;
  const t = inLanguage(ctx.app.translate, building.language);
  postCard(tx, t, config, view, building, now);
  // matching (SPEC §2.11): after the receipt, the open offers of its category, here in the private chat
  const proposeOffers = () => proposeOffersForNeed(tx, { translate: ctx.app.translate, config, now }, view);
  if (!need.private) {
    ctx.app.say(ctx.t('guided-posted-public', { id, building: building.name }));
    proposeOffers();
    return;
  }
  const details = t('need-private-for-volunteers', {
    id,
    priority: t(`priority-${need.priority}`),
    category: categoryLabel(config.needs.categories, building.language as Locale)(need.category),
    name: view.requesterName ?? view.enteredByName,
    unit: need.home.unit,
    building: building.name,
    text: need.text,
  });
  notifyVolunteers(tx, config, building, details, 'need-private', now, claimButton(t, id));
  ctx.app.say(ctx.t('need-posted-private', { id, building: building.name }));
  proposeOffers();
}

export const guidedNeedComposer = feature;
