import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { healthResponse } from './health.schema.js';
import { checkHealth, type HealthDeps } from './health.service.js';

/** `GET /health`: 200 when the node and its database work, 503 otherwise. */
export const healthRoutes: FastifyPluginAsyncZod<HealthDeps> = async (app, deps) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['system'],
        summary: 'Health of this node, including a database round trip',
        security: [],
        response: { 200: healthResponse, 503: healthResponse },
      },
    },
    async (_request, reply) => {
      const health = await checkHealth(deps);
      return reply.status(health.status === 'ok' ? 200 : 503).send(health);
    },
  );
};
