import type { CallbackQueryContext } from 'grammy';
import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { parseDuration } from '../../core/duration.ts';
import { parseId } from '../../core/ids.ts';
import { cutText } from '../../core/text.ts';
import { inLanguage } from '../../core/translate.ts';
import { type MessageArgs, UsageError } from '../../core/usage-error.ts';
import { actorIn, buildingGroups, pressedCard } from '../access/access.bot.ts';
import { canManage } from '../access/access.ts';
import { findHouseholdOfUser } from '../households/households.store.ts';
import { closeVote, editVoteCard, voteCard, voteCardRef } from './votes.messages.ts';
import { ballotOptionOf, castBallot, createVote, getVote, redactPress, type VoteRow } from './votes.store.ts';
import { ballotAnswer, parseBallotData, parseVote } from './votes.ts';

const feature = new FlatComposer<BotContext>();
const group = buildingGroups(feature);

group.command('vote', async (ctx) => {
  const building = ctx.app.building;
  if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const { config } = ctx.app.deps;
  const command = parseVote(commandArgs(ctx), parseDuration(config.votes.defaultDuration) ?? 86_400_000);
  // the electorate of a per-person vote: the chat's members, as Telegram counts them (bots included)
  const memberCount = command.perHousehold ? null : await ctx.getChatMemberCount().catch(() => null);
  ctx.app.commit((tx) => {
    const id = createVote(tx, {
      buildingId: building.id,
      organizerId: ctx.from.id,
      command,
      memberCount,
      now: ctx.app.now,
      events: config,
    });
    const card = voteCard(
      tx,
      inLanguage(ctx.app.translate, building.language),
      config,
      getVote(tx, id)!,
      building.language as 'en' | 'zh',
    );
    ctx.app.say(card.text, { replyMarkup: card.replyMarkup, ref: voteCardRef(id), quote: false });
  });
});

group.command('endvote', async (ctx) => {
  const building = ctx.app.building;
  const id = parseId(commandArgs(ctx));
  if (id === undefined) throw new UsageError('vote-endvote-usage');
  const vote = getVote(ctx.app.deps.db, id);
  if (!vote || vote.buildingId !== building.id) throw new UsageError('vote-not-found');
  if (vote.status === 'closed') throw new UsageError('vote-closed');
  if (!canManage(await actorIn(ctx, building), vote)) throw new UsageError('vote-only-organizer');
  ctx.app.commit((tx) => {
    if (
      !closeVote(
        tx,
        inLanguage(ctx.app.translate, building.language),
        ctx.app.deps.config,
        vote,
        building,
        ctx.from?.id ?? null,
        ctx.app.now,
      )
    )
      throw new UsageError('vote-closed');
  });
});

feature.callbackQuery(/^v1:vote:/, async (ctx) => {
  const data = parseBallotData(ctx.callbackQuery.data);
  if (!data) throw new UsageError('button-invalid');
  const pressed = getVote(ctx.app.deps.db, data.voteId);
  try {
    await pressBallot(ctx, data, pressed);
  } catch (err) {
    // a refused press on an anonymous card (closed, no home) is forgotten too: it names the presser and an option
    if (pressed?.anonymous && err instanceof UsageError) ctx.app.commit((tx) => redactPress(tx, ctx.update.update_id));
    throw err;
  }
});

/** Casts or changes the presser's ballot and tells them their choice in the toast; refusals are UsageErrors. */
async function pressBallot(
  ctx: CallbackQueryContext<BotContext>,
  data: { voteId: number; option: number },
  pressed: VoteRow | undefined,
): Promise<void> {
  const { db, config } = ctx.app.deps;
  const { item: vote, building } = pressedCard(ctx, pressed, (v) => v.buildingId, 'button-invalid');
  if (data.option >= vote.options.length) throw new UsageError('button-invalid');
  if (vote.status === 'closed' || vote.closesAt <= ctx.app.now) throw new UsageError('vote-closed');
  if (isAnonymousAdmin(ctx)) throw new UsageError('vote-anonymous-admin');
  const household = findHouseholdOfUser(db, building.id, ctx.from.id);
  if (vote.perHousehold && !household) throw new UsageError('vote-need-home');
  const householdId = household?.householdId ?? null;
  const answer = ctx.app.commit((tx) => {
    // the inbox's copy of this press names the voter and the option: gone in the commit that handles it
    if (vote.anonymous) redactPress(tx, ctx.update.update_id);
    const before = ballotOptionOf(tx, vote, ctx.from.id, householdId);
    if (castBallot(tx, vote, { userId: ctx.from.id, householdId, option: data.option, now: ctx.app.now })) {
      editVoteCard(tx, inLanguage(ctx.app.translate, building.language), config, vote, building, ctx.app.now);
    }
    return ballotAnswer(vote, before, data.option);
  });
  // the toast is the voter's own: the shared card marks nothing personal
  const option = vote.options[data.option] ?? '';
  const args: MessageArgs = { option };
  if ('before' in answer) args.before = vote.options[answer.before] ?? '';
  await ctx.answerCallbackQuery({ text: cutText(ctx.t(answer.key, args), 200) });
}

export const votesComposer = feature;
