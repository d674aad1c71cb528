import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestActor, TEST_PASSWORD, type TestActor } from '../../../test/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/database.js';
import { createApp } from '../../app.js';
import { currentTotp } from './totp.js';

const MINUTE = 60_000;

function sessionOf(response: LightMyRequestResponse): { cookie: string; csrf: string } {
  const cookies = response.cookies as { name: string; value: string }[];
  const session = cookies.find((c) => c.name === 'jaga_session');
  const csrf = cookies.find((c) => c.name === 'jaga_csrf');
  if (!session || !csrf) throw new Error('no session cookies set');
  return { cookie: `jaga_session=${session.value}; jaga_csrf=${csrf.value}`, csrf: csrf.value };
}

describe('sign-in, sessions, CSRF, lockout and TOTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let alice: TestActor;
  let clock = Date.parse('2026-11-23T08:00:00Z');

  const signIn = (email: string, password: string, totp?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password, ...(totp ? { totp } : {}) },
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createApp({
      db: database.db,
      databaseKind: database.kind,
      version: '0.0.0',
      now: () => clock,
      auth: { maxFailedLogins: 3, lockoutMs: 10 * MINUTE, loginAttemptsPerMinutePerAddress: 1000 },
    });
    alice = await createTestActor(database.db, { role: 'investigator' });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('signs in with the right password and sets an HttpOnly SameSite=Strict session cookie', async () => {
    const response = await signIn(alice.email.toUpperCase(), TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user.email).toBe(alice.email);
    expect(body.organisation.id).toBe(alice.actor.organisationId);
    expect(body.csrfToken).toEqual(expect.any(String));
    const setCookie = [response.headers['set-cookie']].flat().join('\n');
    expect(setCookie).toMatch(/jaga_session=[^;]+;.*HttpOnly/);
    expect(setCookie).toMatch(/jaga_session=[^;]+;.*SameSite=Strict/);
    expect(setCookie).not.toMatch(/jaga_csrf=[^;]+;.*HttpOnly/);

    const { cookie } = sessionOf(response);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ via: 'session', user: { email: alice.email } });
    expect(me.json().csrfToken).toBe(body.csrfToken);
  });

  it('stores only a hash of the session secret', async () => {
    const response = await signIn(alice.email, TEST_PASSWORD);
    const secret = (response.cookies as { name: string; value: string }[]).find(
      (c) => c.name === 'jaga_session',
    )?.value;
    const rows = await database.db.selectFrom('sessions').select('token_hash').execute();
    expect(secret).toBeDefined();
    expect(rows.some((row) => row.token_hash === secret)).toBe(false);
  });

  it('requires the CSRF token for writes authenticated by the cookie', async () => {
    const { cookie, csrf } = sessionOf(await signIn(alice.email, TEST_PASSWORD));
    const payload = { name: 'from the browser' };
    const without = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie },
      payload,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.message).toMatch(/CSRF/);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie, 'x-csrf-token': `${csrf}x` },
      payload,
    });
    expect(wrong.statusCode).toBe(403);
    const right = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload,
    });
    expect(right.statusCode).toBe(201);
    expect(right.json().token).toMatch(/^jaga_/);
    // A bearer token is not sent by browsers on their own, so it needs no CSRF token.
    const bearer = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: alice.authHeader,
      payload: { name: 'script' },
    });
    expect(bearer.statusCode).toBe(201);
  });

  it('lets a signed-in browser sign in again without the old CSRF token', async () => {
    const { cookie } = sessionOf(await signIn(alice.email, TEST_PASSWORD));
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie },
      payload: { email: alice.email, password: TEST_PASSWORD },
    });
    expect(again.statusCode).toBe(200);
  });

  it('describes sign-in and the current user in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(
      document.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema
        .required,
    ).toEqual(['email', 'password']);
    expect(
      Object.keys(
        document.paths['/api/v1/me'].get.responses['200'].content['application/json'].schema
          .properties,
      ),
    ).toEqual(expect.arrayContaining(['user', 'organisation']));
  });

  it('ends the session on sign-out', async () => {
    const { cookie, csrf } = sessionOf(await signIn(alice.email, TEST_PASSWORD));
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(204);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('ends a session after the idle time', async () => {
    const { cookie } = sessionOf(await signIn(alice.email, TEST_PASSWORD));
    const saved = clock;
    clock += 3 * 60 * MINUTE;
    try {
      expect(
        (await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode,
      ).toBe(401);
    } finally {
      clock = saved;
    }
  });

  it('answers a wrong password and an unknown e-mail alike', async () => {
    const wrong = await signIn(alice.email, 'not the password');
    const unknown = await signIn('nobody@test.jaga.example', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    await database.db.deleteFrom('login_throttle').execute();
  });

  it('locks an e-mail after too many failures, even for the right password, then unlocks it', async () => {
    const bob = await createTestActor(database.db, { organisation: alice.actor.organisationId });
    expect((await signIn(bob.email, 'wrong-1')).statusCode).toBe(401);
    expect((await signIn(bob.email, 'wrong-2')).statusCode).toBe(401);
    const third = await signIn(bob.email, 'wrong-3');
    expect(third.statusCode).toBe(429);
    expect(third.json().error.message).toMatch(/locked until/);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);

    const locked = await signIn(bob.email, TEST_PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.message).toMatch(/Too many failed sign-ins/);

    clock += 10 * MINUTE + 1000;
    const unlocked = await signIn(bob.email, TEST_PASSWORD);
    expect(unlocked.statusCode).toBe(200);
    // Success clears the count: one more failure does not lock again.
    expect((await signIn(bob.email, 'wrong-again')).statusCode).toBe(401);
  });

  it('locks unknown e-mails the same way, so lockout does not reveal accounts', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await signIn('ghost@test.jaga.example', 'x')).statusCode).toBe(401);
    }
    expect((await signIn('ghost@test.jaga.example', 'x')).statusCode).toBe(429);
  });

  it('forgets old failure counts once their window and lock have passed', async () => {
    expect((await signIn('once@test.jaga.example', 'x')).statusCode).toBe(401);
    const rows = () => database.db.selectFrom('login_throttle').select('email').execute();
    expect((await rows()).map((row) => row.email)).toContain('once@test.jaga.example');
    clock += 60 * MINUTE;
    expect((await signIn('other@test.jaga.example', 'x')).statusCode).toBe(401);
    expect((await rows()).map((row) => row.email)).toEqual(['other@test.jaga.example']);
  });

  it('asks for the TOTP code once two-step sign-in is on', async () => {
    const carol = await createTestActor(database.db, { organisation: alice.actor.organisationId });
    const enrol = await app.inject({
      method: 'POST',
      url: '/api/v1/me/totp',
      headers: carol.authHeader,
    });
    expect(enrol.statusCode).toBe(200);
    const { secret, uri } = enrol.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    // Not on until confirmed: password alone still works.
    expect((await signIn(carol.email, TEST_PASSWORD)).statusCode).toBe(200);

    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: carol.authHeader,
      payload: { code: '000000' === currentTotp(secret, new Date(clock)) ? '111111' : '000000' },
    });
    expect(bad.statusCode).toBe(400);
    const confirm = await app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: carol.authHeader,
      payload: { code: currentTotp(secret, new Date(clock)) },
    });
    expect(confirm.statusCode).toBe(204);

    const withoutCode = await signIn(carol.email, TEST_PASSWORD);
    expect(withoutCode.statusCode).toBe(401);
    expect(withoutCode.json().error.details).toEqual({ totpRequired: true });
    const withCode = await signIn(carol.email, TEST_PASSWORD, currentTotp(secret, new Date(clock)));
    expect(withCode.statusCode).toBe(200);
    expect(withCode.json().user.totpEnabled).toBe(true);
  });

  it('limits sign-in attempts per client address', async () => {
    const limited = await createApp({
      db: database.db,
      databaseKind: database.kind,
      version: '0.0.0',
      now: () => clock,
      auth: { loginAttemptsPerMinutePerAddress: 2 },
    });
    try {
      const attempt = () =>
        limited.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: 'x@test.jaga.example', password: 'x' },
        });
      await attempt();
      await attempt();
      const third = await attempt();
      expect(third.statusCode).toBe(429);
      expect(third.json().error.message).toMatch(/from this address/);
    } finally {
      await limited.close();
    }
  });

  it('rejects a malformed sign-in body with the field path', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: alice.email },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/password/);
  });

  it('lists and revokes API tokens; a revoked token answers 401', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: alice.authHeader,
      payload: { name: 'to revoke', scopes: ['read'], expiresInDays: 7 },
    });
    expect(created.statusCode).toBe(201);
    const { id, token } = created.json();
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      headers: alice.authHeader,
    });
    expect(list.json().items.map((t: { id: string }) => t.id)).toContain(id);
    expect(JSON.stringify(list.json())).not.toContain(token);

    const other = await createTestActor(database.db, { organisation: alice.actor.organisationId });
    const notTheirs = await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${id}`,
      headers: other.authHeader,
    });
    expect(notTheirs.statusCode).toBe(404);

    const revoke = await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${id}`,
      headers: alice.authHeader,
    });
    expect(revoke.statusCode).toBe(204);
    const use = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(use.statusCode).toBe(401);
    expect(use.json().error.message).toMatch(/revoked/);
  });

  it('refuses scopes beyond the role and unknown scopes', async () => {
    const admin = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: alice.authHeader,
      payload: { name: 'x', scopes: ['admin'] },
    });
    expect(admin.statusCode).toBe(403);
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: alice.authHeader,
      payload: { name: 'x', scopes: ['everything'] },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/scopes/);
  });
});
