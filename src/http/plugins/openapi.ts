import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

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
          'a tenant’s mainnet key and testnet key address two separate ledgers.',
      },
      components: { securitySchemes: { 'X-API-Key': { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
      security: [{ 'X-API-Key': [] }],
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
