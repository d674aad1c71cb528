import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';
import { membersDigest } from './sharing-groups.service.js';

describe('/api/v1/sharing-groups', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let a: TestActor;
  let b: TestActor;
  let c: TestActor;
  let viewer: TestActor;

  const create = (who: TestActor, payload: Record<string, unknown>) =>
    app.inject({ method: 'POST', url: '/api/v1/sharing-groups', headers: who.authHeader, payload });
  const change = (who: TestActor, id: string, payload: Record<string, unknown>) =>
    app.inject({
      method: 'PATCH',
      url: `/api/v1/sharing-groups/${id}`,
      headers: who.authHeader,
      payload,
    });
  const listed = async (who: TestActor) =>
    (
      await app.inject({ method: 'GET', url: '/api/v1/sharing-groups', headers: who.authHeader })
    ).json().items as { id: string; name: string; organisations: { id: string }[] }[];

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({ db: database.db, databaseKind: database.kind, version: 'test' });
    a = await createTestActor(database.db, { organisation: { name: 'Groups org A' } });
    b = await createTestActor(database.db, { organisation: { name: 'Groups org B' } });
    c = await createTestActor(database.db, { organisation: { name: 'Groups org C' } });
    viewer = await createTestActor(database.db, {
      organisation: a.actor.organisationId,
      role: 'viewer',
    });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('creates a group with the creator’s organisation always a member', async () => {
    const response = await create(a, {
      name: 'Bangkok liaison',
      organisations: [b.actor.organisationId],
    });
    expect(response.statusCode).toBe(201);
    const { id } = response.json();
    const group = (await listed(a)).find((item) => item.id === id);
    expect(group?.organisations.map((org) => org.id).sort()).toEqual(
      [a.actor.organisationId, b.actor.organisationId].sort(),
    );
    expect((await listed(b)).map((item) => item.id)).toContain(id);
    expect((await listed(c)).map((item) => item.id)).not.toContain(id);

    const leaf = await database.db
      .selectFrom('custody_log_leaves')
      .select('leaf')
      .where('subject_id', '=', id)
      .executeTakeFirstOrThrow();
    const entry = JSON.parse(leaf.leaf);
    expect(entry.type).toBe('sharing-group.create');
    expect(entry.details).toEqual({
      memberCount: 2,
      membersSha256: membersDigest([a.actor.organisationId, b.actor.organisationId]),
    });
    expect(leaf.leaf).not.toContain(b.actor.organisationId);
    expect(leaf.leaf).not.toContain('Bangkok');
  });

  it('refuses unknown organisations, duplicate names and bad names', async () => {
    const missing = randomUUID();
    const unknown = await create(a, { name: 'x', organisations: [missing] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain(missing);

    expect((await create(a, { name: 'Same name', organisations: [] })).statusCode).toBe(201);
    const again = await create(a, { name: 'Same name', organisations: [] });
    expect(again.statusCode).toBe(409);
    // Another organisation may use the same name for its own group.
    expect((await create(b, { name: 'Same name', organisations: [] })).statusCode).toBe(201);

    const blank = await create(a, { name: '   ', organisations: [] });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.details[0].where).toBe('body/name');
    const notUuid = await create(a, { name: 'y', organisations: ['org-b'] });
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json().error.details[0].where).toBe('body/organisations/0');
    expect((await create(viewer, { name: 'z', organisations: [] })).statusCode).toBe(403);
  });

  it('lets only the managing organisation change members, and removal hides the group', async () => {
    const { id } = (
      await create(a, { name: 'Task force', organisations: [b.actor.organisationId] })
    ).json();
    expect((await change(b, id, { name: 'Taken over' })).statusCode).toBe(403);
    expect((await change(c, id, { name: 'Taken over' })).statusCode).toBe(404);

    const moved = await change(a, id, { organisations: [c.actor.organisationId] });
    expect(moved.statusCode).toBe(200);
    expect(
      moved
        .json()
        .organisations.map((org: { id: string }) => org.id)
        .sort(),
    ).toEqual([a.actor.organisationId, c.actor.organisationId].sort());
    expect((await listed(b)).map((item) => item.id)).not.toContain(id);
    expect((await listed(c)).map((item) => item.id)).toContain(id);

    const renamed = await change(a, id, { name: 'Mekong task force' });
    expect(renamed.json().name).toBe('Mekong task force');
    expect((await change(a, id, {})).statusCode).toBe(400);
  });
});
