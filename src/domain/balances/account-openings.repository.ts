import type { Account } from '../../contract/account.schema.js';
import type { Queryable } from '../../storage/database.js';
import { ACCOUNT_COLUMNS, accountRowToAccount, type AccountRow } from './account-reads.repository.js';

export interface NewAccount {
  id: string;
  customerId: string | null;
  currency: string;
  xpub: string | null;
  accountCode: string | null;
  accountNumber: string | null;
  accountingCurrency: string;
  /** What the account holds from the start: a virtual currency's supply on its issuer account; "0" otherwise. */
  openingBalance: string;
}

// The accounts travel as one array per column and are unnested into rows, as payment records are
// (payments.repository.ts): one statement text, prepared once, opens one account or a batch of
// hundreds. They are inserted in request order, so that creation order (`seq`) is request order, and
// come back as clients see them, balances included, without being read again.
const OPEN_ACCOUNTS = `
  WITH opened AS (
    INSERT INTO accounts (id, ledger_id, customer_id, currency, xpub, account_code, account_number,
                          accounting_currency, balance)
    SELECT n.id, $1, n.customer_id, n.currency, n.xpub, n.account_code, n.account_number, n.accounting_currency,
           n.balance
      FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::numeric[])
           WITH ORDINALITY AS n(id, customer_id, currency, xpub, account_code, account_number, accounting_currency,
                                balance, ord)
     ORDER BY n.ord
    RETURNING id, customer_id, currency, xpub, account_code, account_number, accounting_currency, active, frozen,
              balance, blocked
  )
  SELECT ${ACCOUNT_COLUMNS} FROM opened a LEFT JOIN customers c ON c.id = a.customer_id`;

/** Inserts the accounts with one statement; returns them in the order given. */
export async function openAccounts(
  tx: Queryable,
  ledgerId: string,
  accounts: readonly NewAccount[],
): Promise<Account[]> {
  const rows = await tx.query<AccountRow>(OPEN_ACCOUNTS, [
    ledgerId,
    accounts.map((a) => a.id),
    accounts.map((a) => a.customerId),
    accounts.map((a) => a.currency),
    accounts.map((a) => a.xpub),
    accounts.map((a) => a.accountCode),
    accounts.map((a) => a.accountNumber),
    accounts.map((a) => a.accountingCurrency),
    accounts.map((a) => a.openingBalance),
  ]);
  const byId = new Map(rows.map((row) => [row.id, accountRowToAccount(row)]));
  return accounts.map((account) => byId.get(account.id)!);
}
