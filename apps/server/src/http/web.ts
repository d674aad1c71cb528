import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths that belong to the API, never to the web app. */
const API_PREFIXES = ['/api/', '/health'];

/**
 * Serves the built web app from `webDir` on the same port as the API. Unknown non-API GETs that
 * ask for HTML get `index.html`, so the app's own routes (e.g. `/screening`) load on refresh.
 * Returns the fallback for the not-found handler, or `undefined` when there is no built app.
 */
export async function registerWebApp(
  app: FastifyInstance,
  webDir: string | undefined,
): Promise<((request: FastifyRequest, reply: FastifyReply) => boolean) | undefined> {
  if (!webDir || !fs.existsSync(path.join(webDir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .send(
          'Jaga API is running, but the web app is not built. Run `npm run build`, then restart. API reference: /api/docs\n',
        ),
    );
    return undefined;
  }
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    index: 'index.html',
  });
  return (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if (request.method !== 'GET' || !wantsHtml || API_PREFIXES.some((p) => url.startsWith(p))) {
      return false;
    }
    void reply.sendFile('index.html');
    return true;
  };
}
