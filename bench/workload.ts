// What the benchmark sends: its sizes, the bench config, and the workloads with the results they must give.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pick, seededRandom } from './random.ts';

export interface Sizes {
  /** Scenario 1: /need commands, from this many users, in this many groups; runs per bot (median reported). */
  commands: number;
  users: number;
  groups: number;
  runs: number;
  /** Scenario 2: presses on one group-buy card from this many households. */
  presses: number;
  households: number;
  /** Scenarios 3-5: buildings in the config (each gets a digest) and needs per building in the large database. */
  buildings: number;
  needsPerBuilding: number;
  /** Scenario 4: sequential /needs, /digest and /overview commands timed. */
  latencySamples: number;
  /** Scenario 6: events to the local webhook receiver, in each of its two phases (live, then a backlog). */
  events: number;
  /** The survey scenario (bench/wave.ts): households answering the guided survey at once. */
  surveyHouseholds: number;
}

export const FULL: Sizes = {
  commands: 5000,
  users: 500,
  groups: 50,
  runs: 5,
  presses: 5000,
  households: 1000,
  buildings: 1000,
  needsPerBuilding: 1000,
  latencySamples: 300,
  events: 5000,
  surveyHouseholds: 1000,
};

/** Small enough for CI (well under a minute), large enough to exercise every path of the full run. */
export const QUICK: Sizes = {
  commands: 300,
  users: 60,
  groups: 6,
  runs: 1,
  presses: 300,
  households: 60,
  buildings: 60,
  needsPerBuilding: 100,
  latencySamples: 20,
  events: 300,
  surveyHouseholds: 60,
};

/** Every bot process's clock starts here (real time from then on); the digests are due at 19:30. */
export const CLOCK_START = '2026-04-01T19:00:00+08:00';
export const DIGEST_AT = '2026-04-01T19:30:00+08:00';
export const ADMIN_ID = 100000001;

/** Telegram's published limits, which the local API scales by BROADCAST_SCALE for scenario 3. */
export const TELEGRAM_LIMITS = { perSecond: 30, perGroupPerMinute: 20, perPrivatePerSecond: 1 } as const;
export const BROADCAST_SCALE = 10;

/** Limits times BROADCAST_SCALE: the local API's for scenario 3, and (from the config defaults) the bot's. */
export function scaledLimits(limits: OutboxLimits): OutboxLimits {
  return {
    perSecond: limits.perSecond * BROADCAST_SCALE,
    perGroupPerMinute: limits.perGroupPerMinute * BROADCAST_SCALE,
    perPrivatePerSecond: limits.perPrivatePerSecond * BROADCAST_SCALE,
  };
}

/** The outbox's pacing lifted (scenarios 1, 2, 4, 6): they measure the pipeline, not Telegram's flood limits. */
export const LIFTED_OUTBOX: OutboxLimits = {
  perSecond: 1_000_000,
  perGroupPerMinute: 1_000_000,
  perPrivatePerSecond: 1_000_000,
};

export function buildingChatId(b: number): number {
  return -1009000000000 - (b + 1);
}

/** The committee of every building (scenario 4's `/overview`): its chat, and who asks there. */
export const COMMITTEE = {
  id: 'district',
  name: 'District committee',
  chatId: -1009100000001,
  /** A committee admin (the config's admin is one too): a member of its chat, seeded by the local API. */
  adminId: 100000002,
} as const;

/** Scenario 6: the bot's one webhook, a receiver in the bench process. */
export interface BenchWebhook {
  url: string;
  secret: string;
}

export interface OutboxLimits {
  perSecond: number;
  perGroupPerMinute: number;
  perPrivatePerSecond: number;
}

/**
 * A bot.config.json with `buildings` buildings (all with a 19:30 digest) and the given outbox limits; with
 * `committee`, the committee of all buildings (no digest of its own); with `webhook`, that one webhook for every event;
 * with `synchronous`, the database's SQLite `synchronous` (`database.synchronous`; the bot's default is NORMAL).
 */
export function writeBenchConfig(
  dir: string,
  name: string,
  buildings: number,
  outbox: OutboxLimits | undefined,
  extra: { committee?: boolean; webhook?: BenchWebhook; synchronous?: 'NORMAL' | 'FULL' } = {},
): string {
  const config = {
    timezone: 'Asia/Shanghai',
    language: 'en',
    currency: '¥',
    admins: [ADMIN_ID],
    buildings: Array.from({ length: buildings }, (_, b) => ({
      id: `b${String(b + 1).padStart(4, '0')}`,
      name: `Building ${b + 1}`,
      chatId: buildingChatId(b),
      digest: '30 19 * * *',
    })),
    ...(outbox ? { outbox } : {}),
    // the scenarios send each resident more commands a minute than flood control lets through: they measure the
    // pipeline, as the lifted pacing does, not the budget (tests/e2e/hardening.test.ts covers that)
    floodControl: { commandsPerMinute: 1_000_000 },
    ...(extra.committee
      ? {
          committees: [
            {
              id: COMMITTEE.id,
              name: COMMITTEE.name,
              chatId: COMMITTEE.chatId,
              buildings: 'all',
              admins: [COMMITTEE.adminId],
              digest: null,
            },
          ],
        }
      : {}),
    ...(extra.webhook ? { webhooks: [{ url: extra.webhook.url, secret: extra.webhook.secret, events: ['*'] }] } : {}),
    ...(extra.synchronous ? { database: { synchronous: extra.synchronous } } : {}),
  };
  const file = join(dir, name);
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return file;
}

