import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AppError, STATUS_BY_CODE } from '../../errors.js';
import { MAX_BATCH, screenRequest, screenResponse } from './screening.schema.js';
import { createScreeningService, type ScreeningService } from './screening.service.js';

/** What the screening routes need; the default compiles the built-in catalogue. */
export interface ScreeningDeps {
  screening?: ScreeningService;
}

/**
 * `POST /api/v1/screen`: screens one post (`{ text, … }`) or a batch (`{ posts: [...] }`, up to
 * 1,000) and answers with the same shape as `jaga screen`. Stateless: nothing is stored or logged
 * beyond the request line.
 */
export const screeningRoutes: FastifyPluginAsyncZod<ScreeningDeps> = async (app, deps) => {
  const screening = deps.screening ?? createScreeningService();
  app.post(
    '/api/v1/screen',
    {
      schema: {
        tags: ['screening'],
        summary: 'Screen job ads or recruitment posts for signs of recruitment into scam centres',
        description:
          `Send one post, or \`{ "posts": [...] }\` with up to ${MAX_BATCH}. Each result gives a calibrated risk, ` +
          'a decision (allow, label, review, remove), the indicators found with evidence spans, the ' +
          'extracted selectors, a warning label in the post language and a campaign fingerprint. In a ' +
          'batch, a post that cannot be screened gets `{ id, error }`; a single such post is a 400.',
        body: screenRequest,
        response: { 200: screenResponse },
      },
    },
    async (request) => {
      const body = request.body;
      try {
        if (body.posts !== undefined) {
          return { results: screening.screenMany(body.posts, body.options) };
        }
        const { options, posts: _none, text, ...fields } = body;
        return screening.screenOne({ ...fields, text: text ?? '' }, options);
      } catch (error) {
        // The status also rides on the error itself, so the answer is a 400 whichever error
        // handler the route ends up with.
        if (error instanceof AppError)
          Object.assign(error, { statusCode: STATUS_BY_CODE[error.code] });
        throw error;
      }
    },
  );
};
