import type { FastifyInstance } from 'fastify';
import { LedgerError } from '../../domain/ledger-error.js';
import { effectiveRateLimit } from '../../domain/rate-limit/rate-limit-setting.js';
import type { RateDecision, RateLimiter } from '../../domain/rate-limit/rate-limiter.js';
import type { RateLimit } from '../../domain/rate-limit/token-bucket.js';
import './auth.js';

/**
 * Each API key's requests pass its token bucket (domain/rate-limit) under the key's limit: its own
 * setting, else its tenant's, else `environment`'s, else none. Past it, 429 rate.limit.exceeded with a
 * Retry-After header (set by the error handler), in the contract's error shape, not charged. Register it
 * right after the API key is known and before any other check, so a flood is turned away as cheaply as
 * possible.
 */
export function limitRequestRate(scope: FastifyInstance, limiter: RateLimiter, environment?: RateLimit): void {
  const refusedTotal = scope.metrics?.counter('ledger_rate_limited_total', 'Requests refused by the rate limit');
  // A callback hook, not an async one: a key without a limit, or with tokens in memory, costs no promise.
  scope.addHook('onRequest', (request, _reply, done) => {
    const limit = effectiveRateLimit(request.caller.rateLimit, environment);
    if (!limit) return done();
    const answer = (decision: RateDecision) => {
      if (decision.allowed) return done();
      refusedTotal?.inc();
      done(new LedgerError('rateLimitExceeded', { ...limit, retryAfter: decision.retryAfterSeconds }));
    };
    const decision = limiter.admit(request.caller.apiKeyId, limit);
    if (decision instanceof Promise) decision.then(answer, done);
    else answer(decision);
  });
}
