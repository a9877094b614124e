import { Composer } from 'grammy';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { toAsciiForms } from '../../core/text.ts';
import { UsageError } from '../../core/usage-error.ts';
import { buildingGroups } from '../access/access.bot.ts';
import { findHouseholdOfUser, listHouseholdsOfUser } from '../households/households.store.ts';
import { answerCheckin, setCheckin } from './checkins.store.ts';
import { parseOkData } from './checkins.ts';

const feature = new Composer<BotContext>();

buildingGroups(feature).command('checkin', (ctx) => {
  const building = ctx.app.building;
  if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const word = toAsciiForms(commandArgs(ctx)).toLowerCase();
  if (word !== 'on' && word !== 'off') throw new UsageError('checkin-usage');
  const home = findHouseholdOfUser(ctx.app.deps.db, building.id, ctx.from.id);
  if (!home) throw new UsageError('buy-need-home');
  ctx.app.commit((tx) => {
    setCheckin(tx, {
      buildingId: building.id,
      householdId: home.householdId,
      on: word === 'on',
      userId: ctx.from.id,
      now: ctx.app.now,
    });
    ctx.app.say(ctx.t(word === 'on' ? 'checkin-on' : 'checkin-off', { unit: home.unit }));
  });
});

feature.callbackQuery(/^v1:ok:/, async (ctx) => {
  const data = parseOkData(ctx.callbackQuery.data);
  if (!data) throw new UsageError('button-invalid');
  // only someone of that household may say it is OK
  const mine = listHouseholdsOfUser(ctx.app.deps.db, ctx.from.id).some((h) => h.householdId === data.householdId);
  if (!mine) throw new UsageError('checkin-not-yours');
  const fresh = ctx.app.commit((tx) =>
    answerCheckin(tx, { householdId: data.householdId, day: data.day, userId: ctx.from.id, now: ctx.app.now }),
  );
  await ctx.answerCallbackQuery({ text: ctx.t(fresh ? 'checkin-thanks' : 'checkin-already') });
});

export const checkinsComposer = feature;
