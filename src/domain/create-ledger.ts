import type { Database, Listening } from '../storage/database.js';
import { Changes } from './changes.js';
import { DEFAULT_COMPLIANCE_POLICY, type CompliancePolicy } from './compliance/policy.js';
import { CreditMeter, type CreditMeterOptions } from './credits/credit-meter.js';
import { CUSTOMER_CACHE_MS, CustomerCache } from './customers/customer-cache.js';
import { customerLookups, type CustomerLookups } from './customers/customer.service.js';
import { keyedDatabase, type KeyedDatabase } from './idempotency/idempotency.service.js';
import { RateLimitsInUse } from './rate-limit/limits-in-use.js';
import { RateLimiter, tokenSourceFor, type LeaseOptions } from './rate-limit/rate-limiter.js';
import type { RateLimit } from './rate-limit/token-bucket.js';
import { UnknownKeyLimiter } from './rate-limit/unknown-keys.js';
import { CALLER_CACHE_MS, CallerCache } from './tenancy/caller-cache.js';
import { SMALLEST_UNITS } from './transactions/amounts.js';
import { PAYMENT_GROUP_DEFAULTS, PaymentGroups } from './transactions/payment-groups.js';
import { WebhookWorker, type WebhookOptions } from './webhooks/webhook-worker.js';

export interface LedgerConfig {
  /** What `compliant: true` is checked against; the documented default when absent. */
  compliance?: CompliancePolicy;
  /**
   * The environment's rate limit, for every key without a setting of its own (tenant or key); none when
   * `rps` and `burst` are absent. The lease options are for tests.
   */
  rateLimit?: Partial<RateLimit> & LeaseOptions;
  /** The credit meter's flush interval and clock. */
  credits?: Omit<CreditMeterOptions, 'onFlushError'>;
  /** Told what failed where no request is there to answer: a flush of the credit meter. */
  reportError?: (error: unknown, message: string) => void;
  /** Where webhooks may go, and (tests) the delivery worker's timings. */
  webhooks?: Partial<WebhookOptions>;
  /** Tests: how long keys and customers may be kept (CALLER_CACHE_MS, CUSTOMER_CACHE_MS by default). */
  bounds?: { callerMs?: number; customerMs?: number };
}

/**
 * Everything a server keeps besides the database: the services' database handle, what is kept in
 * memory (customers, callers, rate-limit buckets, credits not yet written) and the change signal that
 * keeps it true. One per server; nothing of it is shared with another ledger on the same database, which
 * hears that ledger's changes through the database as another server would.
 */
export interface Ledger {
  /** The database as every service uses it: inside a unit of work, calls join its transaction. */
  readonly db: KeyedDatabase;
  readonly compliance: CompliancePolicy;
  /** Where writes announce what they changed, and what is kept in memory hears it. */
  readonly changes: Changes;
  /** Customers looked up by id or externalId. */
  readonly customers: CustomerCache;
  /** Lookups of customers not in memory, shared by the requests in flight. */
  readonly customerLookups: CustomerLookups;
  /** What each API key stands for. */
  readonly callers: CallerCache;
  /** Each key's token bucket. */
  readonly limiter: RateLimiter;
  /** The environment's limit, when it sets one. */
  readonly environmentLimit?: RateLimit;
  /** Refuses lookups of unknown keys per client address while any limit is in use. */
  readonly unknownKeys: UnknownKeyLimiter;
  /** Credits counted in memory, written once a second. */
  readonly meter: CreditMeter;
  /** Every payment goes through here: concurrent ones share one statement and one commit. */
  readonly payments: PaymentGroups;
  /** Delivers the webhooks that changes raise, in every server (docs/decisions/0030-webhook-outbox.md). */
  readonly webhooks: WebhookWorker;
  /**
   * Starts the meter's timer, listens for the changes other connections announce, and starts delivering
   * webhooks. Once.
   */
  start(): Promise<void>;
  /**
   * Stops delivering webhooks (those in flight are given back), writes the pending credits and stops
   * listening; again, it does nothing. The database stays open.
   */
  close(): Promise<void>;
}

/**
 * The composition root of a server (docs/architecture.md, "One ledger per server"): builds every service,
 * cache, batcher, meter and listener on `db`, and owns their lifetimes. Whoever opened `db` closes it,
 * after the ledger.
 */
export function createLedger({ db: database, config = {} }: { db: Database; config?: LedgerConfig }): Ledger {
  const reportError = config.reportError ?? (() => undefined);
  // Every part gets this handle, so that a keyed request's calls, made from anywhere, join its unit of
  // work (http/plugins/idempotency.ts); outside one it is `database` itself.
  const db = keyedDatabase(database);
  const changes = new Changes();

  // PGlite is opened by one process, and every change to it is announced in that process: a customer
  // is kept until it changes. On PostgreSQL an announcement could in principle be lost: a bound.
  const customers = new CustomerCache({
    ttlMs: config.bounds?.customerMs ?? (database.kind === 'pglite' ? Infinity : CUSTOMER_CACHE_MS),
  });
  const { rps, burst, ...leaseOptions } = config.rateLimit ?? {};
  const environmentLimit = rps !== undefined && burst !== undefined ? { rps, burst } : undefined;
  const limitsInUse = new RateLimitsInUse(db, environmentLimit);
  const unknownKeys = new UnknownKeyLimiter(limitsInUse);
  const callers = new CallerCache(db, { ttlMs: config.bounds?.callerMs ?? CALLER_CACHE_MS, lookupGuard: unknownKeys });
  for (const subscriber of [customers, callers, limitsInUse]) changes.subscribe(subscriber);

  const meter = new CreditMeter(db, {
    ...config.credits,
    onFlushError: (error) => reportError(error, 'writing credits failed; they are kept for the next flush'),
  });

  const webhooks = new WebhookWorker(
    database,
    { soleServer: database.kind === 'pglite', ...config.webhooks },
    reportError,
  );
  changes.subscribe(webhooks);

  let started: Promise<Listening> | undefined;
  let closed: Promise<void> | undefined;
  async function close(): Promise<void> {
    await webhooks.stop();
    try {
      await meter.close();
    } catch (error) {
      // Shutting down goes on: the counts of the last second are lost, as in a crash.
      reportError(error, 'writing credits at shutdown failed');
    }
    const listening = await started;
    await listening?.stop();
  }

  const compliance = config.compliance ?? DEFAULT_COMPLIANCE_POLICY;
  const payments = new PaymentGroups(
    db,
    { policyJson: JSON.stringify(compliance), smallestUnits: SMALLEST_UNITS },
    PAYMENT_GROUP_DEFAULTS,
  );

  return {
    db,
    compliance,
    changes,
    customers,
    customerLookups: customerLookups(db),
    callers,
    limiter: new RateLimiter(tokenSourceFor(db), leaseOptions),
    ...(environmentLimit ? { environmentLimit } : {}),
    unknownKeys,
    meter,
    payments,
    webhooks,
    async start() {
      if (started) return void (await started);
      meter.start();
      // At startup, not at the first lookup: until the LISTEN is in place nothing is kept.
      started = changes.listen(database);
      await started;
      webhooks.start();
    },
    close: () => (closed ??= close()),
  };
}
