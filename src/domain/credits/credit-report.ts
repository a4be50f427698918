import type { Database } from '../../storage/database.js';
import { UnknownTenantError } from '../tenancy/tenancy.service.js';
import { findTenantByName } from '../tenancy/tenancy.repository.js';
import { keyCreditsBetween } from './credit.repository.js';

export interface KeyCredits {
  tenant: string;
  network: string;
  keyId: string;
  hint: string;
  revoked: boolean;
  credits: number;
}

export interface TenantCredits {
  tenant: string;
  credits: number;
  monthlyCreditQuota: number | null;
}

/** The last day of a `YYYY-MM` month. */
function monthEnd(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

/**
 * What each key consumed in a UTC month, as written so far, and each tenant's total against its quota:
 * the operator's view of which key consumed what. Throws UnknownTenantError.
 */
export async function keyCredits(
  db: Database,
  month: string,
  tenantName?: string,
): Promise<{ month: string; keys: KeyCredits[]; tenants: TenantCredits[] }> {
  if (tenantName !== undefined && !(await findTenantByName(db, tenantName))) {
    throw new UnknownTenantError(`No tenant named '${tenantName}'.`);
  }
  const rows = await keyCreditsBetween(db, `${month}-01`, monthEnd(month), tenantName);
  const tenants = new Map<string, TenantCredits>();
  for (const row of rows) {
    const tenant = tenants.get(row.tenant_name) ?? {
      tenant: row.tenant_name,
      credits: 0,
      monthlyCreditQuota: row.monthly_credit_quota,
    };
    tenant.credits += row.credits;
    tenants.set(row.tenant_name, tenant);
  }
  const keys = rows.map((row) => ({
    tenant: row.tenant_name,
    network: row.network,
    keyId: row.api_key_id,
    hint: row.key_hint,
    revoked: row.revoked_at !== null,
    credits: row.credits,
  }));
  return { month, keys, tenants: [...tenants.values()] };
}
