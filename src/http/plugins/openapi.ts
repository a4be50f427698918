import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { withExamples } from '../reference/examples.js';
import { REFERENCE_GUIDE, REFERENCE_TAGS } from '../reference/guide.js';
import { withRefusals } from '../reference/refusals.js';

/**
 * The OpenAPI document, generated from the same TypeBox schemas that validate requests and type the
 * handlers, so it cannot drift from what the server does. Register before the routes it describes.
 * What the reference adds for people (docs/decisions/0047-api-reference-page.md) goes into the document
 * only: each route's error codes from its config, and recorded examples and code samples by operationId.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Ledger server: Tatum v3 ledger API', version, description: REFERENCE_GUIDE },
      // The reference shows the ledger first, in Tatum's order, and the server's own routes last.
      tags: REFERENCE_TAGS,
      components: { securitySchemes: { 'X-API-Key': { type: 'apiKey', in: 'header', name: 'x-api-key' } } },
      security: [{ 'X-API-Key': [] }],
    },
    transform: ({ schema, url, route }) => ({ schema: schema && withRefusals({ ...route, schema }), url }),
    transformObject: (document) =>
      'openapiObject' in document ? withExamples(document.openapiObject) : document.swaggerObject,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
