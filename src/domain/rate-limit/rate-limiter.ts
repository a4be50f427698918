import type { Database } from '../../storage/database.js';
import { takeTokens } from './rate-limit.repository.js';
import { MemoryTokenSource, type RateLimit, type TokenSource } from './token-bucket.js';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface LeaseOptions {
  /** Tokens taken from the shared bucket at a time; default a tenth of a second's worth, at least 1. */
  leaseSize?: number;
  /** How long leased tokens stay usable; unused ones are dropped then. Default 1000 ms. */
  leaseMs?: number;
  /** A monotonic clock in milliseconds; tests move it. */
  clock?: () => number;
}

interface Waiter {
  resolve(decision: RateDecision): void;
  reject(error: unknown): void;
}

/** What this server holds of one key's bucket. */
interface KeyState {
  tokens: number;
  expiresAt: number;
  /** Until then the bucket is known to be empty: refuse without asking it. */
  refusedUntil: number;
  /** The limit `refusedUntil` was computed under: a new one (set by the operator) asks the bucket again. */
  limit?: RateLimit;
  /** Requests waiting for the one take in flight, oldest first. */
  waiting: Waiter[];
  fetching: boolean;
}

const ALLOWED: RateDecision = { allowed: true };

/**
 * Where the buckets of a server on `db` live; the ledger makes one (domain/create-ledger.ts). On
 * PostgreSQL, in a table every server shares, so a second server does not double a key's allowance. On
 * PGlite, in this server's memory: only one process can open a PGlite database.
 */
export function tokenSourceFor(db: Database): TokenSource {
  if (db.kind === 'postgres') return { take: (apiKeyId, limit, want) => takeTokens(db, apiKeyId, limit, want) };
  return new MemoryTokenSource();
}

/**
 * A token bucket per API key. Asking a shared bucket for every request would cost a database round trip
 * each, so a server takes tokens for many requests at once (one atomic upsert) and spends them in memory.
 *
 * One take per key is in flight at a time: requests that find no token in memory while it runs wait for
 * it, and it asks for as many tokens as requests wait (at least a lease, a tenth of a second's worth of
 * the key's rate). Requests are refused only when the bucket itself comes back short, so however many
 * arrive at once, exactly as many as the bucket holds are admitted, and a burst costs a server one or two
 * round trips, not one per request. Leases beyond the waiting requests come only from the bucket's upper
 * half (refillAndTake), so servers sharing a bucket do not keep each other's tokens as it runs out.
 *
 * The servers together never exceed the bucket, because every token they spend came out of it. Leased
 * tokens unspent after `leaseMs` are dropped, and a key refused once is refused from memory until its
 * bucket can have refilled, so a flood of refused requests does not reach the database.
 */
export class RateLimiter {
  private readonly keys = new Map<string, KeyState>();
  private readonly leaseSize?: number;
  private readonly leaseMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly source: TokenSource,
    options: LeaseOptions = {},
  ) {
    this.leaseSize = options.leaseSize;
    this.leaseMs = options.leaseMs ?? 1000;
    this.clock = options.clock ?? (() => performance.now());
  }

  /** Admits or refuses one request of the key under `limit`; without a promise when memory decides. */
  admit(apiKeyId: string, limit: RateLimit): RateDecision | Promise<RateDecision> {
    const now = this.clock();
    let state = this.keys.get(apiKeyId);
    if (!state)
      this.keys.set(apiKeyId, (state = { tokens: 0, expiresAt: 0, refusedUntil: 0, waiting: [], fetching: false }));
    if (!state.fetching) {
      if (state.tokens > 0 && now < state.expiresAt) {
        state.tokens--;
        return ALLOWED;
      }
      if (now < state.refusedUntil && sameLimit(state.limit, limit)) return refusal(state.refusedUntil - now);
    }
    const waiting = state.waiting;
    const decision = new Promise<RateDecision>((resolve, reject) => waiting.push({ resolve, reject }));
    if (!state.fetching) void this.fetch(apiKeyId, state, limit);
    return decision;
  }

  /** The one take in flight for a key: runs until no request waits. */
  private async fetch(apiKeyId: string, state: KeyState, limit: RateLimit): Promise<void> {
    state.fetching = true;
    try {
      while (state.waiting.length > 0) {
        const need = state.waiting.length;
        const lease = Math.max(1, Math.min(limit.burst, this.leaseSize ?? Math.ceil(limit.rps / 10)));
        const { granted, left } = await this.source.take(apiKeyId, limit, { need, extra: Math.max(0, lease - need) });
        const after = this.clock();
        if (after >= state.expiresAt) state.tokens = 0;
        if (granted > 0) {
          state.tokens += granted;
          state.expiresAt = after + this.leaseMs;
        }
        // Oldest first; those that came during the take are served from what is left over.
        const admitted = state.waiting.splice(0, Math.min(state.tokens, state.waiting.length));
        state.tokens -= admitted.length;
        for (const waiter of admitted) waiter.resolve(ALLOWED);
        if (granted < need) {
          // The bucket is empty: the next token flows in after (1 - left) / rps seconds.
          const waitMs = ((1 - left) / limit.rps) * 1000;
          state.refusedUntil = after + waitMs;
          state.limit = limit;
          for (const waiter of state.waiting.splice(0)) waiter.resolve(refusal(waitMs));
        }
      }
    } catch (error) {
      for (const waiter of state.waiting.splice(0)) waiter.reject(error);
    } finally {
      state.fetching = false;
    }
  }
}

const sameLimit = (a: RateLimit | undefined, b: RateLimit) => a?.rps === b.rps && a.burst === b.burst;

function refusal(waitMs: number): RateDecision {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}
