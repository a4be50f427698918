import type { Database, Queryable } from '../../storage/database.js';
import { newId } from '../ids.js';
import { NETWORKS, type LedgerScope, type Network } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { apiKeyHint, generateApiKey, hashApiKey } from './api-key.js';
import {
  countApiKeys,
  findApiKeyByHash,
  findLedgerId,
  findTenantByName,
  insertApiKey,
  insertLedger,
  insertTenant,
  type TenantRow,
} from './tenancy.repository.js';

export const DEFAULT_TENANT = 'default';

async function insertTenantWithLedgers(tx: Queryable, name: string): Promise<TenantRow | undefined> {
  const created = await insertTenant(tx, newId(), name);
  if (created) for (const network of NETWORKS) await insertLedger(tx, newId(), created.id, network);
  return created;
}

/** A tenant with its two ledgers; the existing one when the name is taken. */
export async function ensureTenant(tx: Queryable, name: string): Promise<TenantRow> {
  return (await insertTenantWithLedgers(tx, name)) ?? (await findTenantByName(tx, name))!;
}

export class TenantExistsError extends Error {}
export class UnknownTenantError extends Error {}

export async function createTenant(db: Database, name: string): Promise<TenantRow> {
  return db.transaction(async (tx) => {
    const created = await insertTenantWithLedgers(tx, name);
    if (!created) throw new TenantExistsError(`A tenant named '${name}' exists already.`);
    return created;
  });
}

async function addKey(tx: Queryable, tenant: TenantRow, network: Network, key: string, label: string | null) {
  const id = newId();
  const ledgerId = (await findLedgerId(tx, tenant.id, network))!;
  await insertApiKey(tx, { id, ledgerId, hash: hashApiKey(key), hint: apiKeyHint(key), label });
  return id;
}

/** Makes a new key for a tenant's mainnet or testnet ledger; the key is returned once, never stored. */
export async function createApiKey(
  db: Database,
  tenantName: string,
  network: Network,
  label: string | null = null,
): Promise<{ id: string; key: string }> {
  return db.transaction(async (tx) => {
    const tenant = await findTenantByName(tx, tenantName);
    if (!tenant) throw new UnknownTenantError(`No tenant named '${tenantName}'.`);
    const key = generateApiKey(network);
    return { id: await addKey(tx, tenant, network, key, label), key };
  });
}

export interface StartupKeys {
  mainnet?: string;
  testnet?: string;
}

/**
 * At start: keys given in the environment are registered for the default tenant (again and again, with
 * no effect after the first time); when the database has no key at all and none is given, one key per
 * network is made and returned so that the caller can show it once.
 */
export async function provisionStartupKeys(db: Database, configured: StartupKeys): Promise<StartupKeys> {
  return db.transaction(async (tx) => {
    const made: StartupKeys = {};
    const given = NETWORKS.filter((network) => configured[network]);
    if (given.length === 0 && (await countApiKeys(tx)) > 0) return made;
    const tenant = await ensureTenant(tx, DEFAULT_TENANT);
    for (const network of NETWORKS) {
      const key = configured[network];
      if (key) {
        const existing = await findApiKeyByHash(tx, hashApiKey(key));
        if (!existing) await addKey(tx, tenant, network, key, 'from environment');
        else if (existing.network !== network || existing.tenant_id !== tenant.id) {
          throw new Error(`The ${network} key given in the environment already belongs to another ledger.`);
        }
      } else if (given.length === 0) {
        made[network] = generateApiKey(network);
        await addKey(tx, tenant, network, made[network]!, 'made at first start');
      }
    }
    return made;
  });
}

/** The ledger an API key addresses. Throws subscriptionInvalid, subscriptionNotActive. */
export async function authenticate(db: Database, key: string | undefined): Promise<LedgerScope> {
  const row = key ? await findApiKeyByHash(db, hashApiKey(key)) : undefined;
  if (!row || row.revoked_at) throw new LedgerError('subscriptionInvalid', { apiKey: key ?? '' });
  if (!row.tenant_active) throw new LedgerError('subscriptionNotActive');
  return { ledgerId: row.ledger_id, network: row.network, tenantId: row.tenant_id, apiKeyId: row.id };
}
