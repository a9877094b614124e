import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LocalBotApi,
  residentId,
  type SeedConfig,
  seedFromConfig,
  startLocalBotApi,
  toSeedConfig,
  volunteerId,
} from '../../src/local-bot-api/index.ts';
import { api, control } from './helpers.ts';

const repoConfig = (): SeedConfig =>
  toSeedConfig(JSON.parse(readFileSync(new URL('../../bot.config.json', import.meta.url), 'utf8')));

const B3 = -1001000000003;
const B3_VOLUNTEERS = -1001000000103;
const B7 = -1001000000007;
const C1 = -1001000000099;
const ADMIN = 100000001;

let tg: LocalBotApi;

beforeEach(async () => {
  tg = await startLocalBotApi({ control: true });
});

afterEach(async () => {
  await tg.close();
});

describe('seedFromConfig', () => {
  it("creates the repo config's groups and committee chat, its admins and four residents and a volunteer per building, all able to receive DMs", async () => {
    const seed = seedFromConfig(tg, repoConfig());

    expect(seed.chats).toEqual([
      { id: B3, title: '3号楼 Building 3', type: 'supergroup', kind: 'building', building: 'b3' },
      { id: B3_VOLUNTEERS, title: '3号楼 Building 3 志愿者', type: 'supergroup', kind: 'volunteers', building: 'b3' },
      { id: B7, title: 'Building 7', type: 'supergroup', kind: 'building', building: 'b7' },
      { id: C1, title: '新江湾居委 Xinjiangwan committee', type: 'supergroup', kind: 'committee', building: 'c1' },
    ]);
    for (const c of seed.chats) expect(tg.chat(c.id)?.botStatus).toBe('administrator');

    expect(seed.users.map((u) => [u.id, u.role, u.language, u.chats])).toEqual([
      [ADMIN, 'admin', 'zh', [B3, B3_VOLUNTEERS, B7, C1]],
      [100000101, 'resident', 'zh', [B3]],
      [100000102, 'resident', 'zh', [B3]],
      [100000103, 'resident', 'zh', [B3]],
      [100000104, 'resident', 'zh', [B3]],
      [100000105, 'volunteer', 'zh', [B3, B3_VOLUNTEERS]],
      [100000111, 'resident', 'en', [B7]],
      [100000112, 'resident', 'en', [B7]],
      [100000113, 'resident', 'en', [B7]],
      [100000114, 'resident', 'en', [B7]],
      [100000115, 'volunteer', 'en', [B7]],
      [100000009, 'committee admin', 'zh', [C1]],
    ]);
    expect([residentId(0, 1), residentId(1, 4), volunteerId(1)]).toEqual([100000101, 100000114, 100000115]);
    expect(tg.chat(B3)?.members.get(ADMIN)).toBe('administrator');
    expect(tg.chat(B7)?.members.get(ADMIN)).toBe('administrator');
    expect(tg.chat(B3)?.members.get(100000101)).toBe('member');

    // names in the building's language
    for (const u of seed.users.filter((x) => x.chats.includes(B3) || x.chats[0] === C1))
      expect(u.name).toMatch(/^\p{Script=Han}+$/u);
    for (const u of seed.users.filter((x) => x.chats[0] === B7)) expect(u.name).toMatch(/^[A-Za-z]+ [A-Za-z]+$/);
    expect(new Set(seed.users.map((u) => u.name)).size).toBe(seed.users.length);

    for (const u of seed.users) {
      const dm = await api(tg, 'sendMessage', { chat_id: u.id, text: 'hello' });
      expect({ id: u.id, status: dm.status }).toEqual({ id: u.id, status: 200 });
    }
  });

  it('seeds the same ids and names every time', () => {
    const again = seedFromConfig(tg, repoConfig());
    const other = seedFromConfig(new LocalBotApi(), repoConfig());
    expect(other).toEqual(again);
  });

  it('is what GET /sandbox/users shows', async () => {
    const seed = seedFromConfig(tg, repoConfig());
    const { body } = await control<{ users: Array<Record<string, unknown>> }>(tg, '/sandbox/users');
    expect(
      body.users.map((u) => ({
        id: u.id,
        name: u.name,
        role: u.role,
        language: u.language,
        chats: u.chats,
      })),
    ).toEqual(seed.users);
  });

  it("adds the building's listed admins and volunteers, and never demotes an admin", () => {
    const seed = seedFromConfig(tg, {
      admins: [7],
      language: 'en',
      buildings: [
        { id: 'a', name: 'A', chatId: -1, volunteersChatId: -2, admins: [8, 7], volunteers: [9], language: 'zh' },
        { id: 'b', name: 'B', chatId: -3 },
      ],
    });
    expect(seed.users.find((u) => u.id === 8)).toMatchObject({ role: 'building admin', chats: [-1, -2] });
    expect(seed.users.find((u) => u.id === 9)).toMatchObject({ role: 'volunteer', language: 'zh', chats: [-1, -2] });
    expect(seed.users.find((u) => u.id === 7)).toMatchObject({ role: 'admin', language: 'en', chats: [-1, -2, -3] });
    expect(tg.chat(-1)?.members.get(7)).toBe('administrator');
    expect(tg.chat(-3)?.members.get(residentId(1, 1))).toBe('member');
  });
});

describe('toSeedConfig', () => {
  it('names the field that does not fit', () => {
    expect(() => toSeedConfig([])).toThrow('the config must be a JSON object');
    expect(() => toSeedConfig({ buildings: [{ id: 'b', name: 'B', chatId: 'x' }] })).toThrow('buildings[0].chatId');
    expect(toSeedConfig({ buildings: [] })).toEqual({ admins: [], buildings: [], committees: [], language: 'zh' });
    expect(() => toSeedConfig({ buildings: [], committees: [{ id: 'c1', name: 'C', chatId: null }] })).toThrow(
      'committees[0].chatId',
    );
  });

  it("reads the committees, so `npm run local-api` seeds the committee's chat with its admins", () => {
    const config = toSeedConfig(JSON.parse(readFileSync(new URL('../../bot.config.json', import.meta.url), 'utf8')));
    expect(config.committees).toEqual([
      {
        id: 'c1',
        name: '新江湾居委 Xinjiangwan committee',
        chatId: -1001000000099,
        admins: [100000009],
        language: 'zh',
      },
    ]);
  });
});
