import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../auth/actor.js';
import { dashboardBody, dashboardQuery } from './dashboard.schema.js';
import { type DashboardDeps, dashboard } from './dashboard.service.js';

/** `GET /api/v1/dashboard`: the hub's figures, each from the records the viewer may read. */
export const dashboardRoutes: FastifyPluginAsyncZod<DashboardDeps> = async (app, deps) => {
  app.get(
    '/api/v1/dashboard',
    {
      schema: {
        tags: ['dashboard'],
        summary:
          'Notices by SLA status, open evidence requests by deadline, flagged posts over time, compounds by status',
        description:
          'Every figure counts only records you may read. Flagged posts are those screened label, review or remove, by language and by the country of the place they name, per day, week or month.',
        querystring: dashboardQuery,
        response: { 200: dashboardBody },
      },
    },
    async (request) => dashboard(deps, requireActor(request), request.query),
  );
};
