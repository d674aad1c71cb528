import type { FastifyRequest } from 'fastify';
import type { UserRole } from '../../db/schema.js';
import { AppError } from '../../errors.js';

/**
 * Who is making a request: every route that reads or writes records gets one with
 * {@link requireActor} and hands it to the sharing policy and the custody log.
 */
export interface Actor {
  userId: string;
  organisationId: string;
  role: UserRole;
  email: string;
  /** A browser session cookie or an API token. */
  via: 'session' | 'token';
  /** What the credential allows; a session has every scope its user's role allows. */
  scopes: readonly string[];
}

/**
 * Scopes an API token may carry. `read` allows GET requests, `write` every other method, `admin`
 * the administration endpoints (only for users whose role is `admin`).
 */
export const TOKEN_SCOPES = ['read', 'write', 'admin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** The scopes a user's role can hold; a session carries all of them. */
export function scopesForRole(role: UserRole): TokenScope[] {
  return role === 'admin' ? ['read', 'write', 'admin'] : ['read', 'write'];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin before the handler runs; `null` when no valid credential came. */
    actor: Actor | null;
  }
}

/**
 * The authenticated caller of a request, or a 401 `unauthenticated` error.
 *
 * @example
 * app.get('/api/v1/things', async (request) => {
 *   const actor = requireActor(request);
 *   return listThings(db, actor);
 * });
 */
export function requireActor(request: FastifyRequest): Actor {
  const actor = request.actor;
  if (!actor) {
    throw new AppError(
      'unauthenticated',
      'Sign in first, or send an API token as "Authorization: Bearer <token>".',
    );
  }
  return actor;
}

/**
 * The caller, who must be an administrator (role `admin`, and an `admin`-scoped token when the
 * request comes with a token); otherwise 401 or 403.
 *
 * @example
 * const admin = requireAdmin(request);
 */
export function requireAdmin(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (actor.role !== 'admin') {
    throw new AppError('forbidden', 'Only administrators may do this.');
  }
  if (!actor.scopes.includes('admin')) {
    throw new AppError(
      'forbidden',
      'This API token lacks the "admin" scope; create one with --scope admin.',
    );
  }
  return actor;
}
