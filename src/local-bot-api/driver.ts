// Driving the local Bot API as its users: setting up users and chats, and what users do (send, edit, press a
// button, add or remove the bot, migrate a group), each enqueuing the updates Telegram would send.
import { LocalBotApiCore } from './core.ts';
import { memberObj } from './methods-chats.ts';
import { commandEntities } from './text.ts';
import type {
  ChatType,
  FakeChatRecord,
  FakeUserRecord,
  InlineButton,
  MemberStatus,
  TgMessage,
  Update,
} from './types.ts';
import { ANONYMOUS_ADMIN, clone } from './world.ts';

export interface SendTextExtra {
  message_thread_id?: number;
  sender_chat?: { id: number; type: string; title?: string };
  reply_to_message_id?: number;
}

/** LocalBotApi's methods that set up the world and act as its users (on top of the shared state). */
export abstract class LocalBotApiDriver extends LocalBotApiCore {
  // ================================================================== world

  addUser(u: {
    id: number;
    first_name: string;
    last_name?: string;
    username?: string;
    language_code?: string;
    startedBot?: boolean;
    role?: string;
  }): FakeUserRecord {
    return this.world.addUser(u);
  }

  /** Adds a group or supergroup (the bot starts as a member) or a private chat. */
  addChat(c: { id: number; type: ChatType; title?: string; is_forum?: boolean; username?: string }): FakeChatRecord {
    return this.world.addChat(c);
  }

  /** Sets a user's (or, with the bot's id, the bot's) status in a chat. */
  setMember(chatId: number, userId: number, status: MemberStatus): void {
    const chat = this.driverChat(chatId);
    if (userId === this.botInfo.id) chat.botStatus = status;
    else chat.members.set(userId, status);
  }

  /** The user blocks the bot: enqueues my_chat_member (member -> kicked); later private sends answer 403. */
  blockBot(userId: number): Update {
    const user = this.driverUser(userId);
    user.blockedBot = true;
    return this.privateMemberUpdate(user, 'member', 'kicked');
  }

  /** The user unblocks the bot: enqueues my_chat_member (kicked -> member). */
  unblockBot(userId: number): Update {
    const user = this.driverUser(userId);
    user.blockedBot = false;
    user.startedBot = true;
    return this.privateMemberUpdate(user, 'kicked', 'member');
  }

  private privateMemberUpdate(user: FakeUserRecord, from: MemberStatus, to: MemberStatus): Update {
    return this.chatMemberUpdate(this.driverChat(user.id), user, from, to);
  }

  private driverUser(id: number): FakeUserRecord {
    const user = this.world.users.get(id);
    if (!user) throw new Error(`LocalBotApi: unknown user ${id}; call addUser({ id: ${id}, first_name }) first`);
    return user;
  }

  private driverChat(id: number): FakeChatRecord {
    const chat = this.world.chat(id);
    if (!chat) throw new Error(`LocalBotApi: unknown chat ${id}; call addChat({ id: ${id}, type }) first`);
    return chat;
  }

  /** The chat a user writes into: must exist, not be migrated, and (private) belong to that user. */
  private writableChat(chatId: number, user: FakeUserRecord): FakeChatRecord {
    const chat = this.driverChat(chatId);
    if (chat.type === 'private' && chat.id !== user.id) {
      throw new Error(`LocalBotApi: user ${user.id} cannot write into the private chat of user ${chat.id}`);
    }
    if (chat.migratedTo !== undefined) {
      throw new Error(`LocalBotApi: chat ${chatId} was migrated to supergroup ${chat.migratedTo}`);
    }
    return chat;
  }

  // ================================================================== driver

  private userMessage(chat: FakeChatRecord, user: FakeUserRecord, extra: SendTextExtra = {}): TgMessage {
    const msg: TgMessage = {
      message_id: this.world.allocMessageId(chat.id),
      date: this.world.date(),
      chat: this.world.chatObj(chat),
    };
    if (extra.sender_chat) {
      msg.from = { ...ANONYMOUS_ADMIN };
      msg.sender_chat = { ...extra.sender_chat };
    } else {
      msg.from = this.world.userObj(user);
    }
    // key order like Telegram's: message_id, from, sender_chat, chat, date
    const { chat: c, date } = msg;
    delete (msg as Partial<TgMessage>).chat;
    delete (msg as Partial<TgMessage>).date;
    msg.chat = c;
    msg.date = date;
    let thread = extra.message_thread_id;
    if (extra.reply_to_message_id !== undefined) {
      const target = this.world.findMessage(chat.id, extra.reply_to_message_id);
      if (!target) {
        throw new Error(
          `LocalBotApi: message ${extra.reply_to_message_id} to reply to does not exist in chat ${chat.id}`,
        );
      }
      if (thread === undefined) thread = target.msg.message_thread_id;
      msg.reply_to_message = this.world.replySnapshot(target);
    }
    if (thread !== undefined) {
      msg.message_thread_id = thread;
      if (chat.is_forum) msg.is_topic_message = true;
    }
    return msg;
  }

