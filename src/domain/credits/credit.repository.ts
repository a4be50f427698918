import type { Queryable } from '../../storage/database.js';

export interface CreditRow {
  apiKeyId: string;
  ledgerId: string;
  day: string;
  credits: number;
}

/**
 * Adds a batch of counts to the per-key, per-day rows in one statement. Callers sort the rows by key and
 * day: two servers flushing at once then lock rows in the same order and cannot deadlock.
 */
export async function addCredits(db: Queryable, rows: readonly CreditRow[]): Promise<void> {
  await db.query(
    `INSERT INTO credit_usage AS u (api_key_id, ledger_id, day, credits)
     SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[])
     ON CONFLICT (api_key_id, day) DO UPDATE SET credits = u.credits + EXCLUDED.credits`,
    [rows.map((r) => r.apiKeyId), rows.map((r) => r.ledgerId), rows.map((r) => r.day), rows.map((r) => r.credits)],
  );
}

/** A ledger's credits per day since `fromDay`, every key of the ledger together. */
export async function ledgerCreditsByDay(db: Queryable, ledgerId: string, fromDay: string) {
  return db.query<{ day: string; credits: number }>(
    `SELECT day::text AS day, sum(credits)::float8 AS credits FROM credit_usage
     WHERE ledger_id = $1 AND day >= $2::date GROUP BY day`,
    [ledgerId, fromDay],
  );
}

/** Each tenant's credits since `fromDay` over both its ledgers; tenants with none are left out. */
export async function tenantCreditsSince(db: Queryable, tenantIds: readonly string[], fromDay: string) {
  return db.query<{ tenant_id: string; credits: number }>(
    `SELECT l.tenant_id, sum(u.credits)::float8 AS credits
     FROM credit_usage u JOIN ledgers l ON l.id = u.ledger_id
     WHERE l.tenant_id = ANY($1::text[]) AND u.day >= $2::date GROUP BY l.tenant_id`,
    [tenantIds, fromDay],
  );
}

export interface KeyCreditsRow {
  tenant_name: string;
  monthly_credit_quota: number | null;
  network: string;
  api_key_id: string;
  key_hint: string;
  revoked_at: Date | null;
  credits: number;
}

/** Every key's credits between two days (inclusive), zero for keys that made no charged call. */
export async function keyCreditsBetween(db: Queryable, fromDay: string, toDay: string, tenantName?: string) {
  return db.query<KeyCreditsRow>(
    `SELECT t.name AS tenant_name, t.monthly_credit_quota::float8 AS monthly_credit_quota, l.network,
       k.id AS api_key_id, k.key_hint, k.revoked_at, coalesce(sum(u.credits), 0)::float8 AS credits
     FROM api_keys k JOIN ledgers l ON l.id = k.ledger_id JOIN tenants t ON t.id = l.tenant_id
     LEFT JOIN credit_usage u ON u.api_key_id = k.id AND u.day BETWEEN $1::date AND $2::date
     WHERE ($3::text IS NULL OR t.name = $3)
     GROUP BY t.name, t.created_at, t.monthly_credit_quota, l.network, k.id, k.key_hint, k.revoked_at, k.created_at
     ORDER BY t.created_at, t.name, k.created_at, l.network, k.id`,
    [fromDay, toDay, tenantName ?? null],
  );
}
