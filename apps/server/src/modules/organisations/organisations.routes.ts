import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { requireActor, requireAdmin } from '../auth/actor.js';
import { auditOf } from '../auth/audit.js';
import { presentOrganisation } from './organisations.presenter.js';
import { findOrganisation, listOrganisations } from './organisations.repository.js';
import {
  createOrganisationRequest,
  organisationBody,
  organisationIdParams,
  organisationListResponse,
  updateOrganisationRequest,
} from './organisations.schema.js';
import { changeOrganisation, createOrganisation } from './organisations.service.js';

const TAGS = ['identity'];

/**
 * Organisations of this node. Every signed-in user may list them (to pick who to share with);
 * only administrators create or change them.
 */
export const organisationsRoutes: FastifyPluginAsyncZod<{
  db: Kysely<Database>;
  now: () => number;
}> = async (app, { db, now }) => {
  app.get(
    '/api/v1/organisations',
    {
      schema: {
        tags: TAGS,
        summary: 'Organisations of this node',
        response: { 200: organisationListResponse },
      },
    },
    async (request) => {
      requireActor(request);
      return { items: (await listOrganisations(db)).map(presentOrganisation) };
    },
  );

  app.get(
    '/api/v1/organisations/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'One organisation',
        params: organisationIdParams,
        response: { 200: organisationBody },
      },
    },
    async (request) => {
      requireActor(request);
      const org = await findOrganisation(db, request.params.id);
      if (!org) throw new AppError('not_found', `No organisation ${request.params.id}.`);
      return presentOrganisation(org);
    },
  );

  app.post(
    '/api/v1/organisations',
    {
      schema: {
        tags: TAGS,
        summary: 'Create an organisation (administrators)',
        body: createOrganisationRequest,
        response: { 201: organisationBody },
      },
    },
    async (request, reply) => {
      requireAdmin(request);
      return reply
        .status(201)
        .send(
          presentOrganisation(await createOrganisation(db, request.body, auditOf(request, now))),
        );
    },
  );

  app.patch(
    '/api/v1/organisations/:id',
    {
      schema: {
        tags: TAGS,
        summary: 'Rename or re-describe an organisation (administrators)',
        params: organisationIdParams,
        body: updateOrganisationRequest,
        response: { 200: organisationBody },
      },
    },
    async (request) => {
      requireAdmin(request);
      return presentOrganisation(
        await changeOrganisation(db, request.params.id, request.body, auditOf(request, now)),
      );
    },
  );
};
