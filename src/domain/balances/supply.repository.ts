import type { Queryable } from '../../storage/database.js';
import { CUSTOMER_ENABLED_OF_A } from './account-reads.repository.js';
import { availableCovers } from './available-balance.js';

// A virtual currency's supply enters and leaves the ledger on one account's balance (mint, revoke); the
// caller has locked the account, then its currency (virtual-currency.service.ts), and writes the record.

/** Adds new supply to the account's balance. */
export async function creditMint(tx: Queryable, accountId: string, amount: string): Promise<void> {
  await tx.query('UPDATE accounts SET balance = balance + $2::numeric WHERE id = $1', [accountId, amount]);
}

/** Takes revoked supply off the balance if the available balance covers it; returns whether it did. */
export async function debitRevoke(tx: Queryable, accountId: string, amount: string): Promise<boolean> {
  const covered = availableCovers('$2::numeric', { customerEnabled: CUSTOMER_ENABLED_OF_A });
  const rows = await tx.query(
    `UPDATE accounts a SET balance = a.balance - $2::numeric WHERE a.id = $1 AND ${covered} RETURNING a.id`,
    [accountId, amount],
  );
  return rows.length > 0;
}
