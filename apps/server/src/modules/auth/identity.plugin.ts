import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { organisationsRoutes } from '../organisations/organisations.routes.js';
import { usersRoutes } from '../users/users.routes.js';
import { authPlugin } from './auth.plugin.js';
import { authRoutes } from './auth.routes.js';
import { type AuthSettings, authSettings } from './auth.settings.js';

export interface IdentityOptions {
  db: Kysely<Database>;
  now: () => number;
  settings?: Partial<AuthSettings> | undefined;
}

/**
 * Everything about who is calling: resolves the actor of every request and serves sign-in, the
 * current user, API tokens, organisations and users. Register it before the feature routes.
 *
 * @example
 * await app.register(identity, { db, now: Date.now });
 */
export const identity = fp<IdentityOptions>(
  async (app, options) => {
    const settings = authSettings(options.settings);
    await app.register(authPlugin, { db: options.db, settings, now: options.now });
    await app.register(authRoutes, { db: options.db, settings, now: options.now });
    await app.register(organisationsRoutes, { db: options.db, now: options.now });
    await app.register(usersRoutes, { db: options.db, now: options.now });
  },
  { name: 'jaga-identity' },
);
