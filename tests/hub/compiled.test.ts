import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { eventually, hubConfig, VIEWER_TOKEN } from './helpers.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

// The compiled hub (`npm run hub:start`: `npm run build`, then `node dist/hub/main.js`) serves the command room's page
// as the source does. Built into a folder of its own beside dist/ (another test compiles into dist/ meanwhile), with
// the build script's own commands.
const out = resolve(`.dist-hub-test-${randomBytes(3).toString('hex')}`);
const configDir = mkdtempSync(join(tmpdir(), 'mutual-aid-hub-compiled-'));
let database: TestDatabase | undefined;
afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
  await database?.drop();
});

function freePort(): Promise<number> {
  return new Promise((done) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

it('runs compiled (npm run build, then node dist/hub/main.js): serves the page and its script, exits 0 on SIGTERM', {
  timeout: 240_000,
}, async () => {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  expect(scripts['hub:start']).toBe('node dist/hub/main.js');
  const build = scripts.build!;
  expect(build).toMatch(/^tsc -p tsconfig\.build\.json && /);
  // the same commands, into `out` instead of dist/
  const command = build
    .replace(
      'tsc -p tsconfig.build.json',
      `"${process.execPath}" node_modules/typescript/bin/tsc -p tsconfig.build.json --outDir "${out}"`,
    )
    .replaceAll('dist/', `${out}/`);
  execFileSync('sh', ['-c', command], { stdio: 'pipe' });

  database = await createTestDatabase();
  const port = await freePort();
  const configFile = join(configDir, 'hub.config.json');
  writeFileSync(configFile, JSON.stringify({ ...hubConfig(['http://127.0.0.1:9/v1/alerts']), viewers: [] }));
  const hub = spawn(process.execPath, [join(out, 'hub/main.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: database.url,
      HUB_PORT: String(port),
      HUB_CONFIG: configFile,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  hub.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((done) => hub.once('exit', (code) => done(code)));
  try {
    const url = `http://127.0.0.1:${port}`;
    // migrated from migrations-hub/ beside the build, as from beside src/
    await eventually(
      async () => ((await fetch(`${url}/healthz`).catch(() => undefined))?.ok ? true : undefined),
      30_000,
    );
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script src="/command-room.js"></script>');
    const script = await fetch(`${url}/command-room.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('/v1/overview');
    expect((await fetch(`${url}/v1/overview`, { headers: { authorization: `Bearer ${VIEWER_TOKEN}` } })).status).toBe(
      401,
    );
  } finally {
    hub.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
  expect(stderr).toBe('');
});
