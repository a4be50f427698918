import type { Queryable } from '../../storage/database.js';
import { INSERT_RECORDS, recordColumns, type TransactionRecord } from '../transactions/transaction.repository.js';
import { availableBalance, unblockedBalance } from './available-balance.js';

/** Money out of one sender: to each recipient its amount; `released` comes off the sender's blockages first. */
export interface PaymentMove {
  senderId: string;
  items: readonly { recipientId: string; amount: string }[];
  /** The blockage an unblock-with-transaction deletes, released in the same update ("0" otherwise). */
  released: string;
}

// The move's own parameters follow the sixteen record columns of INSERT_RECORDS. The sender's flags
// (frozen, customer disabled) were checked on its locked row, each with a refusal of its own
// (payment.ts); what the move checks is what they leave of the available balance: the balance less
// the blockages.
const SENDER = { released: '$20::numeric' };
const MOVE_PAYMENTS = `
  WITH items AS (
    SELECT recipient_id, amount FROM unnest($18::text[], $19::numeric[]) AS item(recipient_id, amount)
  ), debit AS (
    UPDATE accounts a SET balance = a.balance - (SELECT sum(amount) FROM items), blocked = a.blocked - $20::numeric
     WHERE a.id = $17 AND ${unblockedBalance(SENDER)} >= (SELECT sum(amount) FROM items)
    RETURNING a.id
  ), credit AS (
    UPDATE accounts a SET balance = a.balance + paid.amount
      FROM (SELECT recipient_id, sum(amount) AS amount FROM items GROUP BY recipient_id) paid
     WHERE a.id = paid.recipient_id AND EXISTS (SELECT 1 FROM debit)
    RETURNING a.id
  )
  ${INSERT_RECORDS}
   WHERE EXISTS (SELECT 1 FROM credit)
  RETURNING seq`;

/**
 * Every payment out of one sender in one statement, on accounts the caller has locked: takes the total
 * off the sender if its balance less blockages (`released` no longer counted among them) covers it,
 * adds each recipient's amounts to it, and inserts the records, or does none of it. Returns false when
 * the sender's balance does not cover the total. Each account row is updated once: a second update of
 * a row in the same transaction would check its customer key again, which the lock order forbids
 * (account.service.ts). A payment or a batch is then one round trip between the lock and the commit.
 */
export async function movePayments(
  tx: Queryable,
  move: PaymentMove,
  records: readonly TransactionRecord[],
): Promise<boolean> {
  const inserted = await tx.query(MOVE_PAYMENTS, [
    ...recordColumns(records),
    move.senderId,
    move.items.map((item) => item.recipientId),
    move.items.map((item) => item.amount),
    move.released,
  ]);
  return inserted.length > 0;
}

// Only a refused payment asks; folding this into the move would slow every payment that goes through.
const FIRST_UNCOVERED = `
  SELECT (item.ord - 1)::int AS index, trim_scale(sender.available - item.before)::text AS available
    FROM (SELECT ${availableBalance({ released: '$3::numeric' })} AS available
            FROM accounts a LEFT JOIN customers c ON c.id = a.customer_id WHERE a.id = $1) sender,
         (SELECT ord, sum(amount) OVER (ORDER BY ord) AS running, sum(amount) OVER (ORDER BY ord) - amount AS before
            FROM unnest($2::numeric[]) WITH ORDINALITY AS u(amount, ord)) item
   WHERE item.running > sender.available
   ORDER BY item.ord LIMIT 1`;

/**
 * Why movePayments refused: the first item (0-based) the sender's available balance does not cover
 * once the items before it are paid, and that balance as it stands before the item.
 */
export async function firstUncoveredPayment(tx: Queryable, move: PaymentMove) {
  const [row] = await tx.query<{ index: number; available: string }>(FIRST_UNCOVERED, [
    move.senderId,
    move.items.map((item) => item.amount),
    move.released,
  ]);
  return row!;
}
