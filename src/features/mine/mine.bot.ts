import { FlatComposer } from '../../bot/composer.ts';
import type { BotContext } from '../../bot/context.ts';
import { isAnonymousAdmin } from '../../bot/people.ts';
import { formatDateTime } from '../../core/time-format.ts';
import { UsageError } from '../../core/usage-error.ts';
import { ordersOfUser } from '../buys/buys.store.ts';
import { householdNeedsOfUser, type NeedView, needsOfUser, waitingRecurringOfUser } from '../needs/needs.store.ts';
import { categoryLabel } from '../needs/needs.ts';
import { ellipsis, rhythmLabel } from '../needs/needs.view.ts';
import { rhythmOf } from '../needs/recurring.ts';
import { offerExpiry } from '../offers/offers.messages.ts';
import { openOffersOfUser } from '../offers/offers.store.ts';
import { votesToCast } from '../votes/votes.store.ts';

/**
 * `/mine` (group or DM): what is open for this person across features — needs, recurring needs waiting for their
 * next date, claims, offers, votes, orders.
 */
const feature = new FlatComposer<BotContext>();

feature.command('mine', (ctx) => {
  if (!ctx.from || isAnonymousAdmin(ctx)) throw new UsageError('anonymous-no-person');
  const userId = ctx.from.id;
  const db = ctx.app.deps.db;
  const { asked, claimed } = needsOfUser(db, userId);
  // The household's needs posted by a family member (or for it, in assisted mode): the family follows them
  // (SPEC §2.10). A private one is the household's own business, so its members see it with its text — but only here
  // in the private chat: in a group, even "#12 medicine" next to the sender's name would tie their unit to a private
  // need, which a group must never learn (SPEC §2.1).
  const inPrivate = ctx.chat?.type === 'private';
  const household = householdNeedsOfUser(db, userId).filter((n) => inPrivate || !n.private);
  const ballotsLeft = votesToCast(db, userId, ctx.app.building?.id);
  const buyOrders = ordersOfUser(db, userId);
  // as for the household's needs: a private recurring need is not named in a group
  const waiting = waitingRecurringOfUser(db, userId).filter((n) => inPrivate || !n.private);
  const offers = openOffersOfUser(db, userId);
  const nothing = asked.length === 0 && claimed.length === 0 && household.length === 0 && waiting.length === 0;
  if (nothing && offers.length === 0 && ballotsLeft.length === 0 && buyOrders.length === 0) {
    ctx.app.say(ctx.t('mine-none'));
    return;
  }
  const label = categoryLabel(ctx.app.deps.config.needs.categories, ctx.app.locale);
  const line = (n: NeedView) =>
    ctx.t('mine-need-line', { id: n.id, category: label(n.category), status: ctx.t(`status-${n.status}`) });
  const lines = [ctx.t('mine-title')];
  if (asked.length > 0) lines.push(ctx.t('mine-asked', { list: asked.map(line).join('; ') }));
  for (const unit of new Set(household.map((n) => n.unit ?? '?'))) {
    const list = household
      .filter((n) => (n.unit ?? '?') === unit)
      .map((n) =>
        n.private
          ? ctx.t('mine-household-private-line', {
              id: n.id,
              category: label(n.category),
              status: ctx.t(`status-${n.status}`),
              asker: n.requesterName ?? n.enteredByName,
              text: ellipsis(n.text ?? '', 80),
            })
          : line(n),
      );
    lines.push(ctx.t('mine-household', { unit, list: list.join('; ') }));
  }
  const { config } = ctx.app.deps;
  const when = (at: number) => formatDateTime(at, config.timezone, ctx.app.locale);
  if (waiting.length > 0) {
    const list = waiting.map((n) => {
      const rhythm = rhythmOf(n.repeat ?? '');
      return ctx.t('mine-recurring-line', {
        id: n.id,
        category: label(n.category),
        rhythm: rhythm ? rhythmLabel(ctx.t, rhythm, ctx.app.locale) : (n.repeat ?? ''),
        next: when(n.nextAt ?? n.updatedAt),
      });
    });
    lines.push(ctx.t('mine-recurring', { list: list.join('; ') }));
  }
  if (claimed.length > 0) lines.push(ctx.t('mine-claimed', { list: claimed.map(line).join('; ') }));
  if (offers.length > 0) {
    const list = offers.map((o) =>
      ctx.t('mine-offer-line', {
        id: o.id,
        category: label(o.category),
        text: ellipsis(o.text, 40),
        until: offerExpiry(config, o, ctx.app.locale),
      }),
    );
    lines.push(ctx.t('mine-offers', { list: list.join('; ') }));
  }
  if (ballotsLeft.length > 0)
    lines.push(ctx.t('mine-votes', { list: ballotsLeft.map((v) => `#${v.id} ${v.question}`).join('; ') }));
  if (buyOrders.length > 0)
    lines.push(
      ctx.t('mine-orders', {
        list: buyOrders
          .map((o) => ctx.t('mine-order-line', { id: o.buyId, item: o.item, quantity: o.quantity, unit: o.unit }))
          .join('; '),
      }),
    );
  ctx.app.say(lines.join('\n'));
});

export const mineComposer = feature;
