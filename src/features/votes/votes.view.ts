import type { InlineKeyboardMarkup } from 'grammy/types';
import type { T } from '../../core/translate.ts';
import type { BallotView, VoteRow } from './votes.store.ts';
import { ballotData, type VoteResult } from './votes.ts';

const namesShown = 8;

/**
 * The vote card: question, options with counts (hidden until the close when asked), who voted for what unless
 * anonymous, deadline and turnout; one button per option while it is open.
 */
export function renderVoteCard(
  t: T,
  vote: VoteRow,
  ballots: readonly BallotView[],
  result: VoteResult,
  deadline: string,
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
  lines.push(open ? t('vote-card-closes', { deadline }) : t('vote-card-closed'));
  const buttons = open
    ? vote.options.map((option, i) => [
        { text: `${i + 1}. ${option}`.slice(0, 60), callback_data: ballotData(vote.id, i) },
      ])
    : [];
  return { text: lines.join('\n'), replyMarkup: { inline_keyboard: buttons } };
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
