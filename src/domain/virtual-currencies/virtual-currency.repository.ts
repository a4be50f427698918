import type { VC } from '../../contract/virtual-currency.schema.js';
import { VIRTUAL_CURRENCY_PREFIX } from '../../contract/virtual-currency.schema.js';
import type { Queryable } from '../../storage/database.js';

export interface VirtualCurrencyRow {
  name: string;
  supply: string;
  base_pair: string;
  base_rate: string;
  description: string | null;
  issuer_account_id: string;
  customer_id: string | null;
}

const COLUMNS = `name, trim_scale(supply)::text AS supply, base_pair, trim_scale(base_rate)::text AS base_rate,
  description, issuer_account_id, customer_id`;

export function virtualCurrencyRowToVc(row: VirtualCurrencyRow): VC {
  return {
    name: row.name,
    supply: row.supply,
    accountId: row.issuer_account_id,
    // The wire type is a JSON number; a rate is not money, and Tatum's clients expect a number.
    baseRate: Number(row.base_rate),
    basePair: row.base_pair,
    customerId: row.customer_id,
    description: row.description,
  };
}

/** The ledger's virtual currency of that name; undefined for any other currency. */
export async function findVirtualCurrency(db: Queryable, ledgerId: string, name: string, forUpdate = false) {
  if (!name.startsWith(VIRTUAL_CURRENCY_PREFIX)) return undefined;
  const rows = await db.query<VirtualCurrencyRow>(
    `SELECT ${COLUMNS} FROM virtual_currencies WHERE ledger_id = $1 AND name = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [ledgerId, name],
  );
  return rows[0];
}

/** Inserts the currency unless the name is taken; returns whether it was inserted. */
export async function insertVirtualCurrency(
  tx: Queryable,
  vc: {
    ledgerId: string;
    name: string;
    supply: string;
    basePair: string;
    baseRate: string;
    description: string | null;
    issuerAccountId: string;
    customerId: string | null;
  },
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO virtual_currencies (ledger_id, name, supply, base_pair, base_rate, description, issuer_account_id, customer_id)
     VALUES ($1, $2, $3::numeric, $4, $5::numeric, $6, $7, $8)
     ON CONFLICT (ledger_id, name) DO NOTHING RETURNING name`,
    [vc.ledgerId, vc.name, vc.supply, vc.basePair, vc.baseRate, vc.description, vc.issuerAccountId, vc.customerId],
  );
  return rows.length > 0;
}

export async function updateVirtualCurrencyPricing(
  db: Queryable,
  ledgerId: string,
  name: string,
  pricing: { baseRate?: string; basePair?: string },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE virtual_currencies SET base_rate = COALESCE($3::numeric, base_rate), base_pair = COALESCE($4, base_pair)
      WHERE ledger_id = $1 AND name = $2 RETURNING name`,
    [ledgerId, name, pricing.baseRate ?? null, pricing.basePair ?? null],
  );
  return rows.length > 0;
}

/** Adds a signed delta to the issued supply. */
export async function adjustSupply(tx: Queryable, ledgerId: string, name: string, delta: string): Promise<void> {
  await tx.query('UPDATE virtual_currencies SET supply = supply + $3::numeric WHERE ledger_id = $1 AND name = $2', [
    ledgerId,
    name,
    delta,
  ]);
}
