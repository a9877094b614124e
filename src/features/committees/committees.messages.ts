import type { InlineKeyboardMarkup } from 'grammy/types';
import type { BotConfig, CommitteeConfig } from '../../config/index.ts';
import { formatDateTime } from '../../core/time-format.ts';
import { inLanguage, type Locale, type T, type Translate } from '../../core/translate.ts';
import type { Db, Tx } from '../../db/open.ts';
import { enqueueMessage, lanes } from '../../jobs/outbox.store.ts';
import type { BuildingRow } from '../buildings/buildings.store.ts';
import { localDay } from '../checkins/checkins.ts';
import { listActiveNeeds, type NeedView } from '../needs/needs.store.ts';
import { categoryLabel } from '../needs/needs.ts';
import { noticeReach } from '../notices/notices.store.ts';
import {
  activeBuildingsAmong,
  buildingSummaries,
  categorySpreads,
  committeeChatId,
  type EscalatingNeed,
  latestNotices,
  unansweredCheckinUnits,
} from './committees.store.ts';
import { buildingsOf, checkinToday, startOfLocalDay } from './committees.ts';
import {
  type EscalationInput,
  type OverviewInput,
  overviewButtons,
  renderBuildingDetail,
  renderEscalation,
  renderOverviewPage,
} from './committees.view.ts';

/** The committee's language for what it posts in its chat (SPEC §1): its own, else the config's. */
export function committeeLanguage(config: BotConfig, committee: CommitteeConfig): Locale {
  return (committee.language ?? config.language) as Locale;
}

/** The active buildings the committee covers, in the config's order. */
export function buildingsOfCommittee(db: Db | Tx, config: BotConfig, committee: CommitteeConfig): BuildingRow[] {
  return activeBuildingsAmong(
    db,
    buildingsOf(
      committee,
      config.buildings.map((b) => b.id),
    ),
  );
}

/**
 * A page of the committee's overview as of `now` (SPEC §2.8), in `locale`, with its Previous and Next buttons: read
 * with a handful of aggregated queries whatever the number of buildings; only the page's lines are rendered.
 */
export function overviewPage(
  db: Db | Tx,
  translate: Translate,
  config: BotConfig,
  committee: CommitteeConfig,
  now: number,
  locale: Locale,
  page: number,
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const t = inLanguage(translate, locale);
  const shown = renderOverviewPage(t, overviewInput(db, config, committee, now, locale), page);
  return { text: shown.text, replyMarkup: overviewButtons(t, committee.id, shown.page, shown.pages) };
}

/** What the overview shows of the committee's buildings at `now`. */
export function overviewInput(
  db: Db | Tx,
  config: BotConfig,
  committee: CommitteeConfig,
  now: number,
  locale: Locale,
): OverviewInput {
  const buildings = buildingsOfCommittee(db, config, committee);
  const checkin = checkinToday(now, config.checkin, config.timezone);
  return {
    committee,
    time: formatDateTime(now, config.timezone, locale),
    now,
    buildings: buildingSummaries(db, buildings, {
      dayStart: startOfLocalDay(now, config.timezone),
      day: localDay(now, config.timezone),
      missedCheckins: checkin.phase === 'missed',
    }),
    spreads: categorySpreads(
      db,
      buildings.map((b) => b.id),
    ),
    label: categoryLabel(config.needs.categories, locale),
  };
}

/**
 * `/overview <building>` (SPEC §2.8): its urgent and high needs, today's unanswered check-ins and the latest notice's
 * unread units. The check-in units only with `checkinUnits` (a committee admin, privately); a count otherwise.
 */
