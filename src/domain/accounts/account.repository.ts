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

/**
 * Locks the account row for a state change or a change of supply; a caller that also locks its
 * customer locks the customer first (lock order: account.service.ts).
 */
export async function lockAccount(db: Queryable, ledgerId: string, id: string) {
  const rows = await db.query<{
    id: string;
    customer_id: string | null;
    currency: string;
    active: boolean;
    frozen: boolean;
  }>('SELECT id, customer_id, currency, active, frozen FROM accounts WHERE ledger_id = $1 AND id = $2 FOR UPDATE', [
    ledgerId,
    id,
  ]);
  return rows[0];
}

export async function setAccountActive(db: Queryable, id: string, active: boolean): Promise<void> {
  await db.query('UPDATE accounts SET active = $2 WHERE id = $1', [id, active]);
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
