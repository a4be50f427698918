import type { Account } from '../../contract/account.schema.js';
import type { Transaction } from '../../contract/transaction.schema.js';
import type { Database } from '../../storage/database.js';
import { accountRowToAccount, listAccountsAboveLimit } from '../balances/account-reads.repository.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { findRecentTransactions } from '../transactions/transaction.repository.js';
import { findSubscription } from './subscription.repository.js';

// The two report subscriptions, pulled with GET /v3/subscription/report/{id} and never posted
// (docs/decisions/0029-subscriptions.md).

/** Tatum's bound on the transaction report, kept for the balance report too: one answer stays bounded. */
export const MAX_REPORT_RECORDS = 20_000;

/**
 * ACCOUNT_BALANCE_LIMIT: the ledger's accounts whose chosen balance is strictly above the limit, oldest
 * first. TRANSACTION_HISTORY_REPORT: the ledger's records of the last `interval` hours, newest first.
 * Throws subscriptionNotExists, reportInvalid (a subscription that posts instead).
 */
export async function getSubscriptionReport(
  db: Database,
  scope: LedgerScope,
  id: string,
): Promise<Account[] | Transaction[]> {
  const subscription = await findSubscription(db, scope.ledgerId, id);
  if (!subscription) throw new LedgerError('subscriptionNotExists');
  const { attr } = subscription;
  switch (subscription.type) {
    case 'ACCOUNT_BALANCE_LIMIT': {
      const rows = await listAccountsAboveLimit(
        db,
        scope.ledgerId,
        attr.typeOfBalance === 'available' ? 'available' : 'account',
        attr.limit as string,
        MAX_REPORT_RECORDS,
      );
      return rows.map(accountRowToAccount);
    }
    case 'TRANSACTION_HISTORY_REPORT':
      return findRecentTransactions(db, scope.ledgerId, attr.interval as number, MAX_REPORT_RECORDS);
    default:
      throw new LedgerError('reportInvalid');
  }
}

/** A report's credits: 1, and 1 for each 50 records it returned, or part of 50. */
export const reportCredits = (records: number) => 1 + Math.ceil(records / 50);