  private deliverUserMessage(chat: FakeChatRecord, user: FakeUserRecord, msg: TgMessage): Update {
    if (chat.type === 'private') {
      user.startedBot = true;
      user.blockedBot = false;
    } else if (!chat.members.has(user.id)) {
      chat.members.set(user.id, 'member');
    }
    this.world.storeMessage(chat.id, msg, false, msg.from?.id ?? user.id);
    return this.updates.enqueue({ message: clone(msg) });
  }

  /** A user sends a text message; /commands get bot_command entities. */
  sendText(chatId: number, fromUserId: number, text: string, extra?: SendTextExtra): Update {
    const user = this.driverUser(fromUserId);
    const chat = this.writableChat(chatId, user);
    const msg = this.userMessage(chat, user, extra);
    msg.text = text;
    const entities = commandEntities(text);
    if (entities.length > 0) msg.entities = entities;
    return this.deliverUserMessage(chat, user, msg);
  }

  /** A user sends any other message: `fields` are merged into the message (sticker, photo, new_chat_members, ...). */
  sendMessageUpdate(chatId: number, fromUserId: number, fields: Record<string, unknown>): Update {
    const user = this.driverUser(fromUserId);
    const chat = this.writableChat(chatId, user);
    const extra: SendTextExtra = {};
    if (typeof fields.message_thread_id === 'number') extra.message_thread_id = fields.message_thread_id;
    if (typeof fields.reply_to_message_id === 'number') extra.reply_to_message_id = fields.reply_to_message_id;
    const msg = this.userMessage(chat, user, extra);
    const { reply_to_message_id: _ignored, ...rest } = fields;
    Object.assign(msg, clone(rest));
    const joined = fields.new_chat_members;
    if (Array.isArray(joined)) {
      for (const member of joined as Array<{ id?: unknown }>) {
        if (typeof member.id !== 'number') continue;
        if (member.id === this.botInfo.id) chat.botStatus = 'member';
        else chat.members.set(member.id, 'member');
      }
    }
    const left = fields.left_chat_member as { id?: unknown } | undefined;
    if (left && typeof left.id === 'number') {
      if (left.id === this.botInfo.id) chat.botStatus = 'left';
      else chat.members.set(left.id, 'left');
    }
    return this.deliverUserMessage(chat, user, msg);
  }

  /** A user edits their own text message: enqueues edited_message. */
  editText(chatId: number, messageId: number, fromUserId: number, newText: string): Update {
    const user = this.driverUser(fromUserId);
    const stored = this.world.findMessage(chatId, messageId);
    if (!stored || stored.fromBot || stored.fromId !== user.id) {
      throw new Error(`LocalBotApi: user ${fromUserId} has no message ${messageId} in chat ${chatId} to edit`);
    }
    const msg = stored.msg;
    msg.text = newText;
    const entities = commandEntities(newText);
    if (entities.length > 0) msg.entities = entities;
    else delete msg.entities;
    msg.edit_date = this.world.date();
    stored.edited = true;
    this.world.changed(stored);
    return this.updates.enqueue({ edited_message: clone(msg) });
  }

  /** A user presses an inline button, found by its text (exact, else substring), or sends forged `{ data }`. */
  pressButton(chatId: number, messageId: number, fromUserId: number, button: string | { data: string }): Update {
    const user = this.driverUser(fromUserId);
    this.driverChat(chatId);
    const stored =
      typeof button === 'string'
        ? this.world.findMessage(chatId, messageId)
        : this.world.findAnyMessage(chatId, messageId);
    if (!stored) throw new Error(`LocalBotApi: pressButton: no message ${messageId} in chat ${chatId}`);
    let data: string;
    if (typeof button === 'string') {
      const buttons: InlineButton[] = (stored.msg.reply_markup?.inline_keyboard ?? []).flat();
      const found = buttons.find((b) => b.text === button) ?? buttons.find((b) => b.text.includes(button));
      if (!found) {
        const texts = buttons.map((b) => JSON.stringify(b.text)).join(', ');
        throw new Error(
          `LocalBotApi: pressButton: message ${messageId} in chat ${chatId} has no button ${JSON.stringify(button)}; its buttons are: ${texts || '(none)'}`,
        );
      }
      if (found.callback_data === undefined) {
        throw new Error(`LocalBotApi: pressButton: button ${JSON.stringify(found.text)} has no callback_data`);
      }
      data = found.callback_data;
    } else {
      data = button.data;
    }
    const query = this.world.newCallbackQuery(chatId, messageId, user.id);
    return this.updates.enqueue({
      callback_query: {
        id: query.id,
        from: this.world.userObj(user),
        message: clone(stored.msg),
        chat_instance: String(8_000_000_000_000_000_000n + BigInt(chatId)),
        data,
      },
    });
  }

