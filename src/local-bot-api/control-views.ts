// What the control endpoints show of the world: users with their groups, chats with members and message counts,
// messages and events as JSON (a document with the path its bytes are served at).
import type { ControlContext } from './control-http.ts';
import type { SandboxEvent } from './inspection.ts';
import type { ChatMessage, FakeChatRecord, FakeUserRecord, MemberStatus, TgDocument } from './types.ts';
import type { World } from './world.ts';

const ACTIVE = new Set<MemberStatus>(['creator', 'administrator', 'member', 'restricted']);

// ------------------------------------------------------------------ views

export function userName(u: FakeUserRecord): string {
  return u.last_name !== undefined ? `${u.first_name} ${u.last_name}` : u.first_name;
}

/** The groups and supergroups a user is in now (not left or kicked), in the order the chats were added. */
export function groupsOf(world: World, userId: number): number[] {
  const out: number[] = [];
  for (const c of world.chats.values()) {
    if (c.type === 'private' || c.migratedTo !== undefined) continue;
    const status = c.members.get(userId);
    if (status !== undefined && ACTIVE.has(status)) out.push(c.id);
  }
  return out;
}

export function userView(world: World, u: FakeUserRecord): Record<string, unknown> {
  const v: Record<string, unknown> = {
    id: u.id,
    name: userName(u),
    role: u.role ?? '',
    language: u.language_code ?? '',
    chats: groupsOf(world, u.id),
  };
  if (u.username !== undefined) v.username = u.username;
  v.startedBot = u.startedBot;
  v.blockedBot = u.blockedBot;
  return v;
}

export function chatView(ctx: ControlContext, c: FakeChatRecord): Record<string, unknown> {
  const obj = ctx.world.chatObj(c);
  const v: Record<string, unknown> = {
    id: c.id,
    type: c.type,
    title: c.type === 'private' ? [obj.first_name, obj.last_name].filter(Boolean).join(' ') : obj.title,
  };
  if (c.username !== undefined) v.username = c.username;
  if (c.is_forum) v.isForum = true;
  v.botStatus = c.botStatus;
  if (c.migratedTo !== undefined) v.migratedTo = c.migratedTo;
  v.members = [...c.members].map(([id, status]) => ({ id, status }));
  v.messages = ctx.world.liveMessages(c.id).length;
  return v;
}

/** A ChatMessage as JSON: a document gets `download_path`, the Bot API file URL path its bytes are served at. */
export function jsonMessage(ctx: ControlContext, m: ChatMessage): ChatMessage {
  if (!m.document) return m;
  const doc: TgDocument & { download_path?: string } = { ...m.document };
  const file = ctx.world.files.get(m.document.file_id);
  if (file) doc.download_path = `/file/bot${ctx.tg.token}/${file.path}`;
  return { ...m, document: doc };
}

export function jsonEvent(ctx: ControlContext, e: SandboxEvent): SandboxEvent {
  return e.kind === 'message' ? { ...e, message: jsonMessage(ctx, e.message) } : e;
}
