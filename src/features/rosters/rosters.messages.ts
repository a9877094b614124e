import type { BotConfig } from '../../config/index.ts';
import type { T } from '../../core/translate.ts';
import type { Tx } from '../../db/open.ts';
import { enqueueMessage, lanes } from '../../jobs/outbox.store.ts';
import type { BuildingRow } from '../buildings/buildings.store.ts';
import { notifyVolunteers, topicOf } from '../needs/needs.messages.ts';
import {
  answersOf,
  type CallRow,
  getCall,
  getRoster,
  markCallEnded,
  recordWave,
  shiftsOfRoster,
  wavesOf,
} from './rosters.store.ts';
import { nextBeat, waveCount, waveFloors } from './rosters.ts';
import { floorsText, renderCallCard, renderCallSummary, renderHomeVisits, renderRosterCard } from './rosters.view.ts';

/** The outbox handle of a roster's card: edits find it through it. */
export function rosterCardRef(rosterId: number): string {
  return `roster:${rosterId}:card`;
}

/** The outbox handle of a call's card. */
export function callCardRef(callId: number): string {
  return `call:${callId}:card`;
}

const languageOf = (building: BuildingRow) => building.language as 'en' | 'zh';

/** The roster's card as it should look now. */
export function rosterCard(tx: Tx, t: T, config: BotConfig, rosterId: number, building: BuildingRow, now: number) {
  return renderRosterCard(t, getRoster(tx, rosterId)!, shiftsOfRoster(tx, rosterId), {
    timezone: config.timezone,
    language: languageOf(building),
    now,
  });
}

/** Re-renders a roster's card in place. */
export function editRosterCard(tx: Tx, t: T, config: BotConfig, rosterId: number, building: BuildingRow, now: number) {
  const card = rosterCard(tx, t, config, rosterId, building, now);
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      method: 'editMessageText',
      payload: { message_ref: rosterCardRef(rosterId), text: card.text, reply_markup: card.replyMarkup },
      kind: 'roster-card-edit',
      priority: lanes.answer,
    },
    now,
  );
}

/** The call's card as it should look now. */
export function callCard(tx: Tx, t: T, config: BotConfig, call: CallRow) {
  return renderCallCard(t, call, wavesOf(tx, call.id), answersOf(tx, call.id), config.timezone);
}

/** Re-renders a call's card in place. */
export function editCallCard(tx: Tx, t: T, config: BotConfig, callId: number, building: BuildingRow, now: number) {
  const card = callCard(tx, t, config, getCall(tx, callId)!);
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      method: 'editMessageText',
      payload: { message_ref: callCardRef(callId), text: card.text, reply_markup: card.replyMarkup },
      kind: 'call-card-edit',
      priority: lanes.answer,
    },
    now,
  );
}

/**
 * Calls the call's next wave: a new short message in the group ("Floors 4–6: please come down now"), the card
 * edited. `dueAt` is when the scheduler meant it (for the beat of an automatic call); by button, now. Returns false
 * when every wave was called, or this one was called already (a repeated tick, a double press).
 */
export function callNextWave(
  tx: Tx,
  t: T,
  config: BotConfig,
  call: CallRow,
  building: BuildingRow,
  actor: number | null,
  now: number,
  dueAt: number = now,
): boolean {
  const wave = wavesOf(tx, call.id).length;
  const floors = waveFloors(call, wave);
  if (!floors) return false;
  const nextAt = call.everyMinutes === null || call.status !== 'open' ? null : nextBeat(dueAt, call.everyMinutes, now);
  if (!recordWave(tx, call, { wave, floors, actor, nextAt }, now)) return false;
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      payload: {
        text: t('call-wave', { floors: floorsText(floors), task: call.task, wave: wave + 1, waves: waveCount(call) }),
        ...topicOf(config, building.id),
      },
      kind: 'call-wave',
      priority: lanes.answer,
    },
    now,
  );
  editCallCard(tx, t, config, call.id, building, now);
  return true;
}

/**
 * Ends a call: the card loses its buttons, the summary (counts only) goes to the group, and the units asking for a
 * home visit go by DM to the organizer and to the volunteers (their chat, or each by DM), never to the group.
 * Returns false when it was ended already.
 */
export function endCall(
  tx: Tx,
  t: T,
  config: BotConfig,
  call: CallRow,
  building: BuildingRow,
  actor: number | null,
  now: number,
): boolean {
  if (!markCallEnded(tx, call, actor, config, now)) return false;
  const ended = getCall(tx, call.id)!;
  editCallCard(tx, t, config, call.id, building, now);
  const waves = wavesOf(tx, call.id);
  const answers = answersOf(tx, call.id);
  enqueueMessage(
    tx,
    {
      chatId: building.chatId,
      payload: { text: renderCallSummary(t, ended, waves, answers, config.timezone), ...topicOf(config, building.id) },
      kind: 'call-summary',
    },
    now,
  );
  const visits = renderHomeVisits(t, ended, building.name, answers);
  // a call started by the group's anonymous admin has no one to write to
  if (call.organizerId > 0)
    enqueueMessage(tx, { chatId: call.organizerId, payload: { text: visits }, kind: 'call-visits' }, now);
  notifyVolunteers(tx, config, building, visits, 'call-visits', now);
  return true;
}
