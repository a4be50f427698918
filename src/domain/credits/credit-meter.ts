import type { Database } from '../../storage/database.js';
import type { LedgerScope } from '../ledger.js';
import { daysUpTo, monthOf, monthStart, nextDayStarts, utcDay } from './calendar.js';
import { addCredits, ledgerCreditsByDay, tenantCreditsSince } from './credit.repository.js';
import { PendingCredits } from './pending-credits.js';

export interface CreditMeterOptions {
  /** How often counts are written; at most this much is lost if the process dies. Default 1000 ms. */
  flushIntervalMs?: number;
  /** The clock in epoch milliseconds; tests move it. */
  now?: () => number;
  /** Told about a flush that failed; its counts are kept and written by the next one. */
  onFlushError?: (error: unknown) => void;
}

export interface DayUsage {
  day: string;
  credits: number;
}

/** A tenant's credits this month as of the last flush, kept for tenants that have a quota. */
interface TenantMonth {
  month: string;
  flushed: number;
  seenAt: number;
  loading?: Promise<void>;
}

// A tenant not checked for this long is no longer refreshed at every flush; its next call loads it again.
const TENANT_IDLE_MS = 5 * 60_000;

/**
 * Counts the credits of every call in memory and writes them in batches: one upsert per flush, at least
 * once a second and when the server closes, never a database round trip per request. Reads (a ledger's
 * usage, a tenant's month for its quota) add what is not written yet, so one process sees exact counts.
 *
 * Flushes, usage reads and month loads take turns on one lock, so a batch is never counted twice or
 * missed: while a read holds the lock, nothing is half written.
 */
export class CreditMeter {
  private pending = new PendingCredits();
  private inflight = new PendingCredits();
  private readonly months = new Map<string, TenantMonth>();
  private turn: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private day = '';
  private dayEnds = 0;
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    private readonly options: CreditMeterOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    const interval = this.options.flushIntervalMs ?? 1000;
    // Fire and forget: a flush that fails is reported, and its credits wait for the next tick.
    this.timer = setInterval(() => void this.flush().catch((error) => this.options.onFlushError?.(error)), interval);
    // A meter alone never keeps the process alive; close() writes what is left.
    this.timer.unref();
  }

  /** Stops the timer and writes what is pending. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  /** Counts `credits` for the calling key; nothing is written until the next flush. */
  charge(caller: LedgerScope, credits: number): void {
    this.pending.add(caller.apiKeyId, caller.ledgerId, caller.tenantId, this.today(), credits);
  }

  /** The ledger's credits per day for the `days` days up to today, oldest first, unwritten ones included. */
  usageByDay(ledgerId: string, days: number): Promise<DayUsage[]> {
    return this.exclusive(async () => {
      const window = daysUpTo(this.today(), days);
      const rows = await ledgerCreditsByDay(this.db, ledgerId, window[0]!);
      const byDay = new Map(rows.map((r) => [r.day, r.credits]));
      this.pending.addLedgerDays(ledgerId, byDay);
      return window.map((day) => ({ day, credits: byDay.get(day) ?? 0 }));
    });
  }

  /**
   * The tenant's credits this month, over both its ledgers and every server sharing the database (as of
   * the last flush, at most a second old), plus this server's unwritten ones. Synchronous once the
   * tenant is loaded; the first call for a tenant reads the database.
   */
  monthUsed(tenantId: string): number | Promise<number> {
    const month = monthOf(this.today());
    const known = this.months.get(tenantId);
    if (known && known.month === month && !known.loading) {
      known.seenAt = Date.now();
      return known.flushed + this.pending.ofTenant(tenantId) + this.inflight.ofTenant(tenantId);
    }
    const entry = known?.month === month ? known : this.track(tenantId, month);
    return entry.loading!.then(() => this.monthUsed(tenantId));
  }

  /** Writes the pending counts in one statement, then refreshes the month of every tenant checked lately. */
  flush(): Promise<void> {
    return this.exclusive(async () => {
      const batch = this.pending;
      if (batch.size > 0) {
        this.pending = new PendingCredits();
        this.inflight = batch;
        try {
          await addCredits(this.db, batch.rows());
        } catch (error) {
          this.pending.merge(batch);
          throw error;
        } finally {
          this.inflight = new PendingCredits();
        }
        // Written: from now on the batch is part of each tenant's flushed month.
        for (const [tenantId, entry] of this.months) entry.flushed += batch.ofTenant(tenantId);
      }
      await this.refreshMonths();
    });
  }

  private track(tenantId: string, month: string): TenantMonth {
    const entry: TenantMonth = { month, flushed: 0, seenAt: Date.now() };
    entry.loading = this.exclusive(async () => {
      const [row] = await tenantCreditsSince(this.db, [tenantId], `${month}-01`);
      entry.flushed = row?.credits ?? 0;
    })
      .catch((error) => {
        // Not loaded: the tenant's next call tries again rather than seeing a month of zero credits.
        this.months.delete(tenantId);
        throw error;
      })
      .finally(() => (entry.loading = undefined));
    this.months.set(tenantId, entry);
    return entry;
  }

  /** Other servers' writes reach this one's quota checks here. Tenants idle for a while are dropped. */
  private async refreshMonths(): Promise<void> {
    const idleSince = Date.now() - TENANT_IDLE_MS;
    for (const [tenantId, entry] of this.months) if (entry.seenAt < idleSince) this.months.delete(tenantId);
    const tenantIds = [...this.months.keys()];
    if (tenantIds.length === 0) return;
    const today = this.today();
    const rows = await tenantCreditsSince(this.db, tenantIds, monthStart(today));
    const credits = new Map(rows.map((r) => [r.tenant_id, r.credits]));
    for (const tenantId of tenantIds) {
      const entry = this.months.get(tenantId);
      if (entry && !entry.loading) Object.assign(entry, { month: monthOf(today), flushed: credits.get(tenantId) ?? 0 });
    }
  }

  /** The UTC day, worked out again only when the clock leaves the day (forward, or back in tests). */
  private today(): string {
    const now = this.now();
    if (now >= this.dayEnds || now < this.dayEnds - 86_400_000) {
      this.day = utcDay(new Date(now));
      this.dayEnds = nextDayStarts(new Date(now));
    }
    return this.day;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.turn.then(work, work);
    this.turn = run.catch(() => undefined);
    return run;
  }
}
