import type { Queryable } from '../../storage/database.js';
import { SELECT_LOCKED_ACCOUNTS, type LockedAccount } from '../accounts/account.repository.js';

// An unblock with a transaction pays a blockage out: it deletes the blockage, and the payment's own
// statement (payments.repository.ts) takes its amount off the account's blocked sum as it debits the
// account, so that the row is updated once.

/** The deleted blockage: its account, its amount, and whether the payment asks for more than it. */
export interface ReleasedBlockage {
  accountId: string;
  amount: string;
  exceeded: boolean;
}

// The accounts are locked, in id order, before the blockage row is: count(*) reads every locked row
// before the DELETE, whose condition it is, deletes anything.
const LOCK_AND_RELEASE = `
  WITH blockage AS (
    SELECT account_id FROM blockages WHERE ledger_id = $1 AND id = $2
  ), locked AS MATERIALIZED (
    ${SELECT_LOCKED_ACCOUNTS}
     WHERE a.ledger_id = $1 AND a.id = ANY (ARRAY[$3::text, (SELECT account_id FROM blockage)])
     ORDER BY a.id
       FOR UPDATE OF a
  ), released AS (
    DELETE FROM blockages b WHERE b.ledger_id = $1 AND b.id = $2 AND (SELECT count(*) FROM locked) > 0
    RETURNING b.account_id, trim_scale(b.amount)::text AS amount, $4::numeric > b.amount AS exceeded
  )
  SELECT locked.*, released.account_id AS released_from, released.amount AS released_amount,
         released.exceeded AS released_exceeded
    FROM locked LEFT JOIN released ON true`;

/**
 * Locks the blockage's account and the recipient, as lockAccounts does, and deletes the blockage,
 * comparing the payment's `amount` with it; the caller's transaction rolls the deletion back if the
 * payment is refused. `blockage` is undefined when the ledger has no such blockage, or when another
 * request deleted it while this one waited for the lock.
 */
export async function lockAndReleaseBlockage(
  tx: Queryable,
  ledgerId: string,
  blockageId: string,
  recipientId: string,
  amount: string,
): Promise<{ accounts: Map<string, LockedAccount>; blockage?: ReleasedBlockage }> {
  const rows = await tx.query<
    LockedAccount & { released_from: string | null; released_amount: string | null; released_exceeded: boolean | null }
  >(LOCK_AND_RELEASE, [ledgerId, blockageId, recipientId, amount]);
  // Each row carries the blockage's columns too; they are the same on every row.
  const accounts = new Map<string, LockedAccount>(rows.map((row) => [row.id, row]));
  const first = rows[0];
  if (!first?.released_from) return { accounts };
  return {
    accounts,
    blockage: { accountId: first.released_from, amount: first.released_amount!, exceeded: first.released_exceeded! },
  };
}
