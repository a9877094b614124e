import type { BotConfig } from '../../config/index.ts';
import { formatDateTime, formatTime } from '../../core/time-format.ts';
import { inLanguage, type Locale, type Translate } from '../../core/translate.ts';
import type { Tx } from '../../db/open.ts';
import { enqueueMessage, lanes } from '../../jobs/outbox.store.ts';
import { type BuildingRow, findBuilding, findBuildingByChat } from '../buildings/buildings.store.ts';
import { buyTotals, openBuysOf } from '../buys/buys.store.ts';
import type { GivenUpMessage } from '../feature.ts';
import { topicOf } from '../needs/needs.messages.ts';
import { listActiveNeeds } from '../needs/needs.store.ts';
import { categoryLabel } from '../needs/needs.ts';
import { currentAlertLevel, noticeReach } from '../notices/notices.store.ts';
import { callsInProgressNow, todaysShifts } from '../rosters/rosters.board.ts';
import { surveyStats } from '../surveys/surveys.store.ts';
import { currentResult } from '../votes/votes.messages.ts';
import {
  forgetBoard,
  getBoard,
  latestClosedVotes,
  latestNoticesOf,
  recordBoardEdited,
  recordBoardPosted,
  recordPinRefused,
} from './board.store.ts';
import { boardEditIntervalMs, boardRecheckMs, boardRef, countNeeds, decidedOption, nextRun } from './board.ts';
import { type BoardData, boardLimits, renderBoard, type ScheduledItem } from './board.view.ts';

/** Closed votes looked through for the last decisions (a tie or a missed quorum decided nothing). */
const closedVotesScanned = 20;

/** What a board shows now, and until when time alone leaves it so (a scheduled notice comes, a buy closes). */
interface ComposedBoard {
  data: Omit<BoardData, 'updated'>;
  steadyUntil: number;
}

/**
 * The scheduled posts coming to the building, soonest first, with the times they come: a floor call in progress
 * first, the config's scheduled notices (the next run of each within the week) and today's shifts not yet over
 * (SPEC §2.13).
 */
function scheduledFor(
  tx: Tx,
  config: BotConfig,
  building: BuildingRow,
  now: number,
): Array<{ at: number; item: ScheduledItem }> {
  const language = building.language as Locale;
  const coming: Array<{ at: number; item: ScheduledItem }> = [];
  for (const notice of config.notices) {
    if (notice.buildings !== 'all' && !notice.buildings.includes(building.id)) continue;
    const at = nextRun(notice.cron, config.timezone, now);
    if (at === undefined) continue;
    coming.push({ at, item: { kind: 'notice', at: formatDateTime(at, config.timezone, language), text: notice.text } });
  }
  for (const shift of todaysShifts(tx, building.id, now, config.timezone)) {
    const at = `${formatTime(shift.startAt, config.timezone)}–${formatTime(shift.endAt, config.timezone)}`;
    const item = {
      kind: 'shift' as const,
      at,
      text: shift.task,
      filled: shift.volunteers.length,
      needed: shift.needed,
    };
    // a shift under way sorts as now: it is what is happening
    coming.push({ at: Math.max(shift.startAt, now), item });
  }
  coming.sort((a, b) => a.at - b.at);
  const calls = callsInProgressNow(tx, building.id).map((call) => ({
    at: now,
    item: { kind: 'call' as const, text: call.task, floors: call.floors },
  }));
  return [...calls, ...coming];
}

/** Everything the building's board shows at `now`, read through the other features' own queries. */
function composeBoard(tx: Tx, config: BotConfig, building: BuildingRow, now: number): ComposedBoard {
  const language = building.language as Locale;
  const when = (at: number) => formatDateTime(at, config.timezone, language);
  const scheduled = scheduledFor(tx, config, building, now);
  const buys = openBuysOf(tx, building.id, now);
  const decisions: BoardData['decisions'][number][] = [];
  for (const vote of latestClosedVotes(tx, building.id, closedVotesScanned)) {
    const option = decidedOption(currentResult(tx, vote));
    if (option !== undefined) decisions.push({ id: vote.id, question: vote.question, option: vote.options[option]! });
    if (decisions.length === boardLimits.decisions) break;
  }
  const notices = latestNoticesOf(tx, building.id, boardLimits.notices).map((n) => {
    // counted as the notice's card, the digest and /unread count them
    const { acknowledged, households } = noticeReach(tx, n.id, building.id);
    return { id: n.id, level: n.level, text: n.text, acknowledged, households };
  });
  // what time alone changes: the next scheduled notice comes, an open buy reaches its deadline
  const steadyUntil = Math.min(
    now + boardRecheckMs,
    ...scheduled.filter((s) => s.at > now).map((s) => s.at),
    ...buys.map((b) => b.closesAt),
  );
  return {
    data: {
      building: building.name,
      alert: currentAlertLevel(tx),
      scheduled: scheduled.map((s) => s.item),
      needs: countNeeds(listActiveNeeds(tx, building.id)),
      buys: buys.map((b) => ({
        id: b.id,
        item: b.item,
        deadline: when(b.closesAt),
        households: buyTotals(tx, b.id).households,
      })),
      decisions,
      notices,
      label: categoryLabel(config.needs.categories, language),
      survey: surveyStats(tx, building.id),
    },
    steadyUntil,
  };
}

