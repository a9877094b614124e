// `npm run local-api`: the local Bot API as a standalone server, seeded from the bot's config, with the
// control endpoints on, so a person can run the bot against it and act as the residents with curl.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CONTROL_ENDPOINTS } from './control-endpoints.ts';
import { DEFAULT_TOKEN } from './core.ts';
import { describeMessage } from './describe.ts';
import { LocalBotApi } from './local-bot-api.ts';
import { type SeedConfig, type SeedDescription, seedFromConfig, toSeedConfig } from './seed.ts';

const DEFAULT_PORT = 8081;
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_CONFIG = 'bot.config.json';
const LOCAL_DB = 'data/local.db';

const OPTIONS = `Options:
  --port N         port to listen on (default ${DEFAULT_PORT}; 0 picks a free one and prints it)
  --host H         interface to listen on (default ${DEFAULT_HOST})
  --config FILE    the bot config to seed from (default $BOT_CONFIG or ${DEFAULT_CONFIG})
  --token T        the bot token the server accepts (default ${DEFAULT_TOKEN})
  --rate-limits    answer 429 like Telegram past 30 messages/s, 20/min per group, 1/s per private chat
  --quiet          do not print the chats' messages as they happen
  -h, --help       this text, the seeded people and chats, and the control endpoints`;

const USAGE = `Usage: npm run local-api [-- options]

Serves a local, fake Telegram Bot API seeded from the bot's config: each building's group (and volunteers
chat) with the bot as an administrator, the admins, four residents and a volunteer per building, all of whom
have started the bot. Control endpoints under /sandbox/ let you act as them.

${OPTIONS}`;

interface Args {
  port: number;
  host: string;
  config: string;
  token: string;
  rateLimits: boolean;
  quiet: boolean;
  help: boolean;
}

