import type { Account } from '../../contract/account.schema.js';
import type { Customer } from '../../contract/customer.schema.js';
import type { Queryable } from '../../storage/database.js';
import { findImportedAccounts } from '../balances/imported-accounts.repository.js';
import { countRecordsOf, findCustomersByIds } from './import.repository.js';
import { PAGE_SIZE, type SourceReader } from './source-reader.js';

// The import's last step, and `--verify-only` (docs/decisions/0038-ledger-import.md): every customer's
// fields, every account's balance and available balance and its number of transaction records, read
// at the source and here, compared. The report names each difference; the exit code says whether
// there was one.

export interface Difference {
  /** What differs: `account <id> availableBalance`, `customer <id> enabled`, ... */
  what: string;
  source: unknown;
  target: unknown;
}

export interface VerifyReport {
  customers: number;
  accounts: number;
  /** The first differences found (at most DIFFERENCES_KEPT), and how many there were. */
  differences: Difference[];
  differenceCount: number;
}

export const DIFFERENCES_KEPT = 100;

export interface VerifyOptions {
  db: Queryable;
  ledgerId: string;
  reader: SourceReader;
  onProgress?: (checked: { customers: number; accounts: number }) => void;
}

/** A decimal as one spelling: "10.500" and "10.5" are the same amount. */
export function sameAmount(a: string, b: string): boolean {
  const plain = (value: string) => {
    const [whole = '0', fraction = ''] = value.replace(/^\+/, '').split('.');
    const negative = whole.startsWith('-');
    const digits = `${whole.replace('-', '').replace(/^0+(?=\d)/, '')}.${fraction.replace(/0+$/, '')}`.replace(
      /\.$/,
      '',
    );
    return digits === '0' ? '0' : `${negative ? '-' : ''}${digits}`;
  };
  return plain(a) === plain(b);
}

export async function verifyImport({ db, ledgerId, reader, onProgress }: VerifyOptions): Promise<VerifyReport> {
  const report: VerifyReport = { customers: 0, accounts: 0, differences: [], differenceCount: 0 };
  const differ = (what: string, source: unknown, target: unknown) => {
    report.differenceCount++;
    if (report.differences.length < DIFFERENCES_KEPT) report.differences.push({ what, source, target });
  };

  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await reader.customers(offset);
    const here = new Map(
      (
        await findCustomersByIds(
          db,
          ledgerId,
          page.map((c) => c.id),
        )
      ).map((row) => [row.id, row] as const),
    );
    for (const customer of page) {
      const row = here.get(customer.id);
      if (!row) {
        differ(`customer ${customer.id}`, 'present', 'missing');
        continue;
      }
      const target: Customer = {
        externalId: row.external_id,
        id: row.id,
        enabled: row.enabled,
        active: row.active,
        accountingCurrency: row.accounting_currency as Customer['accountingCurrency'],
        customerCountry: row.customer_country,
        providerCountry: row.provider_country,
      };
      for (const field of [
        'externalId',
        'enabled',
        'active',
        'accountingCurrency',
        'customerCountry',
        'providerCountry',
      ] as const) {
        if ((customer[field] ?? null) !== target[field])
          differ(`customer ${customer.id} ${field}`, customer[field], target[field]);
      }
    }
    report.customers += page.length;
    onProgress?.({ customers: report.customers, accounts: report.accounts });
    if (page.length < PAGE_SIZE) break;
  }

  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await reader.accounts(offset);
    const ids = page.map((a) => a.id);
    const [here, records, sourceRecords] = await Promise.all([
      findImportedAccounts(db, ledgerId, ids),
      countRecordsOf(db, ledgerId, ids),
      Promise.all(ids.map((id) => reader.accountTransactionCount(id))),
    ]);
    for (const [index, account] of page.entries()) {
      const target = here.get(account.id);
      if (!target) {
        differ(`account ${account.id}`, 'present', 'missing');
        continue;
      }
      compareAccount(account, target, differ);
      const count = records.get(account.id) ?? 0;
      if (count !== sourceRecords[index]) differ(`account ${account.id} transactions`, sourceRecords[index], count);
    }
    report.accounts += page.length;
    onProgress?.({ customers: report.customers, accounts: report.accounts });
    if (page.length < PAGE_SIZE) break;
  }
  return report;
}

function compareAccount(source: Account, target: Account, differ: (what: string, s: unknown, t: unknown) => void) {
  for (const field of ['accountBalance', 'availableBalance'] as const) {
    if (!sameAmount(source.balance[field], target.balance[field])) {
      differ(`account ${source.id} ${field}`, source.balance[field], target.balance[field]);
    }
  }
  for (const field of ['currency', 'frozen', 'active', 'customerId', 'xpub', 'accountCode', 'accountNumber'] as const) {
    if ((source[field] ?? null) !== (target[field] ?? null))
      differ(`account ${source.id} ${field}`, source[field], target[field]);
  }
}
