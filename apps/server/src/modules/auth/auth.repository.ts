import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { ApiTokenTable, Database, UserRole } from '../../db/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The user behind a credential, as needed to build an actor. */
export interface CredentialOwner {
  userId: string;
  organisationId: string;
  role: UserRole;
  email: string;
  disabledAt: Date | null;
}

export interface TokenRow extends CredentialOwner {
  tokenId: string;
  scopes: string[];
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface SessionRow extends CredentialOwner {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
  revokedAt: Date | null;
}

export async function findTokenByHash(db: Db, tokenHash: string): Promise<TokenRow | undefined> {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      't.id as tokenId',
      't.scopes',
      't.expires_at as expiresAt',
      't.revoked_at as revokedAt',
      't.last_used_at as lastUsedAt',
      'u.id as userId',
      'u.organisation_id as organisationId',
      'u.role',
      'u.email',
      'u.disabled_at as disabledAt',
    ])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchToken(db: Db, tokenId: string, at: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();
}

export async function insertToken(
  db: Db,
  values: {
    userId: string;
    name: string;
    tokenHash: string;
    prefix: string;
    scopes: string[];
    createdAt: Date;
    expiresAt: Date;
  },
): Promise<Selectable<ApiTokenTable>> {
  return db
    .insertInto('api_tokens')
    .values({
      user_id: values.userId,
      name: values.name,
      token_hash: values.tokenHash,
      prefix: values.prefix,
      scopes: values.scopes,
      created_at: values.createdAt,
      expires_at: values.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listTokensOfUser(
  db: Db,
  userId: string,
): Promise<Selectable<ApiTokenTable>[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function findToken(
  db: Db,
  tokenId: string,
): Promise<Selectable<ApiTokenTable> | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', tokenId).executeTakeFirst();
}

export async function revokeToken(db: Db, tokenId: string, at: Date): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function findSessionByHash(
  db: Db,
  tokenHash: string,
): Promise<SessionRow | undefined> {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as sessionId',
      's.csrf_token as csrfToken',
      's.expires_at as expiresAt',
      's.last_seen_at as lastSeenAt',
      's.revoked_at as revokedAt',
      'u.id as userId',
      'u.organisation_id as organisationId',
      'u.role',
      'u.email',
      'u.disabled_at as disabledAt',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function insertSession(
  db: Db,
  values: {
    userId: string;
    tokenHash: string;
    csrfToken: string;
    createdAt: Date;
    expiresAt: Date;
    userAgent: string | null;
  },
): Promise<{ id: string }> {
  return db
    .insertInto('sessions')
    .values({
      user_id: values.userId,
      token_hash: values.tokenHash,
      csrf_token: values.csrfToken,
      created_at: values.createdAt,
      last_seen_at: values.createdAt,
      expires_at: values.expiresAt,
      user_agent: values.userAgent,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export async function touchSession(db: Db, sessionId: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', sessionId).execute();
}

export async function revokeSession(db: Db, sessionId: string, at: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Ends every open session of a user (password change, disabling, TOTP change). */
export async function revokeSessionsOfUser(
  db: Db,
  userId: string,
  at: Date,
  exceptSessionId?: string,
): Promise<void> {
  let query = db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

/**
 * Records one failed sign-in for an e-mail in a single statement (so parallel attempts all
 * count) and locks it when the count reaches `maxFailures` within the window.
 */
export async function recordLoginFailure(
  db: Db,
  email: string,
  at: Date,
  windowStartedAfter: Date,
  maxFailures: number,
  lockedUntil: Date,
): Promise<{ failures: number; lockedUntil: Date | null }> {
  const row = await db
    .insertInto('login_throttle')
    .values({
      email,
      failures: 1,
      window_started_at: at,
      locked_until: maxFailures <= 1 ? lockedUntil : null,
    })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet((eb) => {
        const stale = eb('login_throttle.window_started_at', '<=', windowStartedAfter);
        const failures = eb
          .case()
          .when(stale)
          .then(sql<number>`1`)
          .else(eb('login_throttle.failures', '+', 1))
          .end();
        return {
          failures,
          window_started_at: eb
            .case()
            .when(stale)
            .then(sql<Date>`cast(${at} as timestamptz)`)
            .else(eb.ref('login_throttle.window_started_at'))
            .end(),
          locked_until: eb
            .case()
            .when(eb(failures, '>=', maxFailures))
            .then(sql<Date>`cast(${lockedUntil} as timestamptz)`)
            .else(null)
            .end(),
        };
      }),
    )
    .returning(['failures', 'locked_until as lockedUntil'])
    .executeTakeFirstOrThrow();
  return row;
}

export async function findLoginThrottle(
  db: Db,
  email: string,
): Promise<{ failures: number; lockedUntil: Date | null } | undefined> {
  return db
    .selectFrom('login_throttle')
    .select(['failures', 'locked_until as lockedUntil'])
    .where('email', '=', email)
    .executeTakeFirst();
}

/**
 * Forgets failure counts whose window has passed and that hold no lock, so addresses tried once
 * by a password sprayer do not pile up.
 */
export async function pruneLoginThrottle(
  db: Db,
  windowStartedBefore: Date,
  at: Date,
): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where('window_started_at', '<', windowStartedBefore)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
    .execute();
}

export async function clearLoginThrottle(db: Db, email: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('email', '=', email).execute();
}
