import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { ERRORS, renderMessage, type ErrorName, type ErrorParams } from '../contract/errors.js';

/** What one connection may hold, in milliseconds (README: Configuration). */
export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 10_000,
};

/** A refusal written straight to the socket, in the contract's body shape, then the socket closed. */
function refuseOnSocket(socket: Socket, reason: ErrorName, params: ErrorParams): void {
  const { status, errorCode, message } = ERRORS[reason];
  const body = JSON.stringify({ statusCode: status, errorCode, message: renderMessage(message, params) });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nConnection: close\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  socket.destroySoon();
}

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses (malformed HTTP, headers too large, a
 * request too slow to arrive) never reaches a route, and Fastify's default answers it outside the
 * contract's shape.
 */
function clientErrorHandler(limits: ConnectionLimits) {
  return function (this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
    // A reset connection has gone already; a socket whose answer has begun cannot take another.
    const answer = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable || answer?.headersSent) {
      socket.destroy();
      return;
    }
    this.log.debug({ code: error.code }, 'client error');
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      refuseOnSocket(socket, 'requestTimeout', {
        headersMs: limits.headersTimeoutMs,
        requestMs: limits.requestTimeoutMs,
      });
    } else if (error.code === 'HPE_HEADER_OVERFLOW') {
      refuseOnSocket(socket, 'headersTooLarge', { limit: http.maxHeaderSize });
    } else {
      refuseOnSocket(socket, 'httpMalformed', { reason: error.code ?? 'unreadable' });
    }
  };
}

/**
 * Fastify options that bound what a slow client holds: headers and the whole request must arrive in
 * time (Node checks every connection at `connectionsCheckingInterval`, 30 s by default, far too coarse
 * for these bounds), idle keep-alive connections close, and refusals keep the contract's shape.
 */
export function transportOptions(
  limits: ConnectionLimits,
): Partial<FastifyServerOptions> & { http: http.ServerOptions } {
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(limits.headersTimeoutMs / 4)),
    },
    clientErrorHandler: clientErrorHandler(limits),
  };
}

/**
 * The connection cap, and the rule that an answer sent before the request's body was read closes the
 * connection: otherwise Node keeps reading (and holding) whatever body a refused client still trickles.
 */
export function limitConnections(app: FastifyInstance, limits: ConnectionLimits): void {
  app.server.maxConnections = limits.maxConnections;
  app.addHook('onSend', (request, reply, payload, done) => {
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length']) > 0;
    if (hasBody && !request.raw.complete) reply.header('connection', 'close');
    done(null, payload);
  });
}
