import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { commandArgs } from '../../bot/reply.ts';
import { cutText } from '../../core/text.ts';
import { formatDateTime } from '../../core/time-format.ts';
import { inLanguage, type Locale, type Translate } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import { advanceFlow, endFlow, type Flow, getFlow, startFlow } from '../../db/dm-flows.ts';
import type { Tx } from '../../db/open.ts';
import { enqueueMessage, lanes } from '../../jobs/outbox.store.ts';
import { actorIn, buildingGroups, chooseStaffBuilding, pickedBuilding } from '../access/access.bot.ts';
import { canAssist } from '../access/access.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import { setCheckin } from '../checkins/checkins.store.ts';
import { type HouseholdOfUser, listHouseholdsOfUser } from '../households/households.store.ts';
import {
  listSurveys,
  recordSurveyCard,
  type SurveyStats,
  saveSurvey,
  surveyCardRef,
  surveyStats,
  unitsWithoutSurvey,
} from './surveys.store.ts';
import {
  answerSurvey,
  offersOf,
  parseSurveyData,
  parseSurveyStartPayload,
  type SurveyState,
  savedAnswers,
  startSurvey,
  surveyBack,
  surveyStartPayload,
  textQuestion,
} from './surveys.ts';
import { renderMissing, renderSurveyList, surveyCard, surveyStepMessage } from './surveys.view.ts';

const feature = new FlatComposer<BotContext>();
const privateChat = feature.chatType('private');
const maxMessageLength = 4096;

function deepLink(ctx: BotContext, buildingId: string): string {
  return `https://t.me/${ctx.me.username}?start=${surveyStartPayload(buildingId)}`;
}

/** The user's survey under way, if the conversation they have is one. */
function surveyFlow(ctx: BotContext): Flow<SurveyState> | undefined {
  const flow = ctx.from ? getFlow(ctx.app.deps.db, ctx.from.id) : undefined;
  return flow?.kind === 'survey' ? (flow as unknown as Flow<SurveyState>) : undefined;
}

function placeName(ctx: BotContext, buildingId: string): string {
  return findBuilding(ctx.app.deps.db, buildingId)?.name ?? buildingId;
}

// --- starting ----------------------------------------------------------------------------------------------

/** Starts the survey for one of the sender's households (replacing any conversation under way). */
function beginSurvey(ctx: BotContext, home: HouseholdOfUser): void {
  const userId = ctx.from!.id;
  const state = startSurvey(home);
  const before = listSurveys(ctx.app.deps.db, home.buildingId).find((s) => s.unit === home.unit);
  ctx.app.commit((tx) => {
    const turn = startFlow(tx, userId, 'survey', state, ctx.app.now);
    const intro = [ctx.t('survey-intro', { building: home.buildingName, unit: home.unit })];
    if (before) {
      const date = formatDateTime(before.answeredAt, ctx.app.deps.config.timezone, ctx.app.locale);
      intro.push(ctx.t('survey-replaces', { date }));
    }
    const step = surveyStepMessage(ctx.t, state, turn, home.buildingName);
    ctx.app.say(`${intro.join('\n')}\n\n${step.text}`, { replyMarkup: step.replyMarkup });
  });
}

/** `/survey` (or the card's link) in a private chat: the survey for the household in `buildingId`, or the only one. */
function surveyForSender(ctx: BotContext, buildingId?: string): void {
  const homes = listHouseholdsOfUser(ctx.app.deps.db, ctx.from!.id).filter(
    (h) => findBuilding(ctx.app.deps.db, h.buildingId)?.active,
  );
  if (buildingId !== undefined) {
    const home = homes.find((h) => h.buildingId === buildingId);
    if (!home) throw new UsageError('survey-no-home-building', { building: placeName(ctx, buildingId) });
    beginSurvey(ctx, home);
    return;
  }
  if (homes.length === 0) throw new UsageError('survey-no-home');
  if (homes.length === 1) {
    beginSurvey(ctx, homes[0]!);
    return;
  }
  const rows = homes.map((h) => [{ text: `${h.buildingName} ${h.unit}`, callback_data: `v1:svh:${h.buildingId}` }]);
  ctx.app.say(ctx.t('survey-choose-building'), { replyMarkup: { inline_keyboard: rows } });
}

// before /start's greeting (the help feature): the card's deep link opens the survey
privateChat.command('start', (ctx, next) => {
  const buildingId = parseSurveyStartPayload(commandArgs(ctx));
  if (buildingId === undefined) return next();
  surveyForSender(ctx, buildingId);
});

feature.callbackQuery(/^v1:svh:/, async (ctx) => {
  if (ctx.chat?.type !== 'private') throw new UsageError('button-invalid');
  surveyForSender(ctx, ctx.callbackQuery.data.slice('v1:svh:'.length));
  await ctx.answerCallbackQuery();
});

privateChat.command('survey', async (ctx) => {
  const args = commandArgs(ctx).split(/\s+/).filter(Boolean);
  const [what, named = ''] = args;
  if (what === undefined) return surveyForSender(ctx);
  if (what !== 'list' && what !== 'missing') throw new UsageError('survey-usage');
  const building = await staffBuilding(ctx, what, named);
  if (building) ctx.app.say(staffAnswer(ctx, building, what));
});

