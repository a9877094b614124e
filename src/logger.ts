import { type Logger, pino } from 'pino';

/**
 * The process logger (JSON lines on stderr, so stdout stays free for the CLI). Tokens and message texts are
 * redacted wherever they appear under these keys; handlers never log a private need's text in the first place.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['token', '*.token', 'text', '*.text', 'payload.text'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}
