import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotContext } from '../../../src/bot/context.ts';
import { groupAnonymousBotId } from '../../../src/bot/people.ts';
import { type BotConfig, parseConfig } from '../../../src/config/index.ts';
import type { DatabaseHandle } from '../../../src/db/open.ts';
import { actorIn, inBuilding, pressedCard } from '../../../src/features/access/access.bot.ts';
import { type BuildingRow, findBuilding } from '../../../src/features/buildings/buildings.store.ts';
import { joinVolunteers, leaveVolunteers } from '../../../src/features/volunteers/volunteers.store.ts';
import { MINUTE, openTestDatabase, seedBuildings, seedUsers, T0 } from '../../db/memory-db.ts';
import { usageError } from '../usage-error.ts';

const B3_CHAT = -1003;
const B7_CHAT = -1007;
const GLOBAL_ADMIN = 10;
const B3_ADMIN = 11;
const CONFIG_VOLUNTEER = 12;
const JOINED_VOLUNTEER = 13;
const RESIDENT = 14;
const TG_ADMIN = 15;
const TG_CREATOR = 16;

type MemberStatus = 'creator' | 'administrator' | 'member' | 'left';

interface FakeTelegram {
  /** Each getChatMember call, as (chatId, userId). */
  calls: Array<[number, number]>;
  /** What getChatMember answers; a user missing here makes the call fail. */
  statuses: Map<number, MemberStatus>;
}

let handle: DatabaseHandle;
let config: BotConfig;
let telegram: FakeTelegram;
let cache: Map<string, { admin: boolean; member: boolean; until: number }>;
let warnings: Array<{ msg: string; chatId?: number; userId?: number; err?: string }>;
let b3: BuildingRow;
let b7: BuildingRow;

function configWith(trustChatAdmins: boolean): BotConfig {
  return parseConfig({
    admins: [GLOBAL_ADMIN],
    trustChatAdmins,
    buildings: [
      { id: 'b3', name: 'Building 3', chatId: B3_CHAT, admins: [B3_ADMIN], volunteers: [CONFIG_VOLUNTEER] },
      { id: 'b7', name: 'Building 7', chatId: B7_CHAT },
    ],
  }).config;
}

beforeEach(() => {
  handle = openTestDatabase();
  seedBuildings(handle.db, [
    { id: 'b3', name: 'Building 3', chatId: B3_CHAT, language: 'en' },
    { id: 'b7', name: 'Building 7', chatId: B7_CHAT, language: 'en' },
  ]);
  seedUsers(handle.db, [{ id: JOINED_VOLUNTEER, firstName: 'Jo' }]);
  handle.db.transaction((tx) =>
    joinVolunteers(tx, { buildingId: 'b3', userId: JOINED_VOLUNTEER, skills: '', now: T0 }),
  );
  b3 = findBuilding(handle.db, 'b3')!;
  b7 = findBuilding(handle.db, 'b7')!;
  config = configWith(true);
  telegram = {
    calls: [],
    statuses: new Map([
      [TG_ADMIN, 'administrator'],
      [TG_CREATOR, 'creator'],
      [RESIDENT, 'member'],
      [GLOBAL_ADMIN, 'member'],
      [B3_ADMIN, 'member'],
      [CONFIG_VOLUNTEER, 'member'],
      [JOINED_VOLUNTEER, 'member'],
      [groupAnonymousBotId, 'member'],
    ]),
  };
  cache = new Map();
  warnings = [];
});
afterEach(() => handle.close());

interface Sender {
  userId?: number;
  chatId: number;
  /** The chat a message was sent on behalf of (`sender_chat`). */
  senderChatId?: number;
  now?: number;
  building?: BuildingRow;
}

