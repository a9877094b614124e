import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config-error.ts';
import { formatHubConfigReport, loadHubConfig, loadHubEnv, parseHubConfig } from '../../src/hub/config.ts';

const dir = mkdtempSync(join(tmpdir(), 'hub-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const district = {
  id: 'd1',
  name: 'District 1',
  eventsSecret: 'events-secret-of-d1',
  alertUrl: 'https://d1.example.org/v1/alerts',
  alertSecret: 'alert-secret-of-d1',
};

function problems(raw: unknown): string[] {
  try {
    parseHubConfig(raw);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe('hub.config.json', () => {
  it('accepts the committed example, its secrets read from the environment', () => {
    for (const name of ['XINJIANGWAN', 'WUJIAOCHANG'])
      for (const kind of ['EVENTS', 'ALERT']) process.env[`HUB_${name}_${kind}_SECRET`] = `${kind}-secret-long-enough`;
    const loaded = loadHubConfig('hub.config.example.json');
    expect(formatHubConfigReport(loaded)).toBe('hub.config.example.json: OK (2 districts, 1 viewer)');
    expect(loaded.config.districts[0]!.eventsSecret).toBe('EVENTS-secret-long-enough');
  });

  it('reports every problem with its JSON path, and unknown keys as warnings', () => {
    expect(
      problems({
        city: 'C',
        districts: [
          district,
          { ...district, name: '', alertUrl: 'ftp://x', alertSecret: 'short' },
          { ...district, id: 'd 3' },
        ],
        viewers: [{ name: 'room', tokenSha256: 'abc' }],
      }),
    ).toEqual([
      'districts[1].name: must not be empty',
      'districts[1].alertUrl: expected an http:// or https:// URL',
      'districts[1].alertSecret: too short: a secret has at least 16 characters',
      'districts[1].id: "d1" is already the id of districts[0]',
      'districts[2].id: expected 1 to 32 letters, digits, "_" or "-" (it is part of a URL)',
      'viewers[0].tokenSha256: expected 64 hex digits (sha256sum of the token)',
    ]);
    expect(problems({ city: 'C', districts: [] })).toEqual(['districts: declare at least one district']);
    expect(parseHubConfig({ city: 'C', districts: [district], vewers: [] }).warnings).toEqual([
      'vewers: unknown key (a typo?)',
    ]);
  });

  it('says where the JSON is broken, and that a missing file can start from the example', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "city": "C",\n  "districts": [ }');
    expect(() => loadHubConfig(broken)).toThrow(/invalid JSON at line 2/);
    expect(() => loadHubConfig(join(dir, 'none.json'))).toThrow(/hub.config.example.json/);
  });

  it('needs DATABASE_URL in the environment, and defaults the rest', () => {
    expect(() => loadHubEnv({})).toThrow(/DATABASE_URL: required/);
    expect(loadHubEnv({ DATABASE_URL: 'postgres://hub@127.0.0.1/hub' })).toMatchObject({
      HUB_PORT: 8090,
      HUB_HOST: '127.0.0.1',
      HUB_CONFIG: 'hub.config.json',
    });
  });
});
