import type { BotConfig } from '../../config/index.ts';
import { formatDateTime } from '../../core/time-format.ts';
import type { T } from '../../core/translate.ts';
import type { Tx } from '../../db/open.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import type { BuildingRow } from '../buildings/buildings.store.ts';
import { topicOf } from '../needs/needs.messages.ts';
import {
  ballotsOf,
  forgetCardEdits,
  getVote,
  householdsYetToVote,
  markClosed,
  registeredHouseholds,
  type VoteRow,
} from './votes.store.ts';
import { quorumOf, tally, type VoteResult } from './votes.ts';
import { renderVoteCard, renderVoteResult } from './votes.view.ts';

/** The outbox handle of a vote's card in its building's group: edits find the latest card through it. */
export function voteCardRef(voteId: number): string {
  return `vote:${voteId}:card`;
}

/** The vote's counts now, against its electorate (registered households, or the chat's members). */
export function currentResult(tx: Tx, vote: VoteRow): VoteResult {
  const electorate = vote.perHousehold ? registeredHouseholds(tx, vote.buildingId) : vote.memberCount;
  return tally(vote.options.length, ballotsOf(tx, vote.id), quorumOf(vote), electorate);
}

/** The card as it should look now. */
export function voteCard(tx: Tx, t: T, config: BotConfig, vote: VoteRow, language: 'en' | 'zh') {
  return renderVoteCard(
    t,
    vote,
    ballotsOf(tx, vote.id),
    currentResult(tx, vote),
    formatDateTime(vote.closesAt, config.timezone, language),
    vote.status === 'open' ? householdsYetToVote(tx, vote) : [],
  );
}

/** Re-renders the card in place (edits queued faster than they can go are folded into the newest). */
export function editVoteCard(tx: Tx, t: T, config: BotConfig, vote: VoteRow, building: BuildingRow, now: number): void {
  const card = voteCard(tx, t, config, vote, building.language as 'en' | 'zh');
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      method: 'editMessageText',
      payload: { message_ref: voteCardRef(vote.id), text: card.text, reply_markup: card.replyMarkup },
      kind: 'vote-card-edit',
    },
    now,
  );
}

/**
 * Closes the vote (by `/endvote` or at its deadline): the card loses its buttons and shows the final counts,
 * and the result is posted. An anonymous vote's ballots are unlinked from their voters (`markClosed`) and the
 * card's earlier edits, the counts after each press, are deleted. Returns false when it was closed already.
 */
export function closeVote(
  tx: Tx,
  t: T,
  config: BotConfig,
  vote: VoteRow,
  building: BuildingRow,
  closedBy: number | null,
  now: number,
): boolean {
  if (!markClosed(tx, vote, closedBy, now, config)) return false;
  const closed = getVote(tx, vote.id)!;
  editVoteCard(tx, t, config, closed, building, now);
  if (closed.anonymous) forgetCardEdits(tx, voteCardRef(closed.id));
  const text = renderVoteResult(t, closed, currentResult(tx, closed));
  enqueueMessage(
    tx,
    { chatId: building.chatId, payload: { text, ...topicOf(config, building.id) }, kind: 'vote-result' },
    now,
  );
  return true;
}
