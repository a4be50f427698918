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

// Balances are computed when read: available = balance − blockages, except that a frozen account or a
// disabled customer reads "0" while the account balance stays (docs/decisions/0017-available-balance.md,
// 0016-account-freeze.md, 0012-disabled-customer.md). That is what keeps disable and enable O(1) in the
// number of accounts. trim_scale keeps "50000", not "50000.000".
export const AVAILABLE_BALANCE = `CASE WHEN a.frozen OR c.enabled IS FALSE THEN 0 ELSE a.balance - a.blocked END`;
const SELECT_ACCOUNT = `
  SELECT a.id, a.customer_id, a.currency, a.xpub, a.account_code, a.account_number, a.accounting_currency,
         a.active, a.frozen,
         trim_scale(a.balance)::text AS account_balance,
         trim_scale(${AVAILABLE_BALANCE})::text AS available_balance
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

/** Locks the account row for a state change; callers lock its customer first (lock order: account.service.ts). */
export async function lockAccount(db: Queryable, ledgerId: string, id: string) {
  const rows = await db.query<{
    id: string;
    customer_id: string | null;
    active: boolean;
    frozen: boolean;
    balance_is_zero: boolean;
  }>(
    `SELECT id, customer_id, active, frozen, balance = 0 AND blocked = 0 AS balance_is_zero
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

/** An account as a money movement sees it, locked for the rest of the transaction. */
export interface LockedAccount {
  id: string;
  customer_id: string | null;
  currency: string;
  active: boolean;
  frozen: boolean;
  /** null when the account has no customer. */
  customer_enabled: boolean | null;
  customer_active: boolean | null;
  customer_country: string | null;
  provider_country: string | null;
  /** The account's virtual currency's base pair and rate; null for any other asset. */
  vc_base_pair: string | null;
  vc_base_rate: string | null;
}

/**
 * Locks accounts FOR UPDATE in id order, the one order every money movement uses, so that two
 * payments between the same accounts in opposite directions cannot deadlock (the lock order:
 * account.service.ts). Customers and the virtual currency are read, not locked: a disable that commits
 * first is seen; one that commits later comes after the payment. Reading them here saves a payment a
 * round trip for each.
 */
export async function lockAccounts(tx: Queryable, ledgerId: string, ids: readonly string[]) {
  const rows = await tx.query<LockedAccount>(
    `SELECT a.id, a.customer_id, a.currency, a.active, a.frozen, c.enabled AS customer_enabled,
            c.active AS customer_active, c.customer_country, c.provider_country,
            v.base_pair AS vc_base_pair, trim_scale(v.base_rate)::text AS vc_base_rate
       FROM accounts a
       LEFT JOIN customers c ON c.id = a.customer_id
       LEFT JOIN virtual_currencies v ON v.ledger_id = a.ledger_id AND v.name = a.currency
      WHERE a.ledger_id = $1 AND a.id = ANY($2::text[])
      ORDER BY a.id
      FOR UPDATE OF a`,
    [ledgerId, [...new Set(ids)]],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** Takes `amount` off the balance if the available balance (balance − blockages) covers it. */
export async function debitIfCovered(tx: Queryable, id: string, amount: string): Promise<boolean> {
  const rows = await tx.query(
    'UPDATE accounts SET balance = balance - $2::numeric WHERE id = $1 AND balance - blocked >= $2::numeric RETURNING id',
    [id, amount],
  );
  return rows.length > 0;
}

export async function credit(tx: Queryable, id: string, amount: string): Promise<void> {
  await tx.query('UPDATE accounts SET balance = balance + $2::numeric WHERE id = $1', [id, amount]);
}

/** balance − blockages, as it stands in this transaction. */
export async function availableBeforeFlags(tx: Queryable, id: string): Promise<string> {
  const [row] = await tx.query<{ available: string }>(
    'SELECT trim_scale(balance - blocked)::text AS available FROM accounts WHERE id = $1',
    [id],
  );
  return row!.available;
}

/** Adds to (or, with a negative delta, takes from) the account's sum of blockages. */
export async function adjustBlocked(tx: Queryable, id: string, delta: string): Promise<void> {
  await tx.query('UPDATE accounts SET blocked = blocked + $2::numeric WHERE id = $1', [id, delta]);
}

/**
 * Freezes or unfreezes the account and moves its sum of blockages by `blockedDelta` (the freeze
 * blockage made or deleted), in one update: a second update of the row in the same transaction would
 * check its customer key again (lock order, account.service.ts).
 */
export async function setAccountFrozen(tx: Queryable, id: string, frozen: boolean, blockedDelta: string) {
  await tx.query('UPDATE accounts SET frozen = $2, blocked = blocked + $3::numeric WHERE id = $1', [
    id,
    frozen,
    blockedDelta,
  ]);
}

export interface AccountFilters {
  active?: boolean;
  frozen?: boolean;
  onlyNonZeroBalance?: boolean;
  currency?: string;
  accountNumber?: string;
}

function filterClause(ledgerId: string, filters: AccountFilters) {
  const params: unknown[] = [ledgerId];
  const where = ['a.ledger_id = $1'];
  const add = (column: string, value: unknown) => {
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  if (filters.active !== undefined) add('a.active', filters.active);
  if (filters.frozen !== undefined) add('a.frozen', filters.frozen);
  if (filters.currency !== undefined) add('a.currency', filters.currency);
  if (filters.accountNumber !== undefined) add('a.account_number', filters.accountNumber);
  if (filters.onlyNonZeroBalance) where.push('a.balance <> 0');
  return { sql: where.join(' AND '), params };
}

const SORT_COLUMNS = {
  id: 'a.id',
  account_number: 'a.account_number',
  account_balance: 'a.balance',
  available_balance: AVAILABLE_BALANCE,
} as const;

/** Every account of the ledger, inactive ones too; creation order unless sorted, creation breaking ties. */
export async function listAccounts(
  db: Queryable,
  ledgerId: string,
  filters: AccountFilters,
  order: { sortBy?: keyof typeof SORT_COLUMNS; descending: boolean },
  limit: number,
  offset: number,
) {
  const { sql, params } = filterClause(ledgerId, filters);
  const direction = order.descending ? 'DESC' : 'ASC';
  const orderBy = [order.sortBy ? `${SORT_COLUMNS[order.sortBy]} ${direction} NULLS LAST` : '', `a.seq ${direction}`]
    .filter(Boolean)
    .join(', ');
  return db.query<AccountRow>(
    `${SELECT_ACCOUNT} WHERE ${sql} ORDER BY ${orderBy} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
    [...params, limit, offset],
  );
}

export async function countAccounts(db: Queryable, ledgerId: string, filters: AccountFilters): Promise<number> {
  const { sql, params } = filterClause(ledgerId, filters);
  const [row] = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM accounts a WHERE ${sql}`, params);
  return row!.total;
}

/** Sets the bookkeeping fields that are present; returns false for an unknown account. */
export async function updateAccountFields(
  db: Queryable,
  ledgerId: string,
  id: string,
  fields: { accountCode?: string; accountNumber?: string },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE accounts SET account_code = COALESCE($3, account_code), account_number = COALESCE($4, account_number)
      WHERE ledger_id = $1 AND id = $2 RETURNING id`,
    [ledgerId, id, fields.accountCode ?? null, fields.accountNumber ?? null],
  );
  return rows.length > 0;
}
