import type { Database } from '../../storage/database.js';
import { hashApiKey } from './api-key.js';
import { tenancyGeneration } from './tenancy-changes.js';
import { findApiKeyByHash } from './tenancy.repository.js';
import { callerOf, type Caller } from './tenancy.service.js';

/**
 * How long a server may answer with what it read of an API key (its ledger, freeze flag, revocation and
 * its tenant's quota) when the change was made by another process: the command line, or another
 * server on the same PostgreSQL. A change made through this process's own database handle (the
 * freeze routes, or the command line's functions in the same process) applies at the next request.
 */
export const CALLER_CACHE_MS = 1000;

interface Entry {
  caller: Caller;
  generation: number;
  expiresAt: number;
}

// Entries of keys no longer used are dropped when the map grows past this, so it cannot grow forever.
const SWEEP_ABOVE = 10_000;

/** What may refuse a request before its key is looked up in the database (rate-limit/unknown-keys.ts). */
export interface KeyLookupGuard {
  /** Before a lookup for a request from `address`; throws (or rejects) to refuse the request. */
  beforeLookup(address: string): void | Promise<void>;
  /** The key was found: the lookup was not one to count against the address. */
  found(address: string): void;
}

export interface CallerCacheOptions {
  ttlMs?: number;
  /** Consulted before each lookup a request starts; none by default. */
  lookupGuard?: KeyLookupGuard;
  /** Milliseconds, monotonic; tests move it. */
  clock?: () => number;
}

/**
 * The ledger each API key addresses, read from the database at most once per key and CALLER_CACHE_MS
 * (and once per change made in this process), instead of once per request: authentication costs a
 * database round trip per key and second, not per call. Unknown and revoked keys are not kept, so a
 * new key works at once and a bad one is refused each time as before.
 */
export class CallerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Caller>>();
  private readonly ttlMs: number;
  private readonly clock: () => number;
  private readonly guard?: KeyLookupGuard;

  constructor(
    private readonly db: Database,
    options: CallerCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? CALLER_CACHE_MS;
    this.clock = options.clock ?? (() => performance.now());
    this.guard = options.lookupGuard;
  }

  /**
   * The calling key's ledger; `address` is the client's, for the lookup guard. Throws
   * subscriptionInvalid, subscriptionNotActive, and what the guard throws.
   */
  authenticate(key: string | undefined, address = ''): Caller | Promise<Caller> {
    if (!key) return callerOf(undefined, key);
    const hash = hashApiKey(key);
    const generation = tenancyGeneration(this.db);
    const entry = this.entries.get(hash);
    if (entry && entry.generation === generation && this.clock() < entry.expiresAt) return entry.caller;
    // Requests that miss together share one read, if it began after the last change made here.
    const loadingKey = `${generation}:${hash}`;
    const pending = this.loading.get(loadingKey);
    if (pending) return pending;
    const read = this.guarded(address, () => this.read(key, hash, generation)).finally(() =>
      this.loading.delete(loadingKey),
    );
    this.loading.set(loadingKey, read);
    return read;
  }

  private guarded(address: string, lookUp: () => Promise<Caller>): Promise<Caller> {
    const guard = this.guard;
    if (!guard) return lookUp();
    return (async () => {
      await guard.beforeLookup(address);
      const caller = await lookUp();
      guard.found(address);
      return caller;
    })();
  }

  private async read(key: string, hash: string, generation: number): Promise<Caller> {
    const started = this.clock();
    let caller: Caller;
    try {
      caller = callerOf(await findApiKeyByHash(this.db, hash), key);
    } catch (error) {
      this.entries.delete(hash);
      throw error;
    }
    if (this.entries.size >= SWEEP_ABOVE) this.sweep();
    // The age counts from before the read: nothing is kept longer than the bound after it was true.
    this.entries.set(hash, { caller, generation, expiresAt: started + this.ttlMs });
    return caller;
  }

  private sweep(): void {
    const now = this.clock();
    for (const [hash, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(hash);
  }
}
