import type { Account, AccountBalance, AccountListQuery } from '../../contract/account.schema.js';
import type { Database } from '../../storage/database.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import {
  accountRowToAccount,
  countAccounts,
  findAccountById,
  listAccounts,
  type AccountFilters,
} from '../balances/account-reads.repository.js';

// What the ledger's accounts are, read without changing them: the ledger-wide list and count, and an
// account's balance. The customer's own accounts are read in account.service.ts.

const DEFAULT_PAGE_SIZE = 50;

/**
 * The ledger's accounts, inactive ones too. `page` (0-based) wins; Tatum's v1 client sends an item
 * `offset` instead (docs/decisions/0001-item-offset-paging.md).
 */
export async function getAccounts(db: Database, scope: LedgerScope, query: AccountListQuery): Promise<Account[]> {
  const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
  const offset = query.page !== undefined ? query.page * pageSize : (query.offset ?? 0);
  const rows = await listAccounts(
    db,
    scope.ledgerId,
    query,
    { sortBy: query.sortBy, descending: query.sort === 'desc' },
    pageSize,
    offset,
  );
  return rows.map(accountRowToAccount);
}

export async function getAccountsCount(db: Database, scope: LedgerScope, filters: AccountFilters) {
  return { total: await countAccounts(db, scope.ledgerId, filters) };
}

/** Throws accountNotExists. */
export async function getAccountBalance(db: Database, scope: LedgerScope, id: string): Promise<AccountBalance> {
  const row = await findAccountById(db, scope.ledgerId, id);
  if (!row) throw new LedgerError('accountNotExists');
  return accountRowToAccount(row).balance;
}
