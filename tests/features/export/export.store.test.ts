import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { createBuy, getBuy, markOrder, setOrder } from '../../../src/features/buys/buys.store.ts';
import { buildExport, withExportSource } from '../../../src/features/export/export.store.ts';
import { committeesForExport } from '../../../src/features/export/export.view.ts';
import { applyNeedAction, createNeed, getNeed, type NewNeed } from '../../../src/features/needs/needs.store.ts';
import { acknowledge, createNotice } from '../../../src/features/notices/notices.store.ts';
import { castBallot, createVote, getVote } from '../../../src/features/votes/votes.store.ts';
import type { VoteCommand } from '../../../src/features/votes/votes.ts';
import {
  DAY,
  HOUR,
  MINUTE,
  openTestDatabase,
  seedBuildings,
  seededChatId,
  seedHousehold,
  seedUsers,
  T0,
} from '../../db/memory-db.ts';

/** The events these changes make are tested in tests/features/events; here no webhook takes them. */
const noWebhooks = { webhooks: [], timezone: 'UTC' };

const ANN = 1;
const BO = 2;
const CY = 3;
const OLGA = 4;
const timezone = 'Asia/Shanghai';
/** T0 (09:00 UTC) as the export writes it. */
const T0_LOCAL = '2026-01-15T17:00:00+08:00';

let handle: DatabaseHandle;
let h1502: number;
let h902: number;
let h301: number;
/** What the scenario made, by name. */
const ids = {
  publicNeed: 0,
  privateNeed: 0,
  draftInEast: 0,
  draftUnplaced: 0,
  westNeed: 0,
  namedVote: 0,
  anonymousVote: 0,
  westVote: 0,
  bothNotice: 0,
  westAlert: 0,
  buy: 0,
  westBuy: 0,
};

function need(fields: Partial<NewNeed>, now: number): number {
  return handle.db.transaction((tx) =>
    createNeed(
      tx,
      {
        buildingId: 'east',
        requesterId: ANN,
        enteredBy: ANN,
        householdId: h1502,
        unit: '1502',
        priority: 'normal',
        category: 'food',
        text: 'bread for two days',
        private: false,
        status: 'open',
        ...fields,
      },
      now,
      noWebhooks,
    ),
  );
}

function vote(buildingId: string, overrides: Partial<VoteCommand>, now = T0): number {
  const command: VoteCommand = {
    question: 'Hire a cleaner?',
    options: ['Yes', 'No'],
    durationMs: DAY,
    perHousehold: false,
    anonymous: false,
    hidden: false,
    quorum: null,
    ...overrides,
  };
  return handle.db.transaction((tx) =>
    createVote(tx, { buildingId, organizerId: OLGA, command, memberCount: 3, now, events: noWebhooks }),
  );
}

function cast(voteId: number, userId: number, householdId: number | null, option: number, now: number): void {
  handle.db.transaction((tx) => castBallot(tx, getVote(tx, voteId)!, { userId, householdId, option, now }));
}

/**
 * Two buildings: `east` (1502: Ann and Bo; 902: nobody) and `west` (301: Cy), each with needs, votes, a buy and
 * notices, made through the stores at fixed times.
 */
beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, ['east', 'west']);
  seedUsers(handle.db, [
    { id: ANN, firstName: 'Ann' },
    { id: BO, firstName: 'Bo' },
    { id: CY, firstName: 'Cy' },
    { id: OLGA, firstName: 'Olga' },
  ]);
  h1502 = seedHousehold(handle.db, 'east', '1502', [ANN, BO]);
  h902 = seedHousehold(handle.db, 'east', '902');
  h301 = seedHousehold(handle.db, 'west', '301', [CY]);

  ids.publicNeed = need({ text: 'bread for two days' }, T0);
  ids.privateNeed = need({ text: 'insulin, fridge broken', private: true, category: 'medicine' }, T0 + MINUTE);
  ids.draftInEast = need({ text: 'a draft', private: true, status: 'draft' }, T0 + 2 * MINUTE);
  ids.draftUnplaced = need(
    { text: 'an unplaced draft', private: true, status: 'draft', buildingId: null, householdId: null, unit: null },
    T0 + 3 * MINUTE,
  );
  ids.westNeed = need(
    { buildingId: 'west', requesterId: CY, enteredBy: CY, householdId: h301, unit: '301', priority: 'urgent' },
    T0 + 4 * MINUTE,
  );
  handle.db.transaction((tx) => applyNeedAction(tx, getNeed(tx, ids.westNeed)!, 'claim', BO, T0 + HOUR, noWebhooks));

  ids.namedVote = vote('east', { question: 'Paint the lobby?', perHousehold: true });
  cast(ids.namedVote, ANN, h1502, 1, T0 + MINUTE);
  ids.anonymousVote = vote('east', { question: 'Secret?', anonymous: true });
  cast(ids.anonymousVote, ANN, h1502, 0, T0 + MINUTE);
  cast(ids.anonymousVote, BO, h1502, 0, T0 + 2 * MINUTE);
  ids.westVote = vote('west', { question: 'West only?' });

  handle.db.transaction((tx) => {
    ids.bothNotice = createNotice(tx, {
      buildingIds: ['east', 'west'],
      level: 'info',
      text: 'Water off 14:00-16:00',
      authorId: OLGA,
      pinned: false,
      now: T0 + 2 * HOUR,
      events: noWebhooks,
    });
    ids.westAlert = createNotice(tx, {
      buildingIds: ['west'],
      level: 'orange',
      text: 'Storm',
      authorId: OLGA,
      pinned: true,
      now: T0 + 3 * HOUR,
      events: noWebhooks,
    });
    acknowledge(tx, {
      noticeId: ids.bothNotice,
      buildingId: 'east',
      userId: ANN,
      householdId: h1502,
      now: T0,
      events: noWebhooks,
    });
    acknowledge(tx, {
      noticeId: ids.bothNotice,
      buildingId: 'west',
      userId: CY,
      householdId: h301,
      now: T0,
      events: noWebhooks,
    });
  });

  handle.db.transaction((tx) => {
    const command = { item: 'Rice 5kg', priceCents: 4550, min: 2, max: null, limit: 3, closesAt: T0 + DAY };
    ids.buy = createBuy(tx, { buildingId: 'east', organizerId: OLGA, command, now: T0 });
    const buy = getBuy(tx, ids.buy)!;
    setOrder(tx, buy, { householdId: h902, unit: '902', quantity: 1, userId: OLGA, now: T0 + MINUTE });
    setOrder(tx, buy, { householdId: h1502, unit: '1502', quantity: 2, userId: ANN, now: T0 + 2 * MINUTE });
    setOrder(tx, buy, { householdId: h902, unit: '902', quantity: 0, userId: OLGA, now: T0 + 3 * MINUTE });
    markOrder(tx, buy, { householdId: h1502, unit: '1502', field: 'paid', userId: OLGA, now: T0 + 4 * MINUTE });
    const west = { ...command, item: 'Eggs', priceCents: 1200 };
    ids.westBuy = createBuy(tx, { buildingId: 'west', organizerId: OLGA, command: west, now: T0 });
  });
});
afterEach(() => handle.close());

const everything = () => buildExport(handle.db, { timezone, now: T0 });
const eastOnly = () => buildExport(handle.db, { timezone, now: T0, buildingId: 'east' });