function parse(argv: string[]): Args {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      config: { type: 'string' },
      token: { type: 'string' },
      'rate-limits': { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new Error(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const portText = values.port ?? String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new Error(`--port must be a number from 0 to 65535, got ${JSON.stringify(portText)}`);
  const token = values.token ?? DEFAULT_TOKEN;
  if (!/^[^/\s]+$/.test(token)) throw new Error('--token must not contain slashes or spaces');
  return {
    port,
    host: values.host ?? DEFAULT_HOST,
    config: values.config ?? (process.env.BOT_CONFIG?.trim() || DEFAULT_CONFIG),
    token,
    rateLimits: values['rate-limits'] ?? false,
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  };
}

function readConfig(file: string): SeedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    throw new Error(
      code === 'ENOENT' ? `${file}: file not found; pass --config FILE or set BOT_CONFIG` : `${file}: ${String(err)}`,
    );
  }
  try {
    return toSeedConfig(JSON.parse(text.replace(/^\uFEFF/, '')));
  } catch (err) {
    throw new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Quotes a value for a POSIX shell when it needs it. */
function sh(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows.map((row) =>
    `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd(),
  );
}

function chatLabel(seed: SeedDescription, id: number): string {
  const c = seed.chats.find((x) => x.id === id);
  return c ? `${c.building} ${c.kind === 'building' ? 'group' : 'volunteers'}` : String(id);
}

/** The chats a person is in; an admin of a thousand buildings gets a count after the first few. */
function chatList(seed: SeedDescription, ids: readonly number[]): string {
  const shown = ids.slice(0, 3).map((id) => chatLabel(seed, id));
  return ids.length > shown.length ? `${shown.join(', ')} and ${ids.length - shown.length} more` : shown.join(', ');
}

function describeSeed(seed: SeedDescription): string[] {
  return [
    'Chats (the bot is an administrator in each):',
    ...table(seed.chats.map((c) => [String(c.id), chatLabel(seed, c.id), c.title])),
    '',
    'People (each has started the bot, so it can DM them):',
    ...table([
      ['id', 'role', 'lang', 'name', 'in'],
      ...seed.users.map((u) => [String(u.id), u.role, u.language, u.name, chatList(seed, u.chats)]),
    ]),
  ];
}

function endpoints(): string[] {
  return CONTROL_ENDPOINTS.flatMap((e) => [
    `  ${e.method.padEnd(4)} ${e.path}${e.body ? `  ${e.body}` : ''}`,
    `         ${e.does}`,
  ]);
}

/** curl lines acting as the first building's first resident. */
function examples(root: string, seed: SeedDescription): string[] {
  const group = seed.chats.find((c) => c.kind === 'building');
  const resident = seed.users.find((u) => u.role === 'resident' && group !== undefined && u.chats.includes(group.id));
  if (!group || !resident) return [];
  const body = JSON.stringify({ chatId: group.id, userId: resident.id, text: '/home 1502' });
  return [`  curl -s ${root}/sandbox/send -d ${sh(body)}`, `  curl -s ${root}/sandbox/chats/${group.id}/messages`];
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`local-api: ${err instanceof Error ? err.message : String(err)}\n\n${OPTIONS}\n`);
    return 2;
  }
  const out = (lines: string[]): void => void process.stdout.write(`${lines.join('\n')}\n`);

  if (args.help) {
    const lines = [
      USAGE,
      '',
      'Control endpoints (JSON in and out; errors answer 400 { ok: false, error }):',
      ...endpoints(),
      '',
    ];
    try {
      const seed = seedFromConfig(new LocalBotApi({ token: args.token }), readConfig(args.config));
      lines.push(`Seeded from ${args.config}:`, ...describeSeed(seed));
    } catch (err) {
      lines.push(`(cannot list the seeded people: ${err instanceof Error ? err.message : String(err)})`);
    }
    out(lines);
    return 0;
  }

  let config: SeedConfig;
  try {
    config = readConfig(args.config);
  } catch (err) {
    process.stderr.write(`local-api: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const tg = new LocalBotApi({
    port: args.port,
    host: args.host,
    token: args.token,
    control: true,
    rateLimits: args.rateLimits ? {} : false,
  });
  const seed = seedFromConfig(tg, config);
  try {
    await tg.listen();
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `local-api: ${args.host}:${args.port} is in use (another local-api?); pick another with --port\n`
        : `local-api: cannot listen on ${args.host}:${args.port}: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  }

  // what a client on this machine connects to (a wildcard listen address is not one)
  const root = tg.apiRoot.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
  const env = [
    ...(args.config !== DEFAULT_CONFIG ? [`BOT_CONFIG=${sh(args.config)}`] : []),
    `BOT_TOKEN=${sh(tg.token)}`,
    `TELEGRAM_API_ROOT=${root}`,
    `DB_PATH=${LOCAL_DB}`,
  ];
  out([
    'Local Telegram Bot API (a fake: no Telegram account, no internet)',
    `  apiRoot  ${root}`,
    `  token    ${tg.token}`,
    `  bot      @${tg.botInfo.username} (id ${tg.botInfo.id})`,
    `  config   ${args.config}`,
    `  pid      ${process.pid} (SIGINT or SIGTERM stops it)`,
    `  limits   ${args.rateLimits ? 'on (Telegram-like flood limits)' : 'off (--rate-limits turns them on)'}`,
    '',
    'Start the bot against it in a second terminal:',
    `  ${env.join(' ')} npm start`,
    '',
    ...describeSeed(seed),
    '',
    'Act as a resident, then read what the group shows (add ?format=text for one line per message):',
    ...examples(root, seed),
    '',
    `All control endpoints: ${root}/sandbox, or npm run local-api -- --help. Ctrl-C stops.`,
  ]);

  if (!args.quiet) {
    tg.subscribe((e) => {
      if (e.kind !== 'message') return;
      const what = e.deleted ? ' (deleted)' : '';
      const chat = tg.chat(e.message.chat_id);
      const where = chat?.type === 'private' ? `DM ${chat.id}` : (chat?.title ?? String(e.message.chat_id));
      process.stdout.write(`[${where}]${what} ${describeMessage(e.message).trimStart()}\n`);
    });
  }

  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await tg.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`local-api: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
