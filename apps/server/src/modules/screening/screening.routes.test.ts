import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../http/error-handler.js';
import { screeningRoutes } from './screening.routes.js';

const SCAM =
  'URGENT HIRING in Sihanoukville! Customer service, no experience needed, $1,500/month, free flight and visa. Fly within a week. Telegram @hr_kh_jobs';
const LEGIT =
  'Front desk agent at a hotel in Bangkok. Two years of experience, good English. Health insurance, annual leave, social security. Apply through our website.';

describe('POST /api/v1/screen', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    // The route needs no database: it is stateless, so the test app holds only what it uses.
    app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(fastifySwagger, {
      openapi: { info: { title: 't', version: '0' } },
      transform: jsonSchemaTransform,
    });
    registerErrorHandler(app);
    await app.register(screeningRoutes, {});
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });

  it('screens one post with the same shape as jaga screen', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/screen',
      payload: { id: 'p1', text: SCAM },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(Object.keys(body)).toEqual([
      'id',
      'risk',
      'decision',
      'language',
      'indicators',
      'selectors',
      'warning',
      'fingerprint',
    ]);
    expect(body.id).toBe('p1');
    expect(body.decision).not.toBe('allow');
    expect(body.indicators[0].evidence[0]).toHaveProperty('start');
    expect(body.warning.language).toBe('en');
  });

  it('screens a batch in order and reports unscreenable posts in place', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/screen',
      payload: {
        posts: [
          { id: 1, text: SCAM },
          { id: 2, text: '  ' },
          { id: 3, text: LEGIT },
        ],
        options: { helpLine: 'Call 1343.' },
      },
    });
    expect(response.statusCode).toBe(200);
    const { results } = response.json();
    expect(results.map((r: { id: number }) => r.id)).toEqual([1, 2, 3]);
    expect(results[1].error).toMatch(/text is empty/);
    expect(results[0].warning.text.endsWith('Call 1343.')).toBe(true);
    expect(results[2].decision).toBe('allow');
  });

  it('answers 400 with a specific message for bad requests', async () => {
    const empty = await app.inject({
      method: 'POST',
      url: '/api/v1/screen',
      payload: { text: '' },
    });
    expect(empty.statusCode, empty.body).toBe(400);
    expect(empty.json().error.message).toMatch(/text is empty/);
    const tooMany = await app.inject({
      method: 'POST',
      url: '/api/v1/screen',
      payload: { posts: Array.from({ length: 1001 }, (_, i) => ({ id: i, text: 'x' })) },
    });
    expect(tooMany.statusCode, tooMany.body).toBe(400);
    expect(tooMany.json().error.message).toMatch(/posts/);
    const neither = await app.inject({ method: 'POST', url: '/api/v1/screen', payload: { id: 1 } });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().error.message).toMatch(/give "text" \(one post\) or "posts"/);
    const thresholds = await app.inject({
      method: 'POST',
      url: '/api/v1/screen',
      payload: { text: SCAM, options: { thresholds: { label: 0.9, review: 0.5 } } },
    });
    expect(thresholds.statusCode, thresholds.body).toBe(400);
    expect(thresholds.json().error.message).toMatch(/label ≤ review ≤ remove/);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = app.swagger() as { paths: Record<string, { post?: { tags?: string[] } }> };
    expect(doc.paths['/api/v1/screen']?.post?.tags).toEqual(['screening']);
  });
});
