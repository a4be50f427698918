import { readFileSync } from 'node:fs';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Database } from '../storage/database.js';
import { requireApiKey } from './plugins/auth.js';
import { registerBodyParsers } from './plugins/body-parsers.js';
import { frameworkErrorHandler, registerErrorHandling } from './plugins/errors.js';
import { registerOpenApi } from './plugins/openapi.js';
import { accountRoutes } from './routes/account.routes.js';
import { customerRoutes } from './routes/customer.routes.js';
import './route-config.js';
import { compileValidator } from './validation.js';

export interface AppOptions {
  db: Database;
  logger?: FastifyServerOptions['logger'];
}

const BODY_LIMIT = 1024 * 1024;
// package.json sits two levels up from both src/http and dist/http.
const SERVER_VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
// Far above the longest bound any path parameter declares (100), so that an id one character too long
// is refused by validation with 400 validation.failed, not by the router.
const MAX_PARAM_LENGTH = 1024;

/** The whole HTTP API, ready for `inject` in tests or `listen` in main; it does not listen itself. */
export async function buildApp({ db, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    bodyLimit: BODY_LIMIT,
    // V1 sends `PUT /v3/ledger/virtualCurrency/` with a trailing slash (DECISIONS.md 6).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler(MAX_PARAM_LENGTH),
    requestIdHeader: 'x-request-id',
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(compileValidator);
  registerBodyParsers(app);
  registerErrorHandling(app, BODY_LIMIT);
  await registerOpenApi(app, SERVER_VERSION);

  await app.register(async (ledger) => {
    requireApiKey(ledger, db);
    await ledger.register(customerRoutes, { db });
    await ledger.register(accountRoutes, { db });
  });

  return app;
}
