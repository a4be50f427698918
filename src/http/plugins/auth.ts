import type { FastifyInstance } from 'fastify';
import { authenticate, type Caller } from '../../domain/tenancy/tenancy.service.js';
import type { Database } from '../../storage/database.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The ledger the request's API key addresses, with the key's freeze flag and its tenant's credit
     * quota; set before any ledger route runs.
     */
    ledger: Caller;
  }
}

/** Every route registered in `scope` needs an `x-api-key`; the key decides the ledger (mainnet or testnet). */
export function requireApiKey(scope: FastifyInstance, db: Database): void {
  scope.decorateRequest('ledger', null as unknown as Caller);
  scope.addHook('onRequest', async (request) => {
    const header = request.headers['x-api-key'];
    request.ledger = await authenticate(db, Array.isArray(header) ? header[0] : header);
  });
}
