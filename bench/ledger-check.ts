import type { Queryable } from '../src/storage/database.js';

// The ledger's invariants, checked on the bench ledger after seeding and again after the load: the
// seed must be a ledger the app could have written, and thousands of concurrent payments must leave
// it one. Returns the broken ones, by name; none is the answer wanted.

export async function brokenInvariants(db: Queryable, ledgerId: string): Promise<string[]> {
  const broken: string[] = [];
  const [supply] = await db.query<{ off: number }>(
    `SELECT count(*)::int AS off FROM virtual_currencies v
      WHERE v.ledger_id = $1
        AND v.supply <> (SELECT coalesce(sum(a.balance), 0) FROM accounts a WHERE a.ledger_id = $1 AND a.currency = v.name)`,
    [ledgerId],
  );
  if (supply!.off > 0) broken.push('a virtual currency whose supply is not the sum of its balances');

  // Every other asset crosses the ledger's boundary only by deposits and withdrawals
  // (docs/decisions/0025-ledger-boundary.md): its balances add up to the credited deposits − the
  // withdrawals' debits + their refunds, both as the deposits and withdrawals tables hold them and as
  // their DEPOSIT and WITHDRAWAL records say. A virtual currency has neither.
  const [boundary] = await db.query<{ off: number }>(
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
     SELECT count(*)::int AS off
       FROM held h FULL JOIN recorded r USING (currency) FULL JOIN crossed c USING (currency)
      WHERE coalesce(h.total, 0) <> coalesce(r.total, 0) OR coalesce(h.total, 0) <> coalesce(c.total, 0)`,
    [ledgerId],
  );
  if (boundary!.off > 0) {
    broken.push(`${boundary!.off} assets whose balances are not their deposits − withdrawals + refunds`);
  }

  const [positions] = await db.query<{ ok: boolean }>(
    `SELECT count(*) = l.customers_count AND coalesce(max(c.position), 0) = l.customers_count
            AND count(DISTINCT c.position) = count(*) AS ok
       FROM ledgers l LEFT JOIN customers c ON c.ledger_id = l.id WHERE l.id = $1 GROUP BY l.customers_count`,
    [ledgerId],
  );
  if (!positions!.ok) broken.push('customer positions not dense 1..customers_count');

  const [unexplained] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM accounts a
       LEFT JOIN (SELECT account_id, sum(amount) AS total FROM transactions WHERE ledger_id = $1 GROUP BY account_id) t
         ON t.account_id = a.id
      WHERE a.ledger_id = $1 AND a.balance <> coalesce(t.total, 0)`,
    [ledgerId],
  );
  if (unexplained!.n > 0) broken.push(`${unexplained!.n} balances not explained by their transaction records`);

  const [payments] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT reference FROM transactions WHERE ledger_id = $1 AND operation_type = 'PAYMENT'
        GROUP BY reference HAVING count(*) <> 2 OR sum(amount) <> 0) odd`,
    [ledgerId],
  );
  if (payments!.n > 0) broken.push(`${payments!.n} payments that are not one debit and one equal credit`);

  // The order book (docs/decisions/0033-order-matching.md, 0034-trade-blockages-and-fees.md): each fill
  // and each fee is a transfer of two records under one reference; as much was bought as sold on each
  // pair; an open trade blocks exactly its remainder (times its price for a BUY) plus the fee on it, in
  // one TRADE blockage, and no other trade blocks anything.
  const [exchanges] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT reference FROM transactions WHERE ledger_id = $1 AND operation_type = 'EXCHANGE'
        GROUP BY reference HAVING count(*) <> 2 OR sum(amount) <> 0) odd`,
    [ledgerId],
  );
  if (exchanges!.n > 0) broken.push(`${exchanges!.n} exchanges that are not one debit and one equal credit`);

  const [sides] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT pair FROM trades WHERE ledger_id = $1
        GROUP BY pair HAVING sum(fill) FILTER (WHERE type = 'BUY') <> sum(fill) FILTER (WHERE type = 'SELL')) odd`,
    [ledgerId],
  );
  if (sides!.n > 0) broken.push(`${sides!.n} pairs on which the fills of BUYs and of SELLs differ`);

  const [trades] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM trades t LEFT JOIN blockages b ON b.trade_id = t.id
      WHERE t.ledger_id = $1
        AND CASE WHEN t.status = 'OPEN'
                 THEN b.id IS NULL OR b.type <> 'TRADE' OR b.amount <> ledger_trade_block(t)
                      OR b.account_id <> CASE WHEN t.type = 'BUY' THEN t.currency2_account_id
                                              ELSE t.currency1_account_id END
                 ELSE b.id IS NOT NULL END`,
    [ledgerId],
  );
  if (trades!.n > 0) broken.push(`${trades!.n} trades whose blockage is not what they have left to pay`);

  const [blocked] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM accounts a
       LEFT JOIN (SELECT account_id, sum(amount) AS total FROM blockages WHERE ledger_id = $1 GROUP BY account_id) b
         ON b.account_id = a.id
      WHERE a.ledger_id = $1 AND a.blocked <> coalesce(b.total, 0)`,
    [ledgerId],
  );
  if (blocked!.n > 0) broken.push(`${blocked!.n} accounts whose blocked amount is not the sum of their blockages`);

  const [negative] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM accounts WHERE ledger_id = $1 AND balance - blocked < 0',
    [ledgerId],
  );
  if (negative!.n > 0) broken.push(`${negative!.n} accounts overdrawn`);
  return broken;
}
