import { UsageError } from '../../src/core/usage-error.ts';

/** The UsageError `run` throws, or undefined when it returns; anything else is rethrown. */
export function usageError(run: () => unknown): UsageError | undefined {
  try {
    run();
    return undefined;
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
}
