import type { FastifySchema, RouteOptions } from 'fastify';
import { RefusalBody } from '../../contract/common.schema.js';
import { ERRORS, type ErrorName } from '../../contract/errors.js';
import '../route-config.js';

/** One answer an operation can be refused with, as the reference lists it. */
export interface ListedRefusal {
  status: number;
  errorCode: string;
  message: string;
}

type RouteFacts = Pick<RouteOptions, 'method' | 'url' | 'config'> & { schema?: FastifySchema };

const BODY_METHODS = ['POST', 'PUT', 'DELETE'];

/**
 * Everything one route can be refused with, by the registry's names: the refusals every call of its kind
 * can get (a route under /v3 is a ledger call: the API key, the rate limit, the quota, the key freeze,
 * Idempotency-Key, as plugins/ decides them), then those of its own rules (`config.refusals`), then the
 * server's failures. Refusals of the connection and the router, which no route sees (a malformed or
 * oversized request, an unknown path), are listed once in the reference's guide.
 */
export function refusalNames(route: RouteFacts): ErrorName[] {
  const methods = [route.method].flat();
  const config = route.config ?? {};
  const schema = route.schema ?? {};
  const ledgerCall = route.url.startsWith('/v3/');
  const carriesBody = methods.some((method) => BODY_METHODS.includes(method));
  const reads = methods.every((method) => method === 'GET' || method === 'HEAD') || config.readOnly === true;
  const names: ErrorName[] = [];
  if (schema.params || schema.querystring || schema.body) names.push('validationFailed');
  if (carriesBody) names.push('bodyNotJson', 'bodyTooDeep', 'bodyTooLarge', 'contentTypeUnsupported');
  if (ledgerCall) {
    names.push('subscriptionInvalid', 'subscriptionNotActive');
    if (!reads && !config.allowedWhenFrozen) names.push('apiKeyFrozen');
    if (!config.quotaExempt) names.push('creditsQuotaExceeded');
    names.push(...(config.refusals ?? []));
    // plugins/idempotency.ts: every POST and PUT of the ledger takes a key, but the finds that only read.
    if (!reads && methods.some((method) => method === 'POST' || method === 'PUT'))
      names.push('idempotencyKeyReused', 'idempotencyKeyInProgress');
    names.push('rateLimitExceeded', 'unknownKeysRateLimitExceeded', 'databaseUnavailable');
  } else {
    names.push(...(config.refusals ?? []));
  }
  names.push('internal');
  return [...new Set(names)];
}

export function listedRefusals(route: RouteFacts): ListedRefusal[] {
  return refusalNames(route)
    .map((name) => ({ status: ERRORS[name].status, errorCode: ERRORS[name].errorCode, message: ERRORS[name].message }))
    .sort((a, b) => a.status - b.status);
}

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is malformed or fails validation.',
  401: 'The API key is missing, unknown or its subscription has ended.',
  403: 'A rule of the ledger refuses the request; `errorCode` names which.',
  409: 'The Idempotency-Key is in use.',
  413: 'The body is too large.',
  415: 'The body is not JSON.',
  429: 'Too many requests: wait the `Retry-After` header’s seconds, then retry.',
  500: 'The server failed; the log line with the answer’s `x-request-id` says why.',
  503: 'The database is unavailable (`Retry-After` says when to retry), or the server is not ready.',
};

const RETRY_AFTER = {
  type: 'integer',
  minimum: 1,
  description: 'Seconds to wait before sending the request again.',
};

// A `${name}` placeholder of a message, which the refusal fills in, shown as the name in italics.
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\$\{(\w+)\}/g, '_$1_');

function describe(status: number, refusals: ListedRefusal[]): string {
  const rows = refusals.map((r) => `| \`${r.errorCode}\` | ${cell(r.message)} |`);
  return [STATUS_TEXT[status] ?? '', '', '| errorCode | message |', '| --- | --- |', ...rows].join('\n');
}

/**
 * The route's schema as the reference shows it: each refusal status with its error codes and messages in
 * its description (and Retry-After on 429 and 503), the statuses the contract's routes do not declare (409, 413, 415, 429, 503) added in
 * the error body's shape, and the whole list as `x-error-codes`. Only the document sees this schema;
 * validation and serialization keep the route's own.
 */
export function withRefusals(route: RouteFacts): FastifySchema {
  const schema = route.schema ?? {};
  const refusals = listedRefusals(route);
  const response: Record<string, unknown> = { ...(schema.response as Record<string, unknown> | undefined) };
  for (const [status, declared] of Object.entries(response)) {
    const own = declared as Record<string, unknown>;
    if (status.startsWith('2') && own.description === undefined)
      response[status] = { ...own, 'x-response-description': status === '204' ? 'Done; no body.' : 'OK' };
  }
  for (const status of new Set(refusals.map((r) => r.status))) {
    const declared = (response[status] ?? RefusalBody) as Record<string, unknown>;
    const listed = refusals.filter((r) => r.status === status);
    // @fastify/swagger takes `x-response-description` as the response's description, leaving the
    // body schema's own; `headers` become the response's headers.
    response[status] = {
      ...declared,
      'x-response-description': describe(status, listed),
      ...(status === 429 || status === 503 ? { headers: { 'retry-after': RETRY_AFTER } } : {}),
    };
  }
  return { ...schema, response, 'x-error-codes': refusals } as FastifySchema;
}
