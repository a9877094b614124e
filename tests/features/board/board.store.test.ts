import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../src/db/audit.ts';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { notices, votes } from '../../../src/db/schema.ts';
import {
  auditChangesSince,
  forgetBoard,
  getBoard,
  latestClosedVotes,
  latestNoticesOf,
  recordBoardEdited,
  recordBoardPosted,
  recordPinRefused,
} from '../../../src/features/board/board.store.ts';
import { auditRows, MINUTE, ORGANIZER, openNeighbourhood, openTestDatabase, T0 } from '../../db/memory-db.ts';

let handle: DatabaseHandle;
beforeEach(() => {
  handle = openNeighbourhood();
});
afterEach(() => handle.close());

const post = (ref: string, text: string, now: number) =>
  handle.db.transaction((tx) => recordBoardPosted(tx, { buildingId: 'east', ref, text, actor: ORGANIZER, now }));

describe('a building’s board', () => {
  it('is recorded when posted, audited, and a re-post takes its place with a new message to edit', () => {
    expect(getBoard(handle.db, 'east')).toBeUndefined();
    post('board:east:1', 'first', T0);
    expect(getBoard(handle.db, 'east')).toMatchObject({ ref: 'board:east:1', text: 'first', editedAt: T0 });
    post('board:east:2', 'second', T0 + MINUTE);
    expect(getBoard(handle.db, 'east')).toMatchObject({
      ref: 'board:east:2',
      text: 'second',
      editedAt: T0 + MINUTE,
      createdAt: T0,
    });
    expect(auditRows(handle.db, 'board.post').map((r) => [r.buildingId, r.actor])).toEqual([
      ['east', ORGANIZER],
      ['east', ORGANIZER],
    ]);
  });

  it('keeps the text last queued and when', () => {
    post('board:east:1', 'first', T0);
    handle.db.transaction((tx) => recordBoardEdited(tx, 'east', 'edited', T0 + 2 * MINUTE));
    expect(getBoard(handle.db, 'east')).toMatchObject({
      ref: 'board:east:1',
      text: 'edited',
      editedAt: T0 + 2 * MINUTE,
    });
  });

  it('records a refused pin once per post: a new post asks again', () => {
    post('board:east:1', 'first', T0);
    const refuse = (at: number) => handle.db.transaction((tx) => recordPinRefused(tx, 'east', at));
    expect(refuse(T0 + 1)).toBe(true);
    expect(refuse(T0 + 2)).toBe(false);
    expect(getBoard(handle.db, 'east')?.pinRefusedAt).toBe(T0 + 1);
    post('board:east:2', 'again', T0 + MINUTE);
    expect(getBoard(handle.db, 'east')?.pinRefusedAt).toBeNull();
    expect(refuse(T0 + MINUTE + 1)).toBe(true);
    expect(handle.db.transaction((tx) => recordPinRefused(tx, 'west', T0))).toBe(false);
  });

  it('is forgotten when its message is gone, audited once', () => {
    post('board:east:1', 'first', T0);
    handle.db.transaction((tx) => forgetBoard(tx, 'east', T0 + MINUTE));
    handle.db.transaction((tx) => forgetBoard(tx, 'east', T0 + 2 * MINUTE));
    expect(getBoard(handle.db, 'east')).toBeUndefined();
    expect(auditRows(handle.db, 'board.gone')).toHaveLength(1);
  });
});

describe('auditChangesSince', () => {
  const audit = (buildingId: string | null) =>
    handle.db.transaction((tx) => appendAudit(tx, { at: T0, actor: null, buildingId, action: 'test', subject: 'x' }));

  it('gives only the last row at the first look, then the buildings named after the cursor', () => {
    audit('east');
    const first = auditChangesSince(handle.db, undefined);
    expect(first.buildingIds).toEqual([]);
    expect(first.lastId).toBeGreaterThan(0);
    expect(auditChangesSince(handle.db, first.lastId)).toEqual({ lastId: undefined, buildingIds: [] });
    audit('west');
    audit('west');
    audit(null);
    const next = auditChangesSince(handle.db, first.lastId);
    expect(next.lastId).toBe(first.lastId! + 3);
    expect([...next.buildingIds].sort()).toEqual([null, 'west'].sort());
  });

  it('starts from zero on an empty log', () => {
    const empty = openTestDatabase();
    try {
      expect(auditChangesSince(empty.db, undefined)).toEqual({ lastId: 0, buildingIds: [] });
    } finally {
      empty.close();
    }
  });
});

describe('latestNoticesOf', () => {
  const notice = (buildingIds: string[], text: string) =>
    handle.db
      .insert(notices)
      .values({ buildingIds, level: 'info', text, authorId: null, pinned: false, sentAt: T0 })
      .returning({ id: notices.id })
      .get().id;

  it('is the notices sent to the building, newest first, whether to it alone or to several', () => {
    const a = notice(['east'], 'a');
    notice(['west'], 'b');
    const c = notice(['west', 'east'], 'c');
    const d = notice(['east'], 'd');
    notice(['eastern'], 'not east');
    expect(latestNoticesOf(handle.db, 'east', 3).map((n) => n.id)).toEqual([d, c, a]);
    expect(latestNoticesOf(handle.db, 'east', 2).map((n) => n.text)).toEqual(['d', 'c']);
    expect(latestNoticesOf(handle.db, 'north', 3)).toEqual([]);
  });
});

describe('latestClosedVotes', () => {
  const vote = (buildingId: string, status: 'open' | 'closed', closedAt: number | null) =>
    handle.db
      .insert(votes)
      .values({
        buildingId,
        organizerId: ORGANIZER,
        question: 'q',
        options: ['Yes', 'No'],
        perHousehold: false,
        anonymous: false,
        hidden: false,
        memberCount: null,
        closesAt: T0,
        status,
        closedAt,
        createdAt: T0,
      })
      .returning({ id: votes.id })
      .get().id;

  it('is the building’s closed votes, the last closed first', () => {
    const early = vote('east', 'closed', T0 + MINUTE);
    const late = vote('east', 'closed', T0 + 3 * MINUTE);
    vote('east', 'open', null);
    vote('west', 'closed', T0 + 5 * MINUTE);
    const middle = vote('east', 'closed', T0 + 2 * MINUTE);
    expect(latestClosedVotes(handle.db, 'east', 10).map((v) => v.id)).toEqual([late, middle, early]);
    expect(latestClosedVotes(handle.db, 'east', 1).map((v) => v.id)).toEqual([late]);
  });
});
