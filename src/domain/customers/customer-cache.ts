import type { Customer } from '../../contract/customer.schema.js';
import type { Change, ChangeSubscriber } from '../changes.js';

/**
 * What a server on PostgreSQL keeps a customer it looked up for, at most. Changes made through any
 * server (any connection, in fact: a trigger announces them, migration 009) make every server forget
 * the customer as soon as the announcement arrives, a fraction of a millisecond after the commit on one
 * machine; the bound only matters if an announcement were lost without the connection failing. While
 * the announcements' connection is down, nothing is kept.
 */
export const CUSTOMER_CACHE_MS = 10_000;

/** Past this many entries, expired ones are dropped, then the oldest quarter if that is not enough. */
const MAX_ENTRIES = 50_000;

interface Entry {
  customer: Customer;
  expiresAt: number;
}

export interface CustomerCacheOptions {
  ttlMs?: number;
  /** Milliseconds, monotonic; tests move it. */
  clock?: () => number;
}

/**
 * The customers looked up by id or externalId, so that a busy customer costs a database read once, not
 * at every request. Misses are not kept: a new customer is found at once.
 *
 * Correctness rests on two rules. A change forgets the customer once it has committed (the change
 * signal, domain/changes.ts: after commit for this server's own changes, the database's announcement
 * for everyone's), so no read can start between the commit and the forgetting. And a read keeps what it
 * brought back only if nothing was forgotten while it ran: a read that started before a commit may
 * return the old row after the forgetting, and must not bring it back. Nothing is kept until the
 * announcements are heard (`listening`).
 */
export class CustomerCache implements ChangeSubscriber {
  /** By `${ledgerId}/${the key asked for}`: an internal id or an externalId. */
  private readonly entries = new Map<string, Entry>();
  /** By `${ledgerId}/${customer id}`: the keys of `entries` that hold the customer. */
  private readonly keysOf = new Map<string, string[]>();
  /** Moves on at every forgetting; a read compares it before and after. */
  private changes = 0;
  private readonly ttlMs: number;
  private readonly clock: () => number;
  private live = false;

  constructor(options: CustomerCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? CUSTOMER_CACHE_MS;
    this.clock = options.clock ?? (() => performance.now());
  }

  /** The customer `key` names in the ledger, from memory if it was read within the bound. */
  async read(ledgerId: string, key: string, load: () => Promise<Customer | undefined>): Promise<Customer | undefined> {
    const at = `${ledgerId}/${key}`;
    const entry = this.entries.get(at);
    const startedAt = this.clock();
    if (entry && startedAt < entry.expiresAt) return entry.customer;
    const changes = this.changes;
    const customer = await load();
    if (customer && this.live && changes === this.changes) this.keep(ledgerId, at, customer, startedAt);
    return customer;
  }

  /** Drops every key that holds the customer, and the key equal to its id whatever it held. */
  forget(ledgerId: string, customerId: string): void {
    this.changes++;
    const owner = `${ledgerId}/${customerId}`;
    for (const at of this.keysOf.get(owner) ?? []) this.entries.delete(at);
    this.keysOf.delete(owner);
    // Another customer's externalId may equal this id; the internal id wins a lookup from now on.
    this.entries.delete(owner);
  }

  changed(change: Change): void {
    if ('customer' in change) this.forget(change.customer.ledgerId, change.customer.id);
  }

  /** Announcements may have been missed: nothing kept can be trusted, and nothing is kept until listening(). */
  interrupted(): void {
    this.live = false;
    this.changes++;
    this.entries.clear();
    this.keysOf.clear();
  }

  /** Announcements flow (again). What reads that started before bring back is not kept. */
  listening(): void {
    this.changes++;
    this.live = true;
  }

  private keep(ledgerId: string, at: string, customer: Customer, startedAt: number): void {
    if (this.entries.size >= MAX_ENTRIES) this.sweep();
    // The age counts from before the read: nothing is kept longer than the bound after it was true.
    this.entries.set(at, { customer: Object.freeze(customer), expiresAt: startedAt + this.ttlMs });
    const owner = `${ledgerId}/${customer.id}`;
    const keys = this.keysOf.get(owner);
    if (!keys) this.keysOf.set(owner, [at]);
    else if (!keys.includes(at)) keys.push(at);
  }

  private sweep(): void {
    const now = this.clock();
    for (const [at, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(at);
    // A Map iterates in insertion order: the first entries are the oldest.
    let drop = this.entries.size >= MAX_ENTRIES ? MAX_ENTRIES / 4 : 0;
    for (const at of this.entries.keys()) {
      if (drop-- <= 0) break;
      this.entries.delete(at);
    }
    for (const [owner, keys] of this.keysOf) {
      const live = keys.filter((at) => this.entries.has(at));
      if (live.length === 0) this.keysOf.delete(owner);
      else this.keysOf.set(owner, live);
    }
  }
}
