import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { requireActor } from './actor.js';
import { auditOf } from './audit.js';
import { CSRF_COOKIE, LOGIN_ROUTE, SESSION_COOKIE } from './auth.plugin.js';
import { presentToken } from './auth.presenter.js';
import { findToken, listTokensOfUser } from './auth.repository.js';
import {
  createTokenRequest,
  createTokenResponse,
  loginRequest,
  loginResponse,
  meResponse,
  tokenIdParams,
  tokenListResponse,
  totpCodeRequest,
  totpEnrolResponse,
} from './auth.schema.js';
import type { AuthSettings } from './auth.settings.js';
import { endSession, login } from './login.service.js';
import { loadMe } from './me.service.js';
import { createApiToken, revokeApiToken } from './tokens.service.js';
import { beginTotp, confirmTotp, disableTotp } from './totp.service.js';

export interface AuthRoutesOptions {
  db: Kysely<Database>;
  settings: AuthSettings;
  now: () => number;
}

const TAGS = ['identity'];

/** Sign-in, sign-out, the current user, TOTP enrolment and the caller's own API tokens. */
export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, options) => {
  const { db, settings } = options;
  const now = () => new Date(options.now());

  const secure = (request: FastifyRequest) =>
    settings.secureCookies === 'auto' ? request.protocol === 'https' : settings.secureCookies;

  const setSessionCookies = (
    request: FastifyRequest,
    reply: FastifyReply,
    secret: string,
    csrfToken: string,
    expires: Date,
  ) => {
    const base = { path: '/', sameSite: 'strict' as const, secure: secure(request), expires };
    reply.setCookie(SESSION_COOKIE, secret, { ...base, httpOnly: true });
    // Readable by the web app's script, which echoes it in X-CSRF-Token; useless to other sites.
    reply.setCookie(CSRF_COOKIE, csrfToken, { ...base, httpOnly: false });
  };

  app.post(
    LOGIN_ROUTE,
    {
      schema: {
        tags: TAGS,
        summary: 'Sign in with e-mail and password (and TOTP code); sets the session cookie',
        body: loginRequest,
        response: { 200: loginResponse },
      },
      config: {
        rateLimit: {
          max: settings.loginAttemptsPerMinutePerAddress,
          timeWindow: 60_000,
          errorResponseBuilder: (_request, context) =>
            new AppError(
              'rate_limited',
              `Too many sign-in attempts from this address; wait ${Math.ceil(context.ttl / 1000)} s.`,
            ),
        },
      },
    },
    async (request, reply) => {
      let outcome: Awaited<ReturnType<typeof login>>;
      try {
        outcome = await login(
          db,
          { ...request.body, userAgent: request.headers['user-agent'] },
          settings,
          now(),
        );
      } catch (error) {
        const retry = (error as AppError).details as { retryAfterSeconds?: number } | undefined;
        if (error instanceof AppError && retry?.retryAfterSeconds) {
          reply.header('retry-after', String(retry.retryAfterSeconds));
        }
        throw error;
      }
      setSessionCookies(
        request,
        reply,
        outcome.sessionSecret,
        outcome.csrfToken,
        outcome.expiresAt,
      );
      const me = await loadMe(db, outcome.userId);
      const scopes = me.user.role === 'admin' ? ['read', 'write', 'admin'] : ['read', 'write'];
      return {
        ...me,
        via: 'session' as const,
        scopes,
        csrfToken: outcome.csrfToken,
        expiresAt: outcome.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      schema: {
        tags: TAGS,
        summary: 'Sign out: ends this session and clears its cookies',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      if (request.authSession) {
        await endSession(db, request.authSession.id, auditOf(request, options.now));
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: TAGS,
        summary: 'The signed-in user and their organisation',
        response: { 200: meResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return {
        ...(await loadMe(db, actor.userId)),
        via: actor.via,
        scopes: [...actor.scopes],
        ...(request.authSession ? { csrfToken: request.authSession.csrfToken } : {}),
      };
    },
  );

  app.post(
    '/api/v1/me/totp',
    {
      schema: {
        tags: TAGS,
        summary: 'Start two-step sign-in: a new TOTP secret, active once confirmed',
        response: { 200: totpEnrolResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return beginTotp(db, actor.userId, actor.email);
    },
  );

  app.post(
    '/api/v1/me/totp/confirm',
    {
      schema: {
        tags: TAGS,
        summary: 'Turn two-step sign-in on with a code from the authenticator app',
        body: totpCodeRequest,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await confirmTotp(db, actor.userId, request.body.code, auditOf(request, options.now));
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/me/totp',
    {
      schema: {
        tags: TAGS,
        summary: 'Turn two-step sign-in off (needs a current code)',
        body: totpCodeRequest,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await disableTotp(db, actor.userId, request.body.code, auditOf(request, options.now));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/tokens',
    {
      schema: {
        tags: TAGS,
        summary: "The caller's API tokens (never the tokens themselves)",
        response: { 200: tokenListResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { items: (await listTokensOfUser(db, actor.userId)).map(presentToken) };
    },
  );

  app.post(
    '/api/v1/tokens',
    {
      schema: {
        tags: TAGS,
        summary: 'Create an API token for the caller; the token is shown once',
        body: createTokenRequest,
        response: { 201: createTokenResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      // A token may not create a token with more than it holds itself.
      const wanted = request.body.scopes ?? ['read'];
      const beyond = wanted.filter((scope) => !actor.scopes.includes(scope));
      if (beyond.length > 0) {
        throw new AppError(
          'forbidden',
          `This credential cannot grant scopes it does not hold: ${beyond.join(', ')}.`,
        );
      }
      const { token, record } = await createApiToken(
        db,
        {
          userId: actor.userId,
          name: request.body.name,
          scopes: wanted,
          expiresInDays: request.body.expiresInDays,
        },
        settings,
        auditOf(request, options.now),
      );
      return reply.status(201).send({ ...presentToken(record), token });
    },
  );

  app.delete(
    '/api/v1/tokens/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Revoke an API token (your own; administrators: any)',
        params: tokenIdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const token = await findToken(db, request.params.id);
      const mayRevoke =
        token &&
        (token.user_id === actor.userId ||
          (actor.role === 'admin' && actor.scopes.includes('admin')));
      if (!token || !mayRevoke) {
        throw new AppError('not_found', `No API token ${request.params.id} of yours.`);
      }
      await revokeApiToken(db, token.id, auditOf(request, options.now));
      return reply.status(204).send(null);
    },
  );
};
