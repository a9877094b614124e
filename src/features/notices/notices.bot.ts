import { Composer } from 'grammy';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import { commandArgs } from '../../bot/reply.ts';
import { rolesIn } from '../../bot/roles.ts';
import { codePointLength, toAsciiForms } from '../../core/text.ts';
import { inLanguage } from '../../core/translate.ts';
import { UsageError } from '../../core/usage-error.ts';
import { findBuilding } from '../buildings/buildings.store.ts';
import { findHouseholdOfUser } from '../households/households.store.ts';
import { editNotice, parseAckData, publishNotice } from './notices.messages.ts';
import { acknowledge, getNotice, type NoticeLevel, unacknowledgedUnits } from './notices.store.ts';

const feature = new Composer<BotContext>();
const maxNoticeLength = 3500;

const levelWords = new Map<string, Exclude<NoticeLevel, 'info'>>([
  ['blue', 'blue'],
  ['蓝', 'blue'],
  ['yellow', 'yellow'],
  ['黄', 'yellow'],
  ['orange', 'orange'],
  ['橙', 'orange'],
  ['red', 'red'],
  ['红', 'red'],
]);

/**
 * Admins of every building the notice goes to may send it: global admins anywhere; in a group also that
 * building's admins (config, anonymous admin, Telegram admins when trusted).
 */
async function mayPublish(ctx: BotContext, buildingIds: string[]): Promise<boolean> {
  const { config, db } = ctx.app.deps;
  if (ctx.from && config.admins.includes(ctx.from.id) && !isAnonymousAdmin(ctx)) return true;
  for (const id of buildingIds) {
    const building = findBuilding(db, id);
    if (!building || !(await rolesIn(ctx, building)).isAdmin) return false;
  }
  return buildingIds.length > 0;
}

/** `[all | b1,b2] text`: the target buildings (this group's by default) and the text as typed. */
function parseTargets(ctx: BotContext, args: string): { buildingIds: string[]; text: string } {
  const known = ctx.app.deps.config.buildings.map((b) => b.id);
  const first = /^(\S+)\s+([\s\S]+)$/.exec(args.trim());
  const word = first ? toAsciiForms(first[1]!) : '';
  let buildingIds: string[] | undefined;
  let text = args.trim();
  if (first && word.toLowerCase() === 'all') buildingIds = known;
  else if (first && word.split(',').every((id) => known.includes(id))) buildingIds = word.split(',');
  if (buildingIds) text = first![2]!.trim();
  else if (ctx.app.building) buildingIds = [ctx.app.building.id];
  else throw new UsageError('notice-target-needed', { buildings: known.join(', ') });
  if (text === '') throw new UsageError('notice-usage');
  if (codePointLength(text) > maxNoticeLength) throw new UsageError('notice-too-long', { max: maxNoticeLength });
  return { buildingIds, text };
}

feature.command('notice', async (ctx) => {
  let args = commandArgs(ctx);
  // `pin` / `置顶` first: the notice is pinned in each group as well
  const pinWord = /^(pin|置顶)\s+/i.exec(args);
  if (pinWord) args = args.slice(pinWord[0].length);
  if (args === '') throw new UsageError('notice-usage');
  const { buildingIds, text } = parseTargets(ctx, args);
  if (!(await mayPublish(ctx, buildingIds))) throw new UsageError('notice-admins-only');
  ctx.app.commit((tx) => {
    const id = publishNotice(
      tx,
      ctx.app.translate,
      ctx.app.deps.config,
      { buildingIds, level: 'info', text, authorId: ctx.from?.id ?? null, pin: pinWord !== null, notBefore: null },
      ctx.app.now,
    );
    if (ctx.chat?.type === 'private' || buildingIds.length > 1 || buildingIds[0] !== ctx.app.building?.id)
      ctx.app.say(ctx.t('notice-sent', { id, count: buildingIds.length }));
  });
});

feature.command('alert', async (ctx) => {
  const match = /^(\S+)\s+([\s\S]+)$/.exec(commandArgs(ctx));
  const level = match ? levelWords.get(toAsciiForms(match[1]!).toLowerCase()) : undefined;
  if (!match || !level) throw new UsageError('alert-usage');
  const text = match[2]!.trim();
  if (codePointLength(text) > maxNoticeLength) throw new UsageError('notice-too-long', { max: maxNoticeLength });
  // an alert goes to every building at once
  const buildingIds = ctx.app.deps.config.buildings.map((b) => b.id);
  if (!(await mayPublish(ctx, buildingIds))) throw new UsageError('notice-admins-only');
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
  const id = toAsciiForms(commandArgs(ctx)).replace(/^#/, '');
  if (!/^[1-9][0-9]{0,12}$/.test(id)) throw new UsageError('unread-usage');
  const notice = getNotice(ctx.app.deps.db, Number(id));
  const here = ctx.app.building;
  const buildingIds = notice ? notice.buildingIds.filter((b) => !here || b === here.id) : [];
  if (!notice || buildingIds.length === 0) throw new UsageError('notice-not-found');
  if (!(await mayPublish(ctx, buildingIds))) throw new UsageError('notice-admins-only');
  const lines = [ctx.t('unread-title', { id: notice.id })];
  for (const buildingId of buildingIds) {
    const building = findBuilding(ctx.app.deps.db, buildingId);
    const units = unacknowledgedUnits(ctx.app.deps.db, notice.id, buildingId);
    lines.push(
      units.length === 0
        ? ctx.t('unread-none', { building: building?.name ?? buildingId })
        : ctx.t('unread-units', {
            building: building?.name ?? buildingId,
            count: units.length,
            units: units.join(', '),
          }),
    );
  }
  ctx.app.say(lines.join('\n'));
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
    const added = acknowledge(tx, {
      noticeId: notice.id,
      buildingId: building.id,
      userId: ctx.from.id,
      householdId: household?.householdId ?? null,
      now: ctx.app.now,
    });
    if (added) editNotice(tx, t, notice, building, ctx.app.now);
    return added;
  });
  await ctx.answerCallbackQuery({ text: ctx.t(fresh ? 'notice-acked' : 'notice-acked-already') });
});

export const noticesFeature = feature;
