import type { Withdrawal, WithdrawalQuery, WithdrawalStatus } from '../../contract/withdrawal.schema.js';
import type { Queryable } from '../../storage/database.js';

// Withdrawals as Tatum lists them, and their completion. Storing and cancelling move money, so they
// are database functions called from ../balances/boundary.repository.ts.

interface WithdrawalRow {
  id: string;
  account_id: string;
  address: string;
  amount: string;
  fee: string;
  reference: string;
  status: WithdrawalStatus;
  tx_id: string | null;
  attr: string | null;
  multiple_amounts: string[] | null;
  payment_id: string | null;
  sender_note: string | null;
  currency: string;
  date: number;
  refund: string | null;
}

function rowToWithdrawal(row: WithdrawalRow): Withdrawal {
  return {
    id: row.id,
    accountId: row.account_id,
    address: row.address,
    amount: row.amount,
    fee: row.fee,
    reference: row.reference,
    status: row.status,
    txId: row.tx_id,
    attr: row.attr,
    multipleAmounts: row.multiple_amounts,
    paymentId: row.payment_id,
    senderNote: row.sender_note,
    currency: row.currency,
    date: row.date,
    refund: row.refund,
  };
}

/** The ledger's withdrawals matching the filters, oldest first (docs/decisions/0002-creation-order-lists.md). */
export async function listWithdrawals(db: Queryable, ledgerId: string, query: WithdrawalQuery): Promise<Withdrawal[]> {
  const rows = await db.query<WithdrawalRow>(
    `SELECT id, account_id, address, trim_scale(amount)::text AS amount, trim_scale(fee)::text AS fee, reference,
            status, tx_id, attr, multiple_amounts, payment_id, sender_note, currency,
            floor(extract(epoch FROM created_at) * 1000)::float8 AS date, trim_scale(refund)::text AS refund
       FROM withdrawals
      WHERE ledger_id = $1 AND ($2::text IS NULL OR currency = $2) AND ($3::text IS NULL OR status = $3)
      ORDER BY seq
      LIMIT $4 OFFSET $5`,
    [ledgerId, query.currency ?? null, query.status ?? null, query.pageSize, query.offset ?? 0],
  );
  return rows.map(rowToWithdrawal);
}

/**
 * Marks an InProgress withdrawal Done with its chain transaction. Answers 'done', or what stopped it:
 * 'missing' (no such withdrawal in the ledger) or the state it is in.
 */
export async function completeWithdrawal(
  db: Queryable,
  ledgerId: string,
  id: string,
  txId: string,
): Promise<'done' | 'missing' | WithdrawalStatus> {
  // Migration 012's function: it raises TRANSACTION_IN_THE_BLOCK in the same statement.
  const rows = await db.query<{ status: WithdrawalStatus | null; completed: boolean }>(
    'SELECT status, completed FROM ledger_complete_withdrawal($1, $2, $3)',
    [ledgerId, id, txId],
  );
  const row = rows[0];
  if (!row?.status) return 'missing';
  return row.completed ? 'done' : row.status;
}

/** The asset of an account of the ledger, if there is one: it never changes, so no lock is needed. */
export async function findAccountCurrency(db: Queryable, ledgerId: string, accountId: string) {
  const rows = await db.query<{ currency: string }>('SELECT currency FROM accounts WHERE ledger_id = $1 AND id = $2', [
    ledgerId,
    accountId,
  ]);
  return rows[0]?.currency;
}
