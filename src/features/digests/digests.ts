import { and, count, desc, eq, gt, gte, inArray, sql } from 'drizzle-orm';
import type { Locale, Translate } from '../../bot/i18n.ts';
import { type BotConfig, educationTexts } from '../../config/index.ts';
import { afterQuietHours } from '../../core/quiet-hours.ts';
import { formatDateTime } from '../../core/time-format.ts';
import { inLanguage } from '../../core/translate.ts';
import type { Tx } from '../../db/open.ts';
import { buys, digests, needs, notices, votes } from '../../db/schema.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import type { CronJob } from '../../jobs/scheduler.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import { buyTotals } from '../buys/buys.store.ts';
import { topicOf } from '../needs/needs.messages.ts';
import { listActiveNeeds } from '../needs/needs.store.ts';
import { ackCount, currentAlertLevel } from '../notices/notices.store.ts';
import { currentResult } from '../votes/votes.messages.ts';
import { registeredHouseholds } from '../votes/votes.store.ts';
import { renderDigest } from './digests.view.ts';

const levels = ['blue', 'yellow', 'orange', 'red'] as const;
const dayMs = 86_400_000;

/** The building's digest as of `now`, recorded so the next one counts what was finished since. */
export function composeDigest(
  tx: Tx,
  translate: Translate,
  config: BotConfig,
  building: BuildingRow,
  now: number,
): string {
  const language = building.language as Locale;
  const t = inLanguage(translate, language);
  const when = (at: number) => formatDateTime(at, config.timezone, language);
  const last =
    tx
      .select({ at: digests.at })
      .from(digests)
      .where(eq(digests.buildingId, building.id))
      .orderBy(desc(digests.at))
      .get()?.at ?? now - dayMs;
  const done = tx
    .select({ n: count(), helpers: sql<number>`count(distinct ${needs.claimedBy})` })
    .from(needs)
    .where(and(eq(needs.buildingId, building.id), eq(needs.status, 'done'), gt(needs.doneAt, last)))
    .get();
  const openVotes = tx
    .select()
    .from(votes)
    .where(and(eq(votes.buildingId, building.id), eq(votes.status, 'open')))
    .all();
  const soonBuys = tx
    .select()
    .from(buys)
    .where(and(eq(buys.buildingId, building.id), eq(buys.status, 'open'), sql`${buys.closesAt} <= ${now + dayMs}`))
    .all();
  const households = registeredHouseholds(tx, building.id);
  const recentNotices = tx
    .select()
    .from(notices)
    .where(gte(notices.sentAt, now - 7 * dayMs))
    .all()
    .filter((n) => n.buildingIds.includes(building.id));
  const digestCount = tx.select({ n: count() }).from(digests).where(eq(digests.buildingId, building.id)).get()?.n ?? 0;
  const text = renderDigest(t, {
    building: building.name,
    date: when(now),
    needs: listActiveNeeds(tx, building.id),
    finished: { needs: done?.n ?? 0, volunteers: done?.helpers ?? 0 },
    votes: openVotes.map((v) => {
      const result = currentResult(tx, v);
      return {
        id: v.id,
        question: v.question,
        deadline: when(v.closesAt),
        turnout: result.turnout,
        electorate: result.electorate,
      };
    }),
    buys: soonBuys.map((b) => ({
      id: b.id,
      item: b.item,
      deadline: when(b.closesAt),
      quantity: buyTotals(tx, b.id).quantity,
    })),
    notices: recentNotices
      .map((n) => ({ id: n.id, text: n.text, acknowledged: ackCount(tx, n.id, building.id), households }))
      .filter((n) => n.acknowledged < n.households),
    suggestBuyAt: config.needs.suggestBuyAt,
    guidance: guidanceSnippet(tx, config, language, digestCount),
  });
  tx.insert(digests).values({ buildingId: building.id, at: now }).run();
  return text;
}

/**
 * One guidance text for the stage of risk in force, a different one each digest; after an alert was lowered,
 * the recovery guidance instead.
 */
function guidanceSnippet(tx: Tx, config: BotConfig, language: Locale, rotation: number): string | undefined {
  const stage = currentAlertLevel(tx);
  const alerts = tx
    .select({ level: notices.level })
    .from(notices)
    .where(inArray(notices.level, [...levels]))
    .all();
  const rank = (level: string) => levels.indexOf(level as (typeof levels)[number]);
  const lowered = alerts.length > 1 && alerts.some((a) => rank(a.level) > rank(stage));
  const texts =
    lowered && educationTexts(config, 'recovery', language).length > 0
      ? educationTexts(config, 'recovery', language)
      : educationTexts(config, stage === 'info' ? 'none' : stage, language);
  return texts.length === 0 ? undefined : texts[rotation % texts.length];
}

/** Each building's digest at its cron time, held until the end of quiet hours. */
export function digestJobs(config: BotConfig, translate: Translate): CronJob[] {
  return config.buildings.flatMap((entry) =>
    entry.digest
      ? [
          {
            name: `digest:${entry.id}`,
            cron: entry.digest,
            run(tx, dueAt) {
              const building = findBuilding(tx, entry.id);
              if (!building?.active) return;
              const text = composeDigest(tx, translate, config, building, dueAt);
              const notBefore = afterQuietHours(dueAt, config.quietHours, config.timezone);
              enqueueMessage(
                tx,
                {
                  chatId: building.chatId,
                  payload: { text, ...topicOf(config, entry.id) },
                  kind: 'digest',
                  notBefore: notBefore === dueAt ? null : notBefore,
                },
                dueAt,
              );
            },
          },
        ]
      : [],
  );
}