describe('buildExport of every building', () => {
  it('says when it was made, in the configured time zone with its offset', () => {
    expect(everything().exportedAt).toBe(T0_LOCAL);
    expect(buildExport(handle.db, { timezone: 'UTC', now: T0 }).exportedAt).toBe('2026-01-15T09:00:00+00:00');
  });

  it("lists the config's committees with the buildings each covers, all of them written out", () => {
    const committees = committeesForExport({
      buildings: [{ id: 'east' }, { id: 'west' }],
      committees: [
        { id: 'c1', name: 'Riverside committee', buildings: 'all' },
        { id: 'c2', name: 'West office', buildings: ['west'] },
      ],
    });
    expect(buildExport(handle.db, { timezone, now: T0, committees }).committees).toEqual([
      { id: 'c1', name: 'Riverside committee', buildings: ['east', 'west'] },
      { id: 'c2', name: 'West office', buildings: ['west'] },
    ]);
    // one building's export: the committees that cover it, with that building alone
    expect(buildExport(handle.db, { timezone, now: T0, buildingId: 'east', committees }).committees).toEqual([
      { id: 'c1', name: 'Riverside committee', buildings: ['east'] },
    ]);
  });

  it('lists the buildings by id with their chats', () => {
    expect(everything().buildings).toEqual([
      { id: 'east', name: 'Building east', chatId: seededChatId(0) },
      { id: 'west', name: 'Building west', chatId: seededChatId(1) },
    ]);
  });

  it('lists the households by building and unit with their members, empty ones too', () => {
    const households = everything().households.map((h) => ({ ...h, members: [...h.members].sort((a, b) => a - b) }));
    expect(households).toEqual([
      { building: 'east', unit: '1502', members: [ANN, BO] },
      { building: 'east', unit: '902', members: [] },
      { building: 'west', unit: '301', members: [CY] },
    ]);
  });

  it('leaves drafts out, placed in a building or not', () => {
    const needIds = everything().needs.map((n) => n.id);
    expect(needIds).toEqual([ids.publicNeed, ids.privateNeed, ids.westNeed]);
  });

  it('gives a public need with its text, requester, unit and times', () => {
    expect(everything().needs[0]).toEqual({
      id: ids.publicNeed,
      building: 'east',
      status: 'open',
      priority: 'normal',
      category: 'food',
      text: 'bread for two days',
      private: false,
      requester: ANN,
      unit: '1502',
      claimedBy: null,
      createdAt: T0_LOCAL,
      claimedAt: null,
      doneAt: null,
      repeat: null,
      offer: null,
    });
  });

  it('gives a private need without its text, its requester or its unit', () => {
    const privateNeed = everything().needs.find((n) => n.id === ids.privateNeed);
    expect(privateNeed).toMatchObject({
      private: true,
      text: null,
      category: 'medicine',
      requester: null,
      unit: null,
    });
    expect(JSON.stringify(everything())).not.toContain('insulin');
  });

  it('gives a claimed need with who claimed it and when', () => {
    const claimed = everything().needs.find((n) => n.id === ids.westNeed);
    expect(claimed).toMatchObject({
      building: 'west',
      status: 'claimed',
      priority: 'urgent',
      claimedBy: BO,
      claimedAt: '2026-01-15T18:00:00+08:00',
    });
  });

  it('gives a named vote’s ballots with voter and unit, and the counts per option', () => {
    const named = everything().votes.find((v) => v.id === ids.namedVote);
    expect(named).toEqual({
      id: ids.namedVote,
      building: 'east',
      question: 'Paint the lobby?',
      status: 'open',
      perHousehold: true,
      anonymous: false,
      quorum: null,
      closesAt: '2026-01-16T17:00:00+08:00',
      options: [
        { text: 'Yes', count: 0 },
        { text: 'No', count: 1 },
      ],
      ballots: [{ voter: ANN, unit: '1502', option: 1 }],
    });
  });

  it('gives an anonymous vote’s counts without any ballots', () => {
    const secret = everything().votes.find((v) => v.id === ids.anonymousVote);
    expect(secret).toMatchObject({
      anonymous: true,
      options: [
        { text: 'Yes', count: 2 },
        { text: 'No', count: 0 },
      ],
    });
    expect(secret).not.toHaveProperty('ballots');
  });

  it('gives a buy with its price as a decimal and only the orders still standing', () => {
    const rice = everything().buys.find((b) => b.id === ids.buy);
    expect(rice).toEqual({
      id: ids.buy,
      building: 'east',
      item: 'Rice 5kg',
      price: '45.50',
      status: 'open',
      min: 2,
      max: null,
      limit: 3,
      closesAt: '2026-01-16T17:00:00+08:00',
      orders: [{ unit: '1502', quantity: 2, paid: true, delivered: false, item: 0, amount: '91.00' }],
      items: [{ name: 'Rice 5kg', price: '45.50', max: null, limit: 3 }],
      minAmount: null,
      paymentInfo: null,
      cost: null,
      settledAt: null,
      // ticked paid: a payment of all it owed; 902 withdrew and owes nothing
      accounts: [{ unit: '1502', due: '91.00', paid: '91.00' }],
    });
  });

  it('gives each notice with all its buildings and every acknowledgement', () => {
    expect(everything().notices).toEqual([
      {
        id: ids.bothNotice,
        buildings: ['east', 'west'],
        level: 'info',
        text: 'Water off 14:00-16:00',
        sentAt: '2026-01-15T19:00:00+08:00',
        acknowledged: 2,
      },
      {
        id: ids.westAlert,
        buildings: ['west'],
        level: 'orange',
        text: 'Storm',
        sentAt: '2026-01-15T20:00:00+08:00',
        acknowledged: 0,
      },
    ]);
  });

  it('gives the whole audit log in order, without its details', () => {
    const audit = everything().audit;
    expect(audit.map((a) => a.action)).toContain('notice.send');
    expect(audit.find((a) => a.subject === `need:${ids.publicNeed}`)).toEqual({
      at: T0_LOCAL,
      actor: ANN,
      action: 'need.open',
      subject: `need:${ids.publicNeed}`,
    });
    expect(audit.filter((a) => a.subject.startsWith('need:')).map((a) => a.subject)).toEqual([
      `need:${ids.publicNeed}`,
      `need:${ids.privateNeed}`,
      `need:${ids.westNeed}`,
      `need:${ids.westNeed}`,
    ]);
  });
});

