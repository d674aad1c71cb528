import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

describe('GET /health', () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({ db: database.db, databaseKind: database.kind, version: '9.9.9' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers ok after a database round trip', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      status: 'ok',
      version: '9.9.9',
      database: { ok: true, kind: database.kind },
    });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('answers 503 degraded when the database does not answer', async () => {
    const broken = await createTestDatabase();
    const brokenApp = await createApp({
      db: broken.db,
      databaseKind: broken.kind,
      version: '9.9.9',
    });
    await broken.drop();
    const response = await brokenApp.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'degraded', database: { ok: false } });
    await brokenApp.close();
  });

  it('is described in the OpenAPI document generated from its schema', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    const operation = document.paths['/health'].get;
    expect(
      operation.responses['200'].content['application/json'].schema.properties.status.enum,
    ).toEqual(['ok', 'degraded']);
  });

  it('declares how callers authenticate: bearer tokens or the session cookie', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(document.components.securitySchemes)).toEqual([
      'bearerToken',
      'sessionCookie',
    ]);
    expect(document.components.securitySchemes.bearerToken).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('serves an API reference page', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });

  it('answers unknown API routes with a JSON 404 naming the route', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toBe('No route for GET /api/v1/nothing-here');
  });

  it('keeps the schema it migrated', async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by 1`.execute(
      database.db,
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining(['organisations', 'users', 'kysely_migration']),
    );
  });
});
