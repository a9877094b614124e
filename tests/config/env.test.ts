import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../../src/config/index.ts';

describe('loadEnv', () => {
  it('applies the defaults of an empty environment and has no token', () => {
    expect(loadEnv({})).toEqual({
      TELEGRAM_API_ROOT: 'https://api.telegram.org',
      DB_PATH: 'data/bot.db',
      BOT_CONFIG: 'bot.config.json',
      LOG_LEVEL: 'info',
      HTTP_HOST: '127.0.0.1',
    });
  });

  it('reads every variable it knows and ignores the rest', () => {
    const env = loadEnv({
      BOT_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      DB_PATH: '/var/lib/bot/bot.db',
      BOT_CONFIG: '/etc/bot/config.json',
      LOG_LEVEL: 'debug',
      HTTP_PORT: '8080',
      HTTP_HOST: '0.0.0.0',
      PATH: '/usr/bin',
    });
    expect(env).toEqual({
      BOT_TOKEN: '123:abc',
      TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
      DB_PATH: '/var/lib/bot/bot.db',
      BOT_CONFIG: '/etc/bot/config.json',
      LOG_LEVEL: 'debug',
      HTTP_PORT: 8080,
      HTTP_HOST: '0.0.0.0',
    });
  });

  it('refuses an HTTP_PORT that is not a port', () => {
    for (const port of ['eighty', '70000', '80.5']) expect(() => loadEnv({ HTTP_PORT: port })).toThrow(ConfigError);
  });

  it('removes trailing slashes from the API root', () => {
    expect(loadEnv({ TELEGRAM_API_ROOT: 'http://localhost:8081/' }).TELEGRAM_API_ROOT).toBe('http://localhost:8081');
  });

  it('treats a blank variable as unset and trims values', () => {
    const env = loadEnv({ BOT_TOKEN: '  ', LOG_LEVEL: '', DB_PATH: ' data/x.db ' });
    expect(env.BOT_TOKEN).toBeUndefined();
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.DB_PATH).toBe('data/x.db');
  });

  it('accepts a log level in capitals', () => {
    expect(loadEnv({ LOG_LEVEL: 'WARN' }).LOG_LEVEL).toBe('warn');
  });

  it('accepts tokens of the shape @BotFather gives, and the local Bot API one', () => {
    expect(loadEnv({ BOT_TOKEN: '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw' }).BOT_TOKEN).toBe(
      '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw',
    );
    expect(loadEnv({ BOT_TOKEN: '123456:TEST-TOKEN' }).BOT_TOKEN).toBe('123456:TEST-TOKEN');
  });

  it.each([
    ['a slash in it', '123456789:AAH/dqTcvCH1vGWJxfSeof'],
    ['no colon', '123456789AAHdqTcvCH1vGWJxfSeof'],
    ['no bot id', 'AAHdqTcv:CH1vGWJxfSeof'],
    ['a space in it', '123456789:AAH dqTcv'],
    ['the word bot in front', 'bot123456789:AAHdqTcvCH1vGWJxfSeof'],
  ])('refuses a BOT_TOKEN with %s, showing the expected shape but never the token', (_, token) => {
    let error: unknown;
    try {
      loadEnv({ BOT_TOKEN: token });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^BOT_TOKEN: expected the shape 123456789:AA…/);
    expect(message).not.toContain(token);
    expect(message).not.toContain(token.slice(-8));
  });

  it('rejects a bad LOG_LEVEL and a bad API root together, listing the valid levels', () => {
    let error: unknown;
    try {
      loadEnv({ LOG_LEVEL: 'verbose', TELEGRAM_API_ROOT: 'api.telegram.org' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).file).toBe('environment');
    expect((error as ConfigError).problems).toEqual([
      'TELEGRAM_API_ROOT: expected an http(s) URL such as "https://api.telegram.org"',
      'LOG_LEVEL: expected one of "fatal", "error", "warn", "info", "debug", "trace", "silent", got "verbose"',
    ]);
  });
});
