import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import { registerErrorHandler } from './http/error-handler.js';
import { registerWebApp } from './http/web.js';
import { accessRequestRoutes } from './modules/access-requests/access-requests.routes.js';
import { diskArtefactStore } from './modules/artefacts/artefact-store.js';
import { artefactRoutes } from './modules/artefacts/artefacts.routes.js';
import { DEFAULT_MAX_UPLOAD_BYTES } from './modules/artefacts/artefacts.service.js';
import { SESSION_COOKIE } from './modules/auth/auth.plugin.js';
import type { AuthSettings } from './modules/auth/auth.settings.js';
import { identity } from './modules/auth/identity.plugin.js';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.js';
import { entityRoutes } from './modules/entities/entities.routes.js';
import { estimateRoutes } from './modules/estimates/estimates.routes.js';
import { evidenceRequestRoutes } from './modules/evidence-requests/evidence-requests.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { logRoutes } from './modules/log/log.routes.js';
import { moderationRoutes } from './modules/moderation/moderation.routes.js';
import { noticeRoutes } from './modules/notices/notices.routes.js';
import { DEFAULT_WEBHOOK_TIMEOUT_MS } from './modules/notices/notices.service.js';
import { postRoutes } from './modules/posts/posts.routes.js';
import { screeningRoutes } from './modules/screening/screening.routes.js';
import { searchRoutes } from './modules/search/search.routes.js';
import { selectorRoutes } from './modules/selectors/selectors.routes.js';
import { sharingGroupRoutes } from './modules/sharing-groups/sharing-groups.routes.js';
import { traceRoutes } from './modules/traces/traces.routes.js';

/** What the app is built from; `main.ts` assembles it, tests pass their own. */
export interface AppDeps {
  db: Kysely<Database>;
  databaseKind: 'pglite' | 'postgres';
  version: string;
  /**
   * The data folder: artefact files and the log's signing key live under it. `undefined` only in
   * tests that store no files.
   */
  dataDir?: string | undefined;
  /** Folder of the built web app; without it `/` explains how to build it. */
  webDir?: string | undefined;
  /** Fastify logger settings; off by default (tests). */
  logger?: FastifyServerOptions['logger'];
  /** Trust a reverse proxy's X-Forwarded-* headers (client address, HTTPS). */
  trustProxy?: boolean;
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
  /** Largest evidence upload in bytes; 100 MB by default. */
  maxUploadBytes?: number | undefined;
  /** Published estimate cells below this count are suppressed; 5 by default. */
  minCellSize?: number | undefined;
  /** How long a platform's notice webhook may take to answer, in ms; 5 s by default. */
  webhookTimeoutMs?: number | undefined;
  /** Sign-in, session, lockout and token settings over the defaults (tests shorten them). */
  auth?: Partial<AuthSettings> | undefined;
}

/**
 * Builds the Jaga HTTP app without listening. Tests call it in-process with `app.inject`.
 *
 * @example
 * const app = await createApp({ db, databaseKind: 'pglite', version: '0.1.0' });
 * const response = await app.inject({ method: 'GET', url: '/health' });
 */
export async function createApp(deps: AppDeps): Promise<FastifyInstance> {
  const now = deps.now ?? Date.now;
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: deps.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Before any route: Fastify gives each route the error handler in force when the route is added.
  // Assigned once the web app is registered, after every API route; read only on a 404.
  // eslint-disable-next-line prefer-const
  let spaFallback: Awaited<ReturnType<typeof registerWebApp>>;
  registerErrorHandler(app, (request, reply) => spaFallback?.(request, reply) ?? false);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Jaga API',
        version: deps.version,
        description:
          'Coordinated response to human trafficking into online scam centres: screening, intelligence sharing, notices, evidence, money tracing and estimates.',
      },
      components: {
        securitySchemes: {
          bearerToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token from `jaga admin create-token` or the account page.',
          },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description:
              'The web app session; writes also need the X-CSRF-Token header from GET /api/v1/me.',
          },
        },
      },
      security: [{ bearerToken: [] }, { sessionCookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // Before the feature routes: it resolves the actor every route gets with `requireActor`.
  await app.register(identity, { db: deps.db, now, settings: deps.auth });
  await app.register(healthRoutes, {
    db: deps.db,
    databaseKind: deps.databaseKind,
    version: deps.version,
    startedAt: now(),
    now,
  });

  await app.register(screeningRoutes, {});
  await app.register(logRoutes, { db: deps.db, dataDir: deps.dataDir, now });
  await app.register(sharingGroupRoutes, { db: deps.db, now });
  await app.register(artefactRoutes, {
    db: deps.db,
    now,
    store: deps.dataDir ? diskArtefactStore(deps.dataDir) : undefined,
    maxUploadBytes: deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
  });
  await app.register(traceRoutes, {
    db: deps.db,
    now,
    store: deps.dataDir ? diskArtefactStore(deps.dataDir) : undefined,
    maxUploadBytes: deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
  });
  await app.register(estimateRoutes, {
    db: deps.db,
    now,
    minCellSize: deps.minCellSize,
    store: deps.dataDir ? diskArtefactStore(deps.dataDir) : undefined,
  });
  await app.register(noticeRoutes, {
    db: deps.db,
    now,
    webhookTimeoutMs: deps.webhookTimeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
  });
  await app.register(postRoutes, { db: deps.db, now });
  await app.register(moderationRoutes, { db: deps.db, now });
  await app.register(selectorRoutes, { db: deps.db });
  await app.register(accessRequestRoutes, { db: deps.db, now });
  await app.register(evidenceRequestRoutes, {
    db: deps.db,
    now,
    store: deps.dataDir ? diskArtefactStore(deps.dataDir) : undefined,
    maxUploadBytes: deps.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
  });
  await app.register(entityRoutes, { db: deps.db, now });
  await app.register(dashboardRoutes, { db: deps.db, now });
  await app.register(searchRoutes, { db: deps.db });
  spaFallback = await registerWebApp(app, deps.webDir);
  return app;
}
