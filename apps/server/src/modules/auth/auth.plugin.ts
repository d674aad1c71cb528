import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { actorFromToken, sessionFromCookie } from './auth.service.js';
import type { AuthSettings } from './auth.settings.js';
import { sameSecret } from './credentials.js';

/** HttpOnly cookie holding the session secret. */
export const SESSION_COOKIE = 'jaga_session';
/** Readable cookie holding the CSRF token the web app echoes in `X-CSRF-Token`. */
export const CSRF_COOKIE = 'jaga_csrf';
export const CSRF_HEADER = 'x-csrf-token';
export const LOGIN_ROUTE = '/api/v1/auth/login';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The browser session behind `actor`, when it came from the session cookie. */
    authSession: { id: string; csrfToken: string } | null;
  }
}

export interface AuthPluginOptions {
  db: Kysely<Database>;
  settings: AuthSettings;
  now: () => number;
}

/**
 * Resolves the caller of every request before its handler runs, so routes can call
 * `requireActor(request)`. A bearer token that does not work is a 401 at once (a script must not
 * carry on as anonymous); a stale session cookie just means "not signed in". Cookie-authenticated
 * writes must echo the session's CSRF token; tokens are limited to their scopes.
 *
 * Registered with `fastify-plugin` so its hook covers every route of the app.
 */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, options) => {
    await app.register(fastifyCookie);
    // Per-route limits only (the sign-in route sets one); other routes opt in with `config.rateLimit`.
    await app.register(fastifyRateLimit, { global: false });
    app.decorateRequest('actor', null);
    app.decorateRequest('authSession', null);

    app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
      const now = new Date(options.now());
      const header = request.headers.authorization;
      if (header !== undefined) {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
        if (!match?.[1]) {
          throw new AppError(
            'unauthenticated',
            'The Authorization header must be "Bearer <token>" with a Jaga API token.',
          );
        }
        const actor = await actorFromToken(options.db, match[1], now);
        const needed = SAFE_METHODS.has(request.method) ? 'read' : 'write';
        if (!actor.scopes.includes(needed)) {
          throw new AppError(
            'forbidden',
            `This API token lacks the "${needed}" scope needed for ${request.method} requests.`,
          );
        }
        request.actor = actor;
        return;
      }

      // Signing in again over an old session replaces it; it needs no CSRF token of the old one.
      if (request.routeOptions.url === LOGIN_ROUTE) return;
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) return;
      const session = await sessionFromCookie(options.db, cookie, options.settings, now);
      if (!session) return;
      if (!SAFE_METHODS.has(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
          throw new AppError(
            'forbidden',
            `Missing or wrong CSRF token: send the ${CSRF_COOKIE} cookie's value in the X-CSRF-Token header.`,
          );
        }
      }
      request.actor = session.actor;
      request.authSession = { id: session.sessionId, csrfToken: session.csrfToken };
    });
  },
  { name: 'jaga-auth' },
);
