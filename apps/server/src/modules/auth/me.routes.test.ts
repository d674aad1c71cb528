import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

describe('GET /api/v1/me and API tokens', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let alice: TestActor;
  let clock = Date.now();

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({
      db: database.db,
      databaseKind: database.kind,
      version: '0.0.0',
      now: () => clock,
    });
    alice = await createTestActor(database.db, {
      organisation: { name: 'Org A', type: 'consular', country: 'ID' },
      role: 'analyst',
    });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers {user, organisation} for a valid token', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: alice.authHeader,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ email: alice.email, role: 'analyst', totpEnabled: false });
    expect(body.user).not.toHaveProperty('password_hash');
    expect(body.organisation).toMatchObject({ name: 'Org A', type: 'consular', country: 'ID' });
    expect(body.via).toBe('token');
  });

  it('answers 401 without credentials and with an unknown or malformed token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
    const unknown = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Bearer jaga_not-a-real-token' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.message).toMatch(/not known/);
    const malformed = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: 'Basic abc' },
    });
    expect(malformed.statusCode).toBe(401);
  });

  it('stores only a hash of the token', async () => {
    const rows = await database.db
      .selectFrom('api_tokens')
      .select(['token_hash', 'prefix'])
      .execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.token_hash).not.toContain(alice.token);
    }
  });

  it('answers 401 once the token has expired', async () => {
    const bob = await createTestActor(database.db, { organisation: alice.actor.organisationId });
    const ok = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bob.authHeader });
    expect(ok.statusCode).toBe(200);
    const saved = clock;
    clock += 91 * 86_400_000;
    try {
      const expired = await app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: bob.authHeader,
      });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error.message).toMatch(/expired/);
    } finally {
      clock = saved;
    }
  });

  it('answers 401 once the token is revoked', async () => {
    const carol = await createTestActor(database.db, { organisation: alice.actor.organisationId });
    await database.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date(clock) })
      .where('user_id', '=', carol.actor.userId)
      .execute();
    const revoked = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: carol.authHeader,
    });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().error.message).toMatch(/revoked/);
  });

  it('refuses writes with a read-only token', async () => {
    const reader = await createTestActor(database.db, {
      organisation: alice.actor.organisationId,
      scopes: ['read'],
    });
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/me',
      headers: reader.authHeader,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toMatch(/"write" scope/);
  });
});