/** The few parts of a context that the access module reads, with a fake Telegram behind `api.getChatMember`. */
function contextOf(sender: Sender): BotContext {
  const chat = { id: sender.chatId, type: sender.chatId > 0 ? 'private' : 'supergroup' };
  const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
  const ctx = {
    from: sender.userId === undefined ? undefined : { id: sender.userId, is_bot: false, first_name: 'Someone' },
    chat,
    msg: sender.senderChatId === undefined ? {} : { sender_chat: { id: sender.senderChatId, type: 'supergroup' } },
    api: {
      async getChatMember(chatId: number, userId: number) {
        telegram.calls.push([chatId, userId]);
        const status = telegram.statuses.get(userId);
        if (status === undefined) throw new Error('Bad Request: PARTICIPANT_ID_INVALID');
        return { status, user: { id: userId, is_bot: false, first_name: 'Someone' } };
      },
    },
    app: {
      deps: { config, db: handle.db, logger, chatAdminCache: cache },
      now: sender.now ?? T0,
      building: sender.building,
    },
  };
  return ctx as unknown as BotContext;
}

const inGroup = (userId: number, building: BuildingRow = b3, now: number = T0) =>
  actorIn(contextOf({ userId, chatId: building.chatId, now, building }), building);

describe('actorIn', () => {
  describe('admins from the config', () => {
    it('makes a global admin an admin of every building, in its group and in a private chat', async () => {
      expect(await inGroup(GLOBAL_ADMIN, b3)).toEqual({
        userId: GLOBAL_ADMIN,
        isAdmin: true,
        isVolunteer: false,
        isAnonymous: false,
      });
      expect((await inGroup(GLOBAL_ADMIN, b7)).isAdmin).toBe(true);
      expect((await actorIn(contextOf({ userId: GLOBAL_ADMIN, chatId: GLOBAL_ADMIN }), b7)).isAdmin).toBe(true);
      expect(telegram.calls).toEqual([]);
    });

    it('makes a building’s admin an admin of that building only', async () => {
      expect((await inGroup(B3_ADMIN, b3)).isAdmin).toBe(true);
      expect((await actorIn(contextOf({ userId: B3_ADMIN, chatId: B3_ADMIN }), b3)).isAdmin).toBe(true);
      expect((await inGroup(B3_ADMIN, b7)).isAdmin).toBe(false);
    });
  });

  describe('the anonymous admin', () => {
    it('takes the group posting as itself for an admin of that group’s building, and no volunteer', async () => {
      const ctx = contextOf({ userId: groupAnonymousBotId, chatId: B3_CHAT, senderChatId: B3_CHAT, building: b3 });
      expect(await actorIn(ctx, b3)).toEqual({
        userId: groupAnonymousBotId,
        isAdmin: true,
        isVolunteer: false,
        isAnonymous: true,
      });
      expect(telegram.calls).toEqual([]);
    });

    it('does not make the anonymous admin of one group an admin of another building', async () => {
      const ctx = contextOf({ userId: groupAnonymousBotId, chatId: B3_CHAT, senderChatId: B3_CHAT, building: b3 });
      expect(await actorIn(ctx, b7)).toMatchObject({ isAdmin: false, isAnonymous: true });
    });

    it('does not take a message sent as another chat (a linked channel) for the anonymous admin', async () => {
      const ctx = contextOf({ userId: groupAnonymousBotId, chatId: B3_CHAT, senderChatId: -100999, building: b3 });
      expect(await actorIn(ctx, b3)).toMatchObject({ isAdmin: false, isAnonymous: false });
    });

    it('does not take a person whose message has the group as sender chat for the anonymous admin', async () => {
      const ctx = contextOf({ userId: RESIDENT, chatId: B3_CHAT, senderChatId: B3_CHAT, building: b3 });
      expect(await actorIn(ctx, b3)).toMatchObject({ isAdmin: false, isAnonymous: false });
    });
  });

  describe('Telegram chat admins, when trusted', () => {
    it('asks Telegram about the building’s group and counts its administrators and creator as admins', async () => {
      expect((await inGroup(TG_ADMIN)).isAdmin).toBe(true);
      expect((await inGroup(TG_CREATOR)).isAdmin).toBe(true);
      expect((await inGroup(RESIDENT)).isAdmin).toBe(false);
      expect(telegram.calls).toEqual([
        [B3_CHAT, TG_ADMIN],
        [B3_CHAT, TG_CREATOR],
        [B3_CHAT, RESIDENT],
      ]);
    });

    it('asks about the building’s group even when the command came from a private chat', async () => {
      expect((await actorIn(contextOf({ userId: TG_ADMIN, chatId: TG_ADMIN }), b7)).isAdmin).toBe(true);
      expect(telegram.calls).toEqual([[B7_CHAT, TG_ADMIN]]);
    });

    it('keeps Telegram’s answer for five minutes of the bot’s clock, then asks again', async () => {
      expect((await inGroup(TG_ADMIN, b3, T0)).isAdmin).toBe(true);
      telegram.statuses.set(TG_ADMIN, 'member');
      expect((await inGroup(TG_ADMIN, b3, T0 + 5 * MINUTE - 1)).isAdmin).toBe(true);
      expect(telegram.calls).toHaveLength(1);
      expect((await inGroup(TG_ADMIN, b3, T0 + 5 * MINUTE)).isAdmin).toBe(false);
      expect(telegram.calls).toHaveLength(2);
    });

    it('keeps a “not an admin” answer as well', async () => {
      expect((await inGroup(RESIDENT, b3, T0)).isAdmin).toBe(false);
      telegram.statuses.set(RESIDENT, 'administrator');
      expect((await inGroup(RESIDENT, b3, T0 + MINUTE)).isAdmin).toBe(false);
      expect(telegram.calls).toHaveLength(1);
    });

    it('keeps the answer per group and person, so another person or building is asked about', async () => {
      await inGroup(TG_ADMIN, b3);
      await inGroup(RESIDENT, b3);
      await inGroup(TG_ADMIN, b7);
      await inGroup(TG_ADMIN, b3);
      expect(telegram.calls).toEqual([
        [B3_CHAT, TG_ADMIN],
        [B3_CHAT, RESIDENT],
        [B7_CHAT, TG_ADMIN],
      ]);
    });

    it('treats a failed call as not an admin, logs it, and asks again next time', async () => {
      const UNKNOWN = 99;
      expect(await inGroup(UNKNOWN)).toEqual({
        userId: UNKNOWN,
        isAdmin: false,
        isVolunteer: false,
        isAnonymous: false,
      });
      expect(warnings).toEqual([
        expect.objectContaining({
          chatId: B3_CHAT,
          userId: UNKNOWN,
          err: 'Bad Request: PARTICIPANT_ID_INVALID',
          msg: 'could not read chat membership; not treating as admin',
        }),
      ]);
      telegram.statuses.set(UNKNOWN, 'administrator');
      expect((await inGroup(UNKNOWN, b3, T0 + 1)).isAdmin).toBe(true);
      expect(telegram.calls).toEqual([
        [B3_CHAT, UNKNOWN],
        [B3_CHAT, UNKNOWN],
      ]);
    });

    it('does not ask Telegram when chat admins are not trusted', async () => {
      config = configWith(false);
      expect((await inGroup(TG_ADMIN)).isAdmin).toBe(false);
      expect((await inGroup(TG_CREATOR)).isAdmin).toBe(false);
      expect((await inGroup(B3_ADMIN)).isAdmin).toBe(true);
      expect(telegram.calls).toEqual([]);
    });
  });

  describe('volunteers', () => {
    it('counts the building’s volunteers from the config, in that building only', async () => {
      expect(await inGroup(CONFIG_VOLUNTEER, b3)).toEqual({
        userId: CONFIG_VOLUNTEER,
        isAdmin: false,
        isVolunteer: true,
        isAnonymous: false,
      });
      expect((await inGroup(CONFIG_VOLUNTEER, b7)).isVolunteer).toBe(false);
    });

    it('counts those who joined with /volunteer until they leave', async () => {
      expect((await inGroup(JOINED_VOLUNTEER, b3)).isVolunteer).toBe(true);
      expect((await inGroup(JOINED_VOLUNTEER, b7)).isVolunteer).toBe(false);
      handle.db.transaction((tx) => leaveVolunteers(tx, { buildingId: 'b3', userId: JOINED_VOLUNTEER, now: T0 }));
      expect((await inGroup(JOINED_VOLUNTEER, b3)).isVolunteer).toBe(false);
    });

    it('tells an admin who volunteers as both', async () => {
      seedUsers(handle.db, [{ id: B3_ADMIN, firstName: 'Ada' }]);
      handle.db.transaction((tx) => joinVolunteers(tx, { buildingId: 'b3', userId: B3_ADMIN, skills: '', now: T0 }));
      expect(await inGroup(B3_ADMIN, b3)).toMatchObject({ isAdmin: true, isVolunteer: true });
    });

    it('tells a Telegram admin who volunteers as both', async () => {
      seedUsers(handle.db, [{ id: TG_ADMIN, firstName: 'Tia' }]);
      handle.db.transaction((tx) => joinVolunteers(tx, { buildingId: 'b3', userId: TG_ADMIN, skills: '', now: T0 }));
      expect(await inGroup(TG_ADMIN, b3)).toMatchObject({ isAdmin: true, isVolunteer: true });
    });
  });

  it('makes an update without a sender nobody: no admin, no volunteer, user 0', async () => {
    expect(await actorIn(contextOf({ chatId: B3_CHAT, building: b3 }), b3)).toEqual({
      userId: 0,
      isAdmin: false,
      isVolunteer: false,
      isAnonymous: false,
    });
    expect(telegram.calls).toEqual([]);
  });
});

