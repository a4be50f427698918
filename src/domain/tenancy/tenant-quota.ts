import type { Ledger } from '../create-ledger.js';
import { findTenantByName, setMonthlyCreditQuota } from './tenancy.repository.js';
import { UnknownTenantError } from './tenancy.service.js';

/**
 * Sets a tenant's monthly credit quota (null removes it). It counts the credits of both the tenant's
 * ledgers in a UTC calendar month; once they reach it, calls are refused with 403
 * credits.quota.exceeded. Servers read it with the key; the change is announced (domain/changes.ts), so it
 * applies at the next request of every server that hears it. Throws UnknownTenantError.
 */
export async function setTenantQuota(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  tenantName: string,
  quota: number | null,
): Promise<void> {
  await db.transaction(async (tx) => {
    const tenant = await findTenantByName(tx, tenantName);
    if (!tenant) throw new UnknownTenantError(`No tenant named '${tenantName}'.`);
    await setMonthlyCreditQuota(tx, tenant.id, quota);
    changes.announce(tx, { tenant: tenant.id });
  });
}
