import type { Database, Queryable } from '../../storage/database.js';
import { takeMigrationLock } from '../../storage/migrate.js';
import type { Ledger } from '../create-ledger.js';
import { newId } from '../ids.js';
import { NETWORKS, type LedgerScope, type Network } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { settingFromColumns, type RateLimitSetting } from '../rate-limit/rate-limit-setting.js';
import { apiKeyHint, apiKeyInMessage, generateApiKey, hashApiKey } from './api-key.js';
import {
  countApiKeys,
  findApiKeyByHash,
  findApiKeyById,
  findLedgerId,
  findTenantByName,
  insertApiKey,
  insertLedger,
  insertTenant,
  listApiKeys as listApiKeyRows,
  listTenants as listTenantRows,
  revokeApiKey as markApiKeyRevoked,
  setMonthlyCreditQuota,
  type ApiKeyRow,
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

/** A refusal of a tenancy use case; its message is meant for the operator as it stands. */
export class TenancyError extends Error {
  override name = this.constructor.name;
}
export class TenantExistsError extends TenancyError {}
export class UnknownTenantError extends TenancyError {}
export class UnknownApiKeyError extends TenancyError {}
export class ApiKeyRevokedError extends TenancyError {}

export interface Tenant {
  id: string;
  name: string;
  active: boolean;
  createdAt: Date;
}

/** What is known of a key once it is made: never the key itself, only its hint. */
export interface ApiKeyInfo {
  id: string;
  tenant: string;
  network: Network;
  hint: string;
  label: string | null;
  frozen: boolean;
  revokedAt: Date | null;
  createdAt: Date;
}

/** A key just made: the only moment the key itself is known. */
export interface NewApiKey {
  id: string;
  key: string;
}

const toTenant = (row: TenantRow): Tenant => ({
  id: row.id,
  name: row.name,
  active: row.active,
  createdAt: row.created_at,
});

export const toApiKeyInfo = (row: ApiKeyRow): ApiKeyInfo => ({
  id: row.id,
  tenant: row.tenant_name,
  network: row.network,
  hint: row.key_hint,
  label: row.label,
  frozen: row.frozen,
  revokedAt: row.revoked_at,
  createdAt: row.created_at,
});

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

/**
 * A tenant, its two ledgers and one key for each, in one transaction: a tenant never exists without
 * the keys its operator was shown.
 */
export async function createTenantWithKeys(
  db: Database,
  name: string,
  label: string | null = null,
  monthlyCreditQuota: number | null = null,
): Promise<{ tenant: Tenant; keys: Record<Network, NewApiKey> }> {
  return db.transaction(async (tx) => {
    const created = await insertTenantWithLedgers(tx, name);
    if (!created) throw new TenantExistsError(`A tenant named '${name}' exists already.`);
    if (monthlyCreditQuota !== null) await setMonthlyCreditQuota(tx, created.id, monthlyCreditQuota);
    const keys = {} as Record<Network, NewApiKey>;
    for (const network of NETWORKS) {
      const key = generateApiKey(network);
      keys[network] = { id: await addKey(tx, created, network, key, label), key };
    }
    return { tenant: toTenant(created), keys };
  });
}

export async function listTenants(db: Database): Promise<Tenant[]> {
  return (await listTenantRows(db)).map(toTenant);
}

/** Every key, oldest first, or those of one tenant; an unknown tenant is an error, not an empty list. */
export async function listApiKeys(db: Database, tenantName?: string): Promise<ApiKeyInfo[]> {
  return db.transaction(async (tx) => {
    if (tenantName !== undefined && !(await findTenantByName(tx, tenantName))) {
      throw new UnknownTenantError(`No tenant named '${tenantName}'.`);
    }
    return (await listApiKeyRows(tx, tenantName)).map(toApiKeyInfo);
  });
}

/**
 * Revokes a key for good: requests with it fail from now on, on every server that hears the
 * announcement (domain/changes.ts). Returns the key as it is now.
 */
export async function revokeApiKey({ db, changes }: Pick<Ledger, 'db' | 'changes'>, id: string): Promise<ApiKeyInfo> {
  return db.transaction(async (tx) => {
    const row = await findApiKeyById(tx, id);
    if (!row) throw new UnknownApiKeyError(`No API key with id '${id}'.`);
    // The conditional update, not the read above, decides a race between two revocations.
    if (row.revoked_at || !(await markApiKeyRevoked(tx, id))) {
      throw new ApiKeyRevokedError(`The API key '${id}' is revoked already.`);
    }
    changes.announce(tx, { apiKey: id });
    return toApiKeyInfo((await findApiKeyById(tx, id))!);
  });
}

export interface StartupKeys {
  mainnet?: string;
  testnet?: string;
}

/**
 * At start: keys given in the environment are registered for the default tenant (again and again, with
 * no effect after the first time); when the database has no key at all and none is given, one key per
 * network is made and returned so that the caller can show it once. Servers starting together take
 * turns under the migrations' lock, so that only the first finds no key and makes them.
 */
export async function provisionStartupKeys(db: Database, configured: StartupKeys): Promise<StartupKeys> {
  return db.transaction(async (tx) => {
    await takeMigrationLock(tx);
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

/**
 * The calling key: the ledger it addresses, and what the guards (http/plugins/guards.ts) check before any ledger
 * work. Servers keep it in memory until a change of the key or its tenant is announced, and at most
 * CALLER_CACHE_MS (caller-cache.ts).
 */
export interface Caller extends LedgerScope {
  /** A frozen key may only read (docs/decisions/0008-key-errors-and-freeze.md). */
  frozen: boolean;
  /** The tenant's credits per UTC calendar month, or null for no limit. */
  monthlyCreditQuota: number | null;
  /** The key's own rate limit setting, else its tenant's; null: the environment's applies. */
  rateLimit: RateLimitSetting;
}

/** The caller a key's row stands for. Throws subscriptionInvalid, subscriptionNotActive. */
export function callerOf(row: ApiKeyRow | undefined, key: string | undefined): Caller {
  if (!row || row.revoked_at) throw new LedgerError('subscriptionInvalid', { apiKey: apiKeyInMessage(key ?? '') });
  if (!row.tenant_active) throw new LedgerError('subscriptionNotActive');
  return {
    ledgerId: row.ledger_id,
    network: row.network,
    tenantId: row.tenant_id,
    apiKeyId: row.id,
    frozen: row.frozen,
    monthlyCreditQuota: row.monthly_credit_quota,
    rateLimit:
      settingFromColumns({ rps: row.key_rate_limit_rps, burst: row.key_rate_limit_burst }) ??
      settingFromColumns({ rps: row.tenant_rate_limit_rps, burst: row.tenant_rate_limit_burst }),
  };
}

/** The ledger an API key addresses, read now. Throws subscriptionInvalid, subscriptionNotActive. */
export async function authenticate(db: Database, key: string | undefined): Promise<Caller> {
  return callerOf(key ? await findApiKeyByHash(db, hashApiKey(key)) : undefined, key);
}

/**
 * A tenant's mainnet or testnet ledger as its operator reads it from the command line, with no API key
 * (so `apiKeyId` is empty). Throws UnknownTenantError.
 */
export async function operatorScope(db: Database, tenantName: string, network: Network): Promise<LedgerScope> {
  const tenant = await findTenantByName(db, tenantName);
  if (!tenant) throw new UnknownTenantError(`No tenant named '${tenantName}'.`);
  const ledgerId = (await findLedgerId(db, tenant.id, network))!;
  return { ledgerId, network, tenantId: tenant.id, apiKeyId: '' };
}
