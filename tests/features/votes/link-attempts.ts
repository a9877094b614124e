import { createHmac } from 'node:crypto';
import type Database from 'better-sqlite3';

/** What an attacker knows of an anonymous vote: who might have voted, and what the options were called. */
export interface AnonymousVote {
  voteId: number;
  /** Telegram ids of everyone who may have cast a ballot. */
  voters: readonly number[];
  /** Household ids of the building (the identities of a household vote). */
  households?: readonly number[];
  /** The options' texts, distinctive enough not to occur by chance in other rows. */
  options: readonly string[];
  /** The exact times ballots were cast or changed (the bot's clock), as the attacker may guess them. */
  castTimes: readonly number[];
}

interface Row {
  table: string;
  values: Record<string, unknown>;
  /** Every string of the row, also those inside its JSON cells. */
  strings: string[];
  /** Every number of the row, also those inside its JSON cells. */
  numbers: Set<number>;
  text: string;
}

/** A time in epoch milliseconds (after 2001), as opposed to ids, counts and options. */
const isTime = (n: number) => Number.isInteger(n) && n > 1e12;

/**
 * Tries, as someone holding a copy of the database (and the bot's log lines) would, every obvious way to pair a
 * voter with an option of the anonymous vote: a ballot naming its voter or keeping its time, the order ballots
 * are stored in, recomputing the ballots' keys with any string stored anywhere (`app_settings` included) as the
 * HMAC key, audit rows naming a voter, a row naming a voter with the vote's options or button data, a time shared
 * between a row naming a voter and a row of the vote, a row keeping a cast time with the options, and log lines
 * naming a voter. Returns what it found, one sentence per link; empty when it found none.
 */
export function linkAttempts(sqlite: Database.Database, vote: AnonymousVote, logs: readonly unknown[] = []): string[] {
  const found: string[] = [];
  const rows = allRows(sqlite);
  const voteMarks = [`vote:${vote.voteId}`, `v1:vote:${vote.voteId}:`, `Vote #${vote.voteId}:`];
  const mentionsVoter = (row: Row, voter: number) =>
    new RegExp(`(?<![0-9A-Za-z])${voter}(?![0-9A-Za-z])`).test(row.text);
  const mentionsVote = (row: Row) =>
    voteMarks.some((m) => row.text.includes(m)) || (row.table === 'ballots' && row.values.vote_id === vote.voteId);
  const mentionsOptions = (row: Row) =>
    row.text.includes(`v1:vote:${vote.voteId}:`) || vote.options.some((o) => row.text.includes(o));

  const ballots = sqlite
    .prepare('select rowid, * from ballots where vote_id = ? order by rowid')
    .all(vote.voteId) as Array<{ voter_key: string; voter_id: unknown; household_id: unknown; cast_at: unknown }>;
  for (const b of ballots) {
    if (b.voter_id !== null) found.push(`a ballot names its voter ${b.voter_id}`);
    if (b.household_id !== null) found.push(`a ballot names its household ${b.household_id}`);
    if (b.cast_at !== null) found.push(`a ballot keeps the time it was cast (${b.cast_at})`);
  }
  const keys = ballots.map((b) => b.voter_key);
  if (keys.join() !== [...keys].sort().join()) found.push('the ballots are stored in the order they were cast');

  const identities = [...vote.voters.map((v) => `u:${v}`), ...(vote.households ?? []).map((h) => `h:${h}`)];
  const ballotKeys = new Set(keys);
  const candidates = new Map<string, string>();
  for (const row of rows) for (const s of row.strings) if (s.length >= 16) candidates.set(s, row.table);
  for (const [candidate, table] of candidates) {
    const secrets: Array<string | Buffer> = [candidate];
    if (/^(?:[0-9a-f]{2})+$/i.test(candidate)) secrets.push(Buffer.from(candidate, 'hex'));
    for (const secret of secrets)
      for (const identity of identities) {
        const key = `a:${createHmac('sha256', secret).update(`${vote.voteId}:${identity}`).digest('hex')}`;
        if (ballotKeys.has(key)) found.push(`a string of ${table} recomputes the ballot key of ${identity}`);
      }
  }

  for (const row of rows.filter((r) => r.table === 'audit_log' && r.values.subject === `vote:${vote.voteId}`))
    if (row.values.actor !== null && vote.voters.includes(row.values.actor as number))
      found.push(`the audit row ${row.values.action} names the voter ${row.values.actor}`);

  const voteTimes = new Map<number, string>();
  for (const row of rows.filter(mentionsVote)) for (const n of row.numbers) if (isTime(n)) voteTimes.set(n, row.table);
  for (const voter of vote.voters) {
    for (const row of rows.filter((r) => mentionsVoter(r, voter))) {
      if (mentionsOptions(row)) found.push(`a row of ${row.table} names the voter ${voter} with the vote's options`);
      for (const n of row.numbers)
        if (voteTimes.has(n))
          found.push(`a row of ${row.table} naming the voter ${voter} shares a time with ${voteTimes.get(n)}`);
    }
  }
  for (const row of rows.filter(mentionsOptions))
    for (const at of vote.castTimes)
      if (row.numbers.has(at)) found.push(`a row of ${row.table} keeps a time a ballot was cast with the options`);

  for (const line of logs)
    for (const voter of vote.voters)
      if (new RegExp(`(?<![0-9])${voter}(?![0-9])`).test(JSON.stringify(line)))
        found.push(`a log line names the voter ${voter}`);
  return [...new Set(found)];
}

/**
 * Every string stored in the database with the shape of a 32-byte key in hex: the secrets it holds now (the hashes
 * of the migration files, public, left out).
 */
export function storedSecrets(sqlite: Database.Database): string[] {
  const secrets = allRows(sqlite)
    .filter((row) => row.table !== '__drizzle_migrations')
    .flatMap((row) => row.strings.filter((s) => /^[0-9a-f]{64}$/i.test(s)));
  return [...new Set(secrets)];
}

/** Every row of every table, with the strings and numbers inside its JSON cells. */
function allRows(sqlite: Database.Database): Row[] {
  const tables = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
    .pluck()
    .all() as string[];
  return tables.flatMap((table) =>
    (sqlite.prepare(`select * from "${table}"`).all() as Array<Record<string, unknown>>).map((values) => {
      const strings: string[] = [];
      const numbers = new Set<number>();
      const walk = (value: unknown): void => {
        if (typeof value === 'number') numbers.add(value);
        else if (typeof value === 'bigint') numbers.add(Number(value));
        else if (typeof value === 'string') {
          strings.push(value);
          if (/^[[{]/.test(value)) {
            try {
              walk(JSON.parse(value));
            } catch {
              // not JSON: a plain string
            }
          }
        } else if (Array.isArray(value)) for (const v of value) walk(v);
        else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) walk(v);
      };
      walk(values);
      return { table, values, strings, numbers, text: JSON.stringify(values) };
    }),
  );
}
