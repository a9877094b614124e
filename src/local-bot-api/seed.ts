// Seeding the local Bot API from the bot's config: each building's group (and volunteers chat), the admins, four
// residents and a volunteer per building, all of whom have started the bot. Typed structurally, so the sandbox
// does not depend on src/config.
import type { LocalBotApi } from './local-bot-api.ts';
import type { MemberStatus } from './types.ts';

export interface SeedBuilding {
  id: string;
  name: string;
  chatId: number;
  volunteersChatId?: number | null;
  language?: string;
  admins?: number[];
  volunteers?: number[];
}

export interface SeedCommittee {
  id: string;
  name: string;
  chatId: number;
  admins?: number[];
  language?: string;
}

/** The parts of the parsed bot config (bot.config.json) that seeding reads. */
export interface SeedConfig {
  admins: number[];
  buildings: SeedBuilding[];
  committees?: SeedCommittee[];
  language: string;
}

export type SeedRole = 'admin' | 'committee admin' | 'building admin' | 'volunteer' | 'resident';

export interface SeededChat {
  id: number;
  title: string;
  type: 'supergroup';
  /** The building's group, its volunteers chat, or a committee's chat. */
  kind: 'building' | 'volunteers' | 'committee';
  /** The building's id, or the committee's. */
  building: string;
}

export interface SeededUser {
  id: number;
  name: string;
  role: SeedRole;
  language: string;
  /** The seeded chats the user is in, in the order of `chats`. */
  chats: number[];
}

export interface SeedDescription {
  chats: SeededChat[];
  users: SeededUser[];
}

export const RESIDENTS_PER_BUILDING = 4;

/** The id of resident n (1-4) of the building at index i of config.buildings: 100000100 + 10 i + n. */
export function residentId(buildingIndex: number, n: number): number {
  return 100_000_100 + 10 * buildingIndex + n;
}

/** The id of the seeded volunteer of the building at index i: 100000100 + 10 i + 5. */
export function volunteerId(buildingIndex: number): number {
  return residentId(buildingIndex, RESIDENTS_PER_BUILDING + 1);
}

const PEOPLE: Record<string, readonly string[]> = {
  zh: ['王芳', '李伟', '张敏', '刘洋', '陈静', '杨磊', '赵丽', '黄强', '周婷', '吴军'],
  en: [
    'Alice Walker',
    'Ben Carter',
    'Chloe Davis',
    'Daniel Evans',
    'Grace Hill',
    'Henry Irving',
    'Isla Jones',
    'Jack King',
    'Lucy Moore',
    'Noah Price',
  ],
};
const ADMINS: Record<string, readonly string[]> = {
  zh: ['林晓东', '何佳怡', '郭建国', '马丽华'],
  en: ['Morgan Reed', 'Sam Taylor', 'Jordan Lee', 'Casey Brooks'],
};
const VOLUNTEERS_TITLE: Record<string, (name: string) => string> = {
  zh: (name) => `${name} 志愿者`,
  en: (name) => `${name} volunteers`,
};

