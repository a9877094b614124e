/**
 * Thrown when the config file or the environment cannot be used: a missing or unreadable file,
 * invalid JSON, or values that fail validation. It carries every problem found, not just the first,
 * so one run tells the operator everything to fix. `message` is the report to print on stderr.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';

  /**
   * @param file what was read: the config file's path, or `environment`
   * @param problems one `path: message` line per problem (or a message alone for the whole file)
   * @param warnings unknown keys and the like, found alongside; they do not make the file invalid
   */
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    readonly warnings: readonly string[] = [],
  ) {
    super([`${file}: ${count(problems.length, 'error')}`, ...problems.map((problem) => `  ${problem}`)].join('\n'));
  }
}

/** "1 error", "3 errors". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