  /** A user adds the bot to a group: enqueues my_chat_member (left -> member or administrator). */
  addBotToGroup(chatId: number, byUserId: number, status: 'member' | 'administrator' = 'member'): Update {
    const user = this.driverUser(byUserId);
    const chat = this.writableChat(chatId, user);
    if (chat.type === 'private') throw new Error(`LocalBotApi: chat ${chatId} is private`);
    const old: MemberStatus = chat.botStatus === 'kicked' ? 'kicked' : 'left';
    chat.botStatus = status;
    if (!chat.members.has(user.id)) chat.members.set(user.id, 'member');
    return this.chatMemberUpdate(chat, user, old, status);
  }

  /** A user removes the bot from a group: enqueues my_chat_member (-> kicked); later sends answer 403. */
  removeBotFromGroup(chatId: number, byUserId: number): Update {
    const user = this.driverUser(byUserId);
    const chat = this.writableChat(chatId, user);
    if (chat.type === 'private') throw new Error(`LocalBotApi: chat ${chatId} is private`);
    const old = chat.botStatus;
    chat.botStatus = 'kicked';
    return this.chatMemberUpdate(chat, user, old, 'kicked');
  }

  private chatMemberUpdate(chat: FakeChatRecord, user: FakeUserRecord, from: MemberStatus, to: MemberStatus): Update {
    return this.updates.enqueue({
      my_chat_member: {
        chat: this.world.chatObj(chat),
        from: this.world.userObj(user),
        date: this.world.date(),
        old_chat_member: memberObj(this.env, this.botInfo.id, from),
        new_chat_member: memberObj(this.env, this.botInfo.id, to),
      },
    });
  }

  /**
   * A group becomes a supergroup: a message with migrate_to_chat_id in the old group, then one with
   * migrate_from_chat_id in the new supergroup. Members and the bot's status carry over; later bot calls
   * to the old id answer 400 with parameters.migrate_to_chat_id.
   */
  migrateToSupergroup(chatId: number, newChatId: number, byUserId: number): Update[] {
    const user = this.driverUser(byUserId);
    const old = this.writableChat(chatId, user);
    if (old.type !== 'group')
      throw new Error(`LocalBotApi: only a 'group' can migrate; chat ${chatId} is a ${old.type}`);
    if (this.world.chats.has(newChatId)) throw new Error(`LocalBotApi: chat ${newChatId} already exists`);
    const created: { id: number; type: ChatType; title?: string } = { id: newChatId, type: 'supergroup' };
    if (old.title !== undefined) created.title = old.title;
    const fresh = this.world.addChat(created);
    fresh.members = new Map(old.members);
    fresh.botStatus = old.botStatus;
    old.migratedTo = newChatId;

    const first: TgMessage = {
      message_id: this.world.allocMessageId(old.id),
      from: this.world.userObj(user),
      chat: this.world.chatObj(old),
      date: this.world.date(),
      migrate_to_chat_id: newChatId,
    };
    this.world.storeMessage(old.id, first, false, user.id);
    const u1 = this.updates.enqueue({ message: clone(first) });
    const freshChat = this.world.chatObj(fresh);
    const second: TgMessage = {
      message_id: this.world.allocMessageId(fresh.id),
      from: { ...ANONYMOUS_ADMIN },
      sender_chat: { ...freshChat },
      chat: freshChat,
      date: this.world.date(),
      migrate_from_chat_id: old.id,
    };
    this.world.storeMessage(fresh.id, second, false, ANONYMOUS_ADMIN.id);
    const u2 = this.updates.enqueue({ message: clone(second) });
    return [u1, u2];
  }

  /** Enqueues a raw update; update_id is assigned when missing. The world is not changed. */
  injectUpdate(update: Record<string, unknown>): Update {
    return this.updates.enqueue(clone(update));
  }
}
