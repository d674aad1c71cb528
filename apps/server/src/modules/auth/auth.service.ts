import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { type Actor, scopesForRole } from './actor.js';
import { findSessionByHash, findTokenByHash, touchSession, touchToken } from './auth.repository.js';
import type { AuthSettings } from './auth.settings.js';
import { hashSecret } from './credentials.js';

// Writing "last used" on every request would make every read a write; once a minute is enough.
const TOUCH_EVERY_MS = 60_000;

/**
 * The actor for an API token, or a 401 saying why it does not work (unknown, revoked, expired,
 * user disabled).
 *
 * @example
 * const actor = await actorFromToken(db, 'jaga_…', new Date());
 */
export async function actorFromToken(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<Actor> {
  const row = await findTokenByHash(db, hashSecret(token));
  if (!row) throw new AppError('unauthenticated', 'This API token is not known to this Jaga node.');
  if (row.revokedAt) {
    throw new AppError(
      'unauthenticated',
      `This API token was revoked on ${row.revokedAt.toISOString()}; ask for a new one.`,
    );
  }
  if (row.expiresAt.getTime() <= now.getTime()) {
    throw new AppError(
      'unauthenticated',
      `This API token expired on ${row.expiresAt.toISOString()}; ask for a new one.`,
    );
  }
  if (row.disabledAt) {
    throw new AppError('unauthenticated', 'The account of this API token is disabled.');
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await touchToken(db, row.tokenId, now);
  }
  const allowed: readonly string[] = scopesForRole(row.role);
  return {
    userId: row.userId,
    organisationId: row.organisationId,
    role: row.role,
    email: row.email,
    via: 'token',
    // A user demoted after the token was made loses the scopes the new role does not allow.
    scopes: row.scopes.filter((scope) => allowed.includes(scope)),
  };
}

/** A live browser session: the actor and the CSRF token its writes must carry. */
export interface ResolvedSession {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
}

/**
 * The session for a cookie value, or `undefined` when it is unknown, revoked, expired, idle too
 * long or its user is disabled.
 *
 * @example
 * const session = await sessionFromCookie(db, cookieValue, settings, new Date());
 */
export async function sessionFromCookie(
  db: Kysely<Database>,
  cookieValue: string,
  settings: Pick<AuthSettings, 'sessionIdleMs'>,
  now: Date,
): Promise<ResolvedSession | undefined> {
  const row = await findSessionByHash(db, hashSecret(cookieValue));
  if (!row || row.revokedAt || row.disabledAt) return undefined;
  if (row.expiresAt.getTime() <= now.getTime()) return undefined;
  if (now.getTime() - row.lastSeenAt.getTime() > settings.sessionIdleMs) return undefined;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await touchSession(db, row.sessionId, now);
  }
  return {
    actor: {
      userId: row.userId,
      organisationId: row.organisationId,
      role: row.role,
      email: row.email,
      via: 'session',
      scopes: scopesForRole(row.role),
    },
    sessionId: row.sessionId,
    csrfToken: row.csrfToken,
  };
}
