import { localeOfUser, type Translate } from '../../bot/i18n.ts';
import type { BotConfig } from '../../config/index.ts';
import { idPattern } from '../../core/ids.ts';
import type { Locale, T } from '../../core/translate.ts';
import { inLanguage } from '../../core/translate.ts';
import type { Tx } from '../../db/open.ts';
import { dmRecipient } from '../../db/users.ts';
import { enqueueMessage, lanes, type OutgoingMessage } from '../../jobs/outbox.store.ts';
import { type BuildingRow, findBuilding } from '../buildings/buildings.store.ts';
import type { GivenUpMessage } from '../feature.ts';
import { topicOf } from '../needs/needs.messages.ts';
import {
  createNotice,
  getNotice,
  type NoticeLevel,
  type NoticeReach,
  type NoticeRow,
  noticeReach,
} from './notices.store.ts';

/**
 * The outbox handle of a notice's copy in one building's group (each building has its own): the pin and later
 * edits name the message by it.
 */
export function noticeRef(noticeId: number, buildingId: string): string {
  return `notice:${noticeId}:${buildingId}`;
}

/** Callback data of a notice's *Got it* button: `v1:ack:<id>`. */
export function ackData(noticeId: number): string {
  return `v1:ack:${noticeId}`;
}

const ackButtonData = new RegExp(`^v1:ack:(${idPattern})$`);

/** Reads {@link ackData}: the notice id, or undefined for anything else (stale or forged data). */
export function parseAckData(data: string): number | undefined {
  const match = ackButtonData.exec(data);
  return match ? Number(match[1]) : undefined;
}

/**
 * The notice as a building's group sees it: its level unmistakable, the text, how many of the registered
 * households got it ({@link noticeReach}).
 */
export function renderNotice(t: T, notice: NoticeRow, reach: Pick<NoticeReach, 'acknowledged' | 'households'>) {
  const title =
    notice.level === 'info'
      ? t('notice-title', { id: notice.id })
      : t('alert-title', { id: notice.id, level: notice.level });
  const text = [
    title,
    notice.text,
    '',
    t('notice-acks', { count: reach.acknowledged, households: reach.households }),
  ].join('\n');
  return {
    text,
    replyMarkup: { inline_keyboard: [[{ text: t('notice-btn-ack'), callback_data: ackData(notice.id) }]] },
  };
}

export interface NoticeInput {
  buildingIds: string[];
  level: NoticeLevel;
  text: string;
  authorId: number | null;
  pin: boolean;
  /** Held until then (quiet hours); alerts never wait. */
  notBefore: number | null;
}

/** Records a notice and queues it for each building's group (in its topic), pinned when asked. */
export function publishNotice(
  tx: Tx,
  translate: Translate,
  config: BotConfig,
  input: NoticeInput,
  now: number,
): number {
  const notice = recordNotice(tx, config, input, now);
  queueNoticeCopies(tx, { translate, config }, notice, input.buildingIds, input.notBefore, now);
  return notice.id;
}

/** Records the notice (and its event) without queueing any copy: {@link queueNoticeCopies} does, in parts. */
export function recordNotice(tx: Tx, config: BotConfig, input: NoticeInput, now: number): NoticeRow {
  const id = createNotice(tx, {
    buildingIds: input.buildingIds,
    level: input.level,
    text: input.text,
    authorId: input.authorId,
    pinned: input.pin,
    now,
    events: config,
  });
  return {
    id,
    buildingIds: input.buildingIds,
    level: input.level,
    text: input.text,
    authorId: input.authorId,
    pinned: input.pin,
    sentAt: now,
  };
}

/**
 * Queues the notice's copy for the groups of `buildingIds` (those still served), each in its language and topic,
 * and its pin when the notice is pinned, unless `pinsLater` (the caller queues them once the copies are sent, with
 * {@link queueNoticePins}). Notices wait for `notBefore` (quiet hours); alerts never wait.
 */
