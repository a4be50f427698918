import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

// Everything the page loads comes from this server: Swagger UI's files ship in the package, and the
// policy tells the browser to fetch nothing from anywhere else (the server must work offline).
const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'style-src': ["'self'"],
  'script-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'self'"],
  'form-action': ["'self'"],
};

/** `GET /docs`: the API reference, rendered by Swagger UI from the same document as /openapi.json. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: CONTENT_SECURITY_POLICY,
    theme: { title: 'Ledger server: API reference' },
    uiConfig: {
      // Without the top bar's "Explore" box, which loads documents from any address.
      layout: 'BaseLayout',
      docExpansion: 'list',
      deepLinking: true,
      // Tatum's clients name their methods by operationId (findAllCustomers, createAccount…).
      displayOperationId: true,
      defaultModelsExpandDepth: 0,
    },
  });
}
