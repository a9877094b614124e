// Bot API methods on callback queries, the command lists and the bot's settings.
import { badRequest, QUERY_TOO_OLD } from './errors.ts';
import type { Params } from './http-body.ts';
import { bool, int, MAX_CALLBACK_ANSWER, type MethodEnv, type MethodFn, str } from './methods-params.ts';
import type { BotCommand } from './types.ts';
import { clone, type World } from './world.ts';

// ------------------------------------------------------------------ callback queries

export function answerCallbackQuery(env: MethodEnv, p: Params): true {
  const { world } = env;
  const id = str(p, 'callback_query_id');
  const rec = id === undefined ? undefined : world.callbackQueries.get(id);
  if (!rec || rec.answered || id === undefined) throw badRequest(QUERY_TOO_OLD);
  const text = str(p, 'text');
  if (text !== undefined && text.length > MAX_CALLBACK_ANSWER) throw badRequest('MESSAGE_TOO_LONG');
  rec.answered = true;
  const answer: Parameters<World['recordAnswer']>[0] = { callback_query_id: id, at: world.now() };
  if (text !== undefined) answer.text = text;
  if (p.show_alert !== undefined) answer.show_alert = bool(p, 'show_alert');
  const url = str(p, 'url');
  if (url !== undefined) answer.url = url;
  const cache = int(p, 'cache_time');
  if (cache !== undefined) answer.cache_time = cache;
  world.recordAnswer(answer);
  return true;
}

// ------------------------------------------------------------------ commands and bot settings

const SCOPES = new Set([
  'default',
  'all_private_chats',
  'all_group_chats',
  'all_chat_administrators',
  'chat',
  'chat_administrators',
  'chat_member',
]);

export function commandsKey(world: World, scope: unknown, languageCode: unknown): string {
  let key = 'default';
  if (scope !== undefined && scope !== null) {
    if (typeof scope !== 'object') throw badRequest("can't parse BotCommandScope JSON object");
    const s = scope as Params;
    const type = str(s, 'type') ?? '';
    if (!SCOPES.has(type)) throw badRequest('wrong bot command scope type specified');
    key = type;
    if (type === 'chat' || type === 'chat_administrators' || type === 'chat_member') {
      const chat = world.resolveChat(s.chat_id);
      key += `:${chat.id}`;
    }
    if (type === 'chat_member') {
      const userId = int(s, 'user_id');
      if (userId === undefined) throw badRequest('user not found');
      key += `:${userId}`;
    }
  }
  const lang = typeof languageCode === 'string' ? languageCode : '';
  if (lang !== '' && !/^[a-z]{2}$/.test(lang)) throw badRequest('invalid language code specified');
  return `${key}|${lang}`;
}

export function setMyCommands(env: MethodEnv, p: Params): true {
  const commands = p.commands;
  if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required');
  if (commands.length > 100) throw badRequest('BOT_COMMANDS_TOO_MUCH');
  const list: BotCommand[] = [];
  for (const c of commands) {
    const command = typeof c === 'object' && c !== null ? (c as Params).command : undefined;
    const description = typeof c === 'object' && c !== null ? (c as Params).description : undefined;
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.trim().length === 0 || description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    list.push({ command, description });
  }
  const key = commandsKey(env.world, p.scope, p.language_code);
  if (list.length === 0) env.world.commands.delete(key);
  else env.world.commands.set(key, list);
  return true;
}

export function getMyCommands(env: MethodEnv, p: Params): BotCommand[] {
  return clone(env.world.commands.get(commandsKey(env.world, p.scope, p.language_code)) ?? []);
}

export function deleteMyCommands(env: MethodEnv, p: Params): true {
  env.world.commands.delete(commandsKey(env.world, p.scope, p.language_code));
  return true;
}

function setting(name: string, field: string, limit: number): [MethodFn, MethodFn] {
  const key = (p: Params): string => `${name}|${typeof p.language_code === 'string' ? p.language_code : ''}`;
  return [
    (env, p) => {
      const value = str(p, field) ?? '';
      if (value.length > limit) throw badRequest(`${field} is too long`);
      env.world.botSettings.set(key(p), value);
      return true;
    },
    (env, p) => ({
      [field]:
        (env.world.botSettings.get(key(p)) as string | undefined) ??
        (name === 'name' ? env.world.botInfo.first_name : ''),
    }),
  ];
}

export const [setMyDescription, getMyDescription] = setting('description', 'description', 512);
export const [setMyShortDescription, getMyShortDescription] = setting('short_description', 'short_description', 120);
export const [setMyName, getMyName] = setting('name', 'name', 64);

export function setChatMenuButton(env: MethodEnv, p: Params): true {
  const chatId = p.chat_id === undefined ? 'default' : String(env.world.resolveChat(p.chat_id).id);
  const button = p.menu_button;
  env.world.botSettings.set(
    `menu_button|${chatId}`,
    typeof button === 'object' && button !== null ? clone(button) : { type: 'default' },
  );
  return true;
}

export function getChatMenuButton(env: MethodEnv, p: Params): unknown {
  const chatId = p.chat_id === undefined ? 'default' : String(env.world.resolveChat(p.chat_id).id);
  return clone(env.world.botSettings.get(`menu_button|${chatId}`) ?? { type: 'commands' });
}

const NO_RIGHTS = {
  is_anonymous: false,
  can_manage_chat: false,
  can_delete_messages: false,
  can_manage_video_chats: false,
  can_restrict_members: false,
  can_promote_members: false,
  can_change_info: false,
  can_invite_users: false,
  can_post_stories: false,
  can_edit_stories: false,
  can_delete_stories: false,
};

export function setMyDefaultAdministratorRights(env: MethodEnv, p: Params): true {
  const key = `admin_rights|${bool(p, 'for_channels') ? 'channels' : 'groups'}`;
  const rights = p.rights;
  env.world.botSettings.set(
    key,
    typeof rights === 'object' && rights !== null ? { ...NO_RIGHTS, ...clone(rights) } : NO_RIGHTS,
  );
  return true;
}

export function getMyDefaultAdministratorRights(env: MethodEnv, p: Params): unknown {
  return clone(
    env.world.botSettings.get(`admin_rights|${bool(p, 'for_channels') ? 'channels' : 'groups'}`) ?? NO_RIGHTS,
  );
}
