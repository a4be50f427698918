import type { Queryable } from '../../storage/database.js';
import { unblockedBalance } from './available-balance.js';

// A freeze holds what the account's blockages leave of its balance (never less than zero) in a
// blockage of its own, so that available = balance − blockages stays true underneath the frozen flag
// (docs/decisions/0016-account-freeze.md). The blockage and the account's blocked sum change together.

export type FreezeRefusal = 'accountNotExists' | 'accountInactiveFreeze' | 'accountFrozen';

const FREEZE = `
  WITH account AS MATERIALIZED (
    SELECT a.id, a.active, a.frozen, trim_scale(greatest(${unblockedBalance()}, 0)) AS held
      FROM accounts a WHERE a.ledger_id = $1 AND a.id = $2
       FOR UPDATE
  ), verdict AS (
    SELECT id, held, CASE WHEN NOT active THEN 'accountInactiveFreeze' WHEN frozen THEN 'accountFrozen' END AS refusal
      FROM account
  ), held AS (
    INSERT INTO blockages (id, ledger_id, account_id, amount, type, description, account_freeze)
    SELECT $3, $1, verdict.id, verdict.held, $4, $5, true FROM verdict WHERE verdict.refusal IS NULL
    RETURNING account_id, amount
  ), frozen AS (
    UPDATE accounts a SET frozen = true, blocked = a.blocked + held.amount FROM held WHERE a.id = held.account_id
  )
  SELECT refusal FROM verdict`;

/**
 * Locks the account, and freezes it unless it is inactive or frozen already: one statement. The freeze
 * blockage is marked as the freeze's (migration 007), the one its unfreeze deletes.
 */
export async function freezeBalance(
  db: Queryable,
  ledgerId: string,
  accountId: string,
  blockage: { id: string; type: string; description: string },
): Promise<FreezeRefusal | null> {
  const [row] = await db.query<{ refusal: FreezeRefusal | null }>(FREEZE, [
    ledgerId,
    accountId,
    blockage.id,
    blockage.type,
    blockage.description,
  ]);
  return row ? row.refusal : 'accountNotExists';
}

// It deletes blockages, so it reads them after the account is locked (the caller's lockAccount), in a
// statement of its own: one that took the lock itself would read them as they were before it waited,
// and miss the blockage of a freeze that committed meanwhile.
const THAW = `
  WITH released AS (
    DELETE FROM blockages WHERE account_id = $1 AND account_freeze RETURNING amount
  )
  UPDATE accounts SET frozen = false, blocked = blocked - COALESCE((SELECT sum(amount) FROM released), 0)
   WHERE id = $1`;

/**
 * Unfreezes the frozen account the caller has locked, deleting the freeze's blockage if the user has
 * not deleted it already (ACCOUNT_FROZEN blockages a user made stay).
 */
export async function thawBalance(tx: Queryable, accountId: string): Promise<void> {
  await tx.query(THAW, [accountId]);
}
