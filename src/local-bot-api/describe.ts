// Short human-readable descriptions of chat messages (error messages, the text view of /sandbox/chats/:id/messages).
import type { ChatMessage } from './types.ts';

/** The inline button texts of a message, row by row. */
export function buttonTexts(m: ChatMessage): string[] {
  return (m.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
}

/** One line per message: `  #12 bot (edited) thread 3: "text" [buttons: A | B]`. */
export function describeMessage(m: ChatMessage, maxText = 200): string {
  const who = m.from_bot ? 'bot' : `user ${m.from_id ?? '?'}`;
  let body: string;
  if (m.text !== undefined) body = JSON.stringify(m.text.length > maxText ? `${m.text.slice(0, maxText)}…` : m.text);
  else if (m.document)
    body = `[document ${m.document.file_name ?? ''}]${m.caption ? ` ${JSON.stringify(m.caption)}` : ''}`;
  else {
    const keys = Object.keys(m.raw).filter((k) => !['message_id', 'from', 'chat', 'date', 'sender_chat'].includes(k));
    body = `[${keys.join(', ')}]`;
  }
  const buttons = buttonTexts(m);
  return `  #${m.message_id} ${who}${m.edited ? ' (edited)' : ''}${m.message_thread_id !== undefined ? ` thread ${m.message_thread_id}` : ''}: ${body}${
    buttons.length > 0 ? ` [buttons: ${buttons.join(' | ')}]` : ''
  }`;
}
