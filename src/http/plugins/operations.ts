import type { FastifyInstance } from 'fastify';
import { CreditMeter, type CreditMeterOptions } from '../../domain/credits/credit-meter.js';
import { RateLimiter, tokenSourceFor, type RateLimiterOptions } from '../../domain/rate-limit/rate-limiter.js';
import type { Database } from '../../storage/database.js';
import { meterCredits } from './credits.js';
import { describeCredits } from './credits-reference.js';
import { refuseWritesOfFrozenKeys } from './key-freeze.js';
import { limitRequestRate } from './rate-limit.js';

export interface OperationsOptions {
  /** A per-key rate limit; none when absent. */
  rateLimit?: RateLimiterOptions;
  /** The credit meter's flush interval and clock. */
  credits?: Omit<CreditMeterOptions, 'onFlushError'>;
}

export interface Operations {
  meter: CreditMeter;
  limiter?: RateLimiter;
}

/**
 * Credits, quotas, key freeze and rate limits: the app's meter and limiter. Call it on the root app
 * before any route: it states each route's credits in the OpenAPI document, and it writes the pending
 * credits when the app closes, before main.ts closes the database.
 */
export function startOperations(app: FastifyInstance, db: Database, options: OperationsOptions = {}): Operations {
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
  const limiter = options.rateLimit && new RateLimiter(tokenSourceFor(db), options.rateLimit);
  return { meter, ...(limiter ? { limiter } : {}) };
}

/**
 * The checks of every ledger call, in the authenticated scope right after the API key is known, in
 * this order: the rate limit (cheapest refusal first), the key freeze, the credit quota; then metering.
 */
export function guardLedgerCalls(scope: FastifyInstance, { meter, limiter }: Operations): void {
  if (limiter) limitRequestRate(scope, limiter);
  refuseWritesOfFrozenKeys(scope);
  meterCredits(scope, meter);
}
