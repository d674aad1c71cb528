import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTestDatabase, type TestDatabase } from '../../test/database.js';
import { entityGraph } from '../modules/entities/entities.service.js';
import { campaignClusters } from '../modules/posts/posts.clusters.js';
import { lookupSelector } from '../modules/selectors/selectors.service.js';
import {
  DEMO_COMPOUNDS,
  DEMO_POST_COUNT,
  demoPosts,
  seedIntelligenceDemo,
} from './seed-intelligence.js';
import { seedDemoData } from './seed.js';

describe('seedIntelligenceDemo', () => {
  let database: TestDatabase;
  const count = (table: 'posts' | 'entities' | 'relationships' | 'selectors') =>
    countRows(database.db, table);
  const investigator = async () => {
    const user = await database.db
      .selectFrom('users')
      .select(['id', 'organisation_id'])
      .where('email', '=', 'investigator@demo.jaga.example')
      .executeTakeFirstOrThrow();
    return { userId: user.id, organisationId: user.organisation_id };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoData(database.db);
  }, 120_000);
  afterAll(() => database.drop());

  it('generates the same demo posts every time', () => {
    expect(demoPosts()).toEqual(demoPosts());
    expect(demoPosts()).toHaveLength(DEMO_POST_COUNT);
  });

  it('stores the compounds with history and a relocation, and every post, all marked demo', async () => {
    expect(await count('posts')).toBe(DEMO_POST_COUNT);
    const compounds = await database.db
      .selectFrom('entities')
      .select(['name', 'status', 'relocated_to', 'is_demo', 'sources'])
      .where('kind', '=', 'compound')
      .execute();
    expect(compounds.map((c) => c.name).sort()).toEqual(DEMO_COMPOUNDS.map((c) => c.name).sort());
    expect(compounds.every((c) => c.is_demo && c.sources.length > 0)).toBe(true);
    expect(compounds.filter((c) => c.relocated_to !== null)).toHaveLength(1);
    const kk = compounds.find((c) => c.name === 'KK Park');
    expect(kk?.status).toBe('raided');
    const demoPostRows = await database.db.selectFrom('posts').select('is_demo').execute();
    expect(demoPostRows.every((p) => p.is_demo)).toBe(true);
  });

  it('gives the graph, the clusters and the blind-match hints something to show', async () => {
    const actor = await investigator();
    const syndicate = await database.db
      .selectFrom('entities')
      .select('id')
      .where('kind', '=', 'criminal-organisation')
      .executeTakeFirstOrThrow();
    const graph = await entityGraph({ db: database.db, now: Date.now }, actor, syndicate.id, 2);
    expect(graph.nodes.length).toBeGreaterThanOrEqual(6);
    const { clusters } = await campaignClusters(database.db, actor, { minSize: 2, limit: 50 });
    expect(clusters.length).toBeGreaterThan(3);
    const phone = await lookupSelector(database.db, actor, {
      type: 'phone',
      value: '096 555 0110',
      country: 'KH',
    });
    expect(phone.totalSightings).toBeGreaterThan(5);
    const wallet = await lookupSelector(database.db, actor, {
      type: 'wallet',
      value: `0x${'a1'.repeat(20)}`,
    });
    expect(wallet.sightings).toEqual([]);
    expect(wallet.hints).toEqual([expect.objectContaining({ tlp: 'AMBER', organisations: 1 })]);
  });

  it('completes a compound history that a stopped run left short, once', async () => {
    const kk = await database.db
      .selectFrom('entities')
      .select('id')
      .where('name', '=', 'KK Park')
      .executeTakeFirstOrThrow();
    await database.db
      .deleteFrom('entity_status_history')
      .where('entity_id', '=', kk.id)
      .where('status', '=', 'raided')
      .execute();
    await expect(seedIntelligenceDemo(database.db)).resolves.toEqual({ inserted: true });
    const history = await database.db
      .selectFrom('entity_status_history')
      .select('status')
      .where('entity_id', '=', kk.id)
      .orderBy('since')
      .execute();
    expect(history.map((h) => h.status)).toEqual(['active', 'raided']);
  });

  it('adds nothing when run again', async () => {
    const before = await Promise.all([count('posts'), count('entities'), count('relationships')]);
    await expect(seedIntelligenceDemo(database.db)).resolves.toEqual({ inserted: false });
    expect(await Promise.all([count('posts'), count('entities'), count('relationships')])).toEqual(
      before,
    );
  });
});
