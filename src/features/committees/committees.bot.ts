import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { localeOfUser } from '../../bot/i18n.ts';
import { displayName } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import type { CommitteeConfig } from '../../config/index.ts';
import { toAsciiForms } from '../../core/text.ts';
import { inLanguage, type Locale } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import type { Tx } from '../../db/open.ts';
import { canReceiveDm } from '../../db/users.ts';
import { enqueueMessage, lanes } from '../../jobs/outbox.store.ts';
import { actorInCommittee, buildingGroups, committeeChats } from '../access/access.bot.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import { tellAskers } from '../needs/needs.household.ts';
import { editCard } from '../needs/needs.messages.ts';
import { applyNeedAction, getNeed, type NeedView } from '../needs/needs.store.ts';
import { checkNeedAction } from '../needs/needs.ts';
import {
  buildingsOfCommittee,
  composeBuildingDetail,
  editEscalation,
  escalatingNeed,
  overviewPage,
} from './committees.messages.ts';
import { recordCommitteeClaim } from './committees.store.ts';
import {
  checkCommitteeClaim,
  committeesAdministeredBy,
  covers,
  overviewPageData,
  parseCommitteeClaimData,
  parseOverviewPageData,
  shortList,
} from './committees.ts';
import type { EscalationInput } from './committees.view.ts';

const feature = new FlatComposer<BotContext>();
const chat = committeeChats(feature);

// --- the committee's chat ----------------------------------------------------------------------------------

// in the committee's chat, help is about the committee's commands (the building commands do nothing here)
chat.command(['start', 'help'], (ctx) => {
  const { committee } = ctx.app;
  const count = buildingsOfCommittee(ctx.app.deps.db, ctx.app.deps.config, committee).length;
  ctx.app.say(ctx.t('committee-help', { committee: committee.name, count }));
});

// any member of the chat may ask (only members can post there); no check-in unit is named in it (SPEC §6)
chat.command('overview', (ctx) => {
  const named = toAsciiForms(commandArgs(ctx));
  if (named !== '') {
    sayBuildingDetail(ctx, ctx.app.committee, named, false);
    return;
  }
  sayOverview(ctx, ctx.app.committee);
});

// in a building's group the command is not silently dropped: it says where it works
buildingGroups(feature).command('overview', () => {
  throw new UsageError('overview-in-committee-chat');
});

// --- privately, for a committee's admins (SPEC §1) ----------------------------------------------------------

feature.chatType('private').command('overview', (ctx) => {
  const { config } = ctx.app.deps;
  const mine = committeesAdministeredBy(config.committees, config.admins, ctx.from.id);
  if (mine.length === 0) throw new UsageError('overview-not-committee');
  const named = toAsciiForms(commandArgs(ctx));
  if (named !== '') {
    const committee = mine.find((c) => covers(c, named) && config.buildings.some((b) => b.id === named));
    if (!committee) throw new UsageError('overview-building-unknown', { id: named, own: shortList(idsOf(ctx, mine)) });
    // an admin acts for the committee's buildings: they may see which units have not answered, privately
    sayBuildingDetail(ctx, committee, named, true);
    return;
  }
  if (mine.length === 1) {
    sayOverview(ctx, mine[0]!);
    return;
  }
  const rows = mine.map((c) => [{ text: c.name, callback_data: overviewPageData(c.id, 1) }]);
  ctx.app.say(ctx.t('overview-choose'), { replyMarkup: { inline_keyboard: rows } });
});

function idsOf(ctx: BotContext, committees: readonly CommitteeConfig[]): string[] {
  const { db, config } = ctx.app.deps;
  return [...new Set(committees.flatMap((c) => buildingsOfCommittee(db, config, c).map((b) => b.id)))];
}

function sayOverview(ctx: BotContext, committee: CommitteeConfig): void {
  const { db, config } = ctx.app.deps;
  const page = overviewPage(db, ctx.app.translate, config, committee, ctx.app.now, ctx.app.locale, 1);
  ctx.app.say(page.text, { replyMarkup: page.replyMarkup, quote: false });
}

