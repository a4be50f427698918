import type { Queryable } from '../../storage/database.js';

const DEACTIVATE_IF_EMPTY = `
  UPDATE accounts SET active = false
   WHERE id = $1 AND balance = 0 AND blocked = 0 AND NOT EXISTS (SELECT 1 FROM blockages WHERE account_id = $1)
  RETURNING id`;

/**
 * Deactivates the account the caller has locked if it holds nothing: a zero balance and no blockage,
 * not even one of zero (docs/decisions/0018-account-deactivation.md). Returns whether it did.
 */
export async function deactivateEmptyAccount(tx: Queryable, accountId: string): Promise<boolean> {
  return (await tx.query(DEACTIVATE_IF_EMPTY, [accountId])).length > 0;
}
