import { toAsciiForms } from './text.ts';

/** The digits of a record id (need, vote, buy, notice, household): no leading zero, at most 13 digits (a safe integer). */
export const idPattern = '[1-9][0-9]{0,12}';

const typedId = new RegExp(`^#?(${idPattern})$`);

/**
 * Reads an id as people type it after a command (`12`, `#12`, full-width `＃１２`). Use for every id argument, so
 * they all accept the same forms; undefined when the text is not one id.
 */
export function parseId(text: string): number | undefined {
  const match = typedId.exec(toAsciiForms(text).trim());
  return match ? Number(match[1]) : undefined;
}
