import type { Database } from '../../storage/database.js';
import { CALLER_CACHE_MS } from '../tenancy/caller-cache.js';
import { tenancyGeneration } from '../tenancy/tenancy-changes.js';
import { anyRateLimitSet } from './rate-limit.repository.js';
import type { RateLimit } from './token-bucket.js';

export interface LimitsInUseOptions {
  ttlMs?: number;
  /** Milliseconds, monotonic; tests move it. */
  clock?: () => number;
}

/**
 * Whether the rate limiter is on: the environment sets a limit for all, or some tenant or key has a limit
 * of its own. Read from the database at most once per CALLER_CACHE_MS (and after each change made through
 * this process's handle), as keys are: a setting made elsewhere counts within that bound.
 */
export class RateLimitsInUse {
  private known?: { inUse: boolean; generation: number; expiresAt: number };
  private reading?: Promise<boolean>;
  private readonly ttlMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly db: Database,
    private readonly environment: RateLimit | undefined,
    options: LimitsInUseOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? CALLER_CACHE_MS;
    this.clock = options.clock ?? (() => performance.now());
  }

  now(): boolean | Promise<boolean> {
    if (this.environment) return true;
    const generation = tenancyGeneration(this.db);
    const known = this.known;
    if (known && known.generation === generation && this.clock() < known.expiresAt) return known.inUse;
    return (this.reading ??= this.read(generation).finally(() => (this.reading = undefined)));
  }

  private async read(generation: number): Promise<boolean> {
    const started = this.clock();
    const inUse = await anyRateLimitSet(this.db);
    this.known = { inUse, generation, expiresAt: started + this.ttlMs };
    return inUse;
  }
}
