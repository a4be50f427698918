import type { Ledger } from '../create-ledger.js';
import { findApiKeyById, setApiKeyFrozen } from './tenancy.repository.js';
import { ApiKeyRevokedError, toApiKeyInfo, UnknownApiKeyError, type ApiKeyInfo } from './tenancy.service.js';

// A frozen key may only read (docs/decisions/0008-key-errors-and-freeze.md): Tatum's
// `PUT /v3/tatum/freeze` protects a key that may have leaked while its owner finds out. Authentication
// reads the flag with the key; a freeze is announced (domain/changes.ts), so it applies to the next
// request on this server, and on any other as soon as the database's announcement reaches it.

/** The caller freezes or unfreezes its own key (`PUT` / `DELETE /v3/tatum/freeze`); idempotent. */
export async function setCallerKeyFrozen(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  apiKeyId: string,
  frozen: boolean,
): Promise<void> {
  await setApiKeyFrozen(db, apiKeyId, frozen);
  // After the statement: outside a transaction it has committed; inside a unit of work, heard once that commits.
  changes.announce(db, { apiKey: apiKeyId });
}

/**
 * An operator freezes or unfreezes a key by id. Returns the key as it is now and whether it changed.
 * Throws UnknownApiKeyError, ApiKeyRevokedError.
 */
export async function setApiKeyFrozenById(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  id: string,
  frozen: boolean,
): Promise<{ key: ApiKeyInfo; changed: boolean }> {
  return db.transaction(async (tx) => {
    const before = await findApiKeyById(tx, id);
    if (!before) throw new UnknownApiKeyError(`No API key with id '${id}'.`);
    if (before.revoked_at) throw new ApiKeyRevokedError(`The API key '${id}' is revoked.`);
    if (before.frozen === frozen) return { key: toApiKeyInfo(before), changed: false };
    await setApiKeyFrozen(tx, id, frozen);
    changes.announce(tx, { apiKey: id });
    return { key: toApiKeyInfo((await findApiKeyById(tx, id))!), changed: true };
  });
}
