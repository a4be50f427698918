import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is kept when it is a plain token: it lands in every log line and in a response header,
// so a long or control-laden one would let any caller write into the logs.
const ACCEPTED_ID = /^[\w.:@/+=-]{1,128}$/;

/**
 * Fastify's `genReqId`: the caller's `x-request-id` (a proxy's, or a client's own) when it is sane, so
 * one id follows a request through every hop; a fresh UUID otherwise.
 */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID();
}

/**
 * Every answer carries its request's id, errors included, so a caller can quote it and an operator
 * find the log lines (`reqId`). The router's own refusals bypass hooks; errors.ts sets it for those.
 */
export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done(null, payload);
  });
}
