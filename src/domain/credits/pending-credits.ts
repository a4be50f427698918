import type { CreditRow } from './credit.repository.js';

interface Entry extends CreditRow {
  tenantId: string;
}

/**
 * Credits charged and not yet written, as a server counts them between two flushes: one entry per key
 * and day, plus a running sum per tenant for the quota check. Charging is a map lookup and two
 * additions; a batch holds about a second of traffic, so walking it for a ledger's report is cheap.
 */
export class PendingCredits {
  private readonly entries = new Map<string, Entry>();
  private readonly tenants = new Map<string, number>();

  get size(): number {
    return this.entries.size;
  }

  add(apiKeyId: string, ledgerId: string, tenantId: string, day: string, credits: number): void {
    const key = `${apiKeyId}|${day}`;
    const entry = this.entries.get(key);
    if (entry) entry.credits += credits;
    else this.entries.set(key, { apiKeyId, ledgerId, tenantId, day, credits });
    this.tenants.set(tenantId, (this.tenants.get(tenantId) ?? 0) + credits);
  }

  /** Adds another batch to this one (a flush that failed gives its batch back this way). */
  merge(other: PendingCredits): void {
    for (const e of other.entries.values()) this.add(e.apiKeyId, e.ledgerId, e.tenantId, e.day, e.credits);
  }

  ofTenant(tenantId: string): number {
    return this.tenants.get(tenantId) ?? 0;
  }

  /** Adds the ledger's pending credits to `byDay`. */
  addLedgerDays(ledgerId: string, byDay: Map<string, number>): void {
    for (const e of this.entries.values()) {
      if (e.ledgerId === ledgerId) byDay.set(e.day, (byDay.get(e.day) ?? 0) + e.credits);
    }
  }

  /** The rows to write, sorted by key and day (the lock order of the upsert). */
  rows(): CreditRow[] {
    const rows = [...this.entries.values()].map(({ apiKeyId, ledgerId, day, credits }) => ({
      apiKeyId,
      ledgerId,
      day,
      credits,
    }));
    return rows.sort((a, b) => (a.apiKeyId === b.apiKeyId ? cmp(a.day, b.day) : cmp(a.apiKeyId, b.apiKeyId)));
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
