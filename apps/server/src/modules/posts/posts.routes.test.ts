import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

const CAMPAIGN =
  'URGENT HIRING customer service staff in Sihanoukville! No experience needed, salary $1,500/month, free flight, visa and accommodation. Age 18-30. Contact Telegram @sihanouk_hr_team now';

describe('/api/v1/posts', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let a: TestActor;
  let b: TestActor;
  const ids: string[] = [];
  let hidden: string;

  const call = (who: TestActor, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: who.authHeader, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({ db: database.db, databaseKind: database.kind, version: 'test' });
    a = await createTestActor(database.db, { organisation: { name: 'Posts org A' } });
    b = await createTestActor(database.db, { organisation: { name: 'Posts org B' } });
    const response = await call(a, 'POST', '/api/v1/posts', {
      posts: [
        { source: 'facebook', externalId: '1', tlp: 'GREEN', text: CAMPAIGN },
        {
          source: 'facebook',
          externalId: '2',
          tlp: 'GREEN',
          text: CAMPAIGN.replace('$1,500', '$1,600').replace('URGENT ', ''),
          postedAt: '2026-11-30T08:00:00Z',
        },
        {
          source: 'jobstreet',
          externalId: '3',
          tlp: 'GREEN',
          text: 'Front desk agent at a hotel in Bangkok. Two years of experience, good English. Health insurance and annual leave. Apply through our website.',
        },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    ids.push(...response.json().items.map((i: { id: string }) => i.id));
    // An AMBER near-duplicate that organisation B may not read.
    const amber = await call(a, 'POST', '/api/v1/posts', {
      source: 'telegram',
      tlp: 'AMBER',
      text: `${CAMPAIGN} (repost)`,
    });
    hidden = amber.json().items[0].id;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('answers a bad single post with a 400 naming the field, and a batch with one error per post', async () => {
    const single = await call(a, 'POST', '/api/v1/posts', { source: 'myspace', text: 'x' });
    expect(single.statusCode).toBe(400);
    expect(single.json().error.message).toMatch(/^source: "myspace" is not a known source/);
    const batch = await call(a, 'POST', '/api/v1/posts', {
      posts: [
        { source: 'tip', text: 'Valid tip about a casino job, Line ID: casino_hr1' },
        {
          source: 'tip',
          text: 'Bad polygon',
          location: {
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [1, 1],
                  [2, 2],
                  [3, 1],
                  [1, 2],
                ],
              ],
            },
          },
        },
      ],
    });
    expect(batch.statusCode).toBe(200);
    const [ok, bad] = batch.json().items;
    expect(ok.id).toBeDefined();
    expect(bad.error).toMatchObject({ status: 400, code: 'bad_request' });
    expect(bad.error.message).toMatch(/posts\[1\]: location.geometry.*is not closed/);
    const tooMany = await call(a, 'POST', '/api/v1/posts', {
      posts: Array.from({ length: 501 }, () => ({ source: 'tip', text: 'x' })),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toMatch(/at most 500/);
  });

  it('lists readable posts riskiest first with filters, a total and cursor pages', async () => {
    const seen: { id: string; risk: number }[] = [];
    let cursor: string | null = null;
    let total: number | undefined;
    do {
      const response = await call(
        a,
        'GET',
        `/api/v1/posts?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json();
      total = page.total;
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total ?? -1);
    expect(seen.map((p) => p.risk)).toEqual([...seen.map((p) => p.risk)].sort((x, y) => y - x));
    const flagged = (await call(a, 'GET', '/api/v1/posts?decision=review,remove')).json();
    expect(
      flagged.items.every((p: { decision: string }) => ['review', 'remove'].includes(p.decision)),
    ).toBe(true);
    expect(flagged.items.map((p: { id: string }) => p.id)).toContain(ids[0]);
    expect(flagged.items.map((p: { id: string }) => p.id)).not.toContain(ids[2]);
    const forB = (await call(b, 'GET', '/api/v1/posts?limit=200')).json();
    expect(forB.items.map((p: { id: string }) => p.id)).not.toContain(hidden);
    expect(forB.total).toBe(forB.items.length);
    expect(forB.items.every((p: { tlp: string }) => p.tlp === 'GREEN')).toBe(true);
    const bad = await call(a, 'GET', '/api/v1/posts?decision=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/maybe is not a decision/);
  });

  it('shows a post with its screening evidence, selectors, earlier sightings and campaign', async () => {
    const response = await call(b, 'GET', `/api/v1/posts/${ids[1]}`);
    expect(response.statusCode, response.body).toBe(200);
    const post = response.json();
    expect(post.text).toContain('$1,600');
    expect(post.screening.indicators.length).toBeGreaterThan(0);
    expect(post.screening.indicators[0].evidence[0]).toHaveProperty('start');
    const handle = post.selectors.find((s: { type: string }) => s.type === 'handle');
    expect(handle).toMatchObject({ value: 'sihanouk_hr_team', platform: 'telegram' });
    expect(handle.earlierSightings.map((e: { postId: string }) => e.postId)).toEqual([]);
    expect(post.nearDuplicates.map((d: { id: string }) => d.id)).toEqual([ids[0]]);
    expect(post.nearDuplicates[0].similarity).toBeGreaterThanOrEqual(0.85);
    // Organisation A also reads its AMBER repost, seen after the post.
    const forA = (await call(a, 'GET', `/api/v1/posts/${ids[0]}`)).json();
    expect(forA.nearDuplicates.map((d: { id: string }) => d.id).sort()).toEqual(
      [ids[1], hidden].sort(),
    );
    const later = (await call(a, 'GET', `/api/v1/posts/${hidden}`)).json();
    const laterHandle = later.selectors.find((s: { type: string }) => s.type === 'handle');
    expect(laterHandle.earlierSightings.map((e: { postId: string }) => e.postId)).toContain(ids[0]);
    expect((await call(b, 'GET', `/api/v1/posts/${hidden}`)).statusCode).toBe(404);
  });

  it('groups near-identical posts into campaign clusters, each reader seeing only theirs', async () => {
    const forA = await call(a, 'GET', '/api/v1/clusters');
    expect(forA.statusCode, forA.body).toBe(200);
    const [campaign] = forA.json().clusters;
    expect(campaign.posts.map((p: { id: string }) => p.id).sort()).toEqual(
      [ids[0], ids[1], hidden].sort(),
    );
    expect(campaign.sharedSelectors).toContainEqual(
      expect.objectContaining({ type: 'handle', value: 'telegram:sihanouk_hr_team', posts: 3 }),
    );
    expect(campaign.sources).toEqual({ facebook: 2, telegram: 1 });
    const forB = (await call(b, 'GET', '/api/v1/clusters')).json();
    expect(forB.clusters[0].size).toBe(2);
    expect(JSON.stringify(forB)).not.toContain(hidden);
    expect((await call(b, 'GET', '/api/v1/clusters?minSize=3')).json().clusters).toEqual([]);
  });

  it('lets the owner review and re-share a post, custody-logged; others may not', async () => {
    const byB = await app.inject({
      method: 'PATCH',
      url: `/api/v1/posts/${ids[0]}`,
      headers: b.authHeader,
      payload: { status: 'reviewed' },
    });
    expect(byB.statusCode).toBe(403);
    const hiddenByB = await app.inject({
      method: 'PATCH',
      url: `/api/v1/posts/${hidden}`,
      headers: b.authHeader,
      payload: { tlp: 'GREEN' },
    });
    expect(hiddenByB.statusCode).toBe(404);
    const reviewed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/posts/${hidden}`,
      headers: a.authHeader,
      payload: { status: 'actioned', tlp: 'GREEN' },
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ status: 'actioned', tlp: 'GREEN' });
    expect((await call(b, 'GET', `/api/v1/posts/${hidden}`)).statusCode).toBe(200);
    const actioned = (await call(b, 'GET', '/api/v1/posts?status=actioned')).json();
    expect(actioned.items.map((p: { id: string }) => p.id)).toEqual([hidden]);
    const leaves = await database.db
      .selectFrom('custody_log_leaves')
      .select('leaf')
      .where('subject_id', '=', hidden)
      .orderBy('leaf_index')
      .execute();
    expect(leaves.map((l) => JSON.parse(l.leaf))).toEqual([
      expect.objectContaining({ type: 'post.ingest' }),
      expect.objectContaining({
        type: 'post.sharing-change',
        details: { fromStatus: 'new', status: 'actioned', fromTlp: 'AMBER', tlp: 'GREEN' },
      }),
    ]);
    const empty = await app.inject({
      method: 'PATCH',
      url: `/api/v1/posts/${hidden}`,
      headers: a.authHeader,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
  });

  it('documents every intelligence endpoint in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/v1/posts',
      '/api/v1/posts/{id}',
      '/api/v1/clusters',
      '/api/v1/selectors',
      '/api/v1/selectors/{id}',
      '/api/v1/search',
      '/api/v1/entities',
      '/api/v1/entities/{id}',
      '/api/v1/entities/{id}/relationships',
      '/api/v1/entities/{id}/graph',
      '/api/v1/compounds',
      '/api/v1/access-requests',
      '/api/v1/access-requests/{id}/grant',
      '/api/v1/access-requests/{id}/deny',
      '/api/v1/notifications',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/api/v1/posts'].post.tags).toEqual(['intelligence']);
  });
});
