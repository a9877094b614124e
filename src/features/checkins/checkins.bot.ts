import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { toAsciiForms } from '../../core/text.ts';
import { formatTime } from '../../core/time-format.ts';
import { UsageError } from '../../core/usage-error.ts';
import { canReceiveDm } from '../../db/users.ts';
import { enqueueMessage, lanes } from '../../jobs/outbox.store.ts';
import { buildingGroups } from '../access/access.bot.ts';
import { listHouseholdsOfUser } from '../households/households.store.ts';
import { answerCheckin, setCheckin } from './checkins.store.ts';
import { parseOkData } from './checkins.ts';

const feature = new FlatComposer<BotContext>();

/** `on` or `off`, or the usage. */
function switchWord(ctx: BotContext): 'on' | 'off' {
  const word = toAsciiForms(commandArgs(ctx)).toLowerCase();
  if (word !== 'on' && word !== 'off') throw new UsageError('checkin-usage');
  return word;
}

/**
 * The answer to `/checkin on|off`. It never names the unit: in a group that would tell the neighbours who lives
 * alone (SPEC §2.5). When the bot cannot write to the resident privately, it says how to open the chat.
 */
function confirmation(ctx: BotContext, word: 'on' | 'off'): string {
  if (word === 'off') return ctx.t('checkin-off');
  const { checkin } = ctx.app.deps.config;
  if (ctx.from && canReceiveDm(ctx.app.deps.db, ctx.from.id)) {
    return ctx.t('checkin-on', { at: checkin.at, deadline: checkin.deadline });
  }
  return ctx.t('checkin-on-start-dm', { link: `https://t.me/${ctx.me.username}?start=checkin` });
}

buildingGroups(feature).command('checkin', (ctx) => {
  const building = ctx.app.building;
  if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const word = switchWord(ctx);
  const home = listHouseholdsOfUser(ctx.app.deps.db, ctx.from.id).find((h) => h.buildingId === building.id);
  if (!home) throw new UsageError('buy-need-home');
  ctx.app.commit((tx) => {
    const input = { householdId: home.householdId, on: word === 'on', userId: ctx.from.id, now: ctx.app.now };
    setCheckin(tx, { buildingId: building.id, ...input });
    ctx.app.say(confirmation(ctx, word));
  });
});

// in a private chat: for every household the sender registered (a check is per household, and one's own)
feature.chatType('private').command('checkin', (ctx) => {
  const word = switchWord(ctx);
  const homes = listHouseholdsOfUser(ctx.app.deps.db, ctx.from.id);
  if (homes.length === 0) throw new UsageError('checkin-no-home');
  ctx.app.commit((tx) => {
    for (const home of homes) {
      const input = { householdId: home.householdId, on: word === 'on', userId: ctx.from.id, now: ctx.app.now };
      setCheckin(tx, { buildingId: home.buildingId, ...input });
    }
    const where = ctx.t('checkin-dm-homes', { homes: homes.map((h) => `${h.buildingName} ${h.unit}`).join(', ') });
    ctx.app.say(`${confirmation(ctx, word)}\n${where}`);
  });
});

feature.callbackQuery(/^v1:ok:/, async (ctx) => {
  const data = parseOkData(ctx.callbackQuery.data);
  if (!data) throw new UsageError('button-invalid');
  // only someone of that household may say it is OK
  const home = listHouseholdsOfUser(ctx.app.deps.db, ctx.from.id).find((h) => h.householdId === data.householdId);
  if (!home) throw new UsageError('checkin-not-yours');
  const message = ctx.callbackQuery.message;
  const fresh = ctx.app.commit((tx) => {
    const now = ctx.app.now;
    const added = answerCheckin(tx, { householdId: data.householdId, day: data.day, userId: ctx.from.id, now });
    // the message itself says it worked: a toast alone is easily missed
    if (added && message && ctx.chat) {
      const time = formatTime(now, ctx.app.deps.config.timezone);
      enqueueMessage(
        tx,
        {
          chatId: ctx.chat.id,
          method: 'editMessageText',
          payload: { message_id: message.message_id, text: ctx.t('checkin-received', { time }) },
          kind: 'checkin-received',
          priority: lanes.answer,
        },
        now,
      );
    }
    return added;
  });
  await ctx.answerCallbackQuery({ text: ctx.t(fresh ? 'checkin-thanks' : 'checkin-already') });
});

export const checkinsComposer = feature;
