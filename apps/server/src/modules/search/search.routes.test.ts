import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

describe('GET /api/v1/search', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let a: TestActor;
  let b: TestActor;
  const ids: string[] = [];

  const call = (who: TestActor, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: who.authHeader, ...(payload ? { payload } : {}) });
  const find = async (who: TestActor, q: string) => {
    const response = await call(who, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({ db: database.db, databaseKind: database.kind, version: 'test' });
    a = await createTestActor(database.db, { organisation: { name: 'Search org A' } });
    b = await createTestActor(database.db, { organisation: { name: 'Search org B' } });
    const posts = await call(a, 'POST', '/api/v1/posts', {
      posts: [
        {
          source: 'facebook',
          tlp: 'GREEN',
          text: 'Tuyển nhân viên chăm sóc khách hàng tại Campuchia, lương 1500 USD. Telegram @tuyen_dung_cam',
        },
        {
          source: 'tip',
          tlp: 'AMBER',
          text: 'Broker in Myawaddy collects passports, Telegram @secret_broker_99, phone 096812 0000',
          location: { country: 'KH' },
        },
      ],
    });
    ids.push(...posts.json().items.map((i: { id: string }) => i.id));
    const entity = await call(a, 'POST', '/api/v1/entities', {
      kind: 'compound',
      name: 'Shwe Kokko',
      aliases: ['Yatai New City'],
      tlp: 'GREEN',
    });
    expect(entity.statusCode, entity.body).toBe(201);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('finds posts by their words in any language, and names and aliases despite misspellings', async () => {
    const words = await find(b, 'nhân viên khách hàng');
    expect(words.posts.map((p: { id: string }) => p.id)).toEqual([ids[0]]);
    expect(words.posts[0].excerpt).toContain('«');
    const alias = await find(b, 'Yatai Nw City');
    expect(alias.entities.map((e: { name: string }) => e.name)).toEqual(['Shwe Kokko']);
    const handle = await find(b, 'tuyen_dung');
    expect(handle.selectors).toContainEqual(
      expect.objectContaining({ type: 'handle', value: 'tuyen_dung_cam', platform: 'telegram' }),
    );
    const misspelt = await find(b, 'Tuyen_Dunq_Cam');
    expect(misspelt.selectors).toContainEqual(
      expect.objectContaining({ type: 'handle', value: 'tuyen_dung_cam' }),
    );
    expect(misspelt.selectors[0].score).toBeLessThan(1);
  });

  it('finds a phone written locally through its normalised form, only where readable', async () => {
    const forA = await find(a, '+855 96 812 0000');
    expect(forA.selectors).toContainEqual(
      expect.objectContaining({ type: 'phone', value: '+855968120000', score: 1 }),
    );
    const forB = await find(b, '+855 96 812 0000');
    expect(forB.selectors).toEqual([]);
    const hidden = await find(b, 'secret_broker');
    expect(hidden.posts).toEqual([]);
    expect(hidden.selectors).toEqual([]);
    expect(JSON.stringify(hidden)).not.toContain(ids[1]);
    expect((await find(a, 'secret_broker')).posts.map((p: { id: string }) => p.id)).toEqual([
      ids[1],
    ]);
  });

  it('finds a wallet from part of it written in any case', async () => {
    await call(b, 'POST', '/api/v1/posts', {
      source: 'tip',
      tlp: 'GREEN',
      text: 'Deposit for the visa to TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7',
    });
    const found = await find(b, 'tla2f6vpqdgre67');
    expect(found.selectors).toContainEqual(
      expect.objectContaining({
        type: 'wallet',
        chain: 'TRON',
        value: 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7',
      }),
    );
  });

  it('refuses a query of one character', async () => {
    const response = await call(a, 'GET', '/api/v1/search?q=x');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/q: must have at least 2 characters/);
  });
});