describe('buildExport of one building', () => {
  it('gives only that building, its households, needs, votes and buys', () => {
    const east = eastOnly();
    expect(east.buildings.map((b) => b.id)).toEqual(['east']);
    expect(east.households.map((h) => h.unit)).toEqual(['1502', '902']);
    expect(east.needs.map((n) => n.id)).toEqual([ids.publicNeed, ids.privateNeed]);
    expect(east.votes.map((v) => v.id)).toEqual([ids.namedVote, ids.anonymousVote]);
    expect(east.buys.map((b) => b.id)).toEqual([ids.buy]);
  });

  it('gives the notices sent to it, naming only it and counting only its acknowledgements', () => {
    expect(eastOnly().notices).toEqual([
      {
        id: ids.bothNotice,
        buildings: ['east'],
        level: 'info',
        text: 'Water off 14:00-16:00',
        sentAt: '2026-01-15T19:00:00+08:00',
        acknowledged: 1,
      },
    ]);
  });

  it('gives only the audit rows of that building', () => {
    const subjects = eastOnly().audit.map((a) => a.subject);
    expect(subjects).toContain(`need:${ids.publicNeed}`);
    expect(subjects).toContain(`buy:${ids.buy}`);
    expect(subjects).not.toContain(`need:${ids.westNeed}`);
    expect(subjects).not.toContain(`buy:${ids.westBuy}`);
    expect(subjects).not.toContain(`vote:${ids.westVote}`);
    expect(subjects).not.toContain(`notice:${ids.westAlert}`);
  });

  it('gives nothing but the time for a building that does not exist', () => {
    expect(buildExport(handle.db, { timezone, now: T0, buildingId: 'nowhere' })).toEqual({
      exportedAt: T0_LOCAL,
      buildings: [],
      committees: [],
      households: [],
      needs: [],
      offers: [],
      votes: [],
      buys: [],
      notices: [],
      surveys: [],
      shifts: [],
      calls: [],
      audit: [],
    });
  });
});

describe('withExportSource (the workbook reads it as it writes)', () => {
  /** The source with its streams read out, as a document. */
  const streamed = (buildingId?: string) =>
    withExportSource(handle.db, { timezone, now: T0, ...(buildingId ? { buildingId } : {}) }, async (source) => ({
      ...source,
      lengths: { needs: source.needs.length, audit: source.audit.length },
      needs: [...source.needs],
      audit: [...source.audit],
    }));

  it('gives what buildExport gives, every building or one, with the lengths of its streams known beforehand', async () => {
    for (const building of [undefined, 'east', 'west']) {
      const doc = buildExport(handle.db, { timezone, now: T0, ...(building ? { buildingId: building } : {}) });
      const { lengths, ...source } = await streamed(building);
      expect(source).toEqual(doc);
      expect(lengths).toEqual({ needs: doc.needs.length, audit: doc.audit.length });
    }
  });

  it('reads past a page of needs, in order, and ends its read transaction however the writer ends', async () => {
    const first = need({ text: 'page 1' }, T0);
    for (let i = 0; i < 1_100; i++) need({ text: `more ${i}` }, T0 + i);
    const { needs, lengths } = await streamed('east');
    expect(needs.length).toBe(lengths.needs);
    expect(needs.map((n) => n.id)).toEqual([...needs.map((n) => n.id)].sort((a, b) => a - b));
    expect(needs.filter((n) => n.id >= first)).toHaveLength(1_101);
    await expect(
      withExportSource(handle.db, { timezone, now: T0 }, async () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(handle.sqlite.inTransaction).toBe(false);
  });
});
