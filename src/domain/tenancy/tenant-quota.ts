import type { Database } from '../../storage/database.js';
import { tenancyChanged } from './tenancy-changes.js';
import { findTenantByName, setMonthlyCreditQuota } from './tenancy.repository.js';
import { UnknownTenantError } from './tenancy.service.js';

/**
 * Sets a tenant's monthly credit quota (null removes it). It counts the credits of both the tenant's
 * ledgers in a UTC calendar month; once they reach it, calls are refused with 403
 * credits.quota.exceeded. Servers read it with the key: it applies at the next request on the servers of
 * this process, and within CALLER_CACHE_MS (caller-cache.ts) on any other.
 * Throws UnknownTenantError.
 */
export async function setTenantQuota(db: Database, tenantName: string, quota: number | null): Promise<void> {
  await db.transaction(async (tx) => {
    const tenant = await findTenantByName(tx, tenantName);
    if (!tenant) throw new UnknownTenantError(`No tenant named '${tenantName}'.`);
    await setMonthlyCreditQuota(tx, tenant.id, quota);
  });
  tenancyChanged(db);
}
