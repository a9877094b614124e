import { localeOfUser } from '../../bot/i18n.ts';
import type { BotConfig } from '../../config/index.ts';
import type { Locale, Translate } from '../../core/translate.ts';
import type { Tx } from '../../db/open.ts';
import { dmRecipient } from '../../db/users.ts';
import { enqueueMessage } from '../../jobs/outbox.store.ts';
import { listMemberIds } from '../households/households.store.ts';
import type { NeedView } from './needs.store.ts';
import { categoryLabel, type NeedAction } from './needs.ts';

export interface TellAskersInput {
  translate: Translate;
  config: BotConfig;
  now: number;
  need: NeedView;
  event: NeedAction;
  /** Who did it, as the message names them (`Carol`), or as each reader's language does (`Carol (Street committee)`). */
  name: string | ((locale: Locale) => string);
  /** Who did it, if a person: they are not told of their own action. */
  actorId: number | null;
}

/**
 * Closes the loop (SPEC §2.1, §2.10): the asker, and every other member of the household the need is for, hear by DM
 * in their language that it was claimed (by whom), released, done or cancelled — except whoever did it, and those
 * who never opened a DM with the bot or blocked it. Family members get it with the asker's name ("the need Alice
 * posted for your home"); like the asker's, the message carries no text, so a private need stays private even if a
 * phone is shared. Returns who was told.
 */
export function tellAskers(tx: Tx, input: TellAskersInput): number[] {
  const { need, config } = input;
  const members = need.householdId === null ? [] : listMemberIds(tx, need.householdId);
  const recipients = new Set<number>();
  if (need.requesterId !== null) recipients.add(need.requesterId);
  for (const id of members) recipients.add(id);
  if (input.actorId !== null) recipients.delete(input.actorId);
  const told: number[] = [];
  for (const userId of recipients) {
    const person = dmRecipient(tx, userId);
    if (!person) continue;
    const locale = localeOfUser(person.languageCode ?? undefined, config.language as Locale);
    const vars = {
      id: need.id,
      category: categoryLabel(config.needs.categories, locale)(need.category),
      event: input.event,
      name: typeof input.name === 'string' ? input.name : input.name(locale),
    };
    const own = userId === need.requesterId;
    const text = own
      ? input.translate(locale, 'need-update-for-asker', vars)
      : input.translate(locale, 'need-update-for-household', {
          ...vars,
          asker: need.requesterName ?? need.enteredByName,
          unit: need.unit ?? '?',
        });
    enqueueMessage(tx, { chatId: userId, payload: { text }, kind: 'need-asker-update' }, input.now);
    told.push(userId);
  }
  return told;
}
