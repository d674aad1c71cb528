import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

const KK_PARK = {
  type: 'Polygon',
  coordinates: [
    [
      [98.5, 16.7],
      [98.52, 16.7],
      [98.52, 16.72],
      [98.5, 16.72],
      [98.5, 16.7],
    ],
  ],
};

describe('entities, relationships, graph and compound map', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let a: TestActor;
  let b: TestActor;
  const ids = {} as Record<'kk' | 'newSite' | 'org' | 'persona', string>;

  const call = (who: TestActor, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({ method, url, headers: who.authHeader, ...(payload ? { payload } : {}) });
  const create = async (who: TestActor, payload: object) => {
    const response = await call(who, 'POST', '/api/v1/entities', payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const link = async (who: TestActor, from: string, payload: object) => {
    const response = await call(who, 'POST', `/api/v1/entities/${from}/relationships`, payload);
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({ db: database.db, databaseKind: database.kind, version: 'test' });
    a = await createTestActor(database.db, { organisation: { name: 'Entity org A' } });
    b = await createTestActor(database.db, { organisation: { name: 'Entity org B' } });
    ids.kk = (
      await create(a, {
        kind: 'compound',
        name: 'KK Park',
        aliases: ['KK Garden'],
        country: 'MM',
        adminArea: 'Kayin State',
        geometry: KK_PARK,
        statusSince: '2020-01-01',
        supply: [{ kind: 'power', supplyingCountry: 'TH', note: 'Cross-border line' }],
        sources: ['https://example.org/kk-park'],
        tlp: 'GREEN',
      })
    ).id;
    ids.newSite = (
      await create(a, {
        kind: 'compound',
        name: 'New site',
        country: 'MM',
        geometry: { type: 'Point', coordinates: [98.3, 16.9] },
        tlp: 'GREEN',
      })
    ).id;
    ids.org = (
      await create(a, { kind: 'criminal-organisation', name: 'Syndicate X', tlp: 'GREEN' })
    ).id;
    ids.persona = (await create(a, { kind: 'persona', name: 'Recruiter "Mike"', tlp: 'AMBER' })).id;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('keeps a compound’s dated status history and where it relocated', async () => {
    const raided = await call(a, 'PATCH', `/api/v1/entities/${ids.kk}`, {
      status: 'raided',
      statusSince: '2025-10-20',
      statusNote: 'Raid reported',
    });
    expect(raided.statusCode, raided.body).toBe(200);
    const moved = await call(a, 'PATCH', `/api/v1/entities/${ids.kk}`, {
      status: 'relocated',
      statusSince: '2025-11-15',
      relocatedTo: ids.newSite,
    });
    const body = moved.json();
    expect(body.status).toBe('relocated');
    expect(body.history.map((h: { status: string; since: string }) => [h.status, h.since])).toEqual(
      [
        ['active', '2020-01-01'],
        ['raided', '2025-10-20'],
        ['relocated', '2025-11-15'],
      ],
    );
    expect(body.relocatedTo).toEqual({ id: ids.newSite, name: 'New site' });
    const map = await call(b, 'GET', '/api/v1/compounds');
    expect(map.statusCode, map.body).toBe(200);
    expect(map.headers['content-type']).toMatch(/application\/geo\+json/);
    const feature = map.json().features.find((f: { id: string }) => f.id === ids.kk);
    expect(feature.geometry).toEqual(KK_PARK);
    expect(feature.properties).toMatchObject({
      status: 'relocated',
      relocatedTo: { id: ids.newSite, name: 'New site', point: [98.3, 16.9] },
      supply: [{ kind: 'power', supplyingCountry: 'TH', note: 'Cross-border line' }],
    });
    expect(feature.properties.history).toHaveLength(3);
    expect((await call(b, 'GET', '/api/v1/compounds?status=active')).json().features).toHaveLength(
      1,
    );
  });

  it('refuses bad entities with a 400 that names the field', async () => {
    const badGeometry = await call(a, 'POST', '/api/v1/entities', {
      kind: 'compound',
      name: 'Nowhere',
      geometry: { type: 'Point', coordinates: [98.5] },
    });
    expect(badGeometry.statusCode).toBe(400);
    expect(badGeometry.json().error.message).toMatch(/geometry.*position \[longitude, latitude\]/);
    const statusOnPerson = await call(a, 'POST', '/api/v1/entities', {
      kind: 'persona',
      name: 'X',
      status: 'raided',
    });
    expect(statusOnPerson.statusCode).toBe(400);
    expect(statusOnPerson.json().error.message).toMatch(/status: only compounds have it/);
    const byB = await call(b, 'PATCH', `/api/v1/entities/${ids.kk}`, { name: 'Renamed' });
    expect(byB.statusCode).toBe(403);
    const badLink = await call(a, 'POST', `/api/v1/entities/${ids.org}/relationships`, {
      type: 'uses',
      targetSelector: { type: 'wallet', value: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD' },
      confidence: 0.9,
    });
    expect(badLink.statusCode).toBe(400);
    expect(badLink.json().error.message).toMatch(/targetSelector: wallet .* checksum/);
  });

  it('draws the readable neighbourhood only, for link charts and selector lookups', async () => {
    await link(a, ids.org, {
      type: 'operates',
      targetEntityId: ids.kk,
      confidence: 0.9,
      tlp: 'GREEN',
    });
    await link(a, ids.kk, {
      type: 'uses',
      targetSelector: { type: 'phone', value: '+855 96 812 0000' },
      confidence: 0.7,
      source: 'Survivor interview 12',
      validFrom: '2024-01-01',
      tlp: 'GREEN',
    });
    // An AMBER persona and link that organisation B may not read, with a selector only it names.
    await link(a, ids.persona, {
      type: 'member-of',
      targetEntityId: ids.org,
      confidence: 0.6,
      tlp: 'AMBER',
    });
    await link(a, ids.persona, {
      type: 'uses',
      targetSelector: { type: 'handle', value: '@mike_recruits' },
      confidence: 0.8,
      tlp: 'AMBER',
    });
    const forA = (await call(a, 'GET', `/api/v1/entities/${ids.org}/graph?depth=2`)).json();
    expect(forA.nodes.map((n: { label: string }) => n.label).sort()).toEqual(
      [
        '+855968120000',
        'KK Park',
        'Recruiter "Mike"',
        'Syndicate X',
        'telegram:mike_recruits',
      ].sort(),
    );
    expect(forA.edges).toHaveLength(4);
    expect(forA.edges[0]).toHaveProperty('confidence');
    const forB = await call(b, 'GET', `/api/v1/entities/${ids.org}/graph?depth=3`);
    expect(forB.statusCode).toBe(200);
    expect(
      forB
        .json()
        .nodes.map((n: { label: string }) => n.label)
        .sort(),
    ).toEqual(['+855968120000', 'KK Park', 'Syndicate X'].sort());
    expect(forB.body).not.toContain(ids.persona);
    expect(forB.body).not.toContain('mike_recruits');
    const depth1 = (await call(a, 'GET', `/api/v1/entities/${ids.org}/graph?depth=1`)).json();
    expect(depth1.nodes.map((n: { label: string }) => n.label)).not.toContain('+855968120000');
    expect((await call(b, 'GET', `/api/v1/entities/${ids.persona}/graph`)).statusCode).toBe(404);
    expect((await call(b, 'GET', `/api/v1/entities/${ids.persona}`)).statusCode).toBe(404);
    const listed = (await call(b, 'GET', '/api/v1/entities?limit=200')).json().items;
    expect(listed.map((e: { id: string }) => e.id)).not.toContain(ids.persona);
    // The phone's lookup names the compound; the AMBER handle gives B only a hint.
    const phone = (
      await call(b, 'GET', '/api/v1/selectors?type=phone&value=%2B855968120000')
    ).json();
    expect(phone.linkedEntities).toEqual([
      expect.objectContaining({
        id: ids.kk,
        name: 'KK Park',
        relationship: expect.objectContaining({ type: 'uses' }),
      }),
    ]);
    const handle = (
      await call(b, 'GET', '/api/v1/selectors?type=handle&value=mike_recruits')
    ).json();
    expect(handle.linkedEntities).toEqual([]);
    expect(handle.hints).toEqual([expect.objectContaining({ tlp: 'AMBER', organisations: 1 })]);
  });

  it('finds entities by a misspelt name or alias', async () => {
    const found = (await call(b, 'GET', '/api/v1/entities?q=KK%20Gardn')).json().items;
    expect(found.map((e: { id: string }) => e.id)).toContain(ids.kk);
    const kinds = (await call(b, 'GET', '/api/v1/entities?kind=criminal-organisation')).json()
      .items;
    expect(kinds.map((e: { name: string }) => e.name)).toEqual(['Syndicate X']);
  });
});
