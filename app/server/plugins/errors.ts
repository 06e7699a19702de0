import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../../../db/connect.js';
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

/**
 * SQLSTATEs of a value the database cannot take as its column's type: a number past the range of an integer id, a
 * date that does not exist, a NUL character. The route schemas should refuse such values first; where one does
 * not, the request is still the caller's mistake, not a server failure.
 */
const BAD_VALUE_STATES = new Set(['22001', '22003', '22007', '22008', '22021', '22P02', '22P05']);

function isBadValue(error: unknown): boolean {
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  return typeof severity === 'string' && typeof code === 'string' && BAD_VALUE_STATES.has(code);
}

/**
 * One error path: domain errors and client mistakes become 4xx JSON, an unreachable database a 503 to retry;
 * anything else a bare 500.
 */
async function errorsPlugin(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.statusCode).send(body(error.code, error.message, error.details));
    }
    if (isDatabaseUnavailable(error)) {
      // A passing state, not a bug: the client may send the request again (the ballot's saves are idempotent).
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send(body('database_unavailable', 'The database is unavailable for a moment; try again.'));
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
    if (isBadValue(error)) {
      // Logged: each is a schema that could refuse the value itself.
      request.log.warn({ err: error }, 'value refused by the database');
      return reply
        .status(400)
        .send(body('invalid_value', 'A value in the request is out of range or not of the right kind.'));
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
