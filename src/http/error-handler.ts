// Maps every error to `{ error: { code, message } }` with the right status. Validation errors name
// the field; internal details never reach the client but are logged with the request id.

import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type DomainErrorCode } from '../domain/domain-error.ts';

/** The HTTP status of each error code: the one place a code becomes a status. */
const STATUS: Record<DomainErrorCode, number> = {
  invalid_request: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  text_too_long: 413,
  empty_text: 400,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  not_found: 404,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const FASTIFY_CODES: Record<string, [DomainErrorCode, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'send the body as application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['invalid_request', 'the Content-Length header does not match the body'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_json', 'the request body is empty; send a JSON object'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'the request body is too large'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_json', 'the request body is not valid JSON'],
};

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((v) => `${[error.validationContext, ...pathOf(v.instancePath)].filter(Boolean).join('.')}: ${v.message}`);
      return reply.status(400).send({ error: { code: 'invalid_request', message: details.join('; ') } });
    }
    if (error instanceof DomainError) {
      const status = STATUS[error.code];
      if (status >= 500) request.log.error({ err: error }, error.message);
      return reply.status(status).send({ error: { code: error.code, message: error.message } });
    }
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return reply.status(STATUS[known[0]]).send({ error: { code: known[0], message: known[1] } });
    if (error instanceof SyntaxError || error.statusCode === 400) {
      return reply.status(400).send({ error: { code: 'invalid_json', message: 'the request body is not valid JSON' } });
    }
    if (error.statusCode === 429) return reply.status(429).send({ error: { code: 'rate_limited', message: error.message } });
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ error: { code: 'invalid_request', message: error.message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: 'something went wrong on our side; please try again' } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: `no route for ${request.method} ${request.url.split('?')[0]}` } });
  });
}

function pathOf(instancePath: string): string[] {
  return instancePath.split('/').filter(Boolean);
}
