import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../auth/actor.js';
import {
  accessRequestBody,
  accessRequestList,
  accessRequestParams,
  createAccessRequestBody,
  decisionBody,
  listAccessRequestsQuery,
  notificationList,
  notificationParams,
} from './access-requests.schema.js';
import {
  type AccessRequestDeps,
  createAccessRequests,
  denyAccessRequest,
  getAccessRequest,
  grantAccessRequest,
  listAccessRequests,
  listNotifications,
  markNotificationRead,
} from './access-requests.service.js';

/**
 * `/api/v1/access-requests` and `/api/v1/notifications`: the request-access workflow behind
 * blind-match hints. The owner is notified and decides; a grant makes the requester a named
 * recipient of the records, through the one sharing policy.
 */
export const accessRequestRoutes: FastifyPluginAsyncZod<AccessRequestDeps> = async (app, deps) => {
  app.post(
    '/api/v1/access-requests',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Ask the holders of records about a selector to share them',
        description:
          'Send the `hintId` of a hint from GET /api/v1/selectors (or a `selectorId`) and a reason. Each organisation holding records about it that you cannot read gets a request and a notification; you learn who they are only when they grant.',
        body: createAccessRequestBody,
        response: { 201: accessRequestList },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createAccessRequests(deps, requireActor(request), request.body)),
  );

  app.get(
    '/api/v1/access-requests',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Access requests your organisation made (role=requester) or received (role=owner)',
        querystring: listAccessRequestsQuery,
        response: { 200: accessRequestList },
      },
    },
    async (request) => listAccessRequests(deps, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/access-requests/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'One access request your organisation made or received',
        params: accessRequestParams,
        response: { 200: accessRequestBody },
      },
    },
    async (request) => getAccessRequest(deps, requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/access-requests/:id/grant',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Grant a request: share your records about the selector with the requester',
        description:
          'The requester becomes a named recipient of each of your records about the selector that they could not read (RED ones only if you created them). Each change is custody-logged; the requester is notified.',
        params: accessRequestParams,
        body: decisionBody,
        response: { 200: accessRequestBody },
      },
    },
    async (request) =>
      grantAccessRequest(deps, requireActor(request), request.params.id, request.body?.note),
  );

  app.post(
    '/api/v1/access-requests/:id/deny',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Deny a request (the requester is notified)',
        params: accessRequestParams,
        body: decisionBody,
        response: { 200: accessRequestBody },
      },
    },
    async (request) =>
      denyAccessRequest(deps, requireActor(request), request.params.id, request.body?.note),
  );

  app.get(
    '/api/v1/notifications',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Your notifications and your organisation’s, newest first',
        response: { 200: notificationList },
      },
    },
    async (request) => listNotifications(deps.db, requireActor(request)),
  );

  app.post(
    '/api/v1/notifications/:id/read',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Mark a notification read',
        params: notificationParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await markNotificationRead(deps, requireActor(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
