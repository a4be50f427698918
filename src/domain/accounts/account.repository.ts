import type { Queryable } from '../../storage/database.js';

// Accounts as the lifecycle and the locks see them. What shows or changes a balance (reads with
// balances, openings, money moves, blockages, freezes) is in ../balances/.

/** Whether the ledger has the account, active or not. */
export async function accountExists(db: Queryable, ledgerId: string, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM accounts WHERE ledger_id = $1 AND id = $2', [ledgerId, id])).length > 0;
}

/** The account's customer (null when it has none); undefined for an unknown account. */
export async function findAccountCustomerId(db: Queryable, ledgerId: string, id: string) {
  const rows = await db.query<{ customer_id: string | null }>(
    'SELECT customer_id FROM accounts WHERE ledger_id = $1 AND id = $2',
    [ledgerId, id],
  );
  return rows[0];
}

/** Locks the account row for a state change; callers lock its customer first (lock order: account.service.ts). */
export async function lockAccount(db: Queryable, ledgerId: string, id: string) {
  const rows = await db.query<{ id: string; customer_id: string | null; active: boolean; frozen: boolean }>(
    'SELECT id, customer_id, active, frozen FROM accounts WHERE ledger_id = $1 AND id = $2 FOR UPDATE',
    [ledgerId, id],
  );
  return rows[0];
}

export async function setAccountActive(db: Queryable, id: string, active: boolean): Promise<void> {
  await db.query('UPDATE accounts SET active = $2 WHERE id = $1', [id, active]);
}

/** An account as a money movement sees it, locked for the rest of the transaction. */
export interface LockedAccount {
  id: string;
  customer_id: string | null;
  currency: string;
  active: boolean;
  frozen: boolean;
  /** null when the account has no customer. */
  customer_enabled: boolean | null;
  customer_active: boolean | null;
  customer_country: string | null;
  provider_country: string | null;
  /** The account's virtual currency's base pair and rate; null for any other asset. */
  vc_base_pair: string | null;
  vc_base_rate: string | null;
}

/** LockedAccount's columns over `a`; a statement adds its WHERE, `ORDER BY a.id` and `FOR UPDATE OF a`. */
export const SELECT_LOCKED_ACCOUNTS = `
  SELECT a.id, a.customer_id, a.currency, a.active, a.frozen, c.enabled AS customer_enabled,
         c.active AS customer_active, c.customer_country, c.provider_country,
         v.base_pair AS vc_base_pair, trim_scale(v.base_rate)::text AS vc_base_rate
    FROM accounts a
    LEFT JOIN customers c ON c.id = a.customer_id
    LEFT JOIN virtual_currencies v ON v.ledger_id = a.ledger_id AND v.name = a.currency`;

/**
 * Locks accounts FOR UPDATE in id order, the one order every money movement uses, so that two
 * payments between the same accounts in opposite directions cannot deadlock (the lock order:
 * account.service.ts). Customers and the virtual currency are read, not locked: a disable that commits
 * first is seen; one that commits later comes after the payment. Reading them here saves a payment a
 * round trip for each.
 */
export async function lockAccounts(tx: Queryable, ledgerId: string, ids: readonly string[]) {
  const rows = await tx.query<LockedAccount>(
    `${SELECT_LOCKED_ACCOUNTS}
      WHERE a.ledger_id = $1 AND a.id = ANY($2::text[])
      ORDER BY a.id
      FOR UPDATE OF a`,
    [ledgerId, [...new Set(ids)]],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** Sets the bookkeeping fields that are present; returns false for an unknown account. */
export async function updateAccountFields(
  db: Queryable,
  ledgerId: string,
  id: string,
  fields: { accountCode?: string; accountNumber?: string },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE accounts SET account_code = COALESCE($3, account_code), account_number = COALESCE($4, account_number)
      WHERE ledger_id = $1 AND id = $2 RETURNING id`,
    [ledgerId, id, fields.accountCode ?? null, fields.accountNumber ?? null],
  );
  return rows.length > 0;
}
