import type { BatchCreateTransaction, CreateTransaction, TransactionQuery } from '../../contract/transaction.schema.js';
import type { Database } from '../../storage/database.js';
import { lockAccounts } from '../accounts/account.repository.js';
import type { CompliancePolicy } from '../compliance/policy.js';
import type { LedgerScope } from '../ledger.js';
import { applyPayments } from './payment.js';
import { countTransactions, findTransactions, findTransactionsByReference } from './transaction.repository.js';

/** One payment: two records under one reference. Throws what applyPayments throws. */
export async function sendTransaction(
  db: Database,
  scope: LedgerScope,
  policy: CompliancePolicy,
  request: CreateTransaction,
): Promise<{ reference: string }> {
  const { senderAccountId, ...payment } = request;
  return db.transaction(async (tx) => {
    const accounts = await lockAccounts(tx, scope.ledgerId, [senderAccountId, payment.recipientAccountId]);
    const [reference] = await applyPayments(tx, scope, accounts, senderAccountId, [payment], policy);
    return { reference: reference! };
  });
}

/** All payments of the batch or none (docs/decisions/0021-atomic-batches.md); references in request order. */
export async function sendTransactionBatch(
  db: Database,
  scope: LedgerScope,
  policy: CompliancePolicy,
  request: BatchCreateTransaction,
): Promise<string[]> {
  const payments = request.transaction ?? [];
  if (payments.length === 0) return [];
  return db.transaction(async (tx) => {
    const ids = [request.senderAccountId, ...payments.map((p) => p.recipientAccountId)];
    const accounts = await lockAccounts(tx, scope.ledgerId, ids);
    return applyPayments(tx, scope, accounts, request.senderAccountId, payments, policy);
  });
}

export interface FindPage {
  pageSize?: number;
  offset?: number;
  count?: boolean;
}

const DEFAULT_PAGE_SIZE = 50;

/**
 * The records matching the query, oldest first (docs/decisions/0002-creation-order-lists.md); with
 * `count`, only their number (docs/compatibility/README.md).
 */
export async function findLedgerTransactions(
  db: Database,
  scope: LedgerScope,
  query: TransactionQuery,
  page: FindPage,
) {
  if (page.count) return countTransactions(db, scope.ledgerId, query);
  return findTransactions(db, scope.ledgerId, query, page.pageSize ?? DEFAULT_PAGE_SIZE, page.offset ?? 0);
}

/** Both records of a payment (one of a mint or revoke); an unknown reference finds nothing. */
export async function getTransactionsByReference(db: Database, scope: LedgerScope, reference: string) {
  return findTransactionsByReference(db, scope.ledgerId, reference);
}
