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
  /** Scenario 4: sequential /needs (and /digest) commands timed. */
  latencySamples: number;
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

export function buildingChatId(b: number): number {
  return -1009000000000 - (b + 1);
}

export interface OutboxLimits {
  perSecond: number;
  perGroupPerMinute: number;
  perPrivatePerSecond: number;
}

/** A bot.config.json with `buildings` buildings (all with a 19:30 digest) and the given outbox limits. */
export function writeBenchConfig(
  dir: string,
  name: string,
  buildings: number,
  outbox: OutboxLimits | undefined,
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
export const BUY_LIMIT = 3;
export type PressAction = 'plus' | 'minus' | 'mine';

export function householdUnit(h: number): string {
  return `${Math.floor(h / 20) + 1}${String((h % 20) + 1).padStart(2, '0')}`;
}

/** Press k: households take turns; 70% +1, 25% −1, 5% My order. */
export function stormPresses(sizes: Sizes): Array<{ userId: number; action: PressAction }> {
  const random = seededRandom(7);
  return Array.from({ length: sizes.presses }, (_, k) => {
    const roll = random();
    return {
      userId: HOUSEHOLD_USER_BASE + (k % sizes.households),
      action: roll < 0.7 ? 'plus' : roll < 0.95 ? 'minus' : 'mine',
    };
  });
}

/** What the presses must add up to, applied in order: +1 up to the limit, −1 down to 0. */
export function expectedOrders(presses: ReadonlyArray<{ userId: number; action: PressAction }>): {
  households: number;
  quantity: number;
} {
  const quantities = new Map<number, number>();
  for (const { userId, action } of presses) {
    const q = quantities.get(userId) ?? 0;
    if (action === 'plus') quantities.set(userId, Math.min(BUY_LIMIT, q + 1));
    if (action === 'minus') quantities.set(userId, Math.max(0, q - 1));
  }
  const positive = [...quantities.values()].filter((q) => q > 0);
  return { households: positive.length, quantity: positive.reduce((a, b) => a + b, 0) };
}
