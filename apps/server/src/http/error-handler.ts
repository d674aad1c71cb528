import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, STATUS_BY_CODE } from '../errors.js';

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * One place turns errors into answers: `AppError`s and validation errors are shown to the caller
 * with where the problem is; anything else is logged and answered as a bare 500, never leaking
 * internals.
 */
export function registerErrorHandler(
  app: FastifyInstance,
  notFoundFallback?: (request: FastifyRequest, reply: FastifyReply) => boolean,
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const body: ErrorBody = { error: { code: error.code, message: error.message } };
      if (error.details !== undefined) body.error.details = error.details;
      return reply.status(STATUS_BY_CODE[error.code]).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((issue) => ({
        where: `${error.validationContext ?? 'request'}${issue.instancePath || ''}`,
        message: issue.message ?? 'invalid value',
      }));
      const summary = issues.map((issue) => `${issue.where}: ${issue.message}`).join('; ');
      return reply.status(400).send({
        error: { code: 'bad_request', message: `Invalid request: ${summary}`, details: issues },
      } satisfies ErrorBody);
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      return reply.status(status).send({
        error: { code: error.code ?? 'bad_request', message: error.message },
      } satisfies ErrorBody);
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({
      error: { code: 'internal', message: 'Internal error; it has been logged.' },
    } satisfies ErrorBody);
  });

  app.setNotFoundHandler((request, reply) => {
    if (notFoundFallback?.(request, reply)) return reply;
    const path = request.url.split('?')[0];
    return reply.status(404).send({
      error: { code: 'not_found', message: `No route for ${request.method} ${path}` },
    } satisfies ErrorBody);
  });
}
