import type { MessageKey } from './message-keys.ts';

/** Values a locale message may interpolate. Ids go in as strings: Fluent would group a number's digits. */
export type MessageArgs = Record<string, string | number>;

/**
 * A mistake of the person typing (a malformed command, a missing `/home`, a button they may not press).
 * Thrown or returned by the pure feature code; the bot answers with the localized `key` and changes nothing.
 * Anything else that is thrown is a bug and is logged by the error boundary.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    readonly key: MessageKey,
    readonly args: MessageArgs = {},
  ) {
    super(key);
  }
}
