import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, OrganisationType, UserRole } from '../src/db/schema.js';
import { type Actor, scopesForRole } from '../src/modules/auth/actor.js';
import { insertToken } from '../src/modules/auth/auth.repository.js';
import { DEFAULT_AUTH_SETTINGS } from '../src/modules/auth/auth.settings.js';
import { hashSecret, newApiToken } from '../src/modules/auth/credentials.js';
import { hashPassword } from '../src/modules/users/password.js';

/** The password of every user made by {@link createTestActor}. */
export const TEST_PASSWORD = 'test-password-not-secret';

// scrypt is slow on purpose: hash the shared test password once per test file.
let passwordHash: Promise<string> | undefined;
const testPasswordHash = () => {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return passwordHash;
};

export interface TestActorOptions {
  /** An existing organisation's id, or what to create (a unique name by default). */
  organisation?: string | { name?: string; type?: OrganisationType; country?: string };
  role?: UserRole;
  email?: string;
  /** Token scopes; every scope the role allows by default. */
  scopes?: readonly string[];
}

/** A user with an API token, ready for `app.inject({ headers: authHeader })`. */
export interface TestActor {
  actor: Actor;
  authHeader: { authorization: string };
  token: string;
  email: string;
  password: string;
}

/**
 * Creates (or reuses) an organisation, a user in it and an API token for that user.
 *
 * @example
 * const alice = await createTestActor(db, { organisation: { name: 'Org A' } });
 * const bob = await createTestActor(db, { organisation: alice.actor.organisationId, role: 'viewer' });
 * await app.inject({ method: 'GET', url: '/api/v1/me', headers: alice.authHeader });
 */
export async function createTestActor(
  db: Kysely<Database>,
  options: TestActorOptions = {},
): Promise<TestActor> {
  const unique = randomBytes(4).toString('hex');
  let organisationId: string;
  if (typeof options.organisation === 'string') {
    organisationId = options.organisation;
  } else {
    const org = await db
      .insertInto('organisations')
      .values({
        name: options.organisation?.name ?? `Test organisation ${unique}`,
        type: options.organisation?.type ?? 'law-enforcement',
        country: options.organisation?.country ?? 'TH',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    organisationId = org.id;
  }
  const role = options.role ?? 'investigator';
  const email = (options.email ?? `user-${unique}@test.jaga.example`).toLowerCase();
  const user = await db
    .insertInto('users')
    .values({
      organisation_id: organisationId,
      email,
      display_name: `Test ${role} ${unique}`,
      role,
      password_hash: await testPasswordHash(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Straight into the table: a fixture is not an action, so it leaves the custody log empty.
  const token = newApiToken();
  const record = await insertToken(db, {
    userId: user.id,
    name: 'test token',
    tokenHash: hashSecret(token),
    prefix: token.slice(0, 12),
    scopes: [...(options.scopes ?? scopesForRole(role))],
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + DEFAULT_AUTH_SETTINGS.defaultTokenDays * 86_400_000),
  });
  return {
    actor: {
      userId: user.id,
      organisationId,
      role,
      email,
      via: 'token',
      scopes: record.scopes,
    },
    authHeader: { authorization: `Bearer ${token}` },
    token,
    email,
    password: TEST_PASSWORD,
  };
}
