import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, renderMessage, type ErrorName, type ErrorParams } from '../../contract/errors.js';
import { DatabaseUnavailableError, LedgerError } from '../../domain/ledger-error.js';
import { toValidationItems, type ValidationItem } from '../validation.js';
import { REQUEST_ID_HEADER } from './request-id.js';

function send(reply: FastifyReply, reason: ErrorName, params: ErrorParams = {}, data?: ValidationItem[]) {
  const { status, errorCode, message } = ERRORS[reason];
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ statusCode: status, errorCode, message: renderMessage(message, params), ...(data ? { data } : {}) });
}

/** What a 503 database.unavailable asks the client to wait: the pool reconnects with the next request. */
const DATABASE_RETRY_AFTER_SECONDS = '1';

const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

// Fastify's own request errors, named in our registry so that every refusal has the contract's shape.
const FASTIFY_ERRORS: Record<string, ErrorName> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'bodyTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'contentTypeUnsupported',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bodyNotJson',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bodyNotJson',
};

/**
 * The one place errors become HTTP: domain refusals by their registry entry, validation as
 * class-validator `data[]`, Fastify's request errors as 4xx. Anything else is logged and answered with
 * a bare 500 that names no internals.
 */
export function registerErrorHandling(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError | LedgerError, request, reply) => {
    if (error instanceof LedgerError) {
      // Every 429 says when to come back (rate limits: plugins/rate-limit.ts, domain/rate-limit).
      if (error.status === 429) reply.header('retry-after', String(error.params.retryAfter));
      return send(reply, error.reason, error.params);
    }
    if (error instanceof DatabaseUnavailableError) {
      // The request's transaction was rolled back with its connection; a new one may work at once.
      request.log.warn({ err: error.cause }, 'database unavailable');
      return send(reply.header('retry-after', DATABASE_RETRY_AFTER_SECONDS), 'databaseUnavailable');
    }
    if (error.validation) {
      const part = error.validationContext ?? 'body';
      const root = part === 'body' ? request.body : part === 'params' ? request.params : request.query;
      return send(reply, 'validationFailed', {}, toValidationItems(error.validation as never, root, PART_NAMES[part]!));
    }
    const reason = error.code ? FASTIFY_ERRORS[error.code] : undefined;
    if (reason) {
      return send(reply, reason, {
        limit: bodyLimit,
        contentType: request.headers['content-type'] ?? '',
        reason: error.message,
      });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const status = error.statusCode;
      return reply.code(status).send({ statusCode: status, errorCode: 'request.invalid', message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return send(reply, 'internal');
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 'routeNotFound', { method: request.method, url: request.url.split('?')[0]! }),
  );
}

/**
 * Fastify's `frameworkErrors` option: the router's own refusals (a malformed percent-encoding, a path
 * segment over `maxParamLength`) come before any route or error handler exists for the request, and
 * would otherwise be answered in Fastify's shape, not the contract's.
 */
export function frameworkErrorHandler(maxParamLength: number) {
  // Fastify calls it and moves on: it returns nothing (a reply is thenable, and would look like a promise).
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (error.code === 'FST_ERR_BAD_URL') send(reply, 'urlInvalid', { url: request.url.split('?')[0]! });
    else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') send(reply, 'urlTooLong', { limit: maxParamLength });
    else {
      request.log.error({ err: error }, 'request failed in the router');
      send(reply, 'internal');
    }
  };
}
