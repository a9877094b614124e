import type { InlineKeyboardMarkup } from 'grammy/types';
import type { BotConfig } from '../../config/index.ts';
import type { Locale, T } from '../../core/translate.ts';
import type { Tx } from '../../db/open.ts';
import { enqueueMessage, lanes } from '../../jobs/outbox.store.ts';
import type { BuildingRow } from '../buildings/buildings.store.ts';
import { listVolunteers } from '../volunteers/volunteers.store.ts';
import type { NeedView } from './needs.store.ts';
import { categoryLabel, needCallbackData } from './needs.ts';
import { renderNeedCard } from './needs.view.ts';

/** The outbox handle of a need's card in its building's group: edits find the latest card through it. */
export function cardRef(needId: number): string {
  return `need:${needId}:card`;
}

/** Where scheduled posts of a building go: its forum topic from the config, or the group itself. */
export function topicOf(config: BotConfig, buildingId: string): Record<string, number> {
  const topicId = config.buildings.find((b) => b.id === buildingId)?.topicId;
  return topicId != null ? { message_thread_id: topicId } : {};
}

/** The card's payload (text, mentions, buttons) in the building's language, its categories labelled for it. */
export function cardOf(t: T, config: BotConfig, need: NeedView, building: BuildingRow): Record<string, unknown> {
  const committeeName = config.committees.find((c) => c.id === need.claimedForCommittee)?.name ?? null;
  const language = building.language as Locale;
  const card = renderNeedCard(t, { ...need, committeeName }, categoryLabel(config.needs.categories, language), {
    timezone: config.timezone,
    language,
  });
  return {
    text: card.text,
    ...(card.entities.length > 0 ? { entities: card.entities } : {}),
    reply_markup: card.replyMarkup,
  };
}

/**
 * Posts a (new) card into the building's group, e.g. for a need sent privately or re-opened; `notBefore` holds a
 * scheduled one until the end of quiet hours.
 */
export function postCard(
  tx: Tx,
  t: T,
  config: BotConfig,
  need: NeedView,
  building: BuildingRow,
  now: number,
  notBefore?: number,
): void {
  const card = cardOf(t, config, need, building);
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      payload: { ...card, ...topicOf(config, building.id) },
      kind: 'need-card',
      ref: cardRef(need.id),
      ...(notBefore !== undefined && notBefore > now ? { notBefore } : {}),
    },
    now,
  );
}

/** What the building's volunteers get of a private need: everything, and who asked (SPEC §2.1). */
export function privateNeedDetails(t: T, config: BotConfig, need: NeedView, building: BuildingRow): string {
  return t('need-private-for-volunteers', {
    id: need.id,
    priority: t(`priority-${need.priority}`),
    category: categoryLabel(config.needs.categories, building.language as Locale)(need.category),
    name: need.requesterName ?? need.enteredByName,
    unit: need.unit ?? t('unit-unknown'),
    building: building.name,
    text: need.text ?? '',
  });
}

/** Re-renders the card in place after a change (an edit, not a new message). */
export function editCard(tx: Tx, t: T, config: BotConfig, need: NeedView, building: BuildingRow, now: number): void {
  const card = cardOf(t, config, need, building);
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      method: 'editMessageText',
      payload: { message_ref: cardRef(need.id), ...card },
      kind: 'need-card-edit',
      priority: lanes.answer,
    },
    now,
  );
}

/**
 * Tells the building's volunteers: in their chat when the config has one, else each by DM (those who never
 * opened a DM with the bot are skipped by the outbox, recorded, not retried).
 */
export function notifyVolunteers(
  tx: Tx,
  config: BotConfig,
  building: BuildingRow,
  text: string,
  kind: string,
  now: number,
  replyMarkup?: InlineKeyboardMarkup,
): void {
  const entry = config.buildings.find((b) => b.id === building.id);
  const payload = replyMarkup ? { text, reply_markup: replyMarkup } : { text };
  if (entry?.volunteersChatId != null) {
    enqueueMessage(tx, { chatId: entry.volunteersChatId, payload, kind }, now);
    return;
  }
  for (const volunteer of listVolunteers(tx, building.id, entry?.volunteers ?? [])) {
    enqueueMessage(tx, { chatId: volunteer.userId, payload, kind }, now);
  }
}

/** The *I'll help* button alone, for a message that carries a need outside its card (escalations, volunteers). */
export function claimButton(t: T, needId: number): InlineKeyboardMarkup {
  return { inline_keyboard: [[{ text: t('need-btn-claim'), callback_data: needCallbackData('claim', needId) }]] };
}

/**
 * Raises a need that waited too long (SPEC §2.1, the escalation ladder): in the group and to the volunteers, a
 * message that carries the need (its text and unit unless it is private) and its claim button.
 */
export function escalateNeed(
  tx: Tx,
  t: T,
  config: BotConfig,
  need: NeedView,
  building: BuildingRow,
  waitedMinutes: number,
  now: number,
): void {
  const label = categoryLabel(config.needs.categories, building.language as Locale);
  const details = need.private
    ? t('need-escalated-private')
    : t('need-escalated-details', { text: need.text ?? '', unit: need.unit ?? t('unit-unknown') });
  const text = t('need-escalated', {
    id: need.id,
    priority: need.priority,
    category: label(need.category),
    minutes: waitedMinutes,
    details,
  });
  const button = claimButton(t, need.id);
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      payload: { text, reply_markup: button, ...topicOf(config, building.id) },
      kind: 'need-escalation',
      priority: lanes.urgent,
    },
    now,
  );
  notifyVolunteers(tx, config, building, text, 'need-escalation', now, button);
}
