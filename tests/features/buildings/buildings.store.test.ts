import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { buildings, chats } from '../../../src/db/schema.ts';
import {
  claimUndeclaredNotice,
  findBuilding,
  findBuildingByChat,
  recordBotStatus,
  recordChatMigration,
  syncBuildings,
  upsertChat,
} from '../../../src/features/buildings/buildings.store.ts';
import { auditRows, HOUR, MINUTE, openTestDatabase, T0 } from '../../db/memory-db.ts';

let handle: DatabaseHandle;
beforeEach(() => {
  handle = openTestDatabase();
});
afterEach(() => handle.close());

const east = { id: 'east', name: 'East Tower', chatId: -100, language: 'en' as const };
const west = { id: 'west', name: '西楼', chatId: -200, language: 'zh' as const };

const buildingRows = () => handle.db.select().from(buildings).orderBy(asc(buildings.id)).all();
const chatRow = (id: number) => handle.db.select().from(chats).where(eq(chats.id, id)).get();

describe('syncBuildings', () => {
  it('adds the declared buildings, active, each with the chat the config names, and audits each', () => {
    syncBuildings(handle.db, [east, west], T0);
    expect(buildingRows()).toEqual([
      { ...east, configChatId: -100, active: true, syncedAt: T0 },
      { ...west, configChatId: -200, active: true, syncedAt: T0 },
    ]);
    expect(auditRows(handle.db, 'building.sync').map((r) => [r.actor, r.buildingId, r.subject, r.details])).toEqual([
      [null, 'east', 'building:east', { chatId: -100, name: 'East Tower' }],
      [null, 'west', 'building:west', { chatId: -200, name: '西楼' }],
    ]);
  });

  it('audits nothing when the config did not change, but records the time of the sync', () => {
    syncBuildings(handle.db, [east], T0);
    syncBuildings(handle.db, [east], T0 + HOUR);
    expect(buildingRows().map((b) => b.syncedAt)).toEqual([T0 + HOUR]);
    expect(auditRows(handle.db, 'building.sync')).toHaveLength(1);
  });

  it('renames a building and changes its language, auditing the rename', () => {
    syncBuildings(handle.db, [east], T0);
    syncBuildings(handle.db, [{ ...east, name: 'East', language: 'zh' }], T0 + HOUR);
    expect(findBuilding(handle.db, 'east')).toMatchObject({ name: 'East', language: 'zh' });
    expect(auditRows(handle.db, 'building.sync').map((r) => r.details)).toEqual([
      { chatId: -100, name: 'East Tower' },
      { chatId: -100, name: 'East' },
    ]);
  });

  it('retires a building left out of the config, keeping its row, and serves it again when it returns', () => {
    syncBuildings(handle.db, [east, west], T0);
    syncBuildings(handle.db, [east], T0 + HOUR);
    expect(buildingRows().map((b) => [b.id, b.active, b.syncedAt])).toEqual([
      ['east', true, T0 + HOUR],
      ['west', false, T0 + HOUR],
    ]);
    expect(findBuildingByChat(handle.db, -200)).toBeUndefined();
    expect(findBuilding(handle.db, 'west')?.name).toBe('西楼');
    syncBuildings(handle.db, [east, west], T0 + 2 * HOUR);
    expect(findBuildingByChat(handle.db, -200)?.id).toBe('west');
    expect(auditRows(handle.db, 'building.sync').filter((r) => r.buildingId === 'west')).toHaveLength(2);
  });

  it('keeps the supergroup id of a migrated group while the config still names the old one', () => {
    syncBuildings(handle.db, [east], T0);
    handle.db.transaction((tx) => recordChatMigration(tx, -100, -100999, T0 + MINUTE, null));
    syncBuildings(handle.db, [east], T0 + HOUR);
    expect(findBuilding(handle.db, 'east')).toMatchObject({ chatId: -100999, configChatId: -100 });
  });

  it('takes the chat the config names once it names a new one', () => {
    syncBuildings(handle.db, [east], T0);
    handle.db.transaction((tx) => recordChatMigration(tx, -100, -100999, T0 + MINUTE, null));
    syncBuildings(handle.db, [{ ...east, chatId: -300 }], T0 + HOUR);
    expect(findBuilding(handle.db, 'east')).toMatchObject({ chatId: -300, configChatId: -300 });
  });
});

