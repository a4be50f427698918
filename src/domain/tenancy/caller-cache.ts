import type { Queryable } from '../../storage/database.js';
import type { Change, ChangeSubscriber } from '../changes.js';
import { hashApiKey } from './api-key.js';
import { findApiKeyByHash } from './tenancy.repository.js';
import { callerOf, type Caller } from './tenancy.service.js';

/**
 * How long a server may answer with what it read of an API key (its ledger, freeze flag, revocation, its
 * tenant's quota and their rate limits), at most. Every change of a key or a tenant is announced (the
 * change signal, domain/changes.ts): made through this server, it applies at the next request; made by
 * another process (the command line, another server, an operator's SQL), as soon as the database's
 * announcement arrives. The bound only matters if an announcement were lost without the connection
 * failing. While the announcements' connection is down, nothing is kept.
 */
export const CALLER_CACHE_MS = 1000;

interface Entry {
  caller: Caller;
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
 * (and once per change of the key or its tenant), instead of once per request: authentication costs a
 * database round trip per key and second, not per call. Unknown and revoked keys are not kept, so a
 * new key works at once and a bad one is refused each time as before.
 *
 * As in the customer cache, a read keeps what it brought back only if no change was heard while it ran,
 * and nothing is kept until the announcements are heard (`listening`).
 */
export class CallerCache implements ChangeSubscriber {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<Caller>>();
  /** Moves on at every change heard; a read compares it before and after. */
  private generation = 0;
  private live = false;
  private readonly ttlMs: number;
  private readonly clock: () => number;
  private readonly guard?: KeyLookupGuard;

  constructor(
    private readonly db: Queryable,
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
    const generation = this.generation;
    const entry = this.entries.get(hash);
    if (entry && this.clock() < entry.expiresAt) return entry.caller;
    // Requests that miss together share one read, if it began after the last change heard.
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
    if (!this.live || generation !== this.generation) return caller;
    if (this.entries.size >= SWEEP_ABOVE) this.sweep();
    // The age counts from before the read: nothing is kept longer than the bound after it was true.
    this.entries.set(hash, { caller, expiresAt: started + this.ttlMs });
    return caller;
  }

  /** Forgets the callers of a changed key, or of every key of a changed tenant. */
  changed(change: Change): void {
    if ('apiKey' in change) this.forget((caller) => caller.apiKeyId === change.apiKey);
    else if ('tenant' in change) this.forget((caller) => caller.tenantId === change.tenant);
  }

  /** Announcements may have been missed: nothing kept can be trusted, and nothing is kept until listening(). */
  interrupted(): void {
    this.live = false;
    this.forget(() => true);
  }

  /** Announcements flow (again). What reads that started before bring back is not kept. */
  listening(): void {
    this.generation++;
    this.live = true;
  }

  private forget(which: (caller: Caller) => boolean): void {
    this.generation++;
    for (const [hash, entry] of this.entries) if (which(entry.caller)) this.entries.delete(hash);
  }

  private sweep(): void {
    const now = this.clock();
    for (const [hash, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(hash);
  }
}
