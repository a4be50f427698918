import type { Queryable } from '../../storage/database.js';
import { ACCOUNT_COLUMNS, accountRowToAccount, type AccountRow } from './account-reads.repository.js';

// Accounts and blockages copied in from another server (docs/decisions/0038-ledger-import.md): the
// balance is the source's, as it stood when the account was read, and `blocked` the sum of the
// blockages copied, so that the available balance comes out as the source's by the same rule as every
// other (available-balance.ts). An id that is another ledger's is never written over: it is left out
// and reported.

/** An account as the source lists it, flattened into columns. */
export interface ImportedAccount {
  id: string;
  customerId: string | null;
  currency: string;
  xpub: string | null;
  accountCode: string | null;
  accountNumber: string | null;
  accountingCurrency: string | null;
  active: boolean;
  frozen: boolean;
  balance: string;
}

const GIVEN_ACCOUNTS = `unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
  $9::boolean[], $10::boolean[], $11::numeric[]) WITH ORDINALITY AS g(id, customer_id, currency, xpub, account_code,
  account_number, accounting_currency, active, frozen, balance, ord)`;

// New accounts are inserted in the source's order, so that creation order (`seq`) is the source's;
// those already here (a resumed import reading them again) take the source's state as it is now. An
// account whose customer is not this ledger's, or whose id is another ledger's, is neither.
const UPSERT_ACCOUNTS = `
  WITH given AS (
    SELECT g.* FROM ${GIVEN_ACCOUNTS}
     WHERE g.customer_id IS NULL
        OR EXISTS (SELECT 1 FROM customers c WHERE c.id = g.customer_id AND c.ledger_id = $1)
  ), updated AS (
    UPDATE accounts a
       SET customer_id = g.customer_id, xpub = g.xpub, account_code = g.account_code,
           account_number = g.account_number, accounting_currency = coalesce(g.accounting_currency, 'EUR'),
           active = g.active, frozen = g.frozen, balance = g.balance
      FROM given g
     WHERE a.id = g.id AND a.ledger_id = $1
    RETURNING a.id
  ), inserted AS (
    INSERT INTO accounts (id, ledger_id, customer_id, currency, xpub, account_code, account_number,
                          accounting_currency, active, frozen, balance)
    SELECT g.id, $1, g.customer_id, g.currency, g.xpub, g.account_code, g.account_number,
           coalesce(g.accounting_currency, 'EUR'), g.active, g.frozen, g.balance
      FROM given g
     WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = g.id)
     ORDER BY g.ord
    RETURNING id
  )
  SELECT id FROM updated UNION ALL SELECT id FROM inserted`;

/** Writes the accounts; answers the ids written (the others are another ledger's, or their customer is). */
export async function upsertImportedAccounts(
  tx: Queryable,
  ledgerId: string,
  accounts: readonly ImportedAccount[],
): Promise<Set<string>> {
  const column = <K extends keyof ImportedAccount>(key: K) => accounts.map((a) => a[key]);
  const rows = await tx.query<{ id: string }>(UPSERT_ACCOUNTS, [
    ledgerId,
    column('id'),
    column('customerId'),
    column('currency'),
    column('xpub'),
    column('accountCode'),
    column('accountNumber'),
    column('accountingCurrency'),
    column('active'),
    column('frozen'),
    column('balance'),
  ]);
  return new Set(rows.map((row) => row.id));
}

export interface ImportedBlockage {
  id: string;
  accountId: string;
  amount: string;
  type: string;
  description: string | null;
}

// One account's blockages replace what was copied of them before: those gone at the source go here
// too. A freeze's blockage is marked as the freeze's (the newest ACCOUNT_FROZEN one with the text a
// freeze gives it, as migration 007 marks them), so that unfreezing here deletes it; a trade's is tied
// to its trade when that trade was copied. Then `blocked` is their sum.
const REPLACE_BLOCKAGES = `
  WITH account AS MATERIALIZED (
    SELECT a.id, a.frozen FROM accounts a WHERE a.id = $2 AND a.ledger_id = $1 FOR UPDATE
  ), given AS (
    SELECT g.* FROM unnest($3::text[], $4::numeric[], $5::text[], $6::text[]) WITH ORDINALITY AS g(id, amount, type,
           description, ord)
     WHERE EXISTS (SELECT 1 FROM account)
       AND NOT EXISTS (SELECT 1 FROM blockages b WHERE b.id = g.id AND b.account_id <> $2)
  ), marked AS (
    SELECT g.*, (account.frozen AND g.type = 'ACCOUNT_FROZEN' AND g.description = 'Account frozen'
                 AND g.ord = max(g.ord) FILTER (WHERE g.type = 'ACCOUNT_FROZEN' AND g.description = 'Account frozen')
                                        OVER ()) AS freeze,
           (SELECT t.id FROM trades t WHERE g.type = 'TRADE' AND t.id = g.description AND t.ledger_id = $1) AS trade_id
      FROM given g, account
  ), gone AS (
    DELETE FROM blockages b
     WHERE b.account_id = $2 AND EXISTS (SELECT 1 FROM account)
       AND NOT EXISTS (SELECT 1 FROM given g WHERE g.id = b.id)
  ), kept AS (
    INSERT INTO blockages (id, ledger_id, account_id, amount, type, description, account_freeze, trade_id)
    SELECT m.id, $1, $2, m.amount, m.type, m.description, coalesce(m.freeze, false), m.trade_id
      FROM marked m ORDER BY m.ord
    ON CONFLICT (id) DO UPDATE
       SET amount = EXCLUDED.amount, type = EXCLUDED.type, description = EXCLUDED.description,
           account_freeze = EXCLUDED.account_freeze, trade_id = EXCLUDED.trade_id
    RETURNING id, amount
  ), summed AS (
    UPDATE accounts a SET blocked = coalesce((SELECT sum(k.amount) FROM kept k), 0)
     WHERE a.id = (SELECT id FROM account)
    RETURNING a.id
  )
  SELECT (SELECT count(*) FROM summed)::int AS accounts, (SELECT count(*) FROM kept)::int AS blockages,
         coalesce((SELECT array_agg(g.id) FROM unnest($3::text[]) AS g(id)
                    WHERE NOT EXISTS (SELECT 1 FROM kept k WHERE k.id = g.id)), '{}') AS refused`;

/**
 * Replaces the account's blockages with the source's and sets `blocked` to their sum. Answers the
 * blockage ids left out because another account has them.
 */
export async function replaceImportedBlockages(
  tx: Queryable,
  ledgerId: string,
  accountId: string,
  blockages: readonly ImportedBlockage[],
): Promise<string[]> {
  const [row] = await tx.query<{ refused: string[] }>(REPLACE_BLOCKAGES, [
    ledgerId,
    accountId,
    blockages.map((b) => b.id),
    blockages.map((b) => b.amount),
    blockages.map((b) => b.type),
    blockages.map((b) => b.description),
  ]);
  return row!.refused;
}

/** The ledger's accounts with these ids, as clients see them: what the verification compares. */
export async function findImportedAccounts(tx: Queryable, ledgerId: string, ids: readonly string[]) {
  const rows = await tx.query<AccountRow>(
    `SELECT ${ACCOUNT_COLUMNS} FROM accounts a LEFT JOIN customers c ON c.id = a.customer_id
      WHERE a.ledger_id = $1 AND a.id = ANY($2::text[])`,
    [ledgerId, ids],
  );
  return new Map(rows.map((row) => [row.id, accountRowToAccount(row)]));
}