// ------------------------------------------------------------------ scenario 1

const NEED_TEXTS = [
  'insulin, two boxes',
  'rice and oil for four',
  'someone to check on grandma',
  'baby formula stage 2',
  'disinfect parcels at the gate',
];
const PRIORITIES = ['', '!', '!!'];
const CATEGORIES = ['#medicine', '#food', '#medical', '#elderly', '#disinfection', '#other'];

export const THROUGHPUT_USER_BASE = 500_000_000;

/** The k-th /need: users take turns (user k mod users), each in one of the groups. */
export function needCommand(k: number, sizes: Sizes): { userId: number; chatId: number; text: string } {
  const user = k % sizes.users;
  const random = seededRandom(k + 1);
  const text =
    `/need ${pick(random, PRIORITIES)} ${pick(random, CATEGORIES)} ${pick(random, NEED_TEXTS)} (${k})`.replace(
      /\s+/g,
      ' ',
    );
  return { userId: THROUGHPUT_USER_BASE + user, chatId: buildingChatId(user % sizes.groups), text };
}

// ------------------------------------------------------------------ scenario 2

export const HOUSEHOLD_USER_BASE = 600_000_000;
export type PressAction = 'inc' | 'dec' | 'mine';

/** One item of the storm's buy: its line's name, price (cents), per-household limit and stock (null: none). */
export interface StormItem {
  name: string;
  priceCents: number;
  limit: number;
  max: number | null;
}

/**
 * The storm's buy: three items, each with its own per-household limit; the eggs' stock runs out during the storm
 * (a tenth of the presses: about a third of what the households would order of them).
 */
export function stormItems(sizes: Sizes): StormItem[] {
  return [
    { name: 'Cabbage 3 kg', priceCents: 1500, limit: 2, max: null },
    { name: 'Eggs, tray of 30', priceCents: 3000, limit: 3, max: Math.round(sizes.presses / 10) },
    { name: 'Tofu', priceCents: 450, limit: 5, max: null },
  ];
}

/** The `/buy` of {@link stormItems}: the title, then one line per item (`name | price | limit N [| max N]`). */
export function stormBuyCommand(items: readonly StormItem[]): string {
  const price = (cents: number) => (cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2));
  return [
    '/buy Vegetable box',
    ...items.map(
      (i) => `${i.name} | ${price(i.priceCents)} | limit ${i.limit}${i.max === null ? '' : ` | max ${i.max}`}`,
    ),
  ].join('\n');
}

export function householdUnit(h: number): string {
  return `${Math.floor(h / 20) + 1}${String((h % 20) + 1).padStart(2, '0')}`;
}

export interface StormPress {
  userId: number;
  action: PressAction;
  /** The item of a +1 or −1 (index from 0); 0 for My order. */
  item: number;
}

/** Press k: households take turns; 70% +1, 25% −1 (each of an item drawn evenly), 5% My order. */
export function stormPresses(sizes: Sizes, items = 3): StormPress[] {
  const random = seededRandom(7);
  return Array.from({ length: sizes.presses }, (_, k) => {
    const roll = random();
    const item = Math.floor(random() * items);
    const action: PressAction = roll < 0.7 ? 'inc' : roll < 0.95 ? 'dec' : 'mine';
    return { userId: HOUSEHOLD_USER_BASE + (k % sizes.households), action, item: action === 'mine' ? 0 : item };
  });
}

export interface StormTotals {
  /** Households with anything ordered, all items' quantity, and what it comes to (cents). */
  households: number;
  quantity: number;
  amountCents: number;
  /** Per item: its quantity ordered. */
  items: number[];
}

/**
 * What the presses must add up to, applied in order (as the bot handles one chat's updates): +1 up to the item's
 * limit per household and while its stock lasts, −1 down to 0, My order changes nothing.
 */
export function expectedOrders(presses: readonly StormPress[], items: readonly StormItem[]): StormTotals {
  const byHousehold = new Map<number, number[]>();
  const totals = items.map(() => 0);
  for (const { userId, action, item } of presses) {
    const mine = byHousehold.get(userId) ?? items.map(() => 0);
    byHousehold.set(userId, mine);
    const terms = items[item]!;
    if (action === 'inc' && mine[item]! < terms.limit && (terms.max === null || totals[item]! < terms.max)) {
      mine[item]!++;
      totals[item]!++;
    }
    if (action === 'dec' && mine[item]! > 0) {
      mine[item]!--;
      totals[item]!--;
    }
  }
  const ordering = [...byHousehold.values()].filter((q) => q.some((n) => n > 0));
  return {
    households: ordering.length,
    quantity: totals.reduce((a, b) => a + b, 0),
    amountCents: totals.reduce((sum, q, i) => sum + q * items[i]!.priceCents, 0),
    items: totals,
  };
}