/** The board's text with its data, stamped as changed at `updatedAt`. */
function boardText(
  translate: Translate,
  config: BotConfig,
  building: BuildingRow,
  data: ComposedBoard['data'],
  updatedAt: number,
) {
  const updated = formatDateTime(updatedAt, config.timezone, building.language as Locale);
  return renderBoard(inLanguage(translate, building.language), { ...data, updated });
}

/**
 * Posts the building's board as a new message and pins it (`/board`): later edits go to this one, the one before
 * is left where it is. Whether the bot may pin is asked again (see {@link boardMessageGivenUp}).
 */
export function postBoard(
  tx: Tx,
  translate: Translate,
  config: BotConfig,
  building: BuildingRow,
  actor: number | null,
  now: number,
): void {
  const { data } = composeBoard(tx, config, building, now);
  const text = boardText(translate, config, building, data, now);
  const ref = boardRef(building.id, now);
  // the answer to an admin waiting for it; the pin follows the post in the chat's queue
  const common = { chatId: building.chatId, priority: lanes.answer };
  enqueueMessage(tx, { ...common, payload: { text, ...topicOf(config, building.id) }, kind: 'board', ref }, now);
  enqueueMessage(
    tx,
    {
      ...common,
      method: 'pinChatMessage',
      payload: { message_ref: ref, disable_notification: true },
      kind: 'board-pin',
    },
    now,
  );
  recordBoardPosted(tx, { buildingId: building.id, ref, text, actor, now });
}

/** What {@link refreshBoard} found: no board to keep, one that must wait for the edit interval, or one up to date. */
export type BoardRefresh =
  | { kind: 'none' }
  | { kind: 'waiting'; until: number }
  | { kind: 'current' | 'edited'; steadyUntil: number };

/**
 * Brings the building's board up to date: when what it shows changed and its last edit is a minute old, one edit is
 * queued (bulk lane: a board never holds up an answer) and recorded. Whatever the burst of changes, a board changes
 * at most once a minute and shows the latest state.
 */
export function refreshBoard(
  tx: Tx,
  translate: Translate,
  config: BotConfig,
  buildingId: string,
  now: number,
): BoardRefresh {
  const board = getBoard(tx, buildingId);
  const building = findBuilding(tx, buildingId);
  if (!board || !building?.active) return { kind: 'none' };
  const until = board.editedAt + boardEditIntervalMs;
  if (now < until) return { kind: 'waiting', until };
  const { data, steadyUntil } = composeBoard(tx, config, building, now);
  // unchanged when it reads the same with the time it last changed: the "updated" line alone is no change
  if (boardText(translate, config, building, data, board.editedAt) === board.text)
    return { kind: 'current', steadyUntil };
  const text = boardText(translate, config, building, data, now);
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      method: 'editMessageText',
      payload: { message_ref: board.ref, text },
      kind: 'board-edit',
      priority: lanes.bulk,
    },
    now,
  );
  recordBoardEdited(tx, buildingId, text, now);
  return { kind: 'edited', steadyUntil };
}

/** A reason the outbox gives when the chat itself is closed to the bot: nobody there to tell. */
const chatGone = /chat closed|kicked|not a member|chat not found|PEER_ID_INVALID/i;
/** The board's message no longer exists (deleted by an admin) or was never posted. */
const messageGone = /message to edit not found|MESSAGE_ID_INVALID|was never sent/i;

/**
 * The outbox gave up a board's pin or edit. A pin refused (the bot is no admin, or may not pin): the group is told
 * once, in its language, what an admin can do; the board is still edited. An edit of a message that is gone: the
 * board is forgotten, so it is not edited in vain every minute, until an admin posts a new one with `/board`.
 */
export function boardMessageGivenUp(
  tx: Tx,
  given: GivenUpMessage,
  context: { config: BotConfig; translate: Translate },
): void {
  if (given.kind !== 'board-pin' && given.kind !== 'board-edit') return;
  const building = findBuildingByChat(tx, given.chatId);
  if (!building || !getBoard(tx, building.id)) return;
  if (given.kind === 'board-edit') {
    if (messageGone.test(given.reason)) forgetBoard(tx, building.id, given.at);
    return;
  }
  if (chatGone.test(given.reason) || !recordPinRefused(tx, building.id, given.at)) return;
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      payload: {
        text: context.translate(building.language as Locale, 'board-pin-refused'),
        ...topicOf(context.config, building.id),
      },
      kind: 'board-pin-refused',
      priority: lanes.answer,
    },
    given.at,
  );
}
