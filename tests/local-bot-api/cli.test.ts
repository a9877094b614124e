import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let child: ChildProcess | undefined;

afterEach(() => {
  // if a test failed half-way, stop the whole process group (npx, sh, tsx, node)
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  child = undefined;
});

/** Resolves with the first stdout match of each pattern; rejects if the process exits first. */
function readLines(proc: ChildProcess, patterns: Record<string, RegExp>): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const found: Record<string, string> = {};
    let stderr = '';
    const lines = createInterface({ input: proc.stdout ?? process.stdin });
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const onExit = (code: number | null): void =>
      reject(new Error(`local-api exited (${code}) before printing everything:\n${stderr}`));
    proc.once('exit', onExit);
    lines.on('line', (line) => {
      for (const [key, re] of Object.entries(patterns)) {
        const m = re.exec(line);
        if (m?.[1] !== undefined && found[key] === undefined) found[key] = m[1];
      }
      if (Object.keys(found).length === Object.keys(patterns).length) {
        proc.off('exit', onExit);
        lines.close();
        resolve(found);
      }
    });
  });
}

describe('npm run local-api (src/local-bot-api/cli.ts)', () => {
  it('prints the apiRoot of the port it got, answers getMe there, and exits 0 on SIGTERM', async () => {
    const proc = spawn('npx', ['tsx', 'src/local-bot-api/cli.ts', '--port', '0', '--config', 'bot.config.json'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    const printed = await readLines(proc, {
      apiRoot: /^\s*apiRoot\s+(http:\/\/\S+)$/,
      pid: /^\s*pid\s+(\d+)/,
      start: /^\s*(BOT_TOKEN=.*npm start)$/,
    });
    expect(printed.apiRoot).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.apiRoot).not.toMatch(/:0$/);
    expect(printed.start).toBe(
      `BOT_TOKEN=123456:TEST-TOKEN TELEGRAM_API_ROOT=${printed.apiRoot} DB_PATH=data/local.db npm start`,
    );

    const me = await (await fetch(`${printed.apiRoot}/bot123456:TEST-TOKEN/getMe`)).json();
    expect(me).toMatchObject({ ok: true, result: { id: 123456, is_bot: true } });
    const users = (await (await fetch(`${printed.apiRoot}/sandbox/users`)).json()) as { users: unknown[] };
    expect(users.users.length).toBeGreaterThan(0);

    // SIGTERM to the server process itself (npx does not pass its exit code through when it is signalled)
    process.kill(Number(printed.pid), 'SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('lists an admin of many buildings with the first few chats and a count, on lines of a readable length', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-api-'));
    const config = join(dir, 'bot.config.json');
    const buildings = Array.from({ length: 40 }, (_, i) => ({
      id: `b${i + 1}`,
      name: `Building ${i + 1}`,
      chatId: -1002000000000 - i,
    }));
    writeFileSync(
      config,
      JSON.stringify({ timezone: 'Asia/Shanghai', language: 'en', admins: [100000001], buildings }),
    );
    const proc = spawn('npx', ['tsx', 'src/local-bot-api/cli.ts', '--config', config, '--help'], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', (c) => resolve(c)));
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    const admin = out.split('\n').find((line) => line.trimStart().startsWith('100000001'));
    expect(admin).toMatch(/ b1 group, b2 group, b3 group and 37 more$/);
    // every row used to be padded to the widest cell: 40 groups made each line hundreds of characters long
    expect(Math.max(...out.split('\n').map((line) => line.length))).toBeLessThan(200);
  }, 60_000);
});
