import { z } from 'zod';
import { ConfigError, count } from '../config/config-error.ts';
import { issueLines, plainEnglish } from '../config/issues.ts';
import { readJsonFile, validateWith } from '../config/load.ts';

/** A district id: what `POST /v1/events/<district id>` names, so a URL path segment. */
const districtId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, {
  error: 'expected 1 to 32 letters, digits, "_" or "-" (it is part of a URL)',
});

/** A shared secret written in the file, or `env:NAME` to read it from the environment at load (as the bot's). */
const secret = z.string().transform((written, ctx) => {
  const name = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(written)?.[1];
  const value = name === undefined ? written : process.env[name];
  if (value === undefined || value === '') {
    ctx.addIssue({ code: 'custom', input: written, message: `environment variable ${name} is not set` });
    return z.NEVER;
  }
  if ([...value].length < 16) {
    ctx.addIssue({
      code: 'custom',
      input: name === undefined ? '(hidden)' : written,
      message: `too short: a secret has at least 16 characters${name === undefined ? '' : ` (in ${name})`}`,
    });
    return z.NEVER;
  }
  return value;
});

const districtSchema = z.object({
  id: districtId,
  name: z.string().trim().min(1),
  /** The secret the district bot signs its events with: its `webhooks[]` entry for the hub names the same one. */
  eventsSecret: secret,
  /** The district bot's `POST /v1/alerts` (its `HTTP_PORT`, behind its reverse proxy). */
  alertUrl: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }),
  /** The secret city alerts are signed with: the district bot's `hub.alertSecret`. */
  alertSecret: secret,
});

const viewerSchema = z.object({
  name: z.string().trim().min(1),
  /** The hex sha256 of the viewer's bearer token: the hub never holds the token itself. */
  tokenSha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { error: 'expected 64 hex digits (sha256sum of the token)' })
    .transform((hex) => hex.toLowerCase()),
});

/** The whole of hub.config.json (SPEC §7). */
export const hubConfigSchema = z
  .object({
    city: z.string().trim().min(1),
    timezone: z
      .string()
      .refine(
        (zone) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: zone });
            return true;
          } catch {
            return false;
          }
        },
        { error: 'expected an IANA time zone such as "Asia/Shanghai"' },
      )
      .default('Asia/Shanghai'),
    districts: z.array(districtSchema).min(1, 'declare at least one district'),
    viewers: z.array(viewerSchema).default([]),
  })
  // runs even when other parts are invalid, so every problem is reported at once (the input may be anything then)
  .superRefine(
    (config, ctx) => {
      const districts: unknown = (config as { districts?: unknown }).districts;
      if (!Array.isArray(districts)) return;
      const seen = new Map<string, number>();
      districts.forEach((district: { id?: unknown }, i) => {
        if (typeof district?.id !== 'string') return;
        const first = seen.get(district.id);
        if (first !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['districts', i, 'id'],
            message: `"${district.id}" is already the id of districts[${first}]`,
          });
        else seen.set(district.id, i);
      });
    },
    { when: () => true },
  );

/** hub.config.json after validation, secrets resolved. */
export type HubConfig = z.output<typeof hubConfigSchema>;
export type DistrictConfig = HubConfig['districts'][number];
export type HubConfigInput = z.input<typeof hubConfigSchema>;

/** A valid hub config with the warnings found on the way (unknown keys, likely typos). */
export interface LoadedHubConfig {
  file: string;
  config: HubConfig;
  warnings: string[];
}

/**
 * Validates an already-parsed hub config (tests, tools); {@link loadHubConfig} for the file.
 * @throws ConfigError with every problem at once, each as `districts[1].alertUrl: expected …`
 */
export function parseHubConfig(raw: unknown, file = 'hub config'): LoadedHubConfig {
  return validateWith(hubConfigSchema, raw, file);
}

/**
 * Reads and validates `hub.config.json` (`HUB_CONFIG`), the only place the hub reads its config from disk.
 * @throws ConfigError when the file is missing, not JSON (with line and column) or invalid (every problem)
 */
export function loadHubConfig(file: string): LoadedHubConfig {
  return parseHubConfig(readJsonFile(file, 'set HUB_CONFIG to its path, or start from hub.config.example.json'), file);
}

/** `hub.config.json: OK (3 districts, 1 viewer)` or the ConfigError's report, then the warnings. */
export function formatHubConfigReport(result: LoadedHubConfig | ConfigError): string {
  const head =
    result instanceof ConfigError
      ? result.message
      : `${result.file}: OK (${count(result.config.districts.length, 'district')}, ${count(result.config.viewers.length, 'viewer')})`;
  return [head, ...result.warnings.map((warning) => `  warning: ${warning}`)].join('\n');
}

/** The hub's environment (SPEC §7): where its database is, where it listens, its config file. */
export const hubEnvSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'required: the PostgreSQL URL, such as postgres://hub@127.0.0.1:5432/hub' })
    .regex(/^postgres(ql)?:\/\//, { error: 'expected a postgres:// URL' }),
  HUB_PORT: z.coerce.number({ error: 'expected a port number such as 8090' }).int().min(0).max(65535).default(8090),
  HUB_HOST: z.string().default('127.0.0.1'),
  HUB_CONFIG: z.string().default('hub.config.json'),
  LOG_LEVEL: z.string().toLowerCase().default('info'),
});
export type HubEnv = z.output<typeof hubEnvSchema>;

/**
 * Reads the hub's environment once, in its entry point; blank values count as unset.
 * @throws ConfigError (file `environment`) listing every invalid variable
 */
export function loadHubEnv(env: NodeJS.ProcessEnv): HubEnv {
  const input: Record<string, string> = {};
  for (const name of Object.keys(hubEnvSchema.shape)) {
    const value = env[name]?.trim();
    if (value) input[name] = value;
  }
  const result = hubEnvSchema.safeParse(input, { error: plainEnglish });
  if (!result.success) throw new ConfigError('environment', issueLines(result.error.issues));
  return result.data;
}