/** The building whose answers a volunteer or admin asks for privately; a resident who is no staff is refused. */
async function staffBuilding(ctx: BotContext, what: 'list' | 'missing', named: string) {
  try {
    return await chooseStaffBuilding(ctx, `survey${what}`, named);
  } catch (err) {
    if (err instanceof UsageError && err.key.startsWith('group-only')) throw new UsageError('survey-staff-only');
    throw err;
  }
}

for (const what of ['list', 'missing'] as const) {
  feature.callbackQuery(new RegExp(`^v1:dm:survey${what}:`), async (ctx) => {
    ctx.app.say(staffAnswer(ctx, await pickedBuilding(ctx, `survey${what}`), what));
    await ctx.answerCallbackQuery();
  });
}

/** `/survey list` or `/survey missing` for a building, to its volunteers and admins only (the caller checked). */
function staffAnswer(ctx: BotContext, building: BuildingRow, what: 'list' | 'missing'): string {
  const db = ctx.app.deps.db;
  const text =
    what === 'list'
      ? renderSurveyList(ctx.t, building.name, surveyStats(db, building.id), listSurveys(db, building.id))
      : renderMissing(ctx.t, building.name, unitsWithoutSurvey(db, building.id));
  return cutText(text, maxMessageLength);
}

// --- in the group and the volunteers' chat -------------------------------------------------------------------

buildingGroups(feature).command('survey', async (ctx) => {
  const building = ctx.app.building;
  const what = commandArgs(ctx).split(/\s+/)[0]?.toLowerCase() ?? '';
  const actor = await actorIn(ctx, building);
  // the answers never show in the group (SPEC §6): only who has not answered, to the staff
  if (what === 'list') throw new UsageError('survey-list-private');
  if (what === 'missing') {
    if (!canAssist(actor)) throw new UsageError('survey-staff-only');
    ctx.app.say(staffAnswer(ctx, building, 'missing'));
    return;
  }
  if (what !== '') throw new UsageError('survey-usage');
  if (!actor.isAdmin) throw new UsageError('survey-card-admins-only', { link: deepLink(ctx, building.id) });
  const t = inLanguage(ctx.app.translate, building.language);
  ctx.app.commit((tx) => {
    const now = ctx.app.now;
    const ref = `survey:${building.id}:${now.toString(36)}`;
    const card = surveyCard(t, building.name, surveyStats(tx, building.id), deepLink(ctx, building.id));
    recordSurveyCard(tx, building.id, ref, actor.userId, now);
    ctx.app.say(card.text, { replyMarkup: card.replyMarkup, ref });
  });
});

// the volunteers' chat is the volunteers' own (as for needs): its members may list the answers there
feature.chatType(['group', 'supergroup']).command('survey', (ctx, next) => {
  const entry = ctx.app.deps.config.buildings.find((b) => b.volunteersChatId === ctx.chat.id);
  const building = entry ? findBuilding(ctx.app.deps.db, entry.id) : undefined;
  if (!building || ctx.app.building) return next();
  const what = commandArgs(ctx).split(/\s+/)[0]?.toLowerCase() ?? '';
  if (what !== 'list' && what !== 'missing') throw new UsageError('survey-usage');
  ctx.app.say(staffAnswer(ctx, building, what));
});

// --- the conversation ----------------------------------------------------------------------------------------

privateChat.command('cancel', (ctx, next) => {
  const flow = getFlow(ctx.app.deps.db, ctx.from.id);
  // the guided need leaves by its own words (the needs feature)
  if (flow?.kind === 'need') return next();
  if (!flow) throw new UsageError('cancel-nothing');
  ctx.app.commit((tx) => {
    endFlow(tx, ctx.from.id);
    ctx.app.say(ctx.t('survey-cancelled'));
  });
});

feature.callbackQuery(/^v1:sv:/, async (ctx) => {
  const press = parseSurveyData(ctx.callbackQuery.data);
  const message = ctx.callbackQuery.message;
  if (!press || ctx.chat?.type !== 'private' || !message) throw new UsageError('button-invalid');
  const flow = surveyFlow(ctx);
  // a question answered already (a second tap, an old message): nothing changes
  if (!flow || flow.turn !== press.turn) throw new UsageError('survey-stale');
  const userId = ctx.from.id;
  const edit = (tx: Tx, text: string, replyMarkup?: object) =>
    enqueueMessage(
      tx,
      {
        chatId: ctx.chat!.id,
        method: 'editMessageText',
        payload: { message_id: message.message_id, text, reply_markup: replyMarkup ?? { inline_keyboard: [] } },
        kind: 'survey-step',
        priority: lanes.answer,
      },
      ctx.app.now,
    );
  if (press.action === 'cancel') {
    ctx.app.commit((tx) => {
      endFlow(tx, userId);
      edit(tx, ctx.t('survey-cancelled'));
    });
  } else if (press.action === 'save') {
    if (flow.state.step !== 'summary') throw new UsageError('survey-stale');
    ctx.app.commit((tx) => {
      if (!endFlow(tx, userId)) throw new UsageError('survey-stale');
      saveAndOffer(ctx, tx, flow.state, edit);
    });
  } else {
    const next = press.action === 'answer' ? answerSurvey(flow.state, press.value) : surveyBack(flow.state);
    ctx.app.commit((tx) => {
      const turn = advanceFlow(tx, userId, flow.turn, next, ctx.app.now);
      if (turn === undefined) throw new UsageError('survey-stale');
      const step = surveyStepMessage(ctx.t, next, turn, placeName(ctx, next.buildingId));
      edit(tx, step.text, step.replyMarkup);
    });
  }
  await ctx.answerCallbackQuery();
});

