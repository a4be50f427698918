import { LedgerError } from '../ledger-error.js';
import type { KeyLookupGuard } from '../tenancy/caller-cache.js';
import type { RateLimitsInUse } from './limits-in-use.js';
import { refillAndTake, type RateLimit } from './token-bucket.js';

/**
 * Lookups of keys not in memory each client address may cause while the limiter is on: an unknown key
 * is never kept in memory, so each request with one costs a database lookup.
 */
export const UNKNOWN_KEYS_LIMIT: RateLimit = { rps: 10, burst: 20 };

// Buckets of addresses that are full again are dropped when the map grows past this.
const SWEEP_ABOVE = 10_000;

export interface UnknownKeyLimiterOptions {
  limit?: RateLimit;
  /** Milliseconds, monotonic; tests move it. */
  clock?: () => number;
}

/**
 * While the rate limiter is on (limits-in-use.ts), a request whose key is not in memory takes a token
 * from its client address's bucket before the key is looked up, and gives it back when the key is
 * found: what runs out is the address's allowance of unknown (or revoked) keys, and a flood of made-up
 * keys from one address is refused with 429 instead of costing a lookup each. Buckets are in this
 * server's memory: each server protects its own lookups.
 */
export class UnknownKeyLimiter implements KeyLookupGuard {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly limit: RateLimit;
  private readonly clock: () => number;

  constructor(
    private readonly limitsInUse: RateLimitsInUse,
    options: UnknownKeyLimiterOptions = {},
  ) {
    this.limit = options.limit ?? UNKNOWN_KEYS_LIMIT;
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Throws rateLimitExceeded (unknownKeysRateLimitExceeded) when the address has no lookup left. */
  beforeLookup(address: string): void | Promise<void> {
    const inUse = this.limitsInUse.now();
    if (inUse instanceof Promise) return inUse.then((on) => (on ? this.take(address) : undefined));
    if (inUse) this.take(address);
  }

  /** The key was found: its lookup costs the address nothing. */
  found(address: string): void {
    const bucket = this.buckets.get(address);
    if (bucket) bucket.tokens = Math.min(this.limit.burst, bucket.tokens + 1);
  }

  private take(address: string): void {
    const now = this.clock();
    const bucket = this.buckets.get(address);
    const grant = refillAndTake(bucket?.tokens ?? this.limit.burst, bucket ? (now - bucket.at) / 1000 : 0, this.limit, {
      need: 1,
      extra: 0,
    });
    if (!bucket && this.buckets.size >= SWEEP_ABOVE) this.sweep(now);
    this.buckets.set(address, { tokens: grant.left, at: now });
    if (grant.granted === 1) return;
    const retryAfter = Math.max(1, Math.ceil((1 - grant.left) / this.limit.rps));
    throw new LedgerError('unknownKeysRateLimitExceeded', { ...this.limit, retryAfter });
  }

  private sweep(now: number): void {
    for (const [address, { tokens, at }] of this.buckets) {
      if (tokens + ((now - at) / 1000) * this.limit.rps >= this.limit.burst) this.buckets.delete(address);
    }
  }
}
