import { z } from 'zod';
import { ConfigError } from './config-error.ts';
import { issueLines, plainEnglish } from './issues.ts';

/** pino's levels, accepted in any case by LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The environment variables of SPEC §4, with their defaults. Read them with `loadEnv`. */
export const envSchema = z
  .object({
    /**
     * Optional here: `main` decides what to do without one (explain how to get one, point to the sandbox). When set it
     * must have the shape @BotFather gives: Telegram answers any other (a slash in it, a space) with 404, which would
     * read as a missing method. The message never shows the value.
     */
    BOT_TOKEN: z
      .string()
      .regex(/^[0-9]+:[A-Za-z0-9_-]+$/, {
        error: 'expected the shape 123456789:AA… that @BotFather gives (digits, a colon, then letters, digits, _ or -)',
      })
      .optional(),
    /** Without a trailing slash, ready for `${root}/bot${token}/${method}`. */
    TELEGRAM_API_ROOT: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL such as "https://api.telegram.org"' })
      .transform((url) => url.replace(/\/+$/, ''))
      .default('https://api.telegram.org'),
    DB_PATH: z.string().default('data/bot.db'),
    BOT_CONFIG: z.string().default('bot.config.json'),
    LOG_LEVEL: z.string().toLowerCase().pipe(z.enum(LOG_LEVELS)).default('info'),
    /** The HTTP server of `/healthz` and `/metrics`: none unless a port is given. */
    HTTP_PORT: z.coerce
      .number({ error: 'expected a port number such as 8080' })
      .int()
      .min(0)
      .max(65535, { error: 'expected a port number such as 8080' })
      .optional(),
    HTTP_HOST: z.string().default('127.0.0.1'),
    /**
     * Webhook mode: the public URL Telegram POSTs updates to (behind a reverse proxy that forwards its path to
     * HTTP_PORT). Telegram takes only HTTPS; plain HTTP is accepted for a local Bot API on this machine.
     */
    WEBHOOK_URL: z
      .url({ protocol: /^https?$/, error: 'expected the public https:// URL Telegram should post updates to' })
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.WEBHOOK_URL !== undefined && env.HTTP_PORT === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['HTTP_PORT'],
        message: 'required with WEBHOOK_URL: the port the bot listens on for the webhook (behind your reverse proxy)',
      });
  });

/** The validated environment, defaults applied. */
export type Env = z.output<typeof envSchema>;

/**
 * Reads and validates the environment once, in `main` or the CLI; pass the result on rather than
 * reading `process.env` elsewhere. A variable set to an empty or blank string counts as unset
 * (`BOT_TOKEN=` in an env file), and values are trimmed.
 * @throws ConfigError (file `environment`) listing every invalid variable
 */
export function loadEnv(env: NodeJS.ProcessEnv): Env {
  const input: Record<string, string> = {};
  for (const name of Object.keys(envSchema.shape)) {
    const value = env[name]?.trim();
    if (value) input[name] = value;
  }
  const result = envSchema.safeParse(input, { error: plainEnglish });
  if (!result.success) throw new ConfigError('environment', issueLines(result.error.issues));
  return result.data;
}
