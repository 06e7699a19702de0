import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

const body = (code: string, message: string, details: Record<string, unknown> = {}): ErrorBody => ({
  error: { code, message, details }
});

// Fastify's own client errors, renamed to codes the UI can translate.
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_body',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_body'
};

/** One error path: domain errors and client mistakes become 4xx JSON; anything else a bare 500. */
async function errorsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.statusCode).send(body(error.code, error.message, error.details));
    }
    if (error.validation) {
      const where = error.validationContext ?? 'body';
      return reply.status(400).send(
        body('validation', `Invalid ${where}: ${error.message}`, {
          context: where,
          issues: error.validation.map((v) => ({
            path: v.instancePath || '/',
            message: v.message ?? 'invalid',
            params: v.params
          }))
        })
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send(body(FASTIFY_CODES[error.code] ?? 'bad_request', error.message));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send(body('internal', 'Something went wrong on our side. The error was logged.'));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
  });
}

export default fp(errorsPlugin, { name: 'errors' });
