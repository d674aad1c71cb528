import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { requireActor } from '../auth/actor.js';
import { campaignClusters } from './posts.clusters.js';
import {
  clustersBody,
  clustersQuery,
  ingestRequest,
  ingestResponse,
  listPostsQuery,
  MAX_INGEST_BATCH,
  MAX_POST_TEXT,
  POST_SOURCES,
  postDetail,
  postPage,
  postParams,
  updatePostBody,
} from './posts.schema.js';
import { getPost, ingestPosts, listPosts, updatePost } from './posts.service.js';

/** What the post routes need. */
export interface PostDeps {
  db: Kysely<Database>;
  now: () => number;
}

/**
 * `/api/v1/posts`: ingestion of posts and ads (screened, stored with their selectors and
 * sightings) and policy-filtered reads.
 */
export const postRoutes: FastifyPluginAsyncZod<PostDeps> = async (app, deps) => {
  app.post(
    '/api/v1/posts',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Submit posts or ads: screened, stored with their selectors and sightings',
        description: `One post or \`{ "posts": [...] }\` with up to ${MAX_INGEST_BATCH}. Each post: \`source\` (one of ${POST_SOURCES.join(', ')}), \`text\` (at most ${MAX_POST_TEXT.toLocaleString('en')} characters), optional \`externalId\`, \`url\`, \`postedAt\`, \`language\`, \`location\` (a place name or \`{name, country, geometry}\`; its country reads local phone numbers), \`tlp\` (AMBER by default), \`groups\` and \`selectors\` given beside the text. A post is stored once per organisation and (source, externalId), or text when it has no externalId: a repeat answers \`created: false\`. In a batch, a bad post gets \`{index, error: {status: 400, …}}\` and the others are stored; a single bad post is a 400.`,
        body: ingestRequest,
        response: { 200: ingestResponse, 201: ingestResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const body = request.body as { posts?: unknown[] } & Record<string, unknown>;
      const batch = body.posts !== undefined;
      const items = batch ? (body.posts as unknown[]) : [body];
      const results = await ingestPosts(deps.db, actor, items, { now: deps.now });
      if (!batch) {
        const [only] = results;
        if (only && 'error' in only) {
          throw new AppError('bad_request', only.error.message.replace(/^posts\[0\]: /, ''));
        }
        return reply
          .status(only && 'created' in only && only.created ? 201 : 200)
          .send({ items: results });
      }
      return { items: results };
    },
  );

  app.get(
    '/api/v1/posts',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'The posts you may read, riskiest first',
        description:
          'Filter by `decision` (e.g. `review,remove`), `status`, `language`, `source`; `total` counts every match you may read.',
        querystring: listPostsQuery,
        response: { 200: postPage },
      },
    },
    async (request) => listPosts(deps.db, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/posts/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'A post with its screening, selectors, earlier sightings and campaign',
        description:
          'The stored screening result (indicators with evidence spans), its selectors with the other posts you may read that mention them, and the near-duplicate posts of its campaign. 404 when the post does not exist or you may not read it.',
        params: postParams,
        response: { 200: postDetail },
      },
    },
    async (request) => getPost(deps.db, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/posts/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Change a post’s review status, TLP level or sharing groups',
        description:
          'Only its submitter or its owning organisation may (RED: its submitter). Custody-logged.',
        params: postParams,
        body: updatePostBody,
        response: { 200: postDetail },
      },
    },
    async (request) =>
      updatePost(deps.db, requireActor(request), request.params.id, request.body, {
        now: deps.now,
      }),
  );

  app.get(
    '/api/v1/clusters',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Campaign clusters: posts you may read with near-identical fingerprints',
        description:
          'Groups the most recent 5,000 posts you may read whose SimHash fingerprints are within 9 bits (similarity ≥ 0.85), largest first, with the selectors shared by two or more of their posts.',
        querystring: clustersQuery,
        response: { 200: clustersBody },
      },
    },
    async (request) => campaignClusters(deps.db, requireActor(request), request.query),
  );
};
