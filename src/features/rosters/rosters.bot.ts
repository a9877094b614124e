import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { inLanguage } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import { actorIn, buildingGroups, pressedCard } from '../access/access.bot.ts';
import { findHouseholdOfUser } from '../households/households.store.ts';
import {
  callCard,
  callCardRef,
  callNextWave,
  editCallCard,
  editRosterCard,
  endCall,
  rosterCard,
  rosterCardRef,
} from './rosters.messages.ts';
import {
  answerCall,
  createCall,
  createRoster,
  getCall,
  getShift,
  setCallPaused,
  shiftsBetween,
  signUp,
  signupsOf,
  withdraw,
} from './rosters.store.ts';
import {
  checkAdmin,
  checkRunCall,
  parseCall,
  parseCallData,
  parseShift,
  parseShiftData,
  rosterDays,
  shiftPress,
  shiftSlots,
} from './rosters.ts';
import { renderShiftList } from './rosters.view.ts';

const feature = new FlatComposer<BotContext>();
const group = buildingGroups(feature);

group.command('shift', async (ctx) => {
  const building = ctx.app.building;
  checkAdmin(await actorIn(ctx, building), 'shift-admins-only');
  const { config } = ctx.app.deps;
  const command = parseShift(commandArgs(ctx));
  const now = ctx.app.now;
  const slots = shiftSlots(command, now, config.timezone);
  if (slots.length === 0) throw new UsageError('shift-no-days', { days: rosterDays });
  const organizerId = ctx.from?.id ?? 0;
  ctx.app.commit((tx) => {
    const id = createRoster(tx, { buildingId: building.id, organizerId, command, slots, now });
    const card = rosterCard(tx, inLanguage(ctx.app.translate, building.language), config, id, building, now);
    ctx.app.say(card.text, { replyMarkup: card.replyMarkup, ref: rosterCardRef(id), quote: false });
  });
});

group.command('shifts', (ctx) => {
  const building = ctx.app.building;
  const { config, db } = ctx.app.deps;
  const now = ctx.app.now;
  const list = shiftsBetween(db, building.id, now, now + rosterDays * 86_400_000);
  ctx.app.say(
    renderShiftList(inLanguage(ctx.app.translate, building.language), building.name, list, {
      timezone: config.timezone,
      language: building.language as 'en' | 'zh',
    }),
  );
});

feature.callbackQuery(/^v1:shift:/, async (ctx) => {
  const shiftId = parseShiftData(ctx.callbackQuery.data);
  if (shiftId === undefined) throw new UsageError('button-invalid');
  const { config, db } = ctx.app.deps;
  const { item: shift, building } = pressedCard(ctx, getShift(db, shiftId), (s) => s.buildingId, 'button-invalid');
  const actor = await actorIn(ctx, building);
  const now = ctx.app.now;
  const key = ctx.app.commit((tx) => {
    // decided inside the transaction: two presses for the last place cannot both get it
    const action = shiftPress(actor, shift, signupsOf(tx, shift.id), now);
    if (action === 'signup') signUp(tx, shift, actor.userId, now);
    else withdraw(tx, shift, actor.userId, now);
    editRosterCard(tx, inLanguage(ctx.app.translate, building.language), config, shift.rosterId, building, now);
    return action === 'signup' ? 'shift-signed-up' : 'shift-withdrawn';
  });
  await ctx.answerCallbackQuery({ text: ctx.t(key) });
});

group.command('call', async (ctx) => {
  const building = ctx.app.building;
  checkAdmin(await actorIn(ctx, building), 'call-admins-only');
  const { config } = ctx.app.deps;
  const command = parseCall(commandArgs(ctx));
  const now = ctx.app.now;
  const organizerId = isAnonymousAdmin(ctx) ? 0 : (ctx.from?.id ?? 0);
  ctx.app.commit((tx) => {
    const t = inLanguage(ctx.app.translate, building.language);
    const id = createCall(tx, { buildingId: building.id, organizerId, command, now });
    const card = callCard(tx, t, config, getCall(tx, id)!);
    ctx.app.say(card.text, { replyMarkup: card.replyMarkup, ref: callCardRef(id), quote: false });
    callNextWave(tx, t, config, getCall(tx, id)!, building, organizerId, now);
  });
});

feature.callbackQuery(/^v1:call:/, async (ctx) => {
  const data = parseCallData(ctx.callbackQuery.data);
  if (!data) throw new UsageError('button-invalid');
  const { config, db } = ctx.app.deps;
  const { item: call, building } = pressedCard(ctx, getCall(db, data.callId), (c) => c.buildingId, 'button-invalid');
  if (call.status === 'ended') throw new UsageError('call-ended');
  const t = inLanguage(ctx.app.translate, building.language);
  const now = ctx.app.now;
  if (data.action === 'down' || data.action === 'visit') {
    if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
    const home = findHouseholdOfUser(db, building.id, ctx.from.id);
    if (!home) throw new UsageError('call-need-home');
    const answer = data.action;
    ctx.app.commit((tx) => {
      if (answerCall(tx, { call, householdId: home.householdId, unit: home.unit, answer, userId: ctx.from.id, now }))
        editCallCard(tx, t, config, call.id, building, now);
    });
    await ctx.answerCallbackQuery({ text: ctx.t(answer === 'down' ? 'call-answered-down' : 'call-answered-visit') });
    return;
  }
  checkRunCall(await actorIn(ctx, building), call);
  const actor = ctx.from.id;
  const key = ctx.app.commit((tx) => {
    const current = getCall(tx, call.id)!;
    if (current.status === 'ended') throw new UsageError('call-ended');
    if (data.action === 'end') {
      endCall(tx, t, config, current, building, actor, now);
      return 'call-ended-now' as const;
    }
    if (data.action === 'pause') {
      const pausing = current.status === 'open';
      const nextAt = !pausing && current.everyMinutes !== null ? now + current.everyMinutes * 60_000 : null;
      setCallPaused(tx, current, pausing, actor, nextAt, now);
      editCallCard(tx, t, config, call.id, building, now);
      return pausing ? ('call-paused' as const) : ('call-resumed' as const);
    }
    if (!callNextWave(tx, t, config, current, building, actor, now)) throw new UsageError('call-no-more-floors');
    return 'call-next-called' as const;
  });
  await ctx.answerCallbackQuery({ text: ctx.t(key) });
});

export const rostersComposer = feature;
