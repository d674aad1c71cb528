import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from './config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database under ./.jaga/data of the working directory', () => {
    const config = loadConfig({}, {}, '/srv/jaga');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('/srv/jaga/.jaga/data'),
      databaseUrl: undefined,
      demo: false,
    });
  });

  it('lets flags win over the environment', () => {
    const config = loadConfig(
      { PORT: '4000', JAGA_DATA: 'env-data' },
      { port: '5000', dataDir: 'flag-data' },
      '/srv',
    );
    expect(config.port).toBe(5000);
    expect(config.dataDir).toBe(path.resolve('/srv/flag-data'));
  });

  it('lists every bad setting at once, saying where it came from, without printing passwords', () => {
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://root:secret@db/x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toBe('--port or PORT must be between 0 and 65535 (got "70000")');
      expect(problems[1]).toContain('DATABASE_URL must look like postgres://');
      expect(problems[1]).not.toContain('secret');
      expect(problems[2]).toContain('LOG_LEVEL');
    }
  });

  it('limits evidence uploads to 100 MB unless told otherwise', () => {
    expect(loadConfig({}).maxUploadBytes).toBe(100 * 1024 * 1024);
    expect(loadConfig({ JAGA_MAX_UPLOAD_MB: '2.5' }).maxUploadBytes).toBe(2_621_440);
    expect(() => loadConfig({ JAGA_MAX_UPLOAD_MB: '0' })).toThrow(
      'JAGA_MAX_UPLOAD_MB must be more than 0 (got "0")',
    );
  });

  it('suppresses estimate cells below 5 unless told otherwise', () => {
    expect(loadConfig({}).minCellSize).toBe(5);
    expect(loadConfig({ JAGA_MIN_CELL_SIZE: '11' }).minCellSize).toBe(11);
    expect(() => loadConfig({ JAGA_MIN_CELL_SIZE: '0' })).toThrow(
      'JAGA_MIN_CELL_SIZE must be at least 1 (got "0")',
    );
  });

  it('trusts a reverse proxy only when told to', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(
      'TRUST_PROXY must be true or false (got "yes please")',
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeUndefined();
  });
});

describe('redactUrl', () => {
  it('hides the password of a connection string', () => {
    expect(redactUrl('postgres://jaga:hunter2@db:5432/jaga')).toBe(
      'postgres://jaga:***@db:5432/jaga',
    );
  });
});
