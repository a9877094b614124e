import type { InlineKeyboardMarkup } from 'grammy/types';
import { cutText } from '../../core/text.ts';
import type { T } from '../../core/translate.ts';
import type { BallotView, VoteRow } from './votes.store.ts';
import { ballotData, quorumNeeded, quorumOf, type VoteResult } from './votes.ts';

const namesShown = 8;
const unitsShown = 10;

/**
 * The vote card: question, options with counts (hidden until the close when asked), who voted for what unless
 * anonymous, deadline and turnout; while it is open, the quorum with the ballots so far, the households still to
 * vote in a household vote (`stillToVote`, their units; only how many when it is anonymous), and one button per
 * option. It is the same for everyone: a voter's own choice is told in their toast only.
 */
export function renderVoteCard(
  t: T,
  vote: VoteRow,
  ballots: readonly BallotView[],
  result: VoteResult,
  deadline: string,
  stillToVote: readonly string[] = [],
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const open = vote.status === 'open';
  const lines = [t('vote-card-title', { id: vote.id, question: vote.question })];
  const kind = [
    vote.perHousehold ? t('vote-kind-household') : '',
    vote.anonymous ? t('vote-kind-anonymous') : '',
    vote.hidden ? t('vote-kind-hidden') : '',
  ].filter(Boolean);
  if (kind.length > 0) lines.push(kind.join(' · '));
  lines.push('');
  const showCounts = !(vote.hidden && open);
  vote.options.forEach((option, i) => {
    lines.push(
      showCounts
        ? t('vote-card-option', { n: i + 1, option, count: result.counts[i] ?? 0 })
        : t('vote-card-option-hidden', { n: i + 1, option }),
    );
    if (showCounts && !vote.anonymous) {
      const voters = ballots
        .filter((b) => b.option === i)
        .map((b) => (vote.perHousehold && b.unit ? b.unit : (b.voterName ?? '?')));
      if (voters.length > 0)
        lines.push(
          `   ${voters.slice(0, namesShown).join(', ')}${voters.length > namesShown ? ` +${voters.length - namesShown}` : ''}`,
        );
    }
  });
  lines.push('');
  lines.push(
    result.electorate !== null
      ? t('vote-card-turnout-of', { turnout: result.turnout, electorate: result.electorate })
      : t('vote-card-turnout', { turnout: result.turnout }),
  );
  if (open) lines.push(...openCardLines(t, vote, result, stillToVote));
  lines.push(open ? t('vote-card-closes', { deadline }) : t('vote-card-closed'));
  const buttons = open
    ? vote.options.map((option, i) => [
        { text: cutText(`${i + 1}. ${option}`, 60), callback_data: ballotData(vote.id, i) },
      ])
    : [];
  return { text: lines.join('\n'), replyMarkup: { inline_keyboard: buttons } };
}

/** The quorum and the households still to vote, as an open card shows them (turnout is on the card already). */
function openCardLines(t: T, vote: VoteRow, result: VoteResult, stillToVote: readonly string[]): string[] {
  const lines: string[] = [];
  const quorum = quorumOf(vote);
  const who = vote.perHousehold ? 'household' : 'person';
  const needed = quorumNeeded(quorum, result.electorate);
  const { turnout, electorate } = result;
  if (quorum !== null && 'count' in quorum) lines.push(t('vote-card-quorum', { who, needed: quorum.count, turnout }));
  else if (quorum !== null && needed !== undefined && electorate !== null)
    lines.push(t('vote-card-quorum-percent', { who, percent: quorum.percent, electorate, needed, turnout }));
  else if (quorum !== null) lines.push(t('vote-card-quorum-percent-unknown', { percent: quorum.percent, turnout }));
  if (!vote.perHousehold) return lines;
  if (vote.anonymous) {
    // an anonymous ballot does not say whose it is: only how many households are left
    const left = electorate === null ? 0 : Math.max(0, electorate - turnout);
    if (left > 0) lines.push(t('vote-card-waiting-count', { count: left }));
  } else if (stillToVote.length > unitsShown) {
    const units = stillToVote.slice(0, unitsShown).join(', ');
    lines.push(t('vote-card-waiting-more', { units, more: stillToVote.length - unitsShown }));
  } else if (stillToVote.length > 0) lines.push(t('vote-card-waiting', { units: stillToVote.join(', ') }));
  return lines;
}

/** The result posted at the close: counts, turnout, quorum met or not, the winner or a tie. */
export function renderVoteResult(t: T, vote: VoteRow, result: VoteResult): string {
  const lines = [t('vote-result-title', { id: vote.id, question: vote.question })];
  for (const [i, option] of vote.options.entries()) {
    lines.push(t('vote-card-option', { n: i + 1, option, count: result.counts[i] ?? 0 }));
  }
  lines.push(
    result.electorate !== null
      ? t('vote-card-turnout-of', { turnout: result.turnout, electorate: result.electorate })
      : t('vote-card-turnout', { turnout: result.turnout }),
  );
  if (vote.quorumCount !== null || vote.quorumPercent !== null)
    lines.push(t(result.quorumMet ? 'vote-quorum-met' : 'vote-quorum-not-met'));
  if (result.leaders.length === 0) lines.push(t('vote-result-none'));
  else if (result.leaders.length > 1)
    lines.push(t('vote-result-tie', { options: result.leaders.map((i) => vote.options[i]).join(' / ') }));
  else
    lines.push(
      t(result.quorumMet ? 'vote-result-winner' : 'vote-result-leading', {
        option: vote.options[result.leaders[0]!] ?? '',
      }),
    );
  return lines.join('\n');
}
