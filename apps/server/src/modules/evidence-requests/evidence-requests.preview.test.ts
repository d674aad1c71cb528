import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

const T = Date.parse('2026-12-01T08:00:00.000Z');

describe('POST /api/v1/evidence-requests/deadline-preview', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let investigator: TestActor;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({
      db: database.db,
      databaseKind: database.kind,
      version: 'test',
      now: () => T,
    });
    investigator = await createTestActor(database.db, { role: 'investigator' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const preview = (
    payload: Record<string, unknown>,
    headers: Record<string, string> = investigator.authHeader,
  ) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/evidence-requests/deadline-preview',
      headers,
      payload,
    });

  it('counts the clocks of an emergency EU production order for traffic data from now', async () => {
    const response = await preview({
      instrument: 'eu-production-order',
      dataCategories: ['traffic'],
      emergency: true,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.issuedAt).toBe('2026-12-01T08:00:00.000Z');
    expect(body.deadlines.map((d: { rule: string; due: string }) => [d.rule, d.due])).toEqual([
      ['epoc-production-emergency', '2026-12-01T16:00:00.000Z'],
      ['epoc-objection-emergency', '2026-12-05T08:00:00.000Z'],
    ]);
  });

  it('gives the ordinary clocks without the emergency flag, and none for mutual legal assistance', async () => {
    const ordinary = (
      await preview({ instrument: 'eu-production-order', dataCategories: ['subscriber'] })
    ).json();
    expect(ordinary.deadlines.map((d: { rule: string }) => d.rule)).toEqual(['epoc-production']);
    expect(ordinary.deadlines[0].due).toBe('2026-12-11T08:00:00.000Z');
    expect((await preview({ instrument: 'mla' })).json().deadlines).toEqual([]);
  });

  it('names a bad instrument, and stores nothing', async () => {
    const response = await preview({ instrument: 'subpoena', dataCategories: ['content'] });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].where).toBe('body/instrument');
    const stored = await database.db
      .selectFrom('evidence_requests')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(0);
    expect((await preview({ instrument: 'mla' }, {})).statusCode).toBe(401);
  });
});
