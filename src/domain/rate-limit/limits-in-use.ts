import type { Queryable } from '../../storage/database.js';
import type { Change, ChangeSubscriber } from '../changes.js';
import { CALLER_CACHE_MS } from '../tenancy/caller-cache.js';
import { anyRateLimitSet } from './rate-limit.repository.js';
import type { RateLimit } from './token-bucket.js';

export interface LimitsInUseOptions {
  ttlMs?: number;
  /** Milliseconds, monotonic; tests move it. */
  clock?: () => number;
}

/**
 * Whether the rate limiter is on: the environment sets a limit for all, or some tenant or key has a limit
 * of its own. Read from the database at most once per CALLER_CACHE_MS, and again after every change of a
 * key or a tenant heard (domain/changes.ts), as keys are; while the announcements' connection is down,
 * at every question.
 */
export class RateLimitsInUse implements ChangeSubscriber {
  private known?: { inUse: boolean; expiresAt: number };
  private reading?: Promise<boolean>;
  /** Moves on at every change heard; a read compares it before and after. */
  private generation = 0;
  private live = false;
  private readonly ttlMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly db: Queryable,
    private readonly environment: RateLimit | undefined,
    options: LimitsInUseOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? CALLER_CACHE_MS;
    this.clock = options.clock ?? (() => performance.now());
  }

  now(): boolean | Promise<boolean> {
    if (this.environment) return true;
    const known = this.known;
    if (known && this.clock() < known.expiresAt) return known.inUse;
    if (this.reading) return this.reading;
    const read = this.read(this.generation).finally(() => {
      if (this.reading === read) this.reading = undefined;
    });
    return (this.reading = read);
  }

  changed(change: Change): void {
    if ('apiKey' in change || 'tenant' in change) this.forget();
  }

  interrupted(): void {
    this.live = false;
    this.forget();
  }

  listening(): void {
    this.forget();
    this.live = true;
  }

  /** What is known, or being read, may predate the change. */
  private forget(): void {
    this.generation++;
    this.known = undefined;
    this.reading = undefined;
  }

  private async read(generation: number): Promise<boolean> {
    const started = this.clock();
    const inUse = await anyRateLimitSet(this.db);
    if (this.live && generation === this.generation) this.known = { inUse, expiresAt: started + this.ttlMs };
    return inUse;
  }
}
