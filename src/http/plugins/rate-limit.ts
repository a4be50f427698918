import type { FastifyInstance } from 'fastify';
import { LedgerError } from '../../domain/ledger-error.js';
import type { RateLimiter } from '../../domain/rate-limit/rate-limiter.js';
import './auth.js';

/**
 * Each API key's requests pass its token bucket (domain/rate-limit): past it, 429 rate.limit.exceeded
 * with a Retry-After header, in the contract's error shape, not charged. Register it right after the
 * API key is known and before any other check, so a flood is turned away as cheaply as possible.
 */
export function limitRequestRate(scope: FastifyInstance, limiter: RateLimiter): void {
  const { rps, burst } = limiter.limit;
  const refusedTotal = scope.metrics?.counter('ledger_rate_limited_total', 'Requests refused by the rate limit');
  scope.addHook('onRequest', async (request, reply) => {
    const decision = await limiter.admit(request.ledger.apiKeyId);
    if (decision.allowed) return;
    refusedTotal?.inc();
    // The error handler answers on this reply, so the header set here goes out with the 429.
    reply.header('retry-after', String(decision.retryAfterSeconds));
    throw new LedgerError('rateLimitExceeded', { rps, burst, retryAfter: decision.retryAfterSeconds });
  });
}
