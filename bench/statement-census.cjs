// The statement census (`npm run bench -- --only throughput --statements`): preloaded into a bot process with
// `--require`, it times every SQL statement the process runs through better-sqlite3 (the native call only: SQLite's
// work and the row objects it builds, not drizzle's) and, when the process exits, writes each statement's calls and
// total microseconds as JSON to BENCH_CENSUS_FILE. better-sqlite3's own BEGIN and COMMIT of `transaction()` run
// outside prepare() and are not counted; `exec` (the group commit's BEGIN and COMMIT, the migrations) is.
const { writeFileSync } = require('node:fs');

const file = process.env.BENCH_CENSUS_FILE;
if (file) {
  const Database = require(require.resolve('better-sqlite3', { paths: [process.cwd()] }));
  /** @type {Map<string, { calls: number, nanos: bigint }>} */
  const census = new Map();
  // the bench asks for the process's CPU time just before it sends the commands and once the last answer is in: the
  // census covers that stretch (not the start, the migrations, the stop)
  let counting = false;
  let cpuAsked = 0;
  process.on('message', (message) => {
    if (message?.type !== 'cpu') return;
    cpuAsked += 1;
    if (cpuAsked === 1) census.clear();
    counting = cpuAsked === 1;
  });
  const count = (sql, started) => {
    if (!counting) return;
    const entry = census.get(sql) ?? { calls: 0, nanos: 0n };
    entry.calls += 1;
    entry.nanos += process.hrtime.bigint() - started;
    census.set(sql, entry);
  };
  const timed = (sql, call) =>
    function (...args) {
      const started = process.hrtime.bigint();
      try {
        return call.apply(this, args);
      } finally {
        count(sql, started);
      }
    };
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (source, ...rest) {
    const statement = prepare.call(this, source, ...rest);
    const sql = source.replace(/\s+/g, ' ').trim();
    for (const method of ['run', 'get', 'all', 'iterate']) statement[method] = timed(sql, statement[method]);
    return statement;
  };
  const exec = Database.prototype.exec;
  Database.prototype.exec = function (source) {
    return timed(`exec: ${source.replace(/\s+/g, ' ').trim().slice(0, 80)}`, exec).call(this, source);
  };
  process.on('exit', () => {
    const rows = [...census].map(([sql, { calls, nanos }]) => ({ sql, calls, micros: Number(nanos) / 1000 }));
    writeFileSync(file, JSON.stringify(rows));
  });
}
