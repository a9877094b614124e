import type { BotConfig } from '../../config/index.ts';
import { EVENT_TYPES } from '../../config/index.ts';
import { type DatabaseHandle, openDatabase } from '../../db/open.ts';
import { DEFAULT_WEBHOOK_TIMEOUT_MS, postEvent } from '../../jobs/webhook-sender.ts';
import { findBuilding } from '../buildings/buildings.store.ts';
import { deadLetters, recordRetriedDeadLetters, storedEvents } from './events.store.ts';
import { patternsMatch, webhookLabel } from './events.ts';

export const eventsUsage = `  events [--since ISO] [--type need.*] [--building ID]
                        stored events (SPEC §2.9) as JSON lines, oldest first: each the CloudEvent the webhooks get
  events --failed       dead letters (given up after 24 hours of failures), one JSON line each, with webhook and error
  events --retry        sends the dead letters again now, in order per webhook, from this process; those accepted are
                        removed, a webhook's first failure stops its turn (its letters stay dead)`;

/** A mistake in the command line: exit 2 with the reason and the usage. */
class EventsUsageError extends Error {
  override name = 'EventsUsageError';
}

interface EventsFlags {
  since?: number;
  types?: string[];
  building?: string;
  failed: boolean;
  retry: boolean;
}

function parseEventsFlags(args: readonly string[]): EventsFlags {
  const flags: EventsFlags = { failed: false, retry: false };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    if (flag === '--failed' || flag === '--retry') {
      flags[flag === '--failed' ? 'failed' : 'retry'] = true;
      continue;
    }
    if (!['--since', '--type', '--building'].includes(flag)) throw new EventsUsageError(`unknown option ${flag}`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new EventsUsageError(`${flag} needs a value`);
    i++;
    if (flag === '--since') {
      // an instant: a date alone would be read as UTC midnight, which is rarely what a reader in Shanghai means
      if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(Date.parse(value)))
        throw new EventsUsageError(`--since ${value}: expected an ISO time such as 2026-04-01T08:00:00+08:00`);
      flags.since = Date.parse(value);
    } else if (flag === '--type') {
      const patterns = value.split(',').map((p) => p.trim());
      const unknown = patterns.find((p) => !EVENT_TYPES.some((type) => patternsMatch([p], type)));
      if (unknown !== undefined)
        throw new EventsUsageError(`--type ${unknown}: no such event (use e.g. need.created, need.*, alert.*)`);
      flags.types = [...(flags.types ?? []), ...patterns];
    } else flags.building = value;
  }
  const filtered = flags.since !== undefined || flags.types !== undefined || flags.building !== undefined;
  if ((flags.failed || flags.retry) && filtered)
    throw new EventsUsageError('--failed and --retry take every dead letter: no --since, --type or --building');
  if (flags.failed && flags.retry) throw new EventsUsageError('--failed lists, --retry sends: one at a time');
  return flags;
}

/**
 * `npm run cli -- events …` (SPEC §2.9): prints stored events, lists dead letters, or sends them again. `--retry`
 * sends from this process (the bot may be running or not: it never sends a dead letter itself) and waits for each
 * answer, so the operator sees at once what was accepted. Exit 0, 1 when a dead letter could not be sent, 2 usage.
 */
export async function runEventsCommand(
  args: readonly string[],
  context: { dbPath: string; config: () => BotConfig; now: () => number; timeoutMs?: number },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  let flags: EventsFlags;
  try {
    flags = parseEventsFlags(args);
  } catch (e) {
    if (!(e instanceof EventsUsageError)) throw e;
    err(`events: ${e.message}\n${eventsUsage}`);
    return 2;
  }
  // the config is read before the database is opened: an invalid one stops here with its report
  const config = flags.retry ? context.config() : undefined;
  const database = openDatabase(context.dbPath, { create: false });
  try {
    if (flags.failed) {
      for (const letter of deadLetters(database.db))
        out(
          JSON.stringify({
            webhook: letter.webhook,
            id: letter.id,
            type: letter.type,
            attempts: letter.attempts,
            firstFailedAt: letter.firstFailedAt === null ? null : new Date(letter.firstFailedAt).toISOString(),
            lastError: letter.lastError,
            event: JSON.parse(letter.body) as unknown,
          }),
        );
      return 0;
    }
    if (config) return await retryDeadLetters(database, config, context, out, err);
    if (flags.building !== undefined && !findBuilding(database.db, flags.building)) {
      err(`events: unknown building "${flags.building}"`);
      return 1;
    }
    const filter = {
      ...(flags.since !== undefined ? { since: flags.since } : {}),
      ...(flags.types ? { types: flags.types } : {}),
      ...(flags.building !== undefined ? { buildingId: flags.building } : {}),
    };
    for (const body of storedEvents(database.db, filter)) out(body);
    return 0;
  } finally {
    database.close();
  }
}

/** Sends every webhook's dead letters in event order; a webhook's first failure ends its turn. */
async function retryDeadLetters(
  database: DatabaseHandle,
  config: BotConfig,
  context: { now: () => number; timeoutMs?: number },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const letters = deadLetters(database.db);
  if (letters.length === 0) {
    out('no dead letters');
    return 0;
  }
  let code = 0;
  for (const url of [...new Set(letters.map((l) => l.webhook))]) {
    const label = webhookLabel(url);
    const own = letters.filter((l) => l.webhook === url);
    const webhook = config.webhooks.find((w) => w.url === url);
    if (!webhook) {
      err(`${label}: not in the config (no secret to sign with); ${own.length} dead letters left as they are`);
      code = 1;
      continue;
    }
    const accepted: number[] = [];
    let failed: { eventSeq: number; id: string; error: string } | undefined;
    for (const letter of own) {
      const result = await postEvent(webhook, letter.body, context.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS);
      if (result.accepted) {
        accepted.push(letter.eventSeq);
        continue;
      }
      failed = { eventSeq: letter.eventSeq, id: letter.id, error: result.error };
      break;
    }
    recordRetriedDeadLetters(database.db, url, { accepted, ...(failed ? { failed } : {}) }, context.now());
    if (failed) {
      err(
        `${label}: ${accepted.length} of ${own.length} dead letters delivered; event ${failed.id} failed again ` +
          `(${failed.error}): it and the ${own.length - accepted.length - 1} after it stay dead`,
      );
      code = 1;
    } else out(`${label}: ${accepted.length} of ${own.length} dead letters delivered`);
  }
  return code;
}
