import type { Account } from '../../contract/account.schema.js';
import type { Queryable } from '../../storage/database.js';

export interface AccountRow {
  id: string;
  customer_id: string | null;
  currency: string;
  xpub: string | null;
  account_code: string | null;
  account_number: string | null;
  accounting_currency: string;
  active: boolean;
  frozen: boolean;
  account_balance: string;
  available_balance: string;
}

// Balances are computed when read: a frozen account or a disabled customer reads an available balance
// of "0" while the account balance stays (DECISIONS.md 12, 16, 17). trim_scale keeps "50000", not
// "50000.000", on the wire.
const SELECT_ACCOUNT = `
  SELECT a.id, a.customer_id, a.currency, a.xpub, a.account_code, a.account_number, a.accounting_currency,
         a.active, a.frozen,
         trim_scale(a.balance)::text AS account_balance,
         CASE WHEN a.frozen OR c.enabled IS FALSE THEN '0' ELSE trim_scale(a.balance)::text END
           AS available_balance
    FROM accounts a
    LEFT JOIN customers c ON c.id = a.customer_id`;

export function accountRowToAccount(row: AccountRow): Account {
  return {
    id: row.id,
    balance: { accountBalance: row.account_balance, availableBalance: row.available_balance },
    currency: row.currency,
    frozen: row.frozen,
    active: row.active,
    customerId: row.customer_id,
    accountNumber: row.account_number,
    accountCode: row.account_code,
    accountingCurrency: row.accounting_currency,
    xpub: row.xpub,
  };
}

export async function findAccountById(db: Queryable, ledgerId: string, id: string) {
  const rows = await db.query<AccountRow>(`${SELECT_ACCOUNT} WHERE a.ledger_id = $1 AND a.id = $2`, [ledgerId, id]);
  return rows[0];
}

/** Locks the account row for a state change; callers lock its customer first (lock order). */
export async function lockAccount(db: Queryable, ledgerId: string, id: string) {
  const rows = await db.query<{ id: string; customer_id: string | null; active: boolean; balance_is_zero: boolean }>(
    `SELECT id, customer_id, active, balance = 0 AS balance_is_zero
       FROM accounts WHERE ledger_id = $1 AND id = $2 FOR UPDATE`,
    [ledgerId, id],
  );
  return rows[0];
}

export async function listActiveAccountsOfCustomer(
  db: Queryable,
  customerId: string,
  limit: number,
  offset: number,
  accountCode: string | undefined,
) {
  return db.query<AccountRow>(
    `${SELECT_ACCOUNT}
      WHERE a.customer_id = $1 AND a.active AND ($4::text IS NULL OR a.account_code = $4)
      ORDER BY a.seq LIMIT $2 OFFSET $3`,
    [customerId, limit, offset, accountCode ?? null],
  );
}

export interface NewAccount {
  id: string;
  ledgerId: string;
  customerId: string | null;
  currency: string;
  xpub: string | null;
  accountCode: string | null;
  accountNumber: string | null;
  accountingCurrency: string;
}

export async function insertAccount(db: Queryable, account: NewAccount): Promise<void> {
  await db.query(
    `INSERT INTO accounts (id, ledger_id, customer_id, currency, xpub, account_code, account_number, accounting_currency)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      account.id,
      account.ledgerId,
      account.customerId,
      account.currency,
      account.xpub,
      account.accountCode,
      account.accountNumber,
      account.accountingCurrency,
    ],
  );
}

export async function setAccountActive(db: Queryable, id: string, active: boolean): Promise<void> {
  await db.query('UPDATE accounts SET active = $2 WHERE id = $1', [id, active]);
}
