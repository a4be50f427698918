import { readFileSync } from 'node:fs';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { requireApiKey } from './plugins/auth.js';
import { idempotencyKeys } from './plugins/idempotency.js';
import { registerBodyParsers } from './plugins/body-parsers.js';
import { frameworkErrorHandler, registerErrorHandling } from './plugins/errors.js';
import { registerOpenApi } from './plugins/openapi.js';
import { guardLedgerCalls } from './plugins/guards.js';
import { describeCredits } from './plugins/credits-reference.js';
import { registerDocs } from './plugins/docs.js';
import { registerMetrics, type MetricsOptions } from './plugins/metrics.js';
import { registerWebhookMetrics } from './plugins/webhook-metrics.js';
import { echoRequestId, requestIdFor } from './plugins/request-id.js';
import { healthRoutes } from './routes/health.routes.js';
import { metricsRoutes } from './routes/metrics.routes.js';
import { serviceRoutes } from './routes/service.routes.js';
import type { Ledger } from '../domain/create-ledger.js';
import { accountChangeRoutes } from './routes/account-changes.routes.js';
import { accountQueryRoutes } from './routes/account-queries.routes.js';
import { accountRoutes } from './routes/account.routes.js';
import { blockageRoutes } from './routes/blockage.routes.js';
import { transactionRoutes } from './routes/transaction.routes.js';
import { virtualCurrencyRoutes } from './routes/virtual-currency.routes.js';
import { addressRoutes } from './routes/address.routes.js';
import { depositRoutes } from './routes/deposit.routes.js';
import { withdrawalRoutes } from './routes/withdrawal.routes.js';
import { subscriptionRoutes } from './routes/subscription.routes.js';
import { tradeRoutes } from './routes/trade.routes.js';
import { customerRoutes } from './routes/customer.routes.js';
import { serviceUtilsRoutes } from './routes/service-utils.routes.js';
import './route-config.js';
import { registerDraining } from './draining.js';
import { DEFAULT_CONNECTION_LIMITS, limitConnections, transportOptions, type ConnectionLimits } from './transport.js';
import { compileValidator } from './validation.js';

export interface AppOptions {
  /**
   * The server's services, caches, meter and limiters (domain/create-ledger.ts). The app uses it and
   * leaves its lifetime to whoever made it: start it before listening, close it after the app.
   */
  ledger: Ledger;
  logger?: FastifyServerOptions['logger'];
  /** What /metrics reports besides the app's own counters. */
  metrics?: MetricsOptions;
  /** Timeouts and the connection cap (transport.ts); their defaults when absent. */
  connections?: ConnectionLimits;
  /** Whose `X-Forwarded-For` gives the client's address (config.ts: TrustProxy); no one's when absent. */
  trustProxy?: boolean | number | string[];
}

const BODY_LIMIT = 1024 * 1024;
// package.json sits two levels up from both src/http and dist/http.
const SERVER_VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
// Far above the longest bound any path parameter declares (100), so that an id one character too long
// is refused by validation with 400 validation.failed, not by the router.
const MAX_PARAM_LENGTH = 1024;

/** The whole HTTP API, ready for `inject` in tests or `listen` in main; it does not listen itself. */
export async function buildApp({
  ledger,
  logger = false,
  metrics = {},
  connections = DEFAULT_CONNECTION_LIMITS,
  trustProxy = false,
}: AppOptions): Promise<FastifyInstance> {
  const { db } = ledger;
  const app = Fastify({
    logger,
    bodyLimit: BODY_LIMIT,
    // V1 sends `PUT /v3/ledger/virtualCurrency/` with a trailing slash (docs/decisions/0006-tolerant-transport.md).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler(MAX_PARAM_LENGTH),
    // The caller's x-request-id when it is sane, else a new one (plugins/request-id.ts).
    requestIdHeader: false,
    genReqId: requestIdFor,
    // The client's address (request.ip) decides its allowance of unknown API keys and is logged. A
    // number trusts that many hops nearest the server (Fastify's types take it only as a function).
    trustProxy: typeof trustProxy === 'number' ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    ...transportOptions(connections),
  }).withTypeProvider<TypeBoxTypeProvider>();

  limitConnections(app, connections);
  const draining = registerDraining(app);
  app.setValidatorCompiler(compileValidator);
  registerBodyParsers(app);
  registerErrorHandling(app, BODY_LIMIT);
  echoRequestId(app);
  registerWebhookMetrics(registerMetrics(app, db, ledger.payments, metrics), db, ledger.webhooks);
  // Before any route: each route's credits are stated in the OpenAPI document.
  describeCredits(app);
  await registerOpenApi(app, SERVER_VERSION);
  await registerDocs(app);
  await app.register(healthRoutes, { db, draining });
  await app.register(metricsRoutes);

  await app.register(async (calls) => {
    requireApiKey(calls, ledger.callers);
    guardLedgerCalls(calls, ledger);
    // Before the routes: it adds its hooks to each POST and PUT route as they are registered.
    idempotencyKeys(calls, db);
    const deps = { ledger };
    await calls.register(serviceRoutes, { version: SERVER_VERSION });
    await calls.register(serviceUtilsRoutes, deps);
    await calls.register(customerRoutes, deps);
    await calls.register(accountRoutes, deps);
    await calls.register(accountQueryRoutes, deps);
    await calls.register(accountChangeRoutes, deps);
    await calls.register(blockageRoutes, deps);
    await calls.register(transactionRoutes, deps);
    await calls.register(virtualCurrencyRoutes, deps);
    await calls.register(addressRoutes, deps);
    await calls.register(depositRoutes, deps);
    await calls.register(withdrawalRoutes, deps);
    await calls.register(subscriptionRoutes, deps);
    await calls.register(tradeRoutes, deps);
  });

  return app;
}
