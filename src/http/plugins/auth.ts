import type { FastifyInstance } from 'fastify';
import type { CallerCache } from '../../domain/tenancy/caller-cache.js';
import type { Caller } from '../../domain/tenancy/tenancy.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Who called: the ledger the request's API key addresses, with the key's freeze flag and its tenant's credit
     * quota; set before any ledger route runs.
     */
    caller: Caller;
  }
}

/**
 * Every route registered in `scope` needs an `x-api-key`; the key decides the ledger (mainnet or
 * testnet). What a key stands for is kept in memory (domain/tenancy/caller-cache.ts), so that
 * authentication is not a database round trip per request. A key not in memory is looked up, after the
 * cache's lookup guard (the limit on unknown keys per client address) lets the request through.
 */
export function requireApiKey(scope: FastifyInstance, callers: CallerCache): void {
  scope.decorateRequest('caller', null as unknown as Caller);
  // A callback hook, not an async one: a key known to the cache costs no promise at all.
  scope.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers['x-api-key'];
    let caller: ReturnType<CallerCache['authenticate']>;
    try {
      caller = callers.authenticate(Array.isArray(header) ? header[0] : header, request.ip);
    } catch (error) {
      return done(error as Error);
    }
    if (!(caller instanceof Promise)) {
      request.caller = caller;
      return done();
    }
    caller.then((known) => {
      request.caller = known;
      done();
    }, done);
  });
}
