import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../auth/actor.js';
import {
  bulkBody,
  campaignBody,
  confirmBody,
  DISMISS_REASONS,
  decisionResult,
  dismissBody,
  escalateBody,
  escalationTargets as escalationTargetsSchema,
  labelsQuery,
  MAX_BULK_POSTS,
  postParams,
  queueQuery,
} from './moderation.schema.js';
import { postPage } from '../posts/posts.schema.js';
import {
  campaignOf,
  type Decision,
  decide,
  escalationTargets,
  exportLabels,
  type ModerationDeps,
  moderationQueue,
} from './moderation.service.js';

const tags = ['moderation'];
const OWNER =
  'Only users of the organisation that submitted the post decide on it (403 otherwise); 404 when the post does not exist or you may not read it.';

/**
 * `/api/v1/moderation`: decisions on posts that screening flagged (confirm, dismiss as a false
 * positive, escalate to an investigating organisation), one at a time or over a campaign, and the
 * labelled-data export the screening evaluation counts.
 */
export const moderationRoutes: FastifyPluginAsyncZod<ModerationDeps> = async (app, deps) => {
  app.get(
    '/api/v1/moderation/queue',
    {
      schema: {
        tags,
        summary: 'Posts screening sent to review or removal, riskiest first',
        description:
          'By default the posts your organisation submitted that are still to review (`status=new`, `scope=mine`): the ones you decide on. `scope=all` lists every flagged post you may read; `total` counts every match.',
        querystring: queueQuery,
        response: { 200: postPage },
      },
    },
    async (request) => moderationQueue(deps, requireActor(request), request.query),
  );

  app.post(
    '/api/v1/moderation/posts/:id/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm a flagged post: status actioned, labelled confirmed',
        description: `Then draft a notice with POST /api/v1/notices and \`postId\`. ${OWNER}`,
        params: postParams,
        body: confirmBody,
        response: { 200: decisionResult },
      },
    },
    async (request) =>
      decide(deps, requireActor(request), [request.params.id], { action: 'confirm' }),
  );

  app.post(
    '/api/v1/moderation/posts/:id/dismiss',
    {
      schema: {
        tags,
        summary: 'Dismiss a flagged post as a false positive, kept as labelled data',
        description: `\`reason\`: one of ${DISMISS_REASONS.join(', ')}. The post's status becomes dismissed and it appears in GET /api/v1/moderation/labels as \`false-positive\`. ${OWNER}`,
        params: postParams,
        body: dismissBody,
        response: { 200: decisionResult },
      },
    },
    async (request) =>
      decide(deps, requireActor(request), [request.params.id], {
        action: 'dismiss',
        reason: request.body.reason,
      }),
  );

  app.post(
    '/api/v1/moderation/posts/:id/escalate',
    {
      schema: {
        tags,
        summary: 'Escalate a flagged post to an investigating organisation',
        description: `Its investigators and analysts become named recipients of the post and the organisation is notified with your note. ${OWNER}`,
        params: postParams,
        body: escalateBody,
        response: { 200: decisionResult },
      },
    },
    async (request) =>
      decide(deps, requireActor(request), [request.params.id], {
        action: 'escalate',
        organisationId: request.body.organisationId,
        note: request.body.note,
      }),
  );

  app.post(
    '/api/v1/moderation/bulk',
    {
      schema: {
        tags,
        summary: 'One decision over several posts, such as a whole campaign',
        description: `Up to ${MAX_BULK_POSTS} post ids, all or nothing: one post you may not read (404) or do not own (403) changes none.`,
        body: bulkBody,
        response: { 200: decisionResult },
      },
    },
    async (request) => {
      const body = request.body;
      const decision: Decision =
        body.action === 'dismiss'
          ? { action: 'dismiss', reason: body.reason ?? 'other' }
          : body.action === 'escalate'
            ? {
                action: 'escalate',
                organisationId: body.organisationId ?? '',
                note: body.note ?? '',
              }
            : { action: 'confirm' };
      return decide(deps, requireActor(request), body.postIds, decision);
    },
  );

  app.get(
    '/api/v1/moderation/posts/:id/campaign',
    {
      schema: {
        tags,
        summary: 'A post and the posts of its campaign, for a bulk decision',
        description:
          'The post and the near-duplicate posts you may read (fingerprint similarity ≥ 0.85), most similar first, each with its owner, status and `decidable` (your organisation submitted it). 404 when the post does not exist or you may not read it.',
        params: postParams,
        response: { 200: campaignBody },
      },
    },
    async (request) => campaignOf(deps, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/moderation/escalation-targets',
    {
      schema: {
        tags,
        summary: 'Organisations a flagged post can be escalated to (law enforcement, prosecution)',
        response: { 200: escalationTargetsSchema },
      },
    },
    async (request) => escalationTargets(deps, requireActor(request)),
  );

  app.get(
    '/api/v1/moderation/labels',
    {
      schema: {
        tags,
        summary: 'Labelled posts as JSON Lines, for the screening evaluation',
        description:
          'One JSON object per line for each post you may read whose latest decision is a confirmation (`confirmed`) or a dismissal (`false-positive`, with its reason): text, source, language, the engine’s risk, decision and indicator codes, and the custody-log leaf that recorded the label. Filter with `label` and `since`. The export is custody-logged.',
        querystring: labelsQuery,
      },
    },
    async (request, reply) => {
      const { body, count } = await exportLabels(deps, requireActor(request), request.query);
      return reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', 'attachment; filename="jaga-moderation-labels.jsonl"')
        .header('x-jaga-count', String(count))
        .send(body);
    },
  );
};
