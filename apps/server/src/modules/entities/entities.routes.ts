import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../auth/actor.js';
import {
  compoundsQuery,
  createEntityBody,
  createRelationshipBody,
  entityBody,
  entityPage,
  entityParams,
  featureCollection,
  graphBody,
  graphQuery,
  listEntitiesQuery,
  relationshipBody,
  updateEntityBody,
} from './entities.schema.js';
import {
  compoundsGeoJson,
  createEntity,
  createRelationship,
  type EntityDeps,
  entityGraph,
  getEntity,
  listEntities,
  updateEntity,
} from './entities.service.js';

/**
 * `/api/v1/entities` and `/api/v1/compounds`: scam compounds, criminal organisations and personas,
 * their typed relationships, the link-chart neighbourhood and the compound map. Every read goes
 * through the sharing policy; every write is custody-logged.
 */
export const entityRoutes: FastifyPluginAsyncZod<EntityDeps> = async (app, deps) => {
  app.post(
    '/api/v1/entities',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Create a scam compound, criminal organisation or persona',
        body: createEntityBody,
        response: { 201: entityBody },
      },
    },
    async (request, reply) => {
      const created = await createEntity(deps, requireActor(request), request.body);
      return reply.status(201).header('location', `/api/v1/entities/${created.id}`).send(created);
    },
  );

  app.get(
    '/api/v1/entities',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'The entities you may read, by name',
        querystring: listEntitiesQuery,
        response: { 200: entityPage },
      },
    },
    async (request) => listEntities(deps, requireActor(request), request.query),
  );

  app.get(
    '/api/v1/entities/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'An entity with its status history (404 when missing or not readable)',
        params: entityParams,
        response: { 200: entityBody },
      },
    },
    async (request) => getEntity(deps, requireActor(request), request.params.id),
  );

  app.patch(
    '/api/v1/entities/:id',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Change an entity; a new compound status is added to its dated history',
        params: entityParams,
        body: updateEntityBody,
        response: { 200: entityBody },
      },
    },
    async (request) => updateEntity(deps, requireActor(request), request.params.id, request.body),
  );

  app.post(
    '/api/v1/entities/:id/relationships',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Link the entity to another entity or to a selector',
        description:
          'Typed, with confidence (0–1), provenance, validity dates and its own TLP and groups. A selector is normalised like in GET /api/v1/selectors.',
        params: entityParams,
        body: createRelationshipBody,
        response: { 201: relationshipBody },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createRelationship(deps, requireActor(request), request.params.id, request.body),
        ),
  );

  app.get(
    '/api/v1/entities/:id/graph',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'The neighbourhood of an entity for a link chart (depth 1 to 3)',
        description:
          'Nodes are entities and selectors, edges the relationships you may read; unreadable records and what only they lead to are left out.',
        params: entityParams,
        querystring: graphQuery,
        response: { 200: graphBody },
      },
    },
    async (request) =>
      entityGraph(deps, requireActor(request), request.params.id, request.query.depth),
  );

  app.get(
    '/api/v1/compounds',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'The compounds you may read, as GeoJSON for the map',
        description:
          'A FeatureCollection: each compound with its status, dated history, where it relocated to and power/telecom supply notes.',
        querystring: compoundsQuery,
        response: { 200: featureCollection },
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', 'application/geo+json; charset=utf-8')
        .send(await compoundsGeoJson(deps, requireActor(request), request.query)),
  );
};