function sayBuildingDetail(ctx: BotContext, committee: CommitteeConfig, id: string, checkinUnits: boolean): void {
  const { db, config } = ctx.app.deps;
  const building = findBuilding(db, id);
  const own = buildingsOfCommittee(db, config, committee);
  if (!building?.active || !own.some((b) => b.id === id))
    throw new UsageError('overview-building-unknown', { id, own: shortList(own.map((b) => b.id)) });
  const texts = composeBuildingDetail(db, ctx.t, config, building, ctx.app.now, ctx.app.locale, checkinUnits);
  for (const text of texts) ctx.app.say(text);
}

// --- the overview's pages ------------------------------------------------------------------------------------

feature.callbackQuery(/^v1:ovw:/, async (ctx) => {
  const data = parseOverviewPageData(ctx.callbackQuery.data);
  const message = ctx.callbackQuery.message;
  const { config, db } = ctx.app.deps;
  const committee = config.committees.find((c) => c.id === data?.committeeId);
  if (!data || !committee || !message) throw new UsageError('button-invalid');
  if (ctx.chat?.type === 'private') {
    // re-checked: the committees the presser administers now
    if (!committeesAdministeredBy(config.committees, config.admins, ctx.from.id).includes(committee))
      throw new UsageError('overview-not-committee');
  } else {
    if (ctx.app.committee !== committee) throw new UsageError('button-invalid');
    // a public supergroup shows its buttons to anyone: only its members page through it
    const actor = await actorInCommittee(ctx, committee);
    if (!actor.isAdmin && actor.isMember === false)
      throw new UsageError('committee-members-only', { committee: committee.name });
  }
  const page = overviewPage(db, ctx.app.translate, config, committee, ctx.app.now, ctx.app.locale, data.page);
  ctx.app.commit((tx) =>
    enqueueMessage(
      tx,
      {
        chatId: message.chat.id,
        method: 'editMessageText',
        payload: { message_id: message.message_id, text: page.text, reply_markup: page.replyMarkup },
        kind: 'overview-page',
        priority: lanes.answer,
      },
      ctx.app.now,
    ),
  );
  await ctx.answerCallbackQuery();
});

// --- *We'll handle it* ---------------------------------------------------------------------------------------

