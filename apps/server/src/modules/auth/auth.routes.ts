import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { presentOrganisation } from '../organisations/organisations.presenter.js';
import { presentUser } from '../users/users.presenter.js';
import { requireActor } from './actor.js';
import { meResponse } from './auth.schema.js';
import type { AuthSettings } from './auth.settings.js';

export interface AuthRoutesOptions {
  db: Kysely<Database>;
  settings: AuthSettings;
  now: () => number;
}

/** Sign-in, sign-out, the current user, TOTP enrolment and the caller's own API tokens. */
export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, options) => {
  const { db } = options;

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['identity'],
        summary: 'The signed-in user and their organisation',
        response: { 200: meResponse },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const user = await db
        .selectFrom('users')
        .selectAll()
        .where('id', '=', actor.userId)
        .executeTakeFirst();
      const organisation = await db
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', actor.organisationId)
        .executeTakeFirst();
      if (!user || !organisation)
        throw new AppError('unauthenticated', 'This account no longer exists.');
      return {
        user: presentUser(user),
        organisation: presentOrganisation(organisation),
        via: actor.via,
        scopes: [...actor.scopes],
        ...(request.authSession ? { csrfToken: request.authSession.csrfToken } : {}),
      };
    },
  );
};