describe('pressedCard', () => {
  interface Card {
    id: number;
    buildingId: string | null;
  }
  const press = (chatId: number, item: Card | undefined) =>
    pressedCard(contextOf({ userId: RESIDENT, chatId }), item, (card) => card.buildingId, 'need-not-found');
  const refusal = (run: () => unknown) => usageError(run)?.key;

  it('gives the item and its building for a press in that building’s group', () => {
    const card = { id: 4, buildingId: 'b3' };
    const { item, building } = press(B3_CHAT, card);
    expect(item).toBe(card);
    expect(building).toEqual(b3);
  });

  it('refuses with the given key when the item no longer exists', () => {
    expect(refusal(() => press(B3_CHAT, undefined))).toBe('need-not-found');
    expect(refusal(() => pressedCard(contextOf({ chatId: B3_CHAT }), undefined, () => 'b3', 'button-invalid'))).toBe(
      'button-invalid',
    );
  });

  it('refuses with the given key when the item has no building or an unknown one', () => {
    expect(refusal(() => press(B3_CHAT, { id: 4, buildingId: null }))).toBe('need-not-found');
    expect(refusal(() => press(B3_CHAT, { id: 4, buildingId: 'b99' }))).toBe('need-not-found');
  });

  it('refuses a press from another building’s group or a private chat as another building’s card', () => {
    expect(refusal(() => press(B7_CHAT, { id: 4, buildingId: 'b3' }))).toBe('card-other-building');
    expect(refusal(() => press(RESIDENT, { id: 4, buildingId: 'b3' }))).toBe('card-other-building');
  });
});

describe('inBuilding', () => {
  it('is true for an update from a declared building’s group', () => {
    expect(inBuilding(contextOf({ userId: RESIDENT, chatId: B3_CHAT, building: b3 }))).toBe(true);
  });

  it('is false in a private chat or an undeclared group', () => {
    expect(inBuilding(contextOf({ userId: RESIDENT, chatId: RESIDENT }))).toBe(false);
    expect(inBuilding(contextOf({ userId: RESIDENT, chatId: -100555 }))).toBe(false);
  });
});
