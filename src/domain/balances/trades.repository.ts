import type { Queryable } from '../../storage/database.js';

// The order book's money moves (docs/decisions/0033-order-matching.md, 0034-trade-blockages-and-fees.md),
// each one database function of migration 013 that takes the pair's lock, locks the accounts in id
// order, and blocks, fills, settles or releases in one statement.

export interface TradeOrder {
  ledgerId: string;
  id: string;
  /** The id the trade's TRADE blockage takes if part of it rests in the book. */
  blockageId: string;
  type: 'BUY' | 'SELL';
  pair: string;
  price: string;
  amount: string;
  currency1AccountId: string;
  currency2AccountId: string;
  feeAccountId: string | null;
  /** The fee percentage as a decimal string. */
  fee: string | null;
}

export interface TradeAnswer {
  /** Null when the trade was stored. */
  refusal: string | null;
  /** A disabled customer's id. */
  detail: string | null;
  /** How many counter-trades it filled against. */
  fills: number;
}

/** Stores a trade, fills it against the book as far as it crosses, and blocks what rests. */
export async function storeTrade(db: Queryable, order: TradeOrder): Promise<TradeAnswer> {
  const rows = await db.query<TradeAnswer>(
    `SELECT refusal, detail, fills
       FROM ledger_store_trade($1, $2, $3, $4, $5, $6::numeric, $7::numeric, $8, $9, $10, $11::numeric)`,
    [
      order.ledgerId,
      order.id,
      order.blockageId,
      order.type,
      order.pair,
      order.price,
      order.amount,
      order.currency1AccountId,
      order.currency2AccountId,
      order.feeAccountId,
      order.fee,
    ],
  );
  return rows[0]!;
}

/**
 * Cancels one open trade, or every open trade on an account (either of its two accounts), releasing
 * their blockages. Answers how many it cancelled.
 */
export async function cancelTrades(
  db: Queryable,
  ledgerId: string,
  which: { tradeId: string } | { accountId: string },
): Promise<number> {
  const rows = await db.query<{ cancelled: number }>('SELECT ledger_cancel_trades($1, $2, $3) AS cancelled', [
    ledgerId,
    'tradeId' in which ? which.tradeId : null,
    'accountId' in which ? which.accountId : null,
  ]);
  return rows[0]!.cancelled;
}

/** Whether an account is one of an open trade's accounts, or the account its fee goes to. */
export async function hasOpenTrades(db: Queryable, accountId: string): Promise<boolean> {
  const rows = await db.query(
    `SELECT 1 FROM trades
      WHERE status = 'OPEN' AND (currency1_account_id = $1 OR currency2_account_id = $1 OR fee_account_id = $1)
      LIMIT 1`,
    [accountId],
  );
  return rows.length > 0;
}
