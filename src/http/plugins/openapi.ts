import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { API_EXTENSIONS } from '../../contract/extensions.js';

// The reference names every place where it knowingly differs from Tatum's document.
const EXTENSIONS_SECTION = [
  '',
  '',
  '## Differences from Tatum’s API document',
  '',
  'Tatum’s clients work unchanged; where this document differs from Tatum’s (OpenAPI 3.18.3), this is why:',
  '',
  ...API_EXTENSIONS.map((extension) => `- ${extension.reason}`),
].join('\n');

/**
 * The OpenAPI document, generated from the same TypeBox schemas that validate requests and type the
 * handlers, so it cannot drift from what the server does. Register before the routes it describes.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ledger server: Tatum v3 ledger API',
        version,
        description:
          'A self-hosted virtual ledger that speaks Tatum’s v3 ledger API. The API key selects the ledger: ' +
          'a tenant’s mainnet key and testnet key address two separate ledgers.' +
          EXTENSIONS_SECTION,
      },
      // The reference shows the ledger first, in Tatum's order, and the server's own routes last.
      tags: ['Customer', 'Account', 'Transaction', 'Virtual Currency', 'Service utils', 'Server'].map((name) => ({
        name,
      })),
      components: { securitySchemes: { 'X-API-Key': { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
      security: [{ 'X-API-Key': [] }],
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
