import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, TEST_PASSWORD, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';

describe('organisation and user administration', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: TestActor;
  let analyst: TestActor;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({ db: database.db, databaseKind: database.kind, version: '0.0.0' });
    admin = await createTestActor(database.db, { role: 'admin' });
    analyst = await createTestActor(database.db, {
      organisation: admin.actor.organisationId,
      role: 'analyst',
    });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('lets an administrator create an organisation, and refuses a duplicate name', async () => {
    const payload = { name: 'Consulate of Indonesia, Phnom Penh', type: 'consular', country: 'id' };
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: admin.authHeader,
      payload,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ type: 'consular', country: 'ID' });
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: admin.authHeader,
      payload: { ...payload, name: payload.name.toUpperCase() },
    });
    expect(again.statusCode).toBe(409);
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/organisations',
      headers: analyst.authHeader,
    });
    expect(list.json().items.map((o: { name: string }) => o.name)).toContain(payload.name);
  });

  it('answers 400 with the field for an unknown organisation type', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: admin.authHeader,
      payload: { name: 'X', type: 'militia', country: 'TH' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/type/);
  });

  it('keeps administration to administrators', async () => {
    const org = await app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: analyst.authHeader,
      payload: { name: 'Sneaky', type: 'ngo', country: 'KH' },
    });
    expect(org.statusCode).toBe(403);
    const users = await app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: analyst.authHeader,
    });
    expect(users.statusCode).toBe(403);
    // An admin's token without the admin scope cannot administer either.
    const narrow = await createTestActor(database.db, {
      organisation: admin.actor.organisationId,
      role: 'admin',
      scopes: ['read', 'write'],
    });
    const viaNarrow = await app.inject({
      method: 'GET',
      url: '/api/v1/users',
      headers: narrow.authHeader,
    });
    expect(viaNarrow.statusCode).toBe(403);
    expect(viaNarrow.json().error.message).toMatch(/admin" scope/);
  });

  it('creates a user with a generated password that signs in; stores only its hash', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.authHeader,
      payload: {
        organisationId: admin.actor.organisationId,
        email: 'New.Officer@Agency.example',
        role: 'consular-officer',
      },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.email).toBe('new.officer@agency.example');
    expect(body.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const row = await database.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).not.toContain(body.generatedPassword);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: body.email, password: body.generatedPassword },
    });
    expect(login.statusCode).toBe(200);

    const duplicate = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.authHeader,
      payload: { organisationId: admin.actor.organisationId, email: body.email, role: 'viewer' },
    });
    expect(duplicate.statusCode).toBe(409);
  });

  it('refuses a short password with the field path', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.authHeader,
      payload: {
        organisationId: admin.actor.organisationId,
        email: 'short@agency.example',
        role: 'viewer',
        password: 'short',
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/body\/password/);
  });

  it('disabling a user stops their tokens and sessions', async () => {
    const target = await createTestActor(database.db, { organisation: admin.actor.organisationId });
    const session = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: target.email, password: TEST_PASSWORD },
    });
    const cookie = `jaga_session=${(session.cookies as { name: string; value: string }[]).find((c) => c.name === 'jaga_session')?.value}`;
    const disable = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${target.actor.userId}`,
      headers: admin.authHeader,
      payload: { disabled: true },
    });
    expect(disable.statusCode).toBe(200);
    expect(disable.json().disabled).toBe(true);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: target.authHeader }))
        .statusCode,
    ).toBe(401);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode,
    ).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: target.email, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(401);
  });

  it('never leaves the node without an enabled administrator', async () => {
    const others = await database.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('id', '!=', admin.actor.userId)
      .execute();
    await database.db
      .updateTable('users')
      .set({ role: 'viewer' })
      .where(
        'id',
        'in',
        others.map((o) => o.id),
      )
      .execute();
    const demote = await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${admin.actor.userId}`,
      headers: admin.authHeader,
      payload: { role: 'analyst' },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.message).toMatch(/last enabled administrator/);
  });

  it('keeps the session that changed its password and ends the others', async () => {
    const user = await createTestActor(database.db, { organisation: admin.actor.organisationId });
    const signIn = async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: TEST_PASSWORD },
      });
      const cookies = response.cookies as { name: string; value: string }[];
      const value = (name: string) => cookies.find((c) => c.name === name)?.value ?? '';
      return { cookie: `jaga_session=${value('jaga_session')}`, csrf: value('jaga_csrf') };
    };
    const here = await signIn();
    const elsewhere = await signIn();
    const change = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: here.cookie, 'x-csrf-token': here.csrf },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'yet another long passphrase' },
    });
    expect(change.statusCode).toBe(204);
    const me = (cookie: string) =>
      app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect((await me(here.cookie)).statusCode).toBe(200);
    expect((await me(elsewhere.cookie)).statusCode).toBe(401);
  });

  it('lets a user change their own password with the current one', async () => {
    const user = await createTestActor(database.db, { organisation: admin.actor.organisationId });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: user.authHeader,
      payload: { currentPassword: 'not it', newPassword: 'a much longer new passphrase' },
    });
    expect(wrong.statusCode).toBe(400);
    const right = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: user.authHeader,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'a much longer new passphrase' },
    });
    expect(right.statusCode).toBe(204);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: 'a much longer new passphrase' },
    });
    expect(login.statusCode).toBe(200);
  });

  it('lets an administrator lift a lockout', async () => {
    const user = await createTestActor(database.db, { organisation: admin.actor.organisationId });
    for (let i = 0; i < 5; i++) {
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: user.email, password: 'wrong password' },
      });
    }
    const locked = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(locked.statusCode).toBe(429);
    const unlock = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.actor.userId}/unlock`,
      headers: admin.authHeader,
    });
    expect(unlock.statusCode).toBe(204);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
  });

  it('records every identity change in the custody log, without names, e-mails or secrets', async () => {
    const leaves = async () =>
      (
        await database.db
          .selectFrom('custody_log_leaves')
          .select(['leaf', 'subject_id'])
          .orderBy('leaf_index')
          .execute()
      ).map((row) => ({ entry: JSON.parse(row.leaf), subjectId: row.subject_id, text: row.leaf }));
    const before = (await leaves()).length;
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.authHeader,
      payload: {
        organisationId: admin.actor.organisationId,
        email: 'audited.person@agency.example',
        displayName: 'Audited Person',
        role: 'viewer',
        password: 'a long enough passphrase',
      },
    });
    const userId = created.json().id;
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${userId}`,
      headers: admin.authHeader,
      payload: { role: 'analyst', password: 'another long passphrase' },
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'audited.person@agency.example', password: 'another long passphrase' },
    });
    expect(login.statusCode).toBe(200);
    const after = (await leaves()).slice(before);
    expect(after.map((leaf) => leaf.entry.type)).toEqual([
      'user.create',
      'user.update',
      'session.start',
    ]);
    expect(after[0]?.entry).toMatchObject({
      actor: { userId: admin.actor.userId, organisationId: admin.actor.organisationId },
      subject: { kind: 'user', id: userId },
      details: { role: 'viewer' },
    });
    expect(after[1]?.entry.details).toEqual({ fields: ['password', 'role'], role: 'analyst' });
    expect(after[2]?.entry.actor.userId).toBe(userId);
    for (const leaf of after) {
      expect(leaf.text).not.toMatch(/audited|Audited|passphrase|scrypt/);
    }
  });
});
