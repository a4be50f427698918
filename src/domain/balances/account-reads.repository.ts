import type { Account } from '../../contract/account.schema.js';
import type { Queryable } from '../../storage/database.js';
import { availableBalance } from './available-balance.js';

// Accounts as clients see them: with their account and available balances.

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

/**
 * The columns of an AccountRow, over `a` (accounts) and `c` (its customer, LEFT JOINed). trim_scale
 * keeps "50000", not "50000.000".
 */
export const ACCOUNT_COLUMNS = `a.id, a.customer_id, a.currency, a.xpub, a.account_code, a.account_number,
  a.accounting_currency, a.active, a.frozen, trim_scale(a.balance)::text AS account_balance,
  trim_scale(${availableBalance()})::text AS available_balance`;
/** The customer's `enabled` flag of the accounts row `a`, for an UPDATE of it, which cannot join it. */
export const CUSTOMER_ENABLED_OF_A = '(SELECT enabled FROM customers WHERE id = a.customer_id)';
const SELECT_ACCOUNT = `SELECT ${ACCOUNT_COLUMNS} FROM accounts a LEFT JOIN customers c ON c.id = a.customer_id`;

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
  available_balance: availableBalance(),
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

/**
 * The ledger's accounts whose account balance (`account`) or available balance (`available`) is strictly
 * above `limit`, compared as NUMERIC, oldest first, at most `max` of them: the ACCOUNT_BALANCE_LIMIT
 * report (docs/decisions/0029-subscriptions.md).
 */
export async function listAccountsAboveLimit(
  db: Queryable,
  ledgerId: string,
  typeOfBalance: 'account' | 'available',
  limit: string,
  max: number,
) {
  const compared = typeOfBalance === 'available' ? availableBalance() : 'a.balance';
  return db.query<AccountRow>(
    `${SELECT_ACCOUNT} WHERE a.ledger_id = $1 AND ${compared} > $2::numeric ORDER BY a.seq LIMIT $3`,
    [ledgerId, limit, max],
  );
}