/** Chinese for zh, zh-CN, zh-hans, ...; English for anything else. */
function lang(code: string): 'zh' | 'en' {
  return code.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

function pick(pool: readonly string[], n: number): string {
  const name = pool[n % pool.length] ?? 'Resident';
  const round = Math.floor(n / pool.length);
  return round === 0 ? name : `${name} ${round + 1}`;
}

function splitName(full: string): { first_name: string; last_name?: string } {
  const space = full.indexOf(' ');
  return space < 0 ? { first_name: full } : { first_name: full.slice(0, space), last_name: full.slice(space + 1) };
}

const RANK: Record<SeedRole, number> = {
  resident: 0,
  volunteer: 1,
  'building admin': 2,
  'committee admin': 2,
  admin: 3,
};
const ADMIN_STATUS: ReadonlySet<MemberStatus> = new Set(['creator', 'administrator']);

/**
 * Creates in `tg`: each building's supergroup titled with its name (and its volunteers chat), with the bot as an
 * administrator; the config's admins (administrators of every group); per building four residents (ids
 * `residentId(i, 1..4)`, names in the building's language) and one volunteer (`volunteerId(i)`), plus any
 * admins and volunteers the building lists. Everyone has started the bot, so it can DM them.
 * Users and chats that already exist are reused. Returns who and what was seeded.
 */
export function seedFromConfig(tg: LocalBotApi, config: SeedConfig): SeedDescription {
  const chats: SeededChat[] = [];
  const people = new Map<number, { name: string; role: SeedRole; language: string }>();
  let adminNames = 0;

  const person = (id: number, role: SeedRole, language: string, name: () => string): void => {
    const known = people.get(id);
    if (known) {
      if (RANK[role] > RANK[known.role]) known.role = role;
      return;
    }
    const existing = tg.user(id);
    if (existing) {
      existing.startedBot = true;
      const full =
        existing.last_name !== undefined ? `${existing.first_name} ${existing.last_name}` : existing.first_name;
      people.set(id, { name: full, role, language: existing.language_code ?? language });
      return;
    }
    const full = name();
    tg.addUser({ id, ...splitName(full), language_code: language, startedBot: true, role });
    people.set(id, { name: full, role, language });
  };
  const join = (chatId: number, userId: number, status: MemberStatus): void => {
    const current = tg.chat(chatId)?.members.get(userId);
    if (current !== undefined && ADMIN_STATUS.has(current)) return; // never demote an admin
    tg.setMember(chatId, userId, status);
  };
  const group = (id: number, title: string, kind: SeededChat['kind'], building: string): void => {
    if (chats.some((c) => c.id === id)) return;
    if (!tg.chat(id)) tg.addChat({ id, type: 'supergroup', title });
    tg.setMember(id, tg.botInfo.id, 'administrator');
    chats.push({ id, title: tg.chat(id)?.title ?? title, type: 'supergroup', kind, building });
  };

  const mainLanguage = lang(config.language);
  for (const id of config.admins) {
    person(id, 'admin', mainLanguage, () => pick(ADMINS[mainLanguage] ?? [], adminNames++));
  }

  config.buildings.forEach((b, i) => {
    const language = lang(b.language ?? config.language);
    const names = PEOPLE[language] ?? [];
    group(b.chatId, b.name, 'building', b.id);
    const volunteersChat = b.volunteersChatId ?? undefined;
    if (volunteersChat !== undefined && volunteersChat !== b.chatId) {
      group(volunteersChat, (VOLUNTEERS_TITLE[language] ?? ((n: string) => n))(b.name), 'volunteers', b.id);
    }
    const inVolunteersChat = (id: number, status: MemberStatus): void => {
      if (volunteersChat !== undefined) join(volunteersChat, id, status);
    };

    for (const id of config.admins) {
      join(b.chatId, id, 'administrator');
      inVolunteersChat(id, 'administrator');
    }
    for (const id of b.admins ?? []) {
      person(id, 'building admin', language, () => pick(ADMINS[language] ?? [], adminNames++));
      join(b.chatId, id, 'administrator');
      inVolunteersChat(id, 'administrator');
    }
    for (let n = 1; n <= RESIDENTS_PER_BUILDING; n += 1) {
      const id = residentId(i, n);
      person(id, 'resident', language, () => pick(names, 5 * i + n - 1));
      join(b.chatId, id, 'member');
    }
    const volunteers = [volunteerId(i), ...(b.volunteers ?? [])];
    volunteers.forEach((id, k) => {
      person(id, 'volunteer', language, () => pick(names, 5 * i + RESIDENTS_PER_BUILDING + 10 * k));
      join(b.chatId, id, 'member');
      inVolunteersChat(id, 'member');
    });
  });

  // a committee's chat: the config's admins and the committee's own
  for (const c of config.committees ?? []) {
    const language = lang(c.language ?? config.language);
    group(c.chatId, c.name, 'committee', c.id);
    for (const id of config.admins) join(c.chatId, id, 'administrator');
    for (const id of c.admins ?? []) {
      person(id, 'committee admin', language, () => pick(ADMINS[language] ?? [], adminNames++));
      join(c.chatId, id, 'administrator');
    }
  }

  const isIn = (chatId: number, userId: number): boolean => {
    const status = tg.chat(chatId)?.members.get(userId);
    return status !== undefined && status !== 'left' && status !== 'kicked';
  };
  for (const [id, p] of people) {
    const rec = tg.user(id);
    if (rec) rec.role = p.role;
  }
  const users: SeededUser[] = [...people].map(([id, p]) => ({
    id,
    name: p.name,
    role: p.role,
    language: p.language,
    chats: chats.filter((c) => isIn(c.id, id)).map((c) => c.id),
  }));
  return { chats, users };
}

/**
 * Checks a parsed config object has the shape seeding reads and returns it typed (the bot's own validation
 * stays in src/config). A missing `admins` counts as none and a missing `language` as 'zh', the bot's default.
 * @throws Error naming the first field that does not fit
 */
export function toSeedConfig(raw: unknown): SeedConfig {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const ints = (v: unknown, where: string): number[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every((x) => Number.isSafeInteger(x)))
      throw new Error(`${where}: expected a list of user ids`);
    return v as number[];
  };
  if (!isObject(raw)) throw new Error('the config must be a JSON object');
  const language = raw.language ?? 'zh';
  if (typeof language !== 'string') throw new Error('language: expected a string');
  if (!Array.isArray(raw.buildings)) throw new Error('buildings: expected a list');
  const buildings = raw.buildings.map((b: unknown, i): SeedBuilding => {
    const where = `buildings[${i}]`;
    if (!isObject(b)) throw new Error(`${where}: expected an object`);
    const { id, name, chatId, volunteersChatId, language: bl } = b;
    if (typeof id !== 'string') throw new Error(`${where}.id: expected a string`);
    if (typeof name !== 'string') throw new Error(`${where}.name: expected a string`);
    if (!Number.isSafeInteger(chatId)) throw new Error(`${where}.chatId: expected a chat id`);
    if (volunteersChatId !== undefined && volunteersChatId !== null && !Number.isSafeInteger(volunteersChatId)) {
      throw new Error(`${where}.volunteersChatId: expected a chat id or null`);
    }
    if (bl !== undefined && typeof bl !== 'string') throw new Error(`${where}.language: expected a string`);
    const out: SeedBuilding = {
      id,
      name,
      chatId: chatId as number,
      admins: ints(b.admins, `${where}.admins`),
      volunteers: ints(b.volunteers, `${where}.volunteers`),
    };
    if (typeof volunteersChatId === 'number') out.volunteersChatId = volunteersChatId;
    if (bl !== undefined) out.language = bl;
    return out;
  });
  const committeeList = raw.committees ?? [];
  if (!Array.isArray(committeeList)) throw new Error('committees: expected a list');
  const committees = committeeList.map((c: unknown, i): SeedCommittee => {
    const where = `committees[${i}]`;
    if (!isObject(c)) throw new Error(`${where}: expected an object`);
    const { id, name, chatId, language: cl } = c;
    if (typeof id !== 'string') throw new Error(`${where}.id: expected a string`);
    if (typeof name !== 'string') throw new Error(`${where}.name: expected a string`);
    if (!Number.isSafeInteger(chatId)) throw new Error(`${where}.chatId: expected a chat id`);
    if (cl !== undefined && typeof cl !== 'string') throw new Error(`${where}.language: expected a string`);
    return {
      id,
      name,
      chatId: chatId as number,
      admins: ints(c.admins, `${where}.admins`),
      ...(cl === undefined ? {} : { language: cl }),
    };
  });
  return { admins: ints(raw.admins, 'admins'), buildings, committees, language };
}
