import { type BotConfig, educationTexts } from '../../config/index.ts';
import { formatDateTime } from '../../core/time-format.ts';
import { inLanguage, type Locale, type Translate } from '../../core/translate.ts';
import type { Tx } from '../../db/open.ts';
import type { BuildingRow } from '../buildings/buildings.store.ts';
import { buysClosingBy, buyTotals } from '../buys/buys.store.ts';
import { finishedSince, listActiveNeeds } from '../needs/needs.store.ts';
import { categoryLabel } from '../needs/needs.ts';
import { ackCount, alertLevelsSent, noticesSentSince } from '../notices/notices.store.ts';
import { currentResult } from '../votes/votes.messages.ts';
import { openVotesOf, registeredHouseholds } from '../votes/votes.store.ts';
import { digestCount, lastDigestAt, recordDigest } from './digests.store.ts';
import { chooseGuidance } from './digests.ts';
import { renderDigest } from './digests.view.ts';

const dayMs = 86_400_000;

/**
 * The building's digest as of `now` (SPEC §2.7), recorded so the next one counts what was finished since. Used by
 * the scheduled digest and by `/digest`.
 */
export function composeDigest(
  tx: Tx,
  translate: Translate,
  config: BotConfig,
  building: BuildingRow,
  now: number,
): string {
  const language = building.language as Locale;
  const when = (at: number) => formatDateTime(at, config.timezone, language);
  const last = lastDigestAt(tx, building.id) ?? now - dayMs;
  const households = registeredHouseholds(tx, building.id);
  const text = renderDigest(inLanguage(translate, language), {
    building: building.name,
    date: when(now),
    needs: listActiveNeeds(tx, building.id),
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
    notices: noticesSentSince(tx, building.id, now - 7 * dayMs)
      .map((n) => ({ id: n.id, text: n.text, acknowledged: ackCount(tx, n.id, building.id), households }))
      .filter((n) => n.acknowledged < n.households),
    suggestBuyAt: config.needs.suggestBuyAt,
    label: categoryLabel(config.needs.categories, language),
    guidance: chooseGuidance(
      alertLevelsSent(tx),
      (stage) => educationTexts(config, stage, language),
      digestCount(tx, building.id),
    ),
  });
  recordDigest(tx, building.id, now);
  return text;
}
