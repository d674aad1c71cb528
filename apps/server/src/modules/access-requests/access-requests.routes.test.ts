import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

const WALLET = 'TLa2f6VPqDgRE67v1736s7bJ8Ray5wYjU7';

describe('request access to records found by blind matching', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let a: TestActor; // organisation A: holds the AMBER record
  let aViewer: TestActor;
  let b: TestActor; // organisation B: asks
  let c: TestActor; // organisation C: uninvolved
  let postId: string;

  const call = (who: TestActor, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: who.authHeader, ...(payload ? { payload } : {}) });
  const lookupWallet = (who: TestActor) =>
    call(who, 'GET', `/api/v1/selectors?type=wallet&value=${WALLET}`);

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({ db: database.db, databaseKind: database.kind, version: 'test' });
    a = await createTestActor(database.db, { organisation: { name: 'Access org A' } });
    aViewer = await createTestActor(database.db, {
      organisation: a.actor.organisationId,
      role: 'viewer',
    });
    b = await createTestActor(database.db, { organisation: { name: 'Access org B' } });
    c = await createTestActor(database.db, { organisation: { name: 'Access org C' } });
    const response = await call(a, 'POST', '/api/v1/posts', {
      source: 'agency-report',
      tlp: 'AMBER',
      text: `Ransom for a worker held at the compound was paid to ${WALLET}; broker on Telegram @amber_broker`,
    });
    expect(response.statusCode, response.body).toBe(201);
    postId = response.json().items[0].id;
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('B sees a hint and no content; after A grants, B sees the record', async () => {
    const before = await lookupWallet(b);
    expect(before.statusCode, before.body).toBe(200);
    const hint = before.json().hints[0];
    expect(hint).toMatchObject({ tlp: 'AMBER', organisations: 1 });
    expect(before.json().sightings).toEqual([]);
    expect(before.body).not.toContain(postId);
    expect(before.body).not.toContain('amber_broker');
    expect((await call(b, 'GET', `/api/v1/posts/${postId}`)).statusCode).toBe(404);

    const asked = await call(b, 'POST', '/api/v1/access-requests', {
      hintId: hint.hintId,
      reason: 'The same wallet received a ransom in our case 2026/114.',
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const [request] = asked.json().items;
    expect(request).toMatchObject({ status: 'pending', owner: null });
    expect(request.selector.value).toBe(`TRON:${WALLET}`);
    // Asking again while pending answers the same request.
    const again = await call(b, 'POST', '/api/v1/access-requests', {
      hintId: hint.hintId,
      reason: 'The same wallet received a ransom in our case 2026/114.',
    });
    expect(again.json().items.map((r: { id: string }) => r.id)).toEqual([request.id]);

    // A is notified and sees the request with who asks.
    const notes = (await call(a, 'GET', '/api/v1/notifications')).json();
    expect(notes.unread).toBe(1);
    expect(notes.items[0]).toMatchObject({ kind: 'access-request.created', subjectId: request.id });
    expect(notes.items[0].message).toContain('Access org B');
    const inbox = (await call(a, 'GET', '/api/v1/access-requests?role=owner')).json().items;
    expect(inbox.map((r: { id: string }) => r.id)).toEqual([request.id]);
    expect(inbox[0].requester.organisation.name).toBe('Access org B');

    // Neither the requester, a viewer, nor an uninvolved organisation can decide.
    expect(
      (await call(b, 'POST', `/api/v1/access-requests/${request.id}/grant`, {})).statusCode,
    ).toBe(403);
    expect(
      (await call(aViewer, 'POST', `/api/v1/access-requests/${request.id}/grant`, {})).statusCode,
    ).toBe(403);
    expect(
      (await call(c, 'POST', `/api/v1/access-requests/${request.id}/grant`, {})).statusCode,
    ).toBe(404);
    expect((await call(c, 'GET', `/api/v1/access-requests/${request.id}`)).statusCode).toBe(404);

    const granted = await call(a, 'POST', `/api/v1/access-requests/${request.id}/grant`, {
      note: 'Shared for case 2026/114',
    });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.json()).toMatchObject({ status: 'granted', grantedRecords: 1 });

    const after = (await lookupWallet(b)).json();
    expect(after.sightings.map((s: { postId: string }) => s.postId)).toEqual([postId]);
    expect(after.hints).toEqual([]);
    expect(after.linkedSelectors).toContainEqual(
      expect.objectContaining({ type: 'handle', value: 'amber_broker' }),
    );
    expect((await call(b, 'GET', `/api/v1/posts/${postId}`)).statusCode).toBe(200);
    // C still sees only the hint.
    expect((await lookupWallet(c)).json().hints).toHaveLength(1);
    const mine = (await call(b, 'GET', '/api/v1/access-requests')).json().items;
    expect(mine[0]).toMatchObject({ status: 'granted', owner: { name: 'Access org A' } });
    const told = (await call(b, 'GET', '/api/v1/notifications')).json().items;
    expect(told[0].kind).toBe('access-request.granted');
    // A decided request cannot be decided again.
    expect(
      (await call(a, 'POST', `/api/v1/access-requests/${request.id}/deny`, {})).statusCode,
    ).toBe(409);
    // The grant is in the custody log: the post's sharing change and the grant itself.
    const leaves = await database.db
      .selectFrom('custody_log_leaves')
      .select('leaf')
      .where('subject_id', 'in', [postId, request.id])
      .orderBy('leaf_index')
      .execute();
    expect(leaves.map((l) => JSON.parse(l.leaf).type)).toEqual([
      'post.ingest',
      'access-request.create',
      'post.sharing-change',
      'access-request.grant',
    ]);
  });

  it('a denial keeps the record hidden and tells the requester', async () => {
    const hint = (await lookupWallet(c)).json().hints[0];
    const asked = await call(c, 'POST', '/api/v1/access-requests', {
      hintId: hint.hintId,
      reason: 'Possibly linked to a recruiter in our files.',
    });
    const [request] = asked.json().items;
    const denied = await call(a, 'POST', `/api/v1/access-requests/${request.id}/deny`, {
      note: 'Not releasable yet',
    });
    expect(denied.statusCode, denied.body).toBe(200);
    expect(denied.json().status).toBe('denied');
    expect((await lookupWallet(c)).json().sightings).toEqual([]);
    const told = (await call(c, 'GET', '/api/v1/notifications')).json().items;
    expect(told[0]).toMatchObject({ kind: 'access-request.denied' });
    expect(told[0].message).toContain('Not releasable yet');
    const read = await call(c, 'POST', `/api/v1/notifications/${told[0].id}/read`);
    expect(read.statusCode).toBe(204);
    expect((await call(c, 'GET', '/api/v1/notifications')).json().unread).toBe(0);
    expect((await call(b, 'POST', `/api/v1/notifications/${told[0].id}/read`)).statusCode).toBe(
      404,
    );
  });

  it('refuses forged hints, empty reasons and requests with nothing to ask', async () => {
    const hint = (await lookupWallet(c)).json().hints[0];
    const forged = await call(c, 'POST', '/api/v1/access-requests', {
      hintId: `${hint.hintId.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`,
      reason: 'Possibly linked to a recruiter in our files.',
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.message).toMatch(/not a hint of this hub/);
    const short = await call(c, 'POST', '/api/v1/access-requests', {
      hintId: hint.hintId,
      reason: 'pls',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/reason/);
    const { selector } = (await lookupWallet(a)).json();
    const nothing = await call(a, 'POST', '/api/v1/access-requests', {
      selectorId: selector.id,
      reason: 'Checking whether anyone else holds this.',
    });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.json().error.message).toMatch(/Nothing to request/);
  });
});
