import type { Queryable } from '../../storage/database.js';
import type { Network } from '../ledger.js';
import type { RateLimitColumns } from '../rate-limit/rate-limit-setting.js';

export interface TenantRow {
  id: string;
  name: string;
  active: boolean;
  created_at: Date;
}

export interface ApiKeyRow {
  id: string;
  tenant_id: string;
  tenant_name: string;
  tenant_active: boolean;
  ledger_id: string;
  network: Network;
  key_hint: string;
  label: string | null;
  frozen: boolean;
  revoked_at: Date | null;
  created_at: Date;
  monthly_credit_quota: number | null;
  key_rate_limit_rps: number | null;
  key_rate_limit_burst: number | null;
  tenant_rate_limit_rps: number | null;
  tenant_rate_limit_burst: number | null;
}

const KEY_COLUMNS = `k.id, t.id AS tenant_id, t.name AS tenant_name, t.active AS tenant_active, l.id AS ledger_id,
  l.network, k.key_hint, k.label, k.frozen, k.revoked_at, k.created_at,
  t.monthly_credit_quota::float8 AS monthly_credit_quota,
  k.rate_limit_rps AS key_rate_limit_rps, k.rate_limit_burst AS key_rate_limit_burst,
  t.rate_limit_rps AS tenant_rate_limit_rps, t.rate_limit_burst AS tenant_rate_limit_burst`;
const KEY_FROM = 'api_keys k JOIN ledgers l ON l.id = k.ledger_id JOIN tenants t ON t.id = l.tenant_id';

export async function insertTenant(db: Queryable, id: string, name: string) {
  const rows = await db.query<TenantRow>(
    `INSERT INTO tenants (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING
     RETURNING id, name, active, created_at`,
    [id, name],
  );
  return rows[0];
}

export async function findTenantByName(db: Queryable, name: string) {
  const rows = await db.query<TenantRow>('SELECT id, name, active, created_at FROM tenants WHERE name = $1', [name]);
  return rows[0];
}

export async function listTenants(db: Queryable) {
  return db.query<TenantRow>('SELECT id, name, active, created_at FROM tenants ORDER BY created_at, name');
}

export async function insertLedger(db: Queryable, id: string, tenantId: string, network: Network) {
  await db.query('INSERT INTO ledgers (id, tenant_id, network) VALUES ($1, $2, $3)', [id, tenantId, network]);
}

export async function findLedgerId(db: Queryable, tenantId: string, network: Network) {
  const rows = await db.query<{ id: string }>('SELECT id FROM ledgers WHERE tenant_id = $1 AND network = $2', [
    tenantId,
    network,
  ]);
  return rows[0]?.id;
}

export async function insertApiKey(
  db: Queryable,
  key: { id: string; ledgerId: string; hash: string; hint: string; label: string | null },
) {
  await db.query('INSERT INTO api_keys (id, ledger_id, key_hash, key_hint, label) VALUES ($1, $2, $3, $4, $5)', [
    key.id,
    key.ledgerId,
    key.hash,
    key.hint,
    key.label,
  ]);
}

export async function findApiKeyByHash(db: Queryable, hash: string) {
  const rows = await db.query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM ${KEY_FROM} WHERE k.key_hash = $1`, [hash]);
  return rows[0];
}

export async function findApiKeyById(db: Queryable, id: string) {
  const rows = await db.query<ApiKeyRow>(`SELECT ${KEY_COLUMNS} FROM ${KEY_FROM} WHERE k.id = $1`, [id]);
  return rows[0];
}

export async function listApiKeys(db: Queryable, tenantName?: string) {
  // Keys made in one transaction share created_at; the network then keeps mainnet before testnet.
  return db.query<ApiKeyRow>(
    `SELECT ${KEY_COLUMNS} FROM ${KEY_FROM} WHERE ($1::text IS NULL OR t.name = $1)
     ORDER BY k.created_at, l.network, k.id`,
    [tenantName ?? null],
  );
}

export async function countApiKeys(db: Queryable): Promise<number> {
  const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys');
  return rows[0]!.n;
}

export async function revokeApiKey(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query(
    'UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
    [id],
  );
  return rows.length > 0;
}

/** Freezes or unfreezes a key that is not revoked; false when there is no such key. */
export async function setApiKeyFrozen(db: Queryable, id: string, frozen: boolean): Promise<boolean> {
  const rows = await db.query('UPDATE api_keys SET frozen = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id', [
    id,
    frozen,
  ]);
  return rows.length > 0;
}

/** Sets (or, with null, removes) a tenant's monthly credit quota; false when there is no such tenant. */
export async function setMonthlyCreditQuota(db: Queryable, tenantId: string, quota: number | null): Promise<boolean> {
  const rows = await db.query('UPDATE tenants SET monthly_credit_quota = $2 WHERE id = $1 RETURNING id', [
    tenantId,
    quota,
  ]);
  return rows.length > 0;
}

/** Sets a key's own rate limit (migration 008's encoding); false when there is no such key. */
export async function setApiKeyRateLimit(db: Queryable, id: string, limit: RateLimitColumns): Promise<boolean> {
  const rows = await db.query(
    'UPDATE api_keys SET rate_limit_rps = $2, rate_limit_burst = $3 WHERE id = $1 RETURNING id',
    [id, limit.rps, limit.burst],
  );
  return rows.length > 0;
}

/** Sets a tenant's rate limit (migration 008's encoding); false when there is no such tenant. */
export async function setTenantRateLimit(db: Queryable, tenantId: string, limit: RateLimitColumns): Promise<boolean> {
  const rows = await db.query(
    'UPDATE tenants SET rate_limit_rps = $2, rate_limit_burst = $3 WHERE id = $1 RETURNING id',
    [tenantId, limit.rps, limit.burst],
  );
  return rows.length > 0;
}

/** A tenant's rate limit columns. */
export async function findTenantRateLimit(db: Queryable, tenantId: string): Promise<RateLimitColumns> {
  const rows = await db.query<RateLimitColumns>(
    'SELECT rate_limit_rps AS rps, rate_limit_burst AS burst FROM tenants WHERE id = $1',
    [tenantId],
  );
  return rows[0]!;
}