feature.callbackQuery(/^v1:cmte:claim:/, async (ctx) => {
  const needId = parseCommitteeClaimData(ctx.callbackQuery.data);
  const committee = ctx.app.committee;
  // the button lives in a committee's chat only; forged elsewhere, or for another committee's building, it is refused
  if (needId === undefined || !committee) throw new UsageError('button-invalid');
  const { db, config } = ctx.app.deps;
  const need = getNeed(db, needId);
  const building = need?.buildingId ? findBuilding(db, need.buildingId) : undefined;
  if (!need || !building?.active || !covers(committee, building.id)) throw new UsageError('need-not-found');
  // only a need this committee was sent carries the button (forged data naming another need is refused)
  if (need.committeeEscalatedAt === null) throw new UsageError('button-invalid');
  checkCommitteeClaim(await actorInCommittee(ctx, committee), committee.name);
  const userId = ctx.from.id;
  // the committee's staff take a need as a building's volunteers would (`needs.volunteersOnly` does not stop them)
  const asStaff = { userId, isAdmin: false, isVolunteer: true };
  const shown = escalatingNeed(need, building);
  if (need.status !== 'open') {
    // taken or finished in the building meanwhile: the escalation says so, and the press is refused with why
    ctx.app.commit((tx) =>
      editEscalation(tx, ctx.app.translate, config, committee, shown, building, outcomeOf(ctx, need), ctx.app.now),
    );
    checkNeedAction(need, 'claim', asStaff, { volunteersOnly: false });
    throw new UsageError('button-invalid');
  }
  // the details of a private need reach the one who takes it by DM only
  if (need.private && !canReceiveDm(db, userId)) throw new UsageError('need-claim-start-dm');
  const claimer = displayName(ctx.from);
  ctx.app.commit((tx) => {
    const now = ctx.app.now;
    if (!applyNeedAction(tx, need, 'claim', userId, now, config)) {
      // another press claimed it first: say why from the state it is in now
      checkNeedAction(getNeed(tx, need.id)!, 'claim', asStaff, { volunteersOnly: false });
      throw new UsageError('button-invalid');
    }
    recordCommitteeClaim(tx, { needId: need.id, buildingId: building.id, userId, committeeId: committee.id, now });
    const updated = getNeed(tx, need.id)!;
    editCard(tx, inLanguage(ctx.app.translate, building.language), config, updated, building, now);
    editEscalation(
      tx,
      ctx.app.translate,
      config,
      committee,
      shown,
      building,
      { taken: claimer, committee: committee.name },
      now,
    );
    // closes the loop (SPEC §2.1, §2.10): the asker and their household hear that the committee took it, and who
    tellAskers(tx, {
      translate: ctx.app.translate,
      config: ctx.app.deps.config,
      now: ctx.app.now,
      need: updated,
      event: 'claim',
      name: (locale) =>
        ctx.app.translate(locale, 'committee-claimer-name', { name: claimer, committee: committee.name }),
      actorId: ctx.from?.id ?? null,
    });
    if (need.private) sendPrivateDetails(ctx, tx, need, building);
  });
  await ctx.answerCallbackQuery({ text: ctx.t('committee-answer-claim', { id: need.id, building: building.name }) });
});

/** How the escalation reads once the need is no longer open: the committee's own claim, or what the building did. */
function outcomeOf(ctx: BotContext, need: NeedView): NonNullable<EscalationInput['outcome']> {
  const forCommittee = ctx.app.deps.config.committees.find((c) => c.id === need.claimedForCommittee);
  if (need.status === 'claimed' && forCommittee)
    return { taken: need.claimerName ?? '?', committee: forCommittee.name };
  return { gone: need.status === 'done' || need.status === 'cancelled' ? need.status : 'claimed' };
}

/** The one who took a private need gets its details by DM (SPEC §2.1), in their language; the chat never does. */
function sendPrivateDetails(ctx: BotContext, tx: Tx, need: NeedView, building: BuildingRow): void {
  const userId = ctx.from!.id;
  const locale = localeOfUser(ctx.from?.language_code, ctx.app.deps.config.language as Locale);
  const text = ctx.app.translate(locale, 'committee-private-for-claimer', {
    id: need.id,
    building: building.name,
    name: need.requesterName ?? need.enteredByName,
    unit: need.unit ?? ctx.app.translate(locale, 'unit-unknown'),
    text: need.text ?? '',
  });
  enqueueMessage(
    tx,
    { chatId: userId, payload: { text }, kind: 'need-private-claimer', priority: lanes.answer },
    ctx.app.now,
  );
}

export const committeesComposer = feature;

/**
 * What no handler took in a committee's chat: a command for a building (`/needs`, `/home`) gets one line on what
 * works here, instead of silence. Anything that is not a command stays unanswered, as in every group.
 */
const fallback = new FlatComposer<BotContext>();

committeeChats(fallback).on('message', (ctx) => {
  const text = ctx.message.text ?? '';
  const command = /^\/[A-Za-z0-9_]{1,32}(?:@(\S+))?(?:\s|$)/.exec(text);
  if (!command || !ctx.message.entities?.some((e) => e.type === 'bot_command' && e.offset === 0)) return;
  const addressee = command[1];
  if (addressee !== undefined && addressee.toLowerCase() !== ctx.me.username.toLowerCase()) return;
  ctx.app.say(ctx.t('committee-unknown-command'));
});

export const committeeChatFallback = fallback;