export function queueNoticeCopies(
  tx: Tx,
  context: { translate: Translate; config: BotConfig },
  notice: NoticeRow,
  buildingIds: readonly string[],
  notBefore: number | null,
  now: number,
  options: { pinsLater?: boolean } = {},
): void {
  const { translate, config } = context;
  const info = notice.level === 'info';
  const common = {
    kind: kindOf(notice),
    priority: info ? lanes.bulk : lanes.urgent,
    notBefore: info ? notBefore : null,
  };
  // the buildings of one language with as many households (and acknowledgements) see the same card: drawn once
  const cards = new Map<string, ReturnType<typeof renderNotice>>();
  for (const buildingId of buildingIds) {
    const building = findBuilding(tx, buildingId);
    if (!building?.active) continue;
    const reach = noticeReach(tx, notice.id, buildingId);
    const cardKey = `${building.language}:${reach.acknowledged}:${reach.households}`;
    let card = cards.get(cardKey);
    if (!card) {
      card = renderNotice(inLanguage(translate, building.language), notice, reach);
      cards.set(cardKey, card);
    }
    enqueueMessage(
      tx,
      {
        chatId: building.chatId,
        payload: { text: card.text, reply_markup: card.replyMarkup, ...topicOf(config, buildingId) },
        ref: noticeRef(notice.id, buildingId),
        ...common,
      },
      now,
    );
    if (notice.pinned && !options.pinsLater) {
      enqueueMessage(tx, noticePin(notice, building.chatId, noticeRef(notice.id, buildingId), common), now);
    }
  }
}

const kindOf = (notice: Pick<NoticeRow, 'level'>) => (notice.level === 'info' ? 'notice' : 'alert');

/** The pin of a notice's copy (named by its ref) in its chat: with a sound only for an orange or red alert. */
function noticePin(
  notice: Pick<NoticeRow, 'level'>,
  chatId: number,
  ref: string,
  queued: Pick<OutgoingMessage, 'kind' | 'priority' | 'notBefore'>,
): OutgoingMessage {
  const urgent = notice.level === 'orange' || notice.level === 'red';
  return {
    chatId,
    method: 'pinChatMessage',
    payload: { message_ref: ref, disable_notification: !urgent },
    ...queued,
  };
}

/**
 * Queues the pins of a pinned notice's copies that were sent (`copies`: each copy's chat and ref), behind the other
 * messages of the urgent lane: the pins that {@link queueNoticeCopies} left for later.
 */
export function queueNoticePins(
  tx: Tx,
  notice: Pick<NoticeRow, 'level' | 'pinned'>,
  copies: ReadonlyArray<{ chatId: number; ref: string }>,
  now: number,
): void {
  if (!notice.pinned) return;
  const queued: Pick<OutgoingMessage, 'kind' | 'priority'> = { kind: kindOf(notice), priority: lanes.answer };
  for (const copy of copies) enqueueMessage(tx, noticePin(notice, copy.chatId, copy.ref, queued), now);
}

/**
 * Re-renders the building's copy of the notice with how many households got it (`reach`, when the caller has just
 * counted it; else counted here).
 */
export function editNotice(
  tx: Tx,
  t: T,
  notice: NoticeRow,
  building: BuildingRow,
  now: number,
  reach: NoticeReach = noticeReach(tx, notice.id, building.id),
): void {
  const card = renderNotice(t, notice, reach);
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      method: 'editMessageText',
      payload: { message_ref: noticeRef(notice.id, building.id), text: card.text, reply_markup: card.replyMarkup },
      kind: 'notice-edit',
    },
    now,
  );
}

const noticeRefPattern = new RegExp(`^notice:(${idPattern}):([A-Za-z0-9_-]{1,32})$`);

/**
 * A notice or alert that could not reach a building (the bot removed from its group, a text Telegram refused): its
 * author is told by DM which building and why, in their language, rather than left believing it was delivered.
 */
export function tellAuthorNotDelivered(
  tx: Tx,
  given: GivenUpMessage,
  context: { config: BotConfig; translate: Translate },
): void {
  const match = given.ref === null ? null : noticeRefPattern.exec(given.ref);
  if (!match) return;
  const notice = getNotice(tx, Number(match[1]));
  if (!notice?.authorId) return;
  const author = dmRecipient(tx, notice.authorId);
  if (!author) return;
  const locale = localeOfUser(author.languageCode ?? undefined, context.config.language as Locale);
  const building = findBuilding(tx, match[2]!)?.name ?? match[2]!;
  const text = context.translate(locale, 'notice-not-delivered', {
    id: notice.id,
    level: notice.level,
    building,
    reason: given.reason,
  });
  enqueueMessage(
    tx,
    { chatId: notice.authorId, payload: { text }, kind: 'notice-not-delivered', priority: lanes.answer },
    given.at,
  );
}