/** Saves the survey, says so, offers what the answers call for, and updates the group's card (counts only). */
function saveAndOffer(
  ctx: BotContext,
  tx: Tx,
  state: SurveyState,
  edit: (tx: Tx, text: string, replyMarkup?: object) => void,
): void {
  const { config } = ctx.app.deps;
  const { choices, medicineText } = savedAnswers(state.answers);
  const stats = saveSurvey(
    tx,
    { ...state, choices, medicineText, userId: ctx.from!.id, now: ctx.app.now },
    { webhooks: config.webhooks, timezone: config.timezone },
  );
  const building = placeName(ctx, state.buildingId);
  edit(tx, ctx.t('survey-saved', { building }));
  const offers = offersOf(choices);
  if (offers.checkin) {
    ctx.app.say(ctx.t('survey-offer-checkin'), {
      replyMarkup: {
        inline_keyboard: [
          [{ text: ctx.t('survey-offer-checkin-button'), callback_data: `v1:svc:${state.householdId}` }],
        ],
      },
    });
  }
  // a recurring private need (SPEC §2.11), named with the medicine they typed
  const medicine = medicineText ?? ctx.t('survey-offer-medicine-example');
  if (offers.medicineNeed) ctx.app.say(ctx.t('survey-offer-medicine', { medicine }));
  const place = findBuilding(tx, state.buildingId);
  updateCard(tx, ctx.app.translate, place, stats, deepLink(ctx, state.buildingId), ctx.app.now);
}

/** Re-renders the building's `/survey` card with the new response rate, if one was posted. */
function updateCard(
  tx: Tx,
  translate: Translate,
  building: BuildingRow | undefined,
  stats: SurveyStats,
  link: string,
  now: number,
): void {
  const ref = building ? surveyCardRef(tx, building.id) : undefined;
  if (!building || !ref) return;
  const card = surveyCard(inLanguage(translate, building.language as Locale), building.name, stats, link);
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      method: 'editMessageText',
      payload: { message_ref: ref, text: card.text, reply_markup: card.replyMarkup },
      kind: 'survey-card-edit',
    },
    now,
  );
}

feature.callbackQuery(/^v1:svc:\d+$/, async (ctx) => {
  const householdId = Number(ctx.callbackQuery.data.slice('v1:svc:'.length));
  const home = listHouseholdsOfUser(ctx.app.deps.db, ctx.from.id).find((h) => h.householdId === householdId);
  if (!home) throw new UsageError('survey-not-yours');
  const message = ctx.callbackQuery.message;
  const { checkin } = ctx.app.deps.config;
  ctx.app.commit((tx) => {
    setCheckin(tx, { buildingId: home.buildingId, householdId, on: true, userId: ctx.from.id, now: ctx.app.now });
    const text = ctx.t('survey-checkin-on', { unit: home.unit, at: checkin.at });
    if (message && ctx.chat)
      enqueueMessage(
        tx,
        {
          chatId: ctx.chat.id,
          method: 'editMessageText',
          payload: { message_id: message.message_id, text },
          kind: 'survey-checkin',
          priority: lanes.answer,
        },
        ctx.app.now,
      );
  });
  await ctx.answerCallbackQuery();
});

// text typed during the survey: the answer to the typed question, or a reminder of the buttons
privateChat.on('message:text', (ctx, next) => {
  if (ctx.message.text.startsWith('/')) return next();
  const flow = surveyFlow(ctx);
  if (!flow) return next();
  const userId = ctx.from.id;
  const place = placeName(ctx, flow.state.buildingId);
  if (flow.state.step !== textQuestion) {
    const step = surveyStepMessage(ctx.t, flow.state, flow.turn, place);
    ctx.app.say(`${ctx.t('survey-use-buttons')}\n\n${step.text}`, { replyMarkup: step.replyMarkup });
    return;
  }
  const answered = answerSurvey(flow.state, ctx.message.text);
  ctx.app.commit((tx) => {
    const turn = advanceFlow(tx, userId, flow.turn, answered, ctx.app.now);
    if (turn === undefined) throw new UsageError('survey-stale');
    const step = surveyStepMessage(ctx.t, answered, turn, place);
    ctx.app.say(step.text, { replyMarkup: step.replyMarkup });
  });
});

export const surveysComposer = feature;