export function composeBuildingDetail(
  db: Db | Tx,
  t: T,
  config: BotConfig,
  building: BuildingRow,
  now: number,
  locale: Locale,
  checkinUnits: boolean,
): string[] {
  const checkin = checkinToday(now, config.checkin, config.timezone);
  const latest = latestNotices(db, [building.id]).get(building.id);
  const reach = latest === undefined ? undefined : noticeReach(db, latest, building.id);
  const units =
    checkin.phase === 'before' ? [] : unansweredCheckinUnits(db, building.id, localDay(now, config.timezone));
  return renderBuildingDetail(t, {
    building,
    time: formatDateTime(now, config.timezone, locale),
    now,
    needs: listActiveNeeds(db, building.id),
    label: categoryLabel(config.needs.categories, locale),
    checkins:
      checkin.phase === 'before'
        ? { phase: 'before', at: config.checkin.at }
        : {
            phase: checkin.phase,
            deadline: config.checkin.deadline,
            count: units.length,
            units: checkinUnits ? units : undefined,
          },
    notice:
      latest === undefined || reach === undefined
        ? null
        : { id: latest, acknowledged: reach.acknowledged, households: reach.households, unread: reach.unread },
  });
}

/** The outbox handle of a need's escalation in a committee's chat: the press edits it by this. */
export function escalationRef(committeeId: string, needId: number): string {
  return `committee:${committeeId}:need:${needId}`;
}

function escalationOf(
  translate: Translate,
  config: BotConfig,
  committee: CommitteeConfig,
  need: EscalatingNeed,
  building: BuildingRow,
  outcome?: EscalationInput['outcome'],
) {
  const locale = committeeLanguage(config, committee);
  return renderEscalation(inLanguage(translate, locale), {
    need,
    building: building.name,
    since: formatDateTime(need.createdAt, config.timezone, locale),
    label: categoryLabel(config.needs.categories, locale),
    ...(outcome ? { outcome } : {}),
  });
}

/** Posts a need that waited too long in the committee's chat, with *We'll handle it* (the urgent lane). */
export function postEscalation(
  tx: Tx,
  translate: Translate,
  config: BotConfig,
  committee: CommitteeConfig,
  need: EscalatingNeed,
  building: BuildingRow,
  now: number,
): void {
  const message = escalationOf(translate, config, committee, need, building);
  enqueueMessage(
    tx,
    {
      chatId: committeeChatId(tx, committee),
      payload: { text: message.text, reply_markup: message.replyMarkup },
      kind: 'committee-escalation',
      priority: lanes.urgent,
      ref: escalationRef(committee.id, need.id),
    },
    now,
  );
}

/**
 * Re-renders the escalation in the committee's chat: who took it for the committee, or why it is no longer open; with
 * no `outcome`, the question again with *We'll handle it* (the need is open again: the urgent lane, as when posted).
 */
export function editEscalation(
  tx: Tx,
  translate: Translate,
  config: BotConfig,
  committee: CommitteeConfig,
  need: EscalatingNeed,
  building: BuildingRow,
  outcome: EscalationInput['outcome'],
  now: number,
): void {
  const message = escalationOf(translate, config, committee, need, building, outcome);
  enqueueMessage(
    tx,
    {
      chatId: committeeChatId(tx, committee),
      method: 'editMessageText',
      payload: {
        message_ref: escalationRef(committee.id, need.id),
        text: message.text,
        reply_markup: message.replyMarkup,
      },
      kind: 'committee-escalation-edit',
      priority: outcome === undefined ? lanes.urgent : lanes.answer,
    },
    now,
  );
}

/** The committee's view of a need: what its escalation shows (never more than the building's card). */
export function escalatingNeed(need: NeedView, building: BuildingRow): EscalatingNeed {
  return {
    id: need.id,
    buildingId: building.id,
    priority: need.priority,
    category: need.category,
    text: need.text,
    unit: need.unit,
    private: need.private,
    createdAt: need.createdAt,
  };
}

/**
 * A committee's claim that lapsed or was given back (SPEC §2.8): the need is open again, so its escalation in the
 * committee's chat asks again, with *We'll handle it*, instead of still saying who took it.
 */
export function reopenEscalation(
  tx: Tx,
  translate: Translate,
  config: BotConfig,
  committeeId: string,
  need: NeedView,
  building: BuildingRow,
  now: number,
): void {
  const committee = config.committees.find((c) => c.id === committeeId);
  if (!committee || need.committeeEscalatedAt === null) return;
  editEscalation(tx, translate, config, committee, escalatingNeed(need, building), building, undefined, now);
}
