import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireActor } from '../auth/actor.js';
import { searchBody, searchQuery } from './search.schema.js';
import { search } from './search.service.js';

/** What the search route needs. */
export interface SearchDeps {
  db: Kysely<Database>;
}

/** `GET /api/v1/search?q=`: one box over posts, entities and selectors, policy-filtered. */
export const searchRoutes: FastifyPluginAsyncZod<SearchDeps> = async (app, deps) => {
  app.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Search posts, compound and organisation names, handles and other selectors',
        description:
          'Full-text (any language, words as written) and trigram (misspellings, partial handles) search; a phone or handle is also matched in its normalised form. Only records you may read, and selectors they link to, are found.',
        querystring: searchQuery,
        response: { 200: searchBody },
      },
    },
    async (request) => search(deps.db, requireActor(request), request.query),
  );
};
