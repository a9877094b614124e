import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { displayName, isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { buildingGroups } from '../access/access.bot.ts';
import { countMembers, findHouseholdOfUser, joinHousehold, listHouseholdsOfUser } from './households.store.ts';
import { parseUnit } from './households.ts';

const feature = new FlatComposer<BotContext>();

feature.chatType('private').command('home', async (ctx) => {
  if (commandArgs(ctx) !== '') {
    ctx.app.say(ctx.t('home-private-set'));
    return;
  }
  const homes = listHouseholdsOfUser(ctx.app.deps.db, ctx.from.id);
  if (homes.length === 0) ctx.app.say(ctx.t('home-private-none'));
  else ctx.app.say(ctx.t('home-private-list', { list: homes.map((h) => `${h.buildingName} ${h.unit}`).join(', ') }));
});

buildingGroups(feature).command('home', async (ctx) => {
  const building = ctx.app.building;
  if (isAnonymousAdmin(ctx)) {
    ctx.app.say(ctx.t('home-anonymous'));
    return;
  }
  const name = displayName(ctx.from);
  const args = commandArgs(ctx);
  if (args === '') {
    const home = findHouseholdOfUser(ctx.app.deps.db, building.id, ctx.from.id);
    const key = home ? 'home-show' : 'home-none';
    ctx.app.say(ctx.t(key, { name, building: building.name, unit: home?.unit ?? '' }));
    return;
  }
  const unit = parseUnit(args);
  ctx.app.commit((tx) => {
    const joined = joinHousehold(tx, { buildingId: building.id, unit, userId: ctx.from.id, now: ctx.app.now });
    const home = findHouseholdOfUser(tx, building.id, ctx.from.id);
    const members = home ? countMembers(tx, home.householdId) : 1;
    const vars = { name, building: building.name, unit, previous: joined.previousUnit ?? '', others: members - 1 };
    const key = !joined.changed
      ? 'home-unchanged'
      : joined.previousUnit
        ? 'home-moved'
        : members > 1
          ? 'home-set-shared'
          : 'home-set';
    ctx.app.say(ctx.t(key, vars));
  });
});

export const householdsComposer = feature;