describe('findBuildingByChat and findBuilding', () => {
  it('find a building by its chat, or by its id', () => {
    syncBuildings(handle.db, [east, west], T0);
    expect(findBuildingByChat(handle.db, -200)?.id).toBe('west');
    expect(findBuilding(handle.db, 'east')?.chatId).toBe(-100);
  });

  it('find nothing for an unknown chat or id', () => {
    syncBuildings(handle.db, [east], T0);
    expect(findBuildingByChat(handle.db, -999)).toBeUndefined();
    expect(findBuilding(handle.db, 'nowhere')).toBeUndefined();
  });

  // the chats' buildings are kept once read (every update asks): what changes them must be seen at once
  const byChat = (...chatIds: number[]) => chatIds.map((id) => findBuildingByChat(handle.db, id)?.id ?? null);

  it('find what a new sync says, after the chats were asked about', () => {
    syncBuildings(handle.db, [east, west], T0);
    expect(byChat(-100, -200, -300)).toEqual(['east', 'west', null]);
    syncBuildings(handle.db, [{ ...east, chatId: -300 }], T0 + HOUR);
    expect(byChat(-100, -200, -300)).toEqual([null, null, 'east']);
  });

  it('find the building in its new chat once its group is migrated, after the chats were asked about', () => {
    syncBuildings(handle.db, [east], T0);
    expect(byChat(-100, -100999)).toEqual(['east', null]);
    handle.db.transaction((tx) => recordChatMigration(tx, -100, -100999, T0 + MINUTE, null));
    expect(byChat(-100, -100999)).toEqual([null, 'east']);
  });

  it('find the building where it was after a migration that was undone, from the turn after', async () => {
    syncBuildings(handle.db, [east], T0);
    expect(byChat(-100, -100999)).toEqual(['east', null]);
    expect(() =>
      handle.db.transaction((tx) => {
        recordChatMigration(tx, -100, -100999, T0 + MINUTE, null);
        expect(findBuildingByChat(tx, -100999)?.id).toBe('east');
        throw new Error('the handler failed after the move');
      }),
    ).toThrow('the handler failed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(byChat(-100, -100999)).toEqual(['east', null]);
  });

  it('give a row no caller can change for the others', () => {
    syncBuildings(handle.db, [east], T0);
    const found = findBuildingByChat(handle.db, -100) as { name: string };
    expect(() => {
      found.name = 'changed';
    }).toThrow(TypeError);
    expect(findBuildingByChat(handle.db, -100)?.name).toBe('East Tower');
  });
});

describe('recordChatMigration', () => {
  it('serves the building in the new chat at once, audits the move and records the old chat as migrated', () => {
    syncBuildings(handle.db, [east], T0);
    const moved = handle.db.transaction((tx) => recordChatMigration(tx, -100, -100999, T0 + MINUTE, 42));
    expect(moved).toMatchObject({ id: 'east', chatId: -100999 });
    expect(findBuildingByChat(handle.db, -100)).toBeUndefined();
    expect(findBuildingByChat(handle.db, -100999)?.id).toBe('east');
    expect(chatRow(-100)).toMatchObject({ botStatus: 'migrated', migratedToChatId: -100999, updatedAt: T0 + MINUTE });
    expect(auditRows(handle.db, 'building.migrate').map((r) => [r.actor, r.buildingId, r.details])).toEqual([
      [42, 'east', { fromChatId: -100, toChatId: -100999 }],
    ]);
  });

  it('moves nothing the second time the same migration is reported', () => {
    syncBuildings(handle.db, [east], T0);
    handle.db.transaction((tx) => recordChatMigration(tx, -100, -100999, T0 + MINUTE, null));
    const again = handle.db.transaction((tx) => recordChatMigration(tx, -100, -100999, T0 + 2 * MINUTE, null));
    expect(again).toBeUndefined();
    expect(findBuilding(handle.db, 'east')?.chatId).toBe(-100999);
    expect(auditRows(handle.db, 'building.migrate')).toHaveLength(1);
  });

  it('records the migration of a group that is no building, moving nothing', () => {
    syncBuildings(handle.db, [east], T0);
    const moved = handle.db.transaction((tx) => recordChatMigration(tx, -555, -555999, T0, null));
    expect(moved).toBeUndefined();
    expect(chatRow(-555)).toMatchObject({ type: 'group', botStatus: 'migrated', migratedToChatId: -555999 });
    expect(findBuilding(handle.db, 'east')?.chatId).toBe(-100);
    expect(auditRows(handle.db, 'building.migrate')).toEqual([]);
  });
});

describe('upsertChat', () => {
  it('records a new chat as one the bot may write to', () => {
    handle.db.transaction((tx) => upsertChat(tx, { id: -100, type: 'supergroup', title: 'East' }, T0));
    expect(chatRow(-100)).toEqual({
      id: -100,
      type: 'supergroup',
      title: 'East',
      botStatus: 'member',
      migratedToChatId: null,
      undeclaredNoticeAt: null,
      updatedAt: T0,
    });
  });

  it('updates the fields given and keeps those left out', () => {
    handle.db.transaction((tx) => upsertChat(tx, { id: -100, type: 'group', title: 'East', botStatus: 'left' }, T0));
    handle.db.transaction((tx) => upsertChat(tx, { id: -100, type: 'supergroup' }, T0 + HOUR));
    expect(chatRow(-100)).toMatchObject({ type: 'supergroup', title: 'East', botStatus: 'left', updatedAt: T0 + HOUR });
    handle.db.transaction((tx) => upsertChat(tx, { id: -100, type: 'supergroup', title: null }, T0 + 2 * HOUR));
    expect(chatRow(-100)?.title).toBeNull();
  });
});

describe('recordBotStatus', () => {
  it('records the bot’s membership of the chat and audits it under the building', () => {
    handle.db.transaction((tx) =>
      recordBotStatus(tx, { id: -100, type: 'supergroup', botStatus: 'kicked' }, T0, 42, 'east'),
    );
    expect(chatRow(-100)?.botStatus).toBe('kicked');
    expect(auditRows(handle.db, 'chat.bot_status').map((r) => [r.actor, r.buildingId, r.subject, r.details])).toEqual([
      [42, 'east', 'chat:-100', { status: 'kicked' }],
    ]);
  });

  it('records the bot back in a chat it had left', () => {
    handle.db.transaction((tx) => recordBotStatus(tx, { id: -100, type: 'group', botStatus: 'left' }, T0, 1, null));
    handle.db.transaction((tx) =>
      recordBotStatus(tx, { id: -100, type: 'group', botStatus: 'member' }, T0 + HOUR, 1, null),
    );
    expect(chatRow(-100)).toMatchObject({ botStatus: 'member', updatedAt: T0 + HOUR });
    expect(auditRows(handle.db, 'chat.bot_status').map((r) => r.details)).toEqual([
      { status: 'left' },
      { status: 'member' },
    ]);
  });
});

describe('claimUndeclaredNotice', () => {
  it('is true the first time for a group and false afterwards, keeping the time of the first', () => {
    const chat = { id: -700, type: 'group', title: 'Unknown' };
    expect(handle.db.transaction((tx) => claimUndeclaredNotice(tx, chat, T0))).toBe(true);
    expect(handle.db.transaction((tx) => claimUndeclaredNotice(tx, chat, T0 + HOUR))).toBe(false);
    expect(chatRow(-700)).toMatchObject({ title: 'Unknown', undeclaredNoticeAt: T0 });
  });

  it('is asked per group', () => {
    handle.db.transaction((tx) => claimUndeclaredNotice(tx, { id: -700, type: 'group' }, T0));
    expect(handle.db.transaction((tx) => claimUndeclaredNotice(tx, { id: -701, type: 'group' }, T0))).toBe(true);
  });
});
