import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-03T12:00:00.000Z');

describe('dashboard', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let a: TestActor;
  let b: TestActor;
  let platform: TestActor;
  let n = 0;

  async function post(
    owner: TestActor,
    at: string,
    language: string,
    country: string | null,
    decision: string,
    tlp = 'AMBER',
  ) {
    n += 1;
    await database.db
      .insertInto('posts')
      .values({
        organisation_id: owner.actor.organisationId,
        created_by: owner.actor.userId,
        tlp,
        source: 'test',
        text: `post ${n}`,
        language,
        country,
        posted_at: at,
        first_seen_at: at,
        last_seen_at: at,
        risk: decision === 'allow' ? 0.1 : 0.9,
        decision,
        screening: '{}',
        fingerprint: n.toString(16).padStart(16, '0'),
        content_hash: createHash('sha256').update(`post ${n}`).digest('hex'),
      })
      .execute();
  }

  async function compound(owner: TestActor, status: string | null, tlp = 'AMBER') {
    await database.db
      .insertInto('entities')
      .values({
        organisation_id: owner.actor.organisationId,
        created_by: owner.actor.userId,
        tlp,
        kind: 'compound',
        name: `Compound ${status}`,
        status,
        search_text: `compound ${status}`,
      })
      .execute();
  }

  async function sentNotice(
    owner: TestActor,
    sentAt: number,
    hours: number,
    decidedAfter?: number,
  ) {
    await database.db
      .insertInto('notices')
      .values({
        organisation_id: owner.actor.organisationId,
        created_by: owner.actor.userId,
        tlp: 'AMBER',
        platform_organisation_id: platform.actor.organisationId,
        status: decidedAfter === undefined ? 'sent' : 'decided',
        category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
        urls: ['https://example.com/p'],
        explanation: 'x',
        notifier_name: 'x',
        notifier_email: 'x@example.org',
        good_faith: true,
        response_hours: hours,
        sent_at: new Date(sentAt),
        due_at: new Date(sentAt + hours * HOUR),
        decided_at: decidedAfter === undefined ? null : new Date(sentAt + decidedAfter * HOUR),
        outcome: decidedAfter === undefined ? null : 'removed',
      })
      .execute();
  }

  async function issuedRequest(
    owner: TestActor,
    instrument: string,
    issuedAt: number,
    emergency = false,
  ) {
    await database.db
      .insertInto('evidence_requests')
      .values({
        organisation_id: owner.actor.organisationId,
        created_by: owner.actor.userId,
        tlp: 'AMBER',
        platform_organisation_id: platform.actor.organisationId,
        status: 'issued',
        instrument,
        data_categories: ['subscriber'],
        targets: '[]',
        legal_basis: 'x',
        issuing_authority: 'x',
        emergency,
        issued_at: new Date(issuedAt),
      })
      .execute();
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({
      db: database.db,
      databaseKind: database.kind,
      version: 'test',
      now: () => NOW,
    });
    a = await createTestActor(database.db, { organisation: { name: 'A' } });
    b = await createTestActor(database.db, { organisation: { name: 'B' } });
    platform = await createTestActor(database.db, {
      organisation: { name: 'P', type: 'platform' },
    });

    await post(a, '2026-11-23T10:00:00Z', 'th', 'KH', 'review');
    await post(a, '2026-11-24T10:00:00Z', 'th', 'KH', 'remove');
    await post(a, '2026-11-25T10:00:00Z', 'id', 'MM', 'label');
    await post(a, '2026-11-30T10:00:00Z', 'id', null, 'remove');
    await post(a, '2026-11-30T11:00:00Z', 'id', 'KH', 'allow'); // not flagged
    await post(b, '2026-11-30T12:00:00Z', 'vi', 'LA', 'remove'); // B's, AMBER: not A's to count
    await post(b, '2026-11-30T13:00:00Z', 'en', 'PH', 'remove', 'GREEN'); // shared with everyone

    await compound(a, 'active');
    await compound(a, 'active');
    await compound(a, 'raided');
    await compound(a, null);
    await compound(b, 'closed'); // B's, not readable by A

    await sentNotice(a, NOW - 2 * HOUR, 24); // on time
    await sentNotice(a, NOW - 20 * HOUR, 24); // due soon
    await sentNotice(a, NOW - 30 * HOUR, 24); // overdue
    await sentNotice(a, NOW - 50 * HOUR, 24, 3); // met
    await sentNotice(b, NOW - 30 * HOUR, 24); // B's overdue: not A's

    await issuedRequest(a, 'eu-production-order', NOW - 10 * HOUR, true); // 8 h: overdue
    await issuedRequest(a, 'eu-production-order', NOW - 9 * 24 * HOUR - 1 * HOUR); // due in 23 h
    await issuedRequest(a, 'us-2703f-preservation', NOW - HOUR); // 90 days: later
    await issuedRequest(a, 'mla', NOW - HOUR); // no clock
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('counts only what the viewer may read', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/dashboard?from=2026-11-23T00:00:00Z&to=2026-12-07T00:00:00Z&bucket=week',
      headers: a.authHeader,
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.notices).toEqual({
      open: 3,
      bySla: { 'on-time': 1, 'due-soon': 1, overdue: 1, met: 1, missed: 0 },
    });
    expect(body.evidenceRequests).toEqual({
      open: 4,
      overdue: 1,
      within24h: 1,
      within7d: 0,
      later: 1,
      noDeadline: 1,
    });
    expect(body.flaggedPosts).toMatchObject({ total: 5, bucket: 'week' });
    expect(body.flaggedPosts.byLanguage).toEqual([
      { period: '2026-11-23', language: 'id', count: 1 },
      { period: '2026-11-23', language: 'th', count: 2 },
      { period: '2026-11-30', language: 'en', count: 1 },
      { period: '2026-11-30', language: 'id', count: 1 },
    ]);
    expect(body.flaggedPosts.byCountry).toEqual([
      { period: '2026-11-23', country: 'KH', count: 2 },
      { period: '2026-11-23', country: 'MM', count: 1 },
      { period: '2026-11-30', country: 'PH', count: 1 },
      { period: '2026-11-30', country: 'unknown', count: 1 },
    ]);
    expect(body.compounds).toEqual({ total: 4, byStatus: { active: 2, raided: 1, unknown: 1 } });

    const other = (
      await app.inject({ method: 'GET', url: '/api/v1/dashboard', headers: b.authHeader })
    ).json();
    expect(other.notices.bySla.overdue).toBe(1);
    expect(other.evidenceRequests.open).toBe(0);
    expect(other.compounds).toEqual({ total: 1, byStatus: { closed: 1 } });
  });

  it('names a bad query field', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/dashboard?bucket=year',
      headers: a.authHeader,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].where).toBe('querystring/bucket');
  });
});
