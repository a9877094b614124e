// Bot API methods on chats and their members: getChat, members, leaving, bans, chat actions.
import { badRequest } from './errors.ts';
import type { Params } from './http-body.ts';
import { bool, int, type MethodEnv, str } from './methods-params.ts';
import type { MemberStatus } from './types.ts';
import type { World } from './world.ts';

// ------------------------------------------------------------------ chats and members

export function memberObj(env: { world: World }, userId: number, status: MemberStatus): Record<string, unknown> {
  const user = env.world.userObjById(userId);
  switch (status) {
    case 'creator':
      return { status, user, is_anonymous: false };
    case 'administrator':
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: true,
        can_edit_stories: true,
        can_delete_stories: true,
        can_pin_messages: true,
        can_manage_topics: true,
      };
    case 'restricted':
      return {
        status,
        user,
        is_member: true,
        can_send_messages: false,
        can_send_audios: false,
        can_send_documents: false,
        can_send_photos: false,
        can_send_videos: false,
        can_send_video_notes: false,
        can_send_voice_notes: false,
        can_send_polls: false,
        can_send_other_messages: false,
        can_add_web_page_previews: false,
        can_change_info: false,
        can_invite_users: false,
        can_pin_messages: false,
        can_manage_topics: false,
        until_date: 0,
      };
    case 'kicked':
      return { status, user, until_date: 0 };
    default:
      return { status, user };
  }
}

export function getChat(env: MethodEnv, p: Params): Record<string, unknown> {
  const { world } = env;
  const chat = world.resolveChat(p.chat_id);
  world.requireAccess(chat);
  const info: Record<string, unknown> = { ...world.chatObj(chat), accent_color_id: 0, max_reaction_count: 11 };
  if (chat.type !== 'private') {
    info.permissions = {
      can_send_messages: true,
      can_send_audios: true,
      can_send_documents: true,
      can_send_photos: true,
      can_send_videos: true,
      can_send_video_notes: true,
      can_send_voice_notes: true,
      can_send_polls: true,
      can_send_other_messages: true,
      can_add_web_page_previews: true,
      can_change_info: true,
      can_invite_users: true,
      can_pin_messages: true,
      can_manage_topics: true,
    };
  }
  const pins = world.pins.get(chat.id) ?? [];
  const last = pins[pins.length - 1];
  const pinned = last === undefined ? undefined : world.findMessage(chat.id, last);
  if (pinned) info.pinned_message = world.replySnapshot(pinned);
  return info;
}

function requireUserId(env: MethodEnv, p: Params): number {
  const id = int(p, 'user_id');
  if (id === undefined) throw badRequest('user_id is empty');
  if (id !== env.world.botInfo.id && !env.world.users.has(id)) throw badRequest('user not found');
  return id;
}

export function getChatMember(env: MethodEnv, p: Params): Record<string, unknown> {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  const userId = requireUserId(env, p);
  return memberObj(env, userId, env.world.memberStatus(chat, userId));
}

export function getChatAdministrators(env: MethodEnv, p: Params): Array<Record<string, unknown>> {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  if (chat.type === 'private') throw badRequest('there are no administrators in the private chat');
  const list: Array<Record<string, unknown>> = [];
  for (const [id, status] of chat.members) {
    if (status === 'creator' || status === 'administrator') list.push(memberObj(env, id, status));
  }
  if (chat.botStatus === 'administrator') list.push(memberObj(env, env.world.botInfo.id, 'administrator'));
  return list;
}

const IN_CHAT: MemberStatus[] = ['creator', 'administrator', 'member', 'restricted'];

export function getChatMemberCount(env: MethodEnv, p: Params): number {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  if (chat.type === 'private') return 2;
  let n = IN_CHAT.includes(chat.botStatus) ? 1 : 0;
  for (const status of chat.members.values()) if (IN_CHAT.includes(status)) n += 1;
  return n;
}

export function leaveChat(env: MethodEnv, p: Params): true {
  const { world } = env;
  const chat = world.resolveChat(p.chat_id);
  if (chat.type === 'private') throw badRequest("chat member status can't be changed in private chats");
  world.requireAccess(chat);
  const old = chat.botStatus;
  chat.botStatus = 'left';
  env.updates.enqueue({
    my_chat_member: {
      chat: world.chatObj(chat),
      from: world.botUser(),
      date: world.date(),
      old_chat_member: memberObj(env, world.botInfo.id, old),
      new_chat_member: memberObj(env, world.botInfo.id, 'left'),
    },
  });
  return true;
}

export function banChatMember(env: MethodEnv, p: Params): true {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  if (chat.type === 'private') throw badRequest("can't remove chat owner");
  if (!env.world.isBotAdmin(chat)) throw badRequest('not enough rights to restrict/unrestrict chat member');
  const userId = requireUserId(env, p);
  if (chat.members.get(userId) === 'creator') throw badRequest("can't remove chat owner");
  chat.members.set(userId, 'kicked');
  return true;
}

export function unbanChatMember(env: MethodEnv, p: Params): true {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireAccess(chat);
  if (!env.world.isBotAdmin(chat)) throw badRequest('not enough rights to restrict/unrestrict chat member');
  const userId = requireUserId(env, p);
  const status = chat.members.get(userId);
  if (status === 'kicked') chat.members.set(userId, 'left');
  else if (!bool(p, 'only_if_banned') && status !== undefined && status !== 'creator' && status !== 'administrator') {
    chat.members.set(userId, 'left');
  }
  return true;
}

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

export function sendChatAction(env: MethodEnv, p: Params): true {
  const chat = env.world.resolveChat(p.chat_id);
  env.world.requireSendable(chat);
  const action = str(p, 'action');
  if (action === undefined || !CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
  return true;
}
