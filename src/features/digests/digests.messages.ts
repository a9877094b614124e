import type { InlineKeyboardMarkup } from 'grammy/types';
import { type BotConfig, educationTexts } from '../../config/index.ts';
import { formatDateTime } from '../../core/time-format.ts';
import { inLanguage, type Locale, type Translate } from '../../core/translate.ts';
import type { Tx } from '../../db/open.ts';
import type { BuildingRow } from '../buildings/buildings.store.ts';
import { buysClosingBy, buyTotals } from '../buys/buys.store.ts';
import { startBuyButton } from '../buys/buys.view.ts';
import { finishedSince, listActiveNeeds } from '../needs/needs.store.ts';
import { buyHints, categoryLabel } from '../needs/needs.ts';
import { alertLevelsSent, noticeReach, noticesSentSince } from '../notices/notices.store.ts';
import { openOfferCounts } from '../offers/offers.store.ts';
import { openOffersLine } from '../offers/offers.view.ts';
import { shortShiftsSoon } from '../rosters/rosters.board.ts';
import { shiftWhen } from '../rosters/rosters.view.ts';
import { currentResult } from '../votes/votes.messages.ts';
import { openVotesOf } from '../votes/votes.store.ts';
import { digestCount, lastDigestAt, recordDigest } from './digests.store.ts';
import { chooseGuidance } from './digests.ts';
import { latestUnacknowledged, renderDigest } from './digests.view.ts';

const dayMs = 86_400_000;
/** A notice stays in the digests for a week, unless every household got it. */
const noticeWindowDays = 7;

/**
 * The building's digest as of `now` (SPEC §2.7), recorded (unless `record` is false) so the next one counts what
 * was finished since, with *Start a group buy* for each category its hint names (for the group: SPEC §2.12). Used by
 * the scheduled digest and by `/digest`.
 */
export function composeDigest(
  tx: Tx,
  translate: Translate,
  config: BotConfig,
  building: BuildingRow,
  now: number,
  { record = true }: { record?: boolean } = {},
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const language = building.language as Locale;
  const needs = listActiveNeeds(tx, building.id);
  const label = categoryLabel(config.needs.categories, language);
  const when = (at: number) => formatDateTime(at, config.timezone, language);
  const last = lastDigestAt(tx, building.id) ?? now - dayMs;
  // counted as the notice's card and /unread count them
  const notices = latestUnacknowledged(
    noticesSentSince(tx, building.id, now - noticeWindowDays * dayMs).map((n) => {
      const { acknowledged, households } = noticeReach(tx, n.id, building.id);
      return { id: n.id, level: n.level, text: n.text, acknowledged, households };
    }),
  );
  const offersLine = openOffersLine(inLanguage(translate, language), openOfferCounts(tx, building.id), label);
  const text = renderDigest(inLanguage(translate, language), {
    building: building.name,
    date: when(now),
    needs,
    finished: finishedSince(tx, building.id, last),
    votes: openVotesOf(tx, building.id).map((v) => {
      const result = currentResult(tx, v);
      return {
        id: v.id,
        question: v.question,
        deadline: when(v.closesAt),
        turnout: result.turnout,
        electorate: result.electorate,
      };
    }),
    buys: buysClosingBy(tx, building.id, now + dayMs).map((b) => ({
      id: b.id,
      item: b.item,
      deadline: when(b.closesAt),
      quantity: buyTotals(tx, b.id).quantity,
    })),
    shortShifts: shortShiftsSoon(tx, building.id, now, Math.max(dayMs, config.rosters.warnBeforeHours * 3_600_000)).map(
      (shift) => ({
        when: shiftWhen(shift, config.timezone, language),
        task: shift.task,
        filled: shift.volunteers.length,
        needed: shift.needed,
      }),
    ),
    notices: notices.listed,
    olderNotices: notices.older,
    suggestBuyAt: config.needs.suggestBuyAt,
    ...(offersLine ? { offersLine } : {}),
    label,
    guidance: chooseGuidance(
      alertLevelsSent(tx),
      (stage) => educationTexts(config, stage, language),
      digestCount(tx, building.id),
    ),
  });
  // one asked privately by a volunteer leaves the group's next digest as it would have been
  if (record) recordDigest(tx, building.id, now);
  const t = inLanguage(translate, language);
  const buttons = buyHints(needs, config.needs.suggestBuyAt).map((hint) => [
    startBuyButton(t, hint.category, label(hint.category)),
  ]);
  return { text, replyMarkup: { inline_keyboard: buttons } };
}
