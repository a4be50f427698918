import type { FastifyInstance, InjectOptions } from 'fastify';
import type { SuiteContext, TestContext } from 'node:test';
import { buildApp, type AppOptions } from '../../src/http/app.js';
import type { CompliancePolicy } from '../../src/domain/compliance/policy.js';
import { createLedger, type Ledger, type LedgerConfig } from '../../src/domain/create-ledger.js';
import { newId } from '../../src/domain/ids.js';
import { createApiKey, createTenant } from '../../src/domain/tenancy/tenancy.service.js';
import type { Database } from '../../src/storage/database.js';
import { openTestDatabase } from './database.js';
import { openForSuite, openForTest } from './lifetime.js';

export interface TenantKeys {
  name: string;
  mainnet: string;
  testnet: string;
}

export interface TestApp {
  app: FastifyInstance;
  db: Database;
  /**
   * The app's services (domain/create-ledger.ts): what the domain's functions that change keys, tenants
   * and customers take, so that the app hears the change as it would its own.
   */
  ledger: Ledger;
  /** The keys of a tenant made for this app. */
  keys: TenantKeys;
  /** Another tenant with keys of its own. */
  newTenant(): Promise<TenantKeys>;
  /** A client that sends every request with one key (the testnet key unless told otherwise). */
  client(key?: string): LedgerClient;
  /**
   * A second app on the same database with a ledger of its own, as a second server on one PostgreSQL
   * would be (its own caches, meter and rate limiter; it hears this one's changes through the
   * database); closed with this one, before the database.
   */
  sibling(
    options?: TestAppOptions,
  ): Promise<{ app: FastifyInstance; ledger: Ledger; client(key?: string): LedgerClient }>;
  close(): Promise<void>;
}

/** buildApp's options besides the ledger, and the ledger's own. */
export type TestAppOptions = Omit<AppOptions, 'ledger'> & {
  compliance?: CompliancePolicy;
  /** The ledger's rate limit, credit meter and webhook worker options. */
  guards?: Pick<LedgerConfig, 'rateLimit' | 'credits' | 'webhooks'>;
  bounds?: LedgerConfig['bounds'];
};

/** A started ledger on `db` and an app on it; `close` closes the app, then the ledger, not the database. */
export async function startLedgerApp(
  db: Database,
  { compliance, guards, bounds, ...appOptions }: TestAppOptions = {},
): Promise<{ app: FastifyInstance; ledger: Ledger; close: () => Promise<void> }> {
  const ledger = createLedger({
    db,
    config: {
      ...(compliance ? { compliance } : {}),
      ...guards,
      ...(bounds ? { bounds } : {}),
    },
  });
  await ledger.start();
  const app = await buildApp({ ...appOptions, ledger });
  return {
    app,
    ledger,
    close: async () => {
      await app.close();
      await ledger.close();
    },
  };
}

/** An app of its own on `db` (with a started ledger of its own, closed with the app), for tests that build one. */
export async function appOnDatabase(db: Database, options: TestAppOptions = {}): Promise<FastifyInstance> {
  const { app, ledger } = await startLedgerApp(db, options);
  app.addHook('onClose', () => ledger.close());
  return app;
}

export interface Reply {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

export interface LedgerClient {
  get(url: string): Promise<Reply>;
  post(url: string, body?: unknown): Promise<Reply>;
  put(url: string, body?: unknown): Promise<Reply>;
  delete(url: string): Promise<Reply>;
  request(options: InjectOptions): Promise<Reply>;
}

async function makeTenant(db: Database): Promise<TenantKeys> {
  const name = `tenant-${newId()}`;
  await createTenant(db, name);
  const mainnet = (await createApiKey(db, name, 'mainnet')).key;
  const testnet = (await createApiKey(db, name, 'testnet')).key;
  return { name, mainnet, testnet };
}

/** A client of any app (one built by a test itself, say) that sends every request with `key`. */
export function clientFor(app: FastifyInstance, key: string | undefined): LedgerClient {
  const request = async (options: InjectOptions): Promise<Reply> => {
    const headers = { ...(key === undefined ? {} : { 'x-api-key': key }), ...options.headers };
    const response = await app.inject({ ...options, headers });
    const text = response.body;
    let body: unknown = text;
    if (text && String(response.headers['content-type']).startsWith('application/json')) body = JSON.parse(text);
    return { status: response.statusCode, body, headers: response.headers };
  };
  return {
    request,
    get: (url) => request({ method: 'GET', url }),
    delete: (url) => request({ method: 'DELETE', url }),
    post: (url, body) => request({ method: 'POST', url, ...(body === undefined ? {} : { payload: body as object }) }),
    put: (url, body) => request({ method: 'PUT', url, ...(body === undefined ? {} : { payload: body as object }) }),
  };
}

/** A real app on a database of its own, with a tenant and its mainnet and testnet keys. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const db = await openTestDatabase();
  const { app, ledger, close } = await startLedgerApp(db, options);
  const keys = await makeTenant(db);
  const siblings: (() => Promise<void>)[] = [];
  return {
    app,
    db,
    ledger,
    keys,
    newTenant: () => makeTenant(db),
    client: (key = keys.testnet) => clientFor(app, key),
    async sibling(siblingOptions = {}) {
      const other = await startLedgerApp(db, siblingOptions);
      siblings.push(other.close);
      return { app: other.app, ledger: other.ledger, client: (key = keys.testnet) => clientFor(other.app, key) };
    },
    // The apps, then their ledgers (the last credits are written), then the database.
    close: async () => {
      for (const closeOther of siblings) await closeOther();
      await close();
      await db.close();
    },
  };
}

/** startTestApp for one test, closed once the test has ended: `const t = await testApp(context)`. */
export function testApp(context: TestContext | SuiteContext, options: TestAppOptions = {}): Promise<TestApp> {
  return openForTest(context, () => startTestApp(options));
}

/**
 * startTestApp for the tests of a suite: call it in the suite's body, `const t = suiteTestApp(suite)`.
 * The app starts before the suite's first test and closes after its last (the suite owns the close).
 * Its members can be read from the suite's tests and from the hooks it registers after this call;
 * `client()` can be called in the suite's body too, as its requests find the app when they are sent.
 */
export function suiteTestApp(suite: SuiteContext, options: TestAppOptions = {}): TestApp {
  const started = openForSuite(suite, () => startTestApp(options));
  return {
    get app() {
      return started().app;
    },
    get db() {
      return started().db;
    },
    get ledger() {
      return started().ledger;
    },
    get keys() {
      return started().keys;
    },
    newTenant: () => started().newTenant(),
    client: (...key) => clientWhenSent(() => started().client(...key)),
    sibling: (siblingOptions) => started().sibling(siblingOptions),
    close: () => started().close(),
  };
}

/** A client that asks `client()` for the one to send through at each request. */
function clientWhenSent(client: () => LedgerClient): LedgerClient {
  return {
    request: (options) => client().request(options),
    get: (url) => client().get(url),
    delete: (url) => client().delete(url),
    post: (url, body) => client().post(url, body),
    put: (url, body) => client().put(url, body),
  };
}
