import type { Ledger } from '../create-ledger.js';
import { columnsFromSetting, settingFromColumns, type RateLimitSetting } from '../rate-limit/rate-limit-setting.js';
import {
  findApiKeyById,
  findTenantByName,
  findTenantRateLimit,
  setApiKeyRateLimit,
  setTenantRateLimit,
} from './tenancy.repository.js';
import {
  ApiKeyRevokedError,
  toApiKeyInfo,
  UnknownApiKeyError,
  UnknownTenantError,
  type ApiKeyInfo,
} from './tenancy.service.js';

// Rate limits are the operator's choice (README, Rate limits): a key's setting wins over its tenant's, a
// tenant's over the environment's. Servers read the settings with the key; a change is announced
// (domain/changes.ts), so it applies at the next request of every server that hears it.

/** Sets (or, with null, removes) a tenant's rate limit for all its keys. Throws UnknownTenantError. */
export async function setTenantRateLimitSetting(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  tenantName: string,
  setting: RateLimitSetting,
): Promise<void> {
  await db.transaction(async (tx) => {
    const tenant = await findTenantByName(tx, tenantName);
    if (!tenant) throw new UnknownTenantError(`No tenant named '${tenantName}'.`);
    await setTenantRateLimit(tx, tenant.id, columnsFromSetting(setting));
    changes.announce(tx, { tenant: tenant.id });
  });
}

/**
 * Sets (or, with null, removes) one key's own rate limit. Returns the key, and the setting its requests
 * get when it has none of its own (its tenant's). Throws UnknownApiKeyError, ApiKeyRevokedError.
 */
export async function setApiKeyRateLimitSetting(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  id: string,
  setting: RateLimitSetting,
): Promise<{ key: ApiKeyInfo; tenantSetting: RateLimitSetting }> {
  return db.transaction(async (tx) => {
    const row = await findApiKeyById(tx, id);
    if (!row) throw new UnknownApiKeyError(`No API key with id '${id}'.`);
    if (row.revoked_at) throw new ApiKeyRevokedError(`The API key '${id}' is revoked.`);
    await setApiKeyRateLimit(tx, id, columnsFromSetting(setting));
    changes.announce(tx, { apiKey: id });
    return { key: toApiKeyInfo(row), tenantSetting: settingFromColumns(await findTenantRateLimit(tx, row.tenant_id)) };
  });
}
