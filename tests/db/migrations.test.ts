import { createHmac } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/db/audit.ts';
import { defaultMigrationsFolder, openDatabase } from '../../src/db/open.ts';
import { auditLog, buildings } from '../../src/db/schema.ts';
import { findBuildingByChat, syncBuildings } from '../../src/features/buildings/buildings.store.ts';
import {
  ballotOptionOf,
  castBallot,
  getVote,
  hasBallot,
  markClosed,
  redactPress,
} from '../../src/features/votes/votes.store.ts';
import { linkAttempts } from '../features/votes/link-attempts.ts';
import { auditRows, HOUR, MINUTE, seedBuildings, seedHousehold, seedUsers, T0 } from './memory-db.ts';

const dirs: string[] = [];
function tempDbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mutual-aid-db-'));
  dirs.push(dir);
  return join(dir, 'nested', 'folder', 'bot.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates the file and its folders, applies every migration, and sets WAL and foreign keys', () => {
    const path = tempDbPath();
    const { sqlite, close } = openDatabase(path);
    const tables = (
      sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]
    ).map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'buildings',
        'users',
        'households',
        'household_members',
        'processed_updates',
        'audit_log',
        'chats',
      ]),
    );
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    close();
  });

  it('applies migrations once: opening the same file again changes nothing', () => {
    const path = tempDbPath();
    const first = openDatabase(path);
    const count = () =>
      (first.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n;
    const applied = count();
    expect(applied).toBeGreaterThanOrEqual(2);
    first.close();
    const second = openDatabase(path);
    expect((second.sqlite.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(
      applied,
    );
    second.close();
  });

  it('honours the FULL durability setting', () => {
    const { sqlite, close } = openDatabase(':memory:', { synchronous: 'FULL' });
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2);
    close();
  });

  it('keeps the audit log append-only', () => {
    const { db, sqlite, close } = openDatabase(':memory:');
    db.transaction((tx) => appendAudit(tx, { at: 1, actor: 7, action: 'test.do', subject: 'thing:1' }));
    expect(() => sqlite.prepare('update audit_log set action = ?').run('x')).toThrow(/append-only/);
    expect(() => sqlite.prepare('delete from audit_log').run()).toThrow(/append-only/);
    expect(db.select().from(auditLog).all()).toHaveLength(1);
    close();
  });
});

describe('syncBuildings', () => {
  it('adds, renames and retires buildings to match the config', () => {
    const { db, close } = openDatabase(':memory:');
    syncBuildings(
      db,
      [
        { id: 'b1', name: 'One', chatId: -1, language: 'en' },
        { id: 'b2', name: 'Two', chatId: -2, language: 'zh' },
      ],
      1,
    );
    syncBuildings(db, [{ id: 'b1', name: 'One renamed', chatId: -1, language: 'en' }], 2);
    const rows = db.select().from(buildings).orderBy(buildings.id).all();
    expect(rows.map((r) => [r.id, r.name, r.active])).toEqual([
      ['b1', 'One renamed', true],
      ['b2', 'Two', false],
    ]);
    expect(findBuildingByChat(db, -2)).toBeUndefined();
    close();
  });
});

/**
 * A copy of the project's migrations up to, not including, the one whose tag ends with `tag`: a database opened
 * with it has the shape the bot had before that migration.
 */
