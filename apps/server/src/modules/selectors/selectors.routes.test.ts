import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

describe('selectors: correlation that respects access', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let a: TestActor; // organisation A
  let b: TestActor; // organisation B
  let c: TestActor; // organisation C
  const ids: Record<string, string> = {};

  const ingest = async (who: TestActor, payload: unknown) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/posts',
      headers: who.authHeader,
      payload: payload as Record<string, unknown>,
    });
    expect(response.statusCode, response.body).toBeLessThan(300);
    return response.json().items as { id: string; selectors: { id: string; type: string }[] }[];
  };
  const lookup = (who: TestActor, query: string) =>
    app.inject({ method: 'GET', url: `/api/v1/selectors?${query}`, headers: who.authHeader });

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({ db: database.db, databaseKind: database.kind, version: 'test' });
    a = await createTestActor(database.db, { organisation: { name: 'Selector org A' } });
    b = await createTestActor(database.db, { organisation: { name: 'Selector org B' } });
    c = await createTestActor(database.db, { organisation: { name: 'Selector org C' } });
    const [fb, tg] = await ingest(a, {
      posts: [
        {
          source: 'facebook',
          externalId: 'fb-100',
          tlp: 'GREEN',
          text: 'Customer service job in Sihanoukville, $1500. Contact +855 96 812 0000',
        },
        {
          source: 'telegram',
          externalId: 'tg-200',
          tlp: 'GREEN',
          text: 'Typing job, free visa. Call 096812 0000, Telegram @kk_hr_desk',
          location: { country: 'KH' },
        },
      ],
    });
    ids.fb = fb?.id as string;
    ids.tg = tg?.id as string;
    // Org A's AMBER record is the only one naming this wallet; org C's RED one names the phone.
    const [amber] = await ingest(a, {
      source: 'agency-report',
      tlp: 'AMBER',
      text: 'Ransom for a worker at the compound was paid to TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7, broker Telegram @kk_broker_x',
    });
    ids.amber = amber?.id as string;
    const [red] = await ingest(c, {
      source: 'victim-report',
      tlp: 'RED',
      text: 'Survivor statement: recruiter used +855 96 812 0000',
    });
    ids.red = red?.id as string;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('finds both posts for a phone written either way, normalised server-side', async () => {
    for (const query of [
      'type=phone&value=%2B855%2096%20812%200000',
      'type=phone&value=096812%200000&country=KH',
      'type=phone&value=00855968120000',
    ]) {
      const response = await lookup(a, query);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      expect(body.selector).toMatchObject({ type: 'phone', value: '+855968120000', country: 'KH' });
      expect(body.sightings.map((s: { postId: string }) => s.postId).sort()).toEqual(
        [ids.fb, ids.tg].sort(),
      );
      expect(body.sightings[0]).toHaveProperty('seenAt');
      expect(body.sightings[0]).toHaveProperty('source');
      expect(body.linkedSelectors).toContainEqual(
        expect.objectContaining({ type: 'handle', value: 'kk_hr_desk', posts: 1 }),
      );
    }
  });

  it("shows another organisation's unreadable records only as a count per TLP", async () => {
    const response = await lookup(b, 'type=wallet&value=TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.sightings).toEqual([]);
    expect(body.totalSightings).toBe(0);
    expect(body.linkedSelectors).toEqual([]);
    expect(body.hints).toEqual([
      expect.objectContaining({
        tlp: 'AMBER',
        organisations: 1,
        message:
          'Known to 1 other organisation at TLP:AMBER — request access to see their records.',
      }),
    ]);
    expect(response.body).not.toContain(ids.amber);
    expect(response.body).not.toContain('kk_broker_x');
    expect(response.body).not.toContain('Ransom');
    expect(response.body).not.toContain(a.actor.organisationId);
  });

  it('counts RED records of another organisation in a hint, never showing them', async () => {
    const body = (await lookup(a, 'type=phone&value=%2B855968120000')).json();
    expect(body.hints).toEqual([expect.objectContaining({ tlp: 'RED', organisations: 1 })]);
    expect(JSON.stringify(body)).not.toContain(ids.red);
    // Org C's own user sees its RED record and A's GREEN ones.
    const own = (await lookup(c, 'type=phone&value=%2B855968120000')).json();
    expect(own.sightings.map((s: { postId: string }) => s.postId)).toContain(ids.red);
    expect(own.hints).toEqual([]);
  });

  it('answers a bad selector with a 400 that says how to write it, an unknown one with 404', async () => {
    const noCountry = await lookup(a, 'type=phone&value=096812%200000');
    expect(noCountry.statusCode).toBe(400);
    expect(noCountry.json().error.message).toMatch(/give the country it is written in/);
    const badWallet = await lookup(
      a,
      'type=wallet&value=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD',
    );
    expect(badWallet.statusCode).toBe(400);
    expect(badWallet.json().error.message).toMatch(/checksum/);
    const badType = await lookup(a, 'type=fax&value=1');
    expect(badType.statusCode).toBe(400);
    const unknown = await lookup(a, 'type=handle&value=@nobody_here_1');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toMatch(/telegram:nobody_here_1/);
  });

  it('gives the same view by id, and 401 without credentials', async () => {
    const { selector } = (await lookup(a, 'type=handle&value=KK_HR_DESK')).json();
    const byId = await app.inject({
      method: 'GET',
      url: `/api/v1/selectors/${selector.id}`,
      headers: a.authHeader,
    });
    expect(byId.statusCode).toBe(200);
    expect(byId.json().sightings.map((s: { postId: string }) => s.postId)).toEqual([ids.tg]);
    const anonymous = await app.inject({ method: 'GET', url: `/api/v1/selectors/${selector.id}` });
    expect(anonymous.statusCode).toBe(401);
  });
});
