import type { FastifyInstance } from 'fastify';
import { CreditMeter, type CreditMeterOptions } from '../../domain/credits/credit-meter.js';
import { RateLimitsInUse } from '../../domain/rate-limit/limits-in-use.js';
import { RateLimiter, tokenSourceFor, type LeaseOptions } from '../../domain/rate-limit/rate-limiter.js';
import type { RateLimit } from '../../domain/rate-limit/token-bucket.js';
import { UnknownKeyLimiter } from '../../domain/rate-limit/unknown-keys.js';
import type { Database } from '../../storage/database.js';
import { meterCredits } from './credits.js';
import { describeCredits } from './credits-reference.js';
import { refuseWritesOfFrozenKeys } from './key-freeze.js';
import { limitRequestRate } from './rate-limit.js';

export interface GuardOptions {
  /**
   * The environment's rate limit, for every key without a setting of its own (tenant or key); none when
   * absent. The lease options are for tests.
   */
  rateLimit?: RateLimit & LeaseOptions;
  /** The credit meter's flush interval and clock. */
  credits?: Omit<CreditMeterOptions, 'onFlushError'>;
}

export interface Guards {
  meter: CreditMeter;
  limiter: RateLimiter;
  /** The environment's limit, when it sets one. */
  environmentLimit?: RateLimit;
  /** Refuses lookups of unknown keys per client address while the limiter is on. */
  unknownKeys: UnknownKeyLimiter;
}

/**
 * Credits, quotas, key freeze and rate limits: the app's meter and limiter. Call it on the root app
 * before any route: it states each route's credits in the OpenAPI document, and it writes the pending
 * credits when the app closes, before main.ts closes the database.
 */
export function startGuards(app: FastifyInstance, db: Database, options: GuardOptions = {}): Guards {
  describeCredits(app);
  const meter = new CreditMeter(db, {
    ...options.credits,
    onFlushError: (error) => app.log.error({ err: error }, 'writing credits failed; they are kept for the next flush'),
  });
  meter.start();
  app.addHook('onClose', async () => {
    try {
      await meter.close();
    } catch (error) {
      // Shutting down goes on: the counts of the last second are lost, as in a crash.
      app.log.error({ err: error }, 'writing credits at shutdown failed');
    }
  });
  // Always built: a tenant or key can be given a limit while the server runs.
  const { rps, burst, ...leaseOptions } = options.rateLimit ?? {};
  const environmentLimit = rps !== undefined && burst !== undefined ? { rps, burst } : undefined;
  const limiter = new RateLimiter(tokenSourceFor(db), leaseOptions);
  const unknownKeys = new UnknownKeyLimiter(new RateLimitsInUse(db, environmentLimit));
  return { meter, limiter, unknownKeys, ...(environmentLimit ? { environmentLimit } : {}) };
}

/**
 * The checks of every ledger call, in the authenticated scope right after the API key is known, in
 * this order: the rate limit (cheapest refusal first), the key freeze, the credit quota; then metering.
 */
export function guardLedgerCalls(scope: FastifyInstance, { meter, limiter, environmentLimit }: Guards): void {
  limitRequestRate(scope, limiter, environmentLimit);
  refuseWritesOfFrozenKeys(scope);
  meterCredits(scope, meter);
}
