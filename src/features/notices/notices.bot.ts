import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import type { CommitteeConfig } from '../../config/index.ts';
import { parseId } from '../../core/ids.ts';
import { splitIntoMessages } from '../../core/text.ts';
import { inLanguage } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import { actorIn, actorInCommittee } from '../access/access.bot.ts';
import { findBuilding } from '../buildings/buildings.store.ts';
import { buildingsOf, checkCommitteeAdmin, committeeTargets, leadingBuildings } from '../committees/committees.ts';
import { findHouseholdOfUser } from '../households/households.store.ts';
import { editNotice, parseAckData, publishNotice } from './notices.messages.ts';
import { acknowledge, getNotice, noticeReach } from './notices.store.ts';
import { parseAlert, parseNotice } from './notices.ts';

const feature = new FlatComposer<BotContext>();
const unitsPerLine = 40;

/** `items` in groups of `size`, in order. */
function inGroupsOf<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}

/**
 * Admins of every building a notice goes to may send it, or ask who has not read it: global admins anywhere; in a
 * group also that building's admins (config, anonymous admin, Telegram admins when trusted). Throws `refusal`
 * otherwise.
 */
async function checkAdminOf(
  ctx: BotContext,
  buildingIds: readonly string[],
  refusal: 'notice-admins-only' | 'unread-admins-only' = 'notice-admins-only',
): Promise<void> {
  const { config, db } = ctx.app.deps;
  if (ctx.from && config.admins.includes(ctx.from.id) && !isAnonymousAdmin(ctx)) return;
  if (buildingIds.length === 0) throw new UsageError(refusal);
  // one building at a time: a Telegram admin check is a network call, and the first refusal settles it
  for (const id of buildingIds) {
    const building = findBuilding(db, id);
    if (!building || !(await actorIn(ctx, building)).isAdmin) throw new UsageError(refusal);
  }
}

/**
 * From a committee's chat (SPEC §2.8): its admins only, to its buildings, all of them unless some are named (a
 * building of another committee is refused). Returns the buildings.
 */
async function fromCommittee(ctx: BotContext, committee: CommitteeConfig, named: string[] | undefined) {
  checkCommitteeAdmin(await actorInCommittee(ctx, committee), committee.name);
  const known = ctx.app.deps.config.buildings.map((b) => b.id);
  return committeeTargets(named, buildingsOf(committee, known));
}

feature.command('notice', async (ctx) => {
  const known = ctx.app.deps.config.buildings.map((b) => b.id);
  const command = parseNotice(commandArgs(ctx), known);
  const committee = ctx.app.committee;
  const buildingIds = committee
    ? await fromCommittee(ctx, committee, command.buildingIds)
    : (command.buildingIds ?? (ctx.app.building ? [ctx.app.building.id] : undefined));
  if (!buildingIds) throw new UsageError('notice-target-needed', { buildings: known.join(', ') });
  if (!committee) await checkAdminOf(ctx, buildingIds);
  const { text, pin } = command;
  ctx.app.commit((tx) => {
    const id = publishNotice(
      tx,
      ctx.app.translate,
      ctx.app.deps.config,
      { buildingIds, level: 'info', text, authorId: ctx.from?.id ?? null, pin, notBefore: null },
      ctx.app.now,
    );
    if (ctx.chat?.type === 'private' || buildingIds.length > 1 || buildingIds[0] !== ctx.app.building?.id)
      ctx.app.say(ctx.t('notice-sent', { id, count: buildingIds.length }));
  });
});

feature.command('alert', async (ctx) => {
  const alert = parseAlert(commandArgs(ctx));
  const level = alert.level;
  let text = alert.text;
  // an alert goes to every building at once; from a committee's chat, to its buildings (or those it names)
  let buildingIds = ctx.app.deps.config.buildings.map((b) => b.id);
  const committee = ctx.app.committee;
  if (committee) {
    const { named, rest } = leadingBuildings(text, buildingIds);
    buildingIds = await fromCommittee(ctx, committee, named);
    text = rest;
  } else await checkAdminOf(ctx, buildingIds);
  ctx.app.commit((tx) => {
    const id = publishNotice(
      tx,
      ctx.app.translate,
      ctx.app.deps.config,
      { buildingIds, level, text, authorId: ctx.from?.id ?? null, pin: true, notBefore: null },
      ctx.app.now,
    );
    ctx.app.say(ctx.t('notice-sent', { id, count: buildingIds.length }));
  });
});

feature.command('unread', async (ctx) => {
  const id = parseId(commandArgs(ctx));
  if (id === undefined) throw new UsageError('unread-usage');
  const notice = getNotice(ctx.app.deps.db, id);
  const here = ctx.app.building;
  const buildingIds = notice ? notice.buildingIds.filter((b) => !here || b === here.id) : [];
  if (!notice || buildingIds.length === 0) throw new UsageError('notice-not-found');
  await checkAdminOf(ctx, buildingIds, 'unread-admins-only');
  const lines = [ctx.t('unread-title', { id: notice.id })];
  for (const buildingId of buildingIds) {
    const building = findBuilding(ctx.app.deps.db, buildingId);
    // the same count as the card and the digest show, units by floor
    const units = noticeReach(ctx.app.deps.db, notice.id, buildingId).unread;
    const name = building?.name ?? buildingId;
    if (units.length === 0) {
      lines.push(ctx.t('unread-none', { building: name }));
      continue;
    }
    // a few dozen units a line, so that a list of hundreds is split into messages between lines
    const [first = [], ...rest] = inGroupsOf(units, unitsPerLine);
    lines.push(ctx.t('unread-units', { building: name, count: units.length, units: first.join(', ') }));
    for (const group of rest) lines.push(group.join(', '));
  }
  for (const message of splitIntoMessages(lines)) ctx.app.say(message);
});

feature.callbackQuery(/^v1:ack:/, async (ctx) => {
  const noticeId = parseAckData(ctx.callbackQuery.data);
  const notice = noticeId === undefined ? undefined : getNotice(ctx.app.deps.db, noticeId);
  const building = ctx.app.building;
  if (!notice || !building || !notice.buildingIds.includes(building.id)) throw new UsageError('button-invalid');
  if (isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const household = findHouseholdOfUser(ctx.app.deps.db, building.id, ctx.from.id);
  const t = inLanguage(ctx.app.translate, building.language);
  const fresh = ctx.app.commit((tx) => {
    const pressed = acknowledge(tx, {
      noticeId: notice.id,
      buildingId: building.id,
      userId: ctx.from.id,
      householdId: household?.householdId ?? null,
      now: ctx.app.now,
      events: ctx.app.deps.config,
    });
    if (pressed.added) editNotice(tx, t, notice, building, ctx.app.now, pressed.reach);
    return pressed.added;
  });
  // a resident without a household is thanked, but counts for no household until they register one
  const answer = household
    ? fresh
      ? 'notice-acked'
      : 'notice-acked-already'
    : fresh
      ? 'notice-acked-no-home'
      : 'notice-acked-already-no-home';
  await ctx.answerCallbackQuery({ text: ctx.t(answer) });
});

export const noticesComposer = feature;
