import type { Queryable } from '../../storage/database.js';
import { availableBalance, availableCovers } from './available-balance.js';

// Blockages hold part of an account's balance; `blocked`, their sum, is kept on the account row. Each
// step here is one statement that locks the account (FOR UPDATE, its customer only read), checks, and
// changes the blockages and the sum together, or refuses and changes nothing. The account is locked
// before any blockage row is (lock order: account.service.ts), and its row is updated once.

export type HoldRefusal = 'accountNotExists' | 'amountBtc' | 'amountEth' | 'balanceInsufficient';

export interface Hold {
  id: string;
  ledgerId: string;
  accountId: string;
  amount: string;
  type: string;
  description: string | null;
  /** Refuse unless the available balance covers the amount. */
  ensureSufficientBalance: boolean;
  /** The assets whose smallest unit the amount is below, with the refusal for each (amounts.ts). */
  tooSmall: readonly { currency: string; reason: 'amountBtc' | 'amountEth' }[];
}

const HOLD = `
  WITH account AS MATERIALIZED (
    SELECT a.id, a.active, a.currency, ${availableCovers('$4::numeric')} AS covered,
           trim_scale(${availableBalance()})::text AS available
      FROM accounts a LEFT JOIN customers c ON c.id = a.customer_id
     WHERE a.ledger_id = $1 AND a.id = $2
       FOR UPDATE OF a
  ), verdict AS (
    SELECT account.id, account.available,
           CASE WHEN NOT account.active THEN 'accountNotExists'
                WHEN too_small.reason IS NOT NULL THEN too_small.reason
                WHEN $7::boolean AND NOT account.covered THEN 'balanceInsufficient'
           END AS refusal
      FROM account
      LEFT JOIN unnest($8::text[], $9::text[]) AS too_small(currency, reason) ON too_small.currency = account.currency
  ), held AS (
    INSERT INTO blockages (id, ledger_id, account_id, amount, type, description)
    SELECT $3, $1, verdict.id, $4::numeric, $5, $6 FROM verdict WHERE verdict.refusal IS NULL
    RETURNING account_id
  ), sum_held AS (
    UPDATE accounts a SET blocked = a.blocked + $4::numeric FROM held WHERE a.id = held.account_id
  )
  SELECT refusal, available FROM verdict`;

/**
 * Blocks `hold.amount` on an active account, in the order of the checks: an unknown or inactive
 * account, an amount below the asset's smallest unit, then (with ensureSufficientBalance) an available
 * balance that does not cover it. A refusal comes with the available balance it was judged on.
 */
export async function holdAmount(
  db: Queryable,
  hold: Hold,
): Promise<{ refusal: HoldRefusal | null; available: string }> {
  const [row] = await db.query<{ refusal: HoldRefusal | null; available: string }>(HOLD, [
    hold.ledgerId,
    hold.accountId,
    hold.id,
    hold.amount,
    hold.type,
    hold.description,
    hold.ensureSufficientBalance,
    hold.tooSmall.map((unit) => unit.currency),
    hold.tooSmall.map((unit) => unit.reason),
  ]);
  return row ?? { refusal: 'accountNotExists', available: '0' };
}

const RELEASE = `
  WITH account AS MATERIALIZED (
    SELECT a.id FROM accounts a
     WHERE a.ledger_id = $1 AND a.id = (SELECT b.account_id FROM blockages b WHERE b.ledger_id = $1 AND b.id = $2)
       FOR UPDATE
  ), released AS (
    DELETE FROM blockages b USING account WHERE b.id = $2 AND b.account_id = account.id AND b.trade_id IS NULL
    RETURNING b.account_id, b.amount
  ), sum_held AS (
    UPDATE accounts a SET blocked = a.blocked - released.amount FROM released WHERE a.id = released.account_id
  )
  SELECT (SELECT count(*) FROM released)::int AS released,
         (SELECT b.trade_id FROM blockages b WHERE b.ledger_id = $1 AND b.id = $2) AS trade_id`;

/**
 * Deletes one blockage of the ledger: the available balance grows by its amount. Answers 'released',
 * 'missing' for a blockage that does not exist (or that another request deleted while this one waited
 * for the lock), or the open trade that holds it: such a blockage changes only with its trade
 * (docs/decisions/0034-trade-blockages-and-fees.md).
 */
export async function releaseBlockage(
  db: Queryable,
  ledgerId: string,
  id: string,
): Promise<'released' | 'missing' | { tradeId: string }> {
  const [row] = await db.query<{ released: number; trade_id: string | null }>(RELEASE, [ledgerId, id]);
  if (row!.released > 0) return 'released';
  return row!.trade_id === null ? 'missing' : { tradeId: row!.trade_id };
}

const RELEASE_ALL = `
  WITH account AS MATERIALIZED (
    SELECT a.id, c.active IS FALSE AS customer_inactive
      FROM accounts a LEFT JOIN customers c ON c.id = a.customer_id
     WHERE a.ledger_id = $1 AND a.id = $2
       FOR UPDATE OF a
  ), released AS (
    DELETE FROM blockages b USING account
     WHERE b.account_id = account.id AND NOT account.customer_inactive AND b.trade_id IS NULL
    RETURNING b.amount
  ), sum_held AS (
    UPDATE accounts a SET blocked = a.blocked - (SELECT sum(amount) FROM released)
      FROM account WHERE a.id = account.id AND EXISTS (SELECT 1 FROM released)
  )
  SELECT customer_inactive, (SELECT count(*) FROM released)::int AS released FROM account`;

/**
 * Deletes every blockage of the account, unless its customer is inactive; returns how many, or the
 * refusal. Blockages made while this waited for the lock stay: they come after it. Open trades'
 * blockages stay with their trades (docs/decisions/0034-trade-blockages-and-fees.md).
 */
export async function releaseAccountBlockages(
  db: Queryable,
  ledgerId: string,
  accountId: string,
): Promise<{ refusal: 'accountNotExists' | 'customerBlockageInactive' } | { released: number }> {
  const [row] = await db.query<{ customer_inactive: boolean; released: number }>(RELEASE_ALL, [ledgerId, accountId]);
  if (!row) return { refusal: 'accountNotExists' };
  if (row.customer_inactive) return { refusal: 'customerBlockageInactive' };
  return { released: row.released };
}
