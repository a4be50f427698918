import type { BatchCreateTransaction, CreateTransaction, TransactionQuery } from '../../contract/transaction.schema.js';
import type { Database } from '../../storage/database.js';
import type { LedgerScope } from '../ledger.js';
import type { PaymentGroups } from './payment-groups.js';
import { paymentItem } from './payment.js';
import { countTransactions, findTransactions, findTransactionsByReference } from './transaction.repository.js';

/** One payment: two records under one reference. Throws what settledReferences throws. */
export async function sendTransaction(
  payments: PaymentGroups,
  scope: LedgerScope,
  request: CreateTransaction,
): Promise<{ reference: string }> {
  const { senderAccountId, ...payment } = request;
  const [reference] = await payments.pay({ ledgerId: scope.ledgerId, senderAccountId, items: [paymentItem(payment)] });
  return { reference: reference! };
}

/** All payments of the batch or none (docs/decisions/0021-atomic-batches.md); references in request order. */
export async function sendTransactionBatch(
  payments: PaymentGroups,
  scope: LedgerScope,
  request: BatchCreateTransaction,
): Promise<string[]> {
  const items = (request.transaction ?? []).map(paymentItem);
  if (items.length === 0) return [];
  return payments.pay({ ledgerId: scope.ledgerId, senderAccountId: request.senderAccountId, items });
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
