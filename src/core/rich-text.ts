/** Telegram's `text_mention` entity: a name in a message that opens the user's profile when tapped. */
export interface MentionEntity {
  type: 'text_mention';
  /** In UTF-16 code units, as Telegram counts (and as JavaScript indexes strings). */
  offset: number;
  length: number;
  user: { id: number; is_bot: false; first_name: string };
}

/** A message text with the mentions in it. */
export interface RichText {
  text: string;
  entities: MentionEntity[];
}

/** Someone named in a line: the name as it appears there and who it is. */
export interface Mention {
  name: string;
  userId: number;
}

/** A line of a message, with the people it names (their names become tappable mentions). */
export type RichLine = string | { line: string; mentions: readonly Mention[] };

/**
 * Joins `lines` with newlines; each mention's name, at its first place in its line after the previous mention,
 * becomes a `text_mention` of its user. A name that is not in its line is left plain.
 */
export function richText(lines: readonly RichLine[]): RichText {
  const entities: MentionEntity[] = [];
  let offset = 0;
  const texts: string[] = [];
  for (const item of lines) {
    const line = typeof item === 'string' ? item : item.line;
    let from = 0;
    for (const mention of typeof item === 'string' ? [] : item.mentions) {
      const at = mention.name === '' ? -1 : line.indexOf(mention.name, from);
      if (at < 0) continue;
      entities.push({
        type: 'text_mention',
        offset: offset + at,
        length: mention.name.length,
        user: { id: mention.userId, is_bot: false, first_name: mention.name },
      });
      from = at + mention.name.length;
    }
    texts.push(line);
    offset += line.length + 1;
  }
  return { text: texts.join('\n'), entities };
}