function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'mutual-aid-migrations-'));
  dirs.push(folder);
  mkdirSync(join(folder, 'meta'));
  const journal = JSON.parse(readFileSync(join(defaultMigrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: Array<{ tag: string }>;
  };
  const upTo = journal.entries.findIndex((e) => e.tag.endsWith(tag));
  expect(upTo).toBeGreaterThan(0);
  const entries = journal.entries.slice(0, upTo);
  for (const e of entries) copyFileSync(join(defaultMigrationsFolder, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
  return folder;
}

describe('the migration that makes anonymous ballots unlinkable', () => {
  const ANN = 700_001;
  const BO = 700_002;
  const CY = 700_003;
  const ORGANIZER = 700_009;
  const OLD_KEY = 'c0ffee'.repeat(10).concat('beef');
  const hmac = (voteId: number, identity: string) =>
    `a:${createHmac('sha256', OLD_KEY).update(`${voteId}:${identity}`).digest('hex')}`;
  const opened = T0 + HOUR;

  /**
   * What the bot before the migration left of votes: an anonymous per-person vote closed (ballots under the
   * installation's key, cast and changed at exact times, audited with their voters, the presses in the inbox, the
   * card's edits in the outbox), an anonymous household vote still open, and a vote that is not anonymous.
   */
  function oldShapeDatabase(path: string): { castTimes: number[]; households: number[] } {
    const old = openDatabase(path, { migrationsFolder: migrationsBefore('_anonymous_ballots_unlinkable') });
    expect(
      old.sqlite.prepare("select count(*) from sqlite_master where name = 'anonymous_vote_keys'").pluck().get(),
    ).toBe(0);
    seedBuildings(old.db, ['east']);
    seedUsers(old.db, [
      { id: ORGANIZER, firstName: 'Olga' },
      { id: ANN, firstName: 'Ann' },
      { id: BO, firstName: 'Bo' },
      { id: CY, firstName: 'Cy' },
    ]);
    const h1502 = seedHousehold(old.db, 'east', '1502', [ANN, BO]);
    const h902 = seedHousehold(old.db, 'east', '902', [CY]);
    const sql = old.sqlite;
    sql.prepare("insert into app_settings (key, value) values ('anonymity-key', ?)").run(OLD_KEY);
    const insertVote = sql.prepare(
      `insert into votes (id, building_id, organizer_id, question, options, per_household, anonymous, hidden,
         member_count, closes_at, status, closed_at, closed_by, created_at)
       values (@id, 'east', @organizer, @question, @options, @perHousehold, @anonymous, 0, 12, @closesAt, @status,
         @closedAt, @closedBy, @opened)`,
    );
    const closed = (closedAt: number) => ({ status: 'closed', closedAt, closedBy: ORGANIZER });
    const open = { status: 'open', closedAt: null, closedBy: null };
    for (const vote of [
      {
        id: 1,
        question: 'Lunch?',
        options: '["Noodles","Rice"]',
        perHousehold: 0,
        anonymous: 1,
        ...closed(opened + 2 * HOUR),
      },
      { id: 2, question: 'Gate?', options: '["Gate open","Gate shut"]', perHousehold: 1, anonymous: 1, ...open },
      {
        id: 3,
        question: 'Paint?',
        options: '["Blue","Green"]',
        perHousehold: 0,
        anonymous: 0,
        ...closed(opened + HOUR),
      },
    ])
      insertVote.run({ ...vote, organizer: ORGANIZER, closesAt: T0 + 100 * HOUR, opened });
    const audit = sql.prepare(
      'insert into audit_log (at, actor, building_id, action, subject, details) values (?, ?, ?, ?, ?, ?)',
    );
    audit.run(opened, ORGANIZER, 'east', 'vote.open', 'vote:1', '{"anonymous":true}');
    audit.run(opened, ORGANIZER, 'east', 'vote.open', 'vote:2', '{"anonymous":true}');
    audit.run(opened, ORGANIZER, 'east', 'vote.open', 'vote:3', '{"anonymous":false}');
    const ballot = sql.prepare(
      `insert into ballots (vote_id, voter_key, voter_id, household_id, option, cast_at) values (?, ?, ?, ?, ?, ?)
       on conflict (vote_id, voter_key) do update set option = excluded.option, cast_at = excluded.cast_at`,
    );
    const inbox = sql.prepare(
      'insert into inbox_updates (update_id, chat_id, payload, received_at) values (?, ?, ?, ?)',
    );
    const processed = sql.prepare(
      "insert into processed_updates (update_id, chat_id, kind, processed_at) values (?, ?, 'callback_query', ?)",
    );
    const edit = sql.prepare(
      `insert into outbox (chat_id, method, payload, kind, target_ref, status, created_at, sent_at)
       values (?, 'editMessageText', ?, 'vote-card-edit', ?, 'sent', ?, ?)`,
    );
    const chatId = -1001;
    const castTimes: number[] = [];
    let updateId = 500;
    const press = (voteId: number, voter: number, option: number, at: number, counts: string, handled = true) => {
      updateId += 1;
      const data = `v1:vote:${voteId}:${option}`;
      const payload = {
        update_id: updateId,
        callback_query: {
          id: `q${updateId}`,
          from: { id: voter },
          message: { text: `Vote #${voteId}: ${counts}` },
          data,
        },
      };
      inbox.run(updateId, chatId, JSON.stringify(payload), at);
      if (!handled) return;
      processed.run(updateId, chatId, at);
      castTimes.push(at);
      const card = `vote:${voteId}:card`;
      edit.run(chatId, JSON.stringify({ message_ref: card, text: `Vote #${voteId}: ${counts}` }), card, at, at);
    };
    const cast = (voteId: number, identity: string, option: number, at: number, voter: number, change: boolean) => {
      ballot.run(voteId, hmac(voteId, identity), null, null, option, at);
      audit.run(at, voter, 'east', change ? 'vote.ballot_change' : 'vote.ballot', `vote:${voteId}`, '{}');
    };
    // vote 1: Ann Noodles, Bo Rice, Cy Noodles then Rice
    press(1, ANN, 0, opened + 1 * MINUTE, 'Noodles — 1 Rice — 0');
    cast(1, `u:${ANN}`, 0, opened + 1 * MINUTE, ANN, false);
    press(1, BO, 1, opened + 3 * MINUTE, 'Noodles — 1 Rice — 1');
    cast(1, `u:${BO}`, 1, opened + 3 * MINUTE, BO, false);
    press(1, CY, 0, opened + 7 * MINUTE, 'Noodles — 2 Rice — 1');
    cast(1, `u:${CY}`, 0, opened + 7 * MINUTE, CY, false);
    press(1, CY, 1, opened + 12 * MINUTE, 'Noodles — 1 Rice — 2');
    cast(1, `u:${CY}`, 1, opened + 12 * MINUTE, CY, true);
    audit.run(opened + 2 * HOUR, ORGANIZER, 'east', 'vote.close', 'vote:1', null);
    // vote 2 (open): household 1502 chose "Gate open" by Ann; a press by Cy came in but was not handled yet
    press(2, ANN, 0, opened + 20 * MINUTE, 'Gate open — 1');
    cast(2, `h:${h1502}`, 0, opened + 20 * MINUTE, ANN, false);
    press(2, CY, 1, opened + 25 * MINUTE, 'Gate open — 1', false);
    // vote 3 (not anonymous)
    ballot.run(3, `u:${ANN}`, ANN, h1502, 1, opened + 30 * MINUTE);
    audit.run(opened + 30 * MINUTE, ANN, 'east', 'vote.ballot', 'vote:3', '{"option":1}');
    old.close();
    return { castTimes, households: [h1502, h902] };
  }

  const voteOne = (castTimes: number[], households: number[]) => ({
    voteId: 1,
    voters: [ANN, BO, CY],
    households,
    options: ['Noodles', 'Rice'],
    castTimes,
  });
  const options = (sqlite: Database.Database, voteId: number) =>
    sqlite.prepare('select option from ballots where vote_id = ? order by option').pluck().all(voteId);

  it('makes a closed anonymous vote unlinkable: no key, time, order, audit actor, inbox press or card edit is left', () => {
    const path = tempDbPath();
    const { castTimes, households } = oldShapeDatabase(path);
    const before = openDatabase(path, { migrationsFolder: migrationsBefore('_anonymous_ballots_unlinkable') });
    // the old shape is linkable every way the check tries
    expect(linkAttempts(before.sqlite, voteOne(castTimes, households)).length).toBeGreaterThan(5);
    before.close();

    const { db, sqlite, close } = openDatabase(path);
    expect(linkAttempts(sqlite, voteOne(castTimes, households))).toEqual([]);
    expect(options(sqlite, 1)).toEqual([0, 1, 1]);
    expect(sqlite.prepare("select count(*) from app_settings where key = 'anonymity-key'").pluck().get()).toBe(0);
    expect(sqlite.prepare('select vote_id from anonymous_vote_keys').pluck().all()).toEqual([2]);
    const ballotAudit = auditRows(db, 'vote.ballot', 'vote.ballot_change').filter((r) => r.subject === 'vote:1');
    expect(ballotAudit.map((r) => [r.action, r.actor, r.at])).toEqual([
      ['vote.ballot', null, opened],
      ['vote.ballot', null, opened],
      ['vote.ballot', null, opened],
      ['vote.ballot_change', null, opened],
    ]);
    expect(auditRows(db, 'vote.ballots_unlinked').map((r) => [r.subject, r.actor, r.details])).toEqual([
      ['vote:1', null, { rows: 4 }],
      ['vote:2', null, { rows: 1 }],
    ]);
    // the one exception made, the audit log is append-only again
    expect(() => sqlite.prepare('update audit_log set actor = 1').run()).toThrow(/append-only/);
    // a vote that is not anonymous keeps its voter and time
    expect(sqlite.prepare('select voter_id, cast_at from ballots where vote_id = 3').all()).toEqual([
      { voter_id: ANN, cast_at: opened + 30 * MINUTE },
    ]);
    expect(auditRows(db, 'vote.ballot').filter((r) => r.subject === 'vote:3')[0]?.actor).toBe(ANN);
    close();
    // the presses and the card's counts are overwritten where they lay, not left in the file's free space
    const bytes = readFileSync(path).toString('latin1');
    expect(bytes).not.toMatch(/"data":"v1:vote:1:/);
    expect(readFileSync(path).includes('Noodles — 2')).toBe(false);
  });

  it('lets the voters of an open anonymous vote change their ballot after it, and unlinks it at its close', () => {
    const path = tempDbPath();
    const { castTimes, households } = oldShapeDatabase(path);
    const [h1502, h902] = households as [number, number];
    const { db, sqlite, close } = openDatabase(path);
    const vote = getVote(db, 2)!;
    // Bo, of Ann's household, sees the household's ballot and changes it; no second ballot
    expect(db.transaction((tx) => hasBallot(tx, vote, BO, h1502))).toBe(true);
    expect(db.transaction((tx) => ballotOptionOf(tx, vote, BO, h1502))).toBe(0);
    expect(
      db.transaction((tx) => castBallot(tx, vote, { userId: BO, householdId: h1502, option: 1, now: T0 + 50 * HOUR })),
    ).toBe(true);
    expect(options(sqlite, 2)).toEqual([1]);
    // the press not handled before the migration is still whole, to be handled at the next start
    const waiting = sqlite.prepare('select payload from inbox_updates where update_id = 506').pluck().get() as string;
    expect(JSON.parse(waiting).callback_query.from.id).toBe(CY);
    expect(db.transaction((tx) => hasBallot(tx, vote, CY, h902))).toBe(false);
    // handled now, as the bot does at start: the ballot, and the press's inbox copy forgotten in the same commit
    db.transaction((tx) => {
      redactPress(tx, 506);
      castBallot(tx, vote, { userId: CY, householdId: h902, option: 1, now: T0 + 51 * HOUR });
    });
    expect(options(sqlite, 2)).toEqual([1, 1]);
    expect(db.transaction((tx) => markClosed(tx, vote, null, T0 + 100 * HOUR, { webhooks: [], timezone: 'UTC' }))).toBe(
      true,
    );
    expect(
      linkAttempts(sqlite, {
        voteId: 2,
        voters: [ANN, BO, CY],
        households,
        options: ['Gate open', 'Gate shut'],
        castTimes: [...castTimes, T0 + 50 * HOUR, T0 + 51 * HOUR],
      }),
    ).toEqual([]);
    expect(sqlite.prepare('select count(*) from anonymous_vote_keys').pluck().get()).toBe(0);
    close();
    // the installation's old key, kept for this vote, is not left in the file's free space either
    expect(readFileSync(path).toString('latin1').includes(OLD_KEY)).toBe(false);
  });
});
