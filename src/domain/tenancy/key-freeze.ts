import type { Database } from '../../storage/database.js';
import { tenancyChanged } from './tenancy-changes.js';
import { findApiKeyById, setApiKeyFrozen } from './tenancy.repository.js';
import { ApiKeyRevokedError, toApiKeyInfo, UnknownApiKeyError, type ApiKeyInfo } from './tenancy.service.js';

// A frozen key may only read (docs/decisions/0008-key-errors-and-freeze.md): Tatum's
// `PUT /v3/tatum/freeze` protects a key that may have leaked while its owner finds out. Authentication
// reads the flag with the key; a freeze applies to the next request on the servers of this process, and
// within CALLER_CACHE_MS (caller-cache.ts) on any other server sharing the database.

/** The caller freezes or unfreezes its own key (`PUT` / `DELETE /v3/tatum/freeze`); idempotent. */
export async function setCallerKeyFrozen(db: Database, apiKeyId: string, frozen: boolean): Promise<void> {
  await setApiKeyFrozen(db, apiKeyId, frozen);
  tenancyChanged(db);
}

/**
 * An operator freezes or unfreezes a key by id. Returns the key as it is now and whether it changed.
 * Throws UnknownApiKeyError, ApiKeyRevokedError.
 */
export async function setApiKeyFrozenById(
  db: Database,
  id: string,
  frozen: boolean,
): Promise<{ key: ApiKeyInfo; changed: boolean }> {
  const result = await db.transaction(async (tx) => {
    const before = await findApiKeyById(tx, id);
    if (!before) throw new UnknownApiKeyError(`No API key with id '${id}'.`);
    if (before.revoked_at) throw new ApiKeyRevokedError(`The API key '${id}' is revoked.`);
    if (before.frozen === frozen) return { key: toApiKeyInfo(before), changed: false };
    await setApiKeyFrozen(tx, id, frozen);
    return { key: toApiKeyInfo((await findApiKeyById(tx, id))!), changed: true };
  });
  if (result.changed) tenancyChanged(db);
  return result;
}
