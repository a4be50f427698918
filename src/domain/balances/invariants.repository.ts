import type { Queryable } from '../../storage/database.js';

// The ledger's invariants, each one statement that counts what breaks it in one ledger: 0 is the answer
// wanted (ledger-check.ts names them). They read whole tables of the ledger, for `ledger check`, the
// backup tests and the benchmark, never for a request.

export interface LedgerOnRecord {
  id: string;
  tenant: string;
  network: string;
  customers: number;
  accounts: number;
  records: number;
  /** API keys not revoked. */
  keys: number;
}

/** Every ledger of the database with its tenant and what it holds, by tenant name and network. */
export async function ledgersOnRecord(db: Queryable): Promise<LedgerOnRecord[]> {
  return db.query<LedgerOnRecord>(
    `SELECT l.id, t.name AS tenant, l.network,
            (SELECT count(*)::int FROM customers c WHERE c.ledger_id = l.id) AS customers,
            (SELECT count(*)::int FROM accounts a WHERE a.ledger_id = l.id) AS accounts,
            (SELECT count(*)::int FROM transactions r WHERE r.ledger_id = l.id) AS records,
            (SELECT count(*)::int FROM api_keys k WHERE k.ledger_id = l.id AND k.revoked_at IS NULL) AS keys
       FROM ledgers l JOIN tenants t ON t.id = l.tenant_id
      ORDER BY t.name, l.network`,
  );
}

/** How many rows one statement counted. */
async function counted(db: Queryable, sql: string, ledgerId: string, ...more: unknown[]): Promise<number> {
  const [row] = await db.query<{ n: number }>(sql, [ledgerId, ...more]);
  return row!.n;
}

/** Virtual currencies whose supply is not the sum of their accounts' balances (docs/decisions/0022). */
export function supplyOff(db: Queryable, ledgerId: string): Promise<number> {
  return counted(
    db,
    `SELECT count(*)::int AS n FROM virtual_currencies v
      WHERE v.ledger_id = $1
        AND v.supply <> (SELECT coalesce(sum(a.balance), 0) FROM accounts a WHERE a.ledger_id = $1 AND a.currency = v.name)`,
    ledgerId,
  );
}

/**
 * Assets other than virtual currencies whose balances are not their credited deposits − the withdrawals'
 * debits + their refunds (docs/decisions/0025-ledger-boundary.md), both as the deposits and withdrawals
 * tables hold them and as their DEPOSIT and WITHDRAWAL records say.
 */
export function boundaryOff(db: Queryable, ledgerId: string): Promise<number> {
  return counted(
    db,
    `WITH held AS (
       SELECT a.currency, sum(a.balance) AS total FROM accounts a
        WHERE a.ledger_id = $1
          AND NOT EXISTS (SELECT 1 FROM virtual_currencies v WHERE v.ledger_id = $1 AND v.name = a.currency)
        GROUP BY a.currency),
     recorded AS (
       SELECT currency, sum(amount) AS total FROM transactions
        WHERE ledger_id = $1 AND operation_type IN ('DEPOSIT', 'WITHDRAWAL') GROUP BY currency),
     crossed AS (
       SELECT currency, sum(amount) AS total FROM (
         SELECT currency, amount FROM deposits WHERE ledger_id = $1 AND status = 'Done'
         UNION ALL
         SELECT currency, coalesce(refund, 0) - amount - CASE WHEN fee_included THEN fee ELSE 0 END
           FROM withdrawals WHERE ledger_id = $1) moves
        GROUP BY currency)
     SELECT count(*)::int AS n
       FROM held h FULL JOIN recorded r USING (currency) FULL JOIN crossed c USING (currency)
      WHERE coalesce(h.total, 0) <> coalesce(r.total, 0) OR coalesce(h.total, 0) <> coalesce(c.total, 0)`,
    ledgerId,
  );
}

/**
 * 1 when the customers' positions are not dense 1..customers_count (creation-order paging relies on
 * it). Counted by a column: a ledger without customers joins one row of NULLs.
 */
export function positionsOff(db: Queryable, ledgerId: string): Promise<number> {
  return counted(
    db,
    `SELECT CASE WHEN count(c.ledger_id) = l.customers_count AND coalesce(max(c.position), 0) = l.customers_count
                      AND count(DISTINCT c.position) = count(c.ledger_id) THEN 0 ELSE 1 END AS n
       FROM ledgers l LEFT JOIN customers c ON c.ledger_id = l.id WHERE l.id = $1 GROUP BY l.customers_count`,
    ledgerId,
  );
}

/** Accounts whose balance is not the sum of their transaction records. */
export function unexplainedBalances(db: Queryable, ledgerId: string): Promise<number> {
  return counted(
    db,
    `SELECT count(*)::int AS n FROM accounts a
       LEFT JOIN (SELECT account_id, sum(amount) AS total FROM transactions WHERE ledger_id = $1 GROUP BY account_id) t
         ON t.account_id = a.id
      WHERE a.ledger_id = $1 AND a.balance <> coalesce(t.total, 0)`,
    ledgerId,
  );
}

/**
 * Transfers of one kind that are not one debit and one equal credit under their reference: payments,
 * and the fills and fees of trades (docs/decisions/0033-order-matching.md).
 */
export function unpairedTransfers(
  db: Queryable,
  ledgerId: string,
  operationType: 'PAYMENT' | 'EXCHANGE',
): Promise<number> {
  return counted(
    db,
    `SELECT count(*)::int AS n FROM (
       SELECT reference FROM transactions WHERE ledger_id = $1 AND operation_type = $2
        GROUP BY reference HAVING count(*) <> 2 OR sum(amount) <> 0) odd`,
    ledgerId,
    operationType,
  );
}

/** Pairs on which as much was not bought as sold. */
export function unevenPairs(db: Queryable, ledgerId: string): Promise<number> {
  return counted(
    db,
    `SELECT count(*)::int AS n FROM (
       SELECT pair FROM trades WHERE ledger_id = $1
        GROUP BY pair HAVING sum(fill) FILTER (WHERE type = 'BUY') <> sum(fill) FILTER (WHERE type = 'SELL')) odd`,
    ledgerId,
  );
}

/**
 * Trades whose blockage is not what they have left to pay: an open trade blocks exactly its remainder
 * (times its price for a BUY) plus the fee on it, in one TRADE blockage, and no other trade blocks
 * anything (docs/decisions/0034-trade-blockages-and-fees.md).
 */
export function misblockedTrades(db: Queryable, ledgerId: string): Promise<number> {
  return counted(
    db,
    `SELECT count(*)::int AS n FROM trades t LEFT JOIN blockages b ON b.trade_id = t.id
      WHERE t.ledger_id = $1
        AND CASE WHEN t.status = 'OPEN'
                 THEN b.id IS NULL OR b.type <> 'TRADE' OR b.amount <> ledger_trade_block(t)
                      OR b.account_id <> CASE WHEN t.type = 'BUY' THEN t.currency2_account_id
                                              ELSE t.currency1_account_id END
                 ELSE b.id IS NOT NULL END`,
    ledgerId,
  );
}

/** Accounts whose blocked amount is not the sum of their blockages. */
export function unexplainedBlocked(db: Queryable, ledgerId: string): Promise<number> {
  return counted(
    db,
    `SELECT count(*)::int AS n FROM accounts a
       LEFT JOIN (SELECT account_id, sum(amount) AS total FROM blockages WHERE ledger_id = $1 GROUP BY account_id) b
         ON b.account_id = a.id
      WHERE a.ledger_id = $1 AND a.blocked <> coalesce(b.total, 0)`,
    ledgerId,
  );
}
