import type { Database } from '../../storage/database.js';
import { takeTokens } from './rate-limit.repository.js';
import { MemoryTokenSource, type RateLimit, type TokenSource } from './token-bucket.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiterOptions extends RateLimit {
  /** Tokens taken from the shared bucket at a time; default a tenth of a second's worth, at least 1. */
  leaseSize?: number;
  /** How long leased tokens stay usable; unused ones are dropped then. Default 1000 ms. */
  leaseMs?: number;
  /** A monotonic clock in milliseconds; tests move it. */
  clock?: () => number;
}

interface Lease {
  tokens: number;
  expiresAt: number;
  /** Until then the bucket is known to be empty: refuse without asking it. */
  refusedUntil: number;
}

const ALLOWED: RateDecision = { allowed: true };
const memorySources = new WeakMap<object, MemoryTokenSource>();

/**
 * Where the buckets of the servers on `db` live. On PostgreSQL, in a table every server shares, so a
 * second server does not double a key's allowance. On PGlite, in memory: only one process can open a
 * PGlite database, and every server on it in this process gets the same buckets, whichever handle of
 * the database it was given (Queryable.identity).
 */
export function tokenSourceFor(db: Database): TokenSource {
  if (db.kind === 'postgres') return { take: (apiKeyId, limit, wanted) => takeTokens(db, apiKeyId, limit, wanted) };
  const identity = db.identity ?? db;
  let source = memorySources.get(identity);
  if (!source) memorySources.set(identity, (source = new MemoryTokenSource()));
  return source;
}

/**
 * A token bucket per API key. Asking a shared bucket for every request would cost a database round trip
 * each, so a server takes a small lease of tokens at once (one atomic upsert) and spends it in memory:
 * with the default lease, one round trip per tenth of a second of a key's full rate. The servers
 * together never exceed the bucket, because every token they spend came out of it. The costs of leasing:
 * tokens one server holds are not available to another until they expire (a busy key spread over
 * several servers may be refused slightly early), and a key refused once is refused from memory until
 * its bucket can have refilled, so a flood of refused requests does not reach the database.
 */
export class RateLimiter {
  private readonly leases = new Map<string, Lease>();
  private readonly leaseSize: number;
  private readonly leaseMs: number;
  private readonly clock: () => number;
  readonly limit: RateLimit;

  constructor(
    private readonly source: TokenSource,
    options: RateLimiterOptions,
  ) {
    this.limit = { rps: options.rps, burst: options.burst };
    this.leaseSize = Math.max(1, Math.min(options.burst, options.leaseSize ?? Math.ceil(options.rps / 10)));
    this.leaseMs = options.leaseMs ?? 1000;
    this.clock = options.clock ?? (() => performance.now());
  }

  async admit(apiKeyId: string): Promise<RateDecision> {
    const now = this.clock();
    let lease = this.leases.get(apiKeyId);
    if (lease && lease.tokens > 0 && now < lease.expiresAt) {
      lease.tokens--;
      return ALLOWED;
    }
    if (lease && now < lease.refusedUntil) return this.refusal(lease.refusedUntil - now);

    const { granted, left } = await this.source.take(apiKeyId, this.limit, this.leaseSize);
    const after = this.clock();
    lease = this.leases.get(apiKeyId) ?? { tokens: 0, expiresAt: 0, refusedUntil: 0 };
    this.leases.set(apiKeyId, lease);
    if (granted > 0) {
      // Requests that took leases at the same time pool them; one token is this request's own.
      lease.tokens = (after < lease.expiresAt ? lease.tokens : 0) + granted - 1;
      lease.expiresAt = after + this.leaseMs;
      return ALLOWED;
    }
    // Empty: the next token flows in after (1 - left) / rps seconds.
    const waitMs = ((1 - left) / this.limit.rps) * 1000;
    lease.refusedUntil = after + waitMs;
    return this.refusal(waitMs);
  }

  private refusal(waitMs: number): RateDecision {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
