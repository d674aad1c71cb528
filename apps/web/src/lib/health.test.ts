import { describe, expect, it } from 'vitest';
import { fetchHealth, healthStateFrom } from './health.js';

describe('healthStateFrom', () => {
  it('is ok only when the server says ok', () => {
    expect(
      healthStateFrom(200, {
        status: 'ok',
        version: '0.1.0',
        database: { kind: 'postgres', ok: true },
      }),
    ).toEqual({
      kind: 'ok',
      version: '0.1.0',
      database: 'PostgreSQL',
    });
  });

  it('names the database when it is the cause', () => {
    expect(
      healthStateFrom(503, { status: 'degraded', database: { kind: 'pglite', ok: false } }),
    ).toEqual({
      kind: 'degraded',
      reason: 'The database is not answering.',
    });
  });

  it('reports an unexpected answer with its status', () => {
    expect(healthStateFrom(502, null)).toEqual({
      kind: 'degraded',
      reason: 'Health check answered HTTP 502.',
    });
  });
});

describe('fetchHealth', () => {
  it('says the server is unreachable when the request fails', async () => {
    const failing = (() =>
      Promise.reject(new TypeError('fetch failed'))) as unknown as typeof fetch;
    expect((await fetchHealth(failing)).kind).toBe('unreachable');
  });
});
