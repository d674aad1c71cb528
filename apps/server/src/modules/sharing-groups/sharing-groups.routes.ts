import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../auth/actor.js';
import {
  changeSharingGroupBody,
  createdSharingGroup,
  createSharingGroupBody,
  sharingGroupBody,
  sharingGroupList,
  sharingGroupParams,
} from './sharing-groups.schema.js';
import {
  changeSharingGroup,
  createSharingGroup,
  getSharingGroup,
  listSharingGroups,
  type SharingGroupDeps,
} from './sharing-groups.service.js';

/**
 * `/api/v1/sharing-groups`: named sets of organisations that AMBER records can be released to.
 * Users see only the groups their organisation is in.
 */
export const sharingGroupRoutes: FastifyPluginAsyncZod<SharingGroupDeps> = async (app, deps) => {
  app.post(
    '/api/v1/sharing-groups',
    {
      schema: {
        tags: ['sharing'],
        summary: 'Create a sharing group managed by your organisation',
        body: createSharingGroupBody,
        response: { 201: createdSharingGroup },
      },
    },
    async (request, reply) => {
      const created = await createSharingGroup(deps, requireActor(request), request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/sharing-groups',
    {
      schema: {
        tags: ['sharing'],
        summary: 'The sharing groups your organisation is a member of',
        response: { 200: sharingGroupList },
      },
    },
    async (request) => ({ items: await listSharingGroups(deps, requireActor(request)) }),
  );

  app.get(
    '/api/v1/sharing-groups/:id',
    {
      schema: {
        tags: ['sharing'],
        summary: 'One sharing group (404 unless your organisation is a member)',
        params: sharingGroupParams,
        response: { 200: sharingGroupBody },
      },
    },
    async (request) => getSharingGroup(deps, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/sharing-groups/:id',
    {
      schema: {
        tags: ['sharing'],
        summary: 'Rename a sharing group or replace its members (managing organisation only)',
        params: sharingGroupParams,
        body: changeSharingGroupBody,
        response: { 200: sharingGroupBody },
      },
    },
    async (request) =>
      changeSharingGroup(deps, requireActor(request), request.params.id, request.body),
  );
};
