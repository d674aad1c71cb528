import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { requireActor } from '../auth/actor.js';
import { selectorParams, selectorQuery, selectorView } from './selectors.schema.js';
import { lookupSelector, selectorById } from './selectors.service.js';

/** What the selector routes need. */
export interface SelectorDeps {
  db: Kysely<Database>;
}

const CORRELATION =
  'Lists the posts you may read that mention the selector, the entities and other selectors it links to. Records you may not read are never shown: for them you get only hints, "known to N other organisations at TLP X", counted from keyed hashes without their content or ids; send a hint to POST /api/v1/access-requests to ask the owners.';

/** `/api/v1/selectors`: access-aware correlation of phones, handles, wallets, URLs and e-mails. */
export const selectorRoutes: FastifyPluginAsyncZod<SelectorDeps> = async (app, deps) => {
  app.get(
    '/api/v1/selectors',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Look a selector up, written any way (normalised server-side)',
        description: `\`?type=phone&value=096812 0000&country=KH\`, \`?type=handle&value=@hr_kh&platform=telegram\`, \`?type=wallet&value=T…\`. ${CORRELATION} 404 when no record on the hub mentions it.`,
        querystring: selectorQuery,
        response: { 200: selectorView },
      },
    },
    async (request) => lookupSelector(deps.db, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/selectors/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'A selector by id, with what it links to',
        description: CORRELATION,
        params: selectorParams,
        response: { 200: selectorView },
      },
    },
    async (request) => selectorById(deps.db, requireActor(request), request.params.id),
  );
};
