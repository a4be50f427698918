import { randomUUID } from 'node:crypto';
import type { BatchTransactionItem } from '../../contract/transaction.schema.js';
import type { Queryable } from '../../storage/database.js';
import type { LockedAccount } from '../accounts/account.repository.js';
import { firstUncoveredPayment, movePayments } from '../balances/payments.repository.js';
import { complianceRefusal } from '../compliance/compliance.js';
import type { CompliancePolicy } from '../compliance/policy.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { belowSmallestUnit, isZeroAmount } from './amounts.js';
import type { TransactionRecord } from './transaction.repository.js';

/**
 * One transfer out of a sender: a batch item as the contract defines it. A send is one with its sender
 * alongside, an unblock one whose amount comes out of the blockage (UnblockAmount is the same schema).
 */
export type Payment = BatchTransactionItem;

function assertCompliant(policy: CompliancePolicy, party: string, account: LockedAccount): void {
  const subject = account.customer_id
    ? { customerCountry: account.customer_country, providerCountry: account.provider_country }
    : undefined;
  const reason = complianceRefusal(policy, subject);
  if (reason) throw new LedgerError('transactionNotCompliant', { reason: `${party} account ${account.id}: ${reason}` });
}

/**
 * Checks every payment against the locked accounts before anything moves; each failed rule throws
 * its LedgerError. Throws senderAccountNotExists, recipientAccountNotExists, paymentAmountNotNull,
 * paymentSameAccount, transactionCurrencyIncompatible, amountBtc, amountEth, senderAccountFrozen,
 * senderAccountCustomerDisabled, transactionNotCompliant.
 */
function checkPayments(
  accounts: Map<string, LockedAccount>,
  senderAccountId: string,
  payments: readonly Payment[],
  policy: CompliancePolicy,
): LockedAccount {
  const sender = accounts.get(senderAccountId);
  if (!sender?.active) throw new LedgerError('senderAccountNotExists', { senderAccountId });
  for (const payment of payments) {
    const { recipientAccountId, amount } = payment;
    const recipient = accounts.get(recipientAccountId);
    if (!recipient?.active) throw new LedgerError('recipientAccountNotExists', { recipientAccountId });
    if (isZeroAmount(amount)) throw new LedgerError('paymentAmountNotNull');
    if (recipientAccountId === senderAccountId) throw new LedgerError('paymentSameAccount', { senderAccountId });
    if (recipient.currency !== sender.currency) {
      throw new LedgerError('transactionCurrencyIncompatible', { senderAccountId, recipientAccountId });
    }
    const tooSmall = belowSmallestUnit(sender.currency, amount);
    if (tooSmall) throw new LedgerError(tooSmall, { amount });
    if (payment.compliant) {
      assertCompliant(policy, 'sender', sender);
      assertCompliant(policy, 'recipient', recipient);
    }
  }
  if (sender.frozen) throw new LedgerError('senderAccountFrozen', { senderAccountId });
  if (sender.customer_enabled === false) {
    throw new LedgerError('senderAccountCustomerDisabled', { customerId: sender.customer_id! });
  }
  return sender;
}

/**
 * Moves money out of one sender, inside the caller's transaction and on accounts the caller has
 * locked (lockAccounts). All payments are checked first, then applied together; the sender's
 * available balance must cover each one as it comes, which is to say all of them (amounts are
 * positive). `released`, the amount of a blockage being deleted, counts as available. Returns one
 * reference per payment. Throws what checkPayments throws, and balanceInsufficient.
 */
export async function applyPayments(
  tx: Queryable,
  scope: LedgerScope,
  accounts: Map<string, LockedAccount>,
  senderAccountId: string,
  payments: readonly Payment[],
  policy: CompliancePolicy,
  released = '0',
): Promise<string[]> {
  const sender = checkPayments(accounts, senderAccountId, payments, policy);
  const references: string[] = [];
  const records: TransactionRecord[] = [];
  for (const payment of payments) {
    const recipient = accounts.get(payment.recipientAccountId)!;
    const reference = randomUUID();
    // A virtual currency is valued in its base pair at the payment's rate (or the currency's own);
    // other assets have no price source here and are valued in themselves.
    const market =
      sender.vc_base_pair !== null
        ? { marketRate: String(payment.baseRate ?? sender.vc_base_rate), marketCurrency: sender.vc_base_pair }
        : { marketRate: '1', marketCurrency: sender.currency };
    const shared = {
      ledgerId: scope.ledgerId,
      reference,
      currency: sender.currency,
      operationType: 'PAYMENT',
      anonymous: payment.anonymous ?? false,
      transactionCode: payment.transactionCode,
      paymentId: payment.paymentId,
      senderNote: payment.senderNote,
      recipientNote: payment.recipientNote,
      ...market,
    };
    records.push(
      {
        ...shared,
        accountId: sender.id,
        customerId: sender.customer_id,
        counterAccountId: recipient.id,
        amount: `-${payment.amount.replace('+', '')}`,
        transactionType: 'DEBIT_PAYMENT',
      },
      {
        ...shared,
        accountId: recipient.id,
        customerId: recipient.customer_id,
        // An anonymous payment does not show the sender to the recipient.
        counterAccountId: payment.anonymous ? null : sender.id,
        amount: payment.amount,
        transactionType: 'CREDIT_PAYMENT',
      },
    );
    references.push(reference);
  }
  const items = payments.map((payment) => ({ recipientId: payment.recipientAccountId, amount: payment.amount }));
  const move = { senderId: sender.id, items, released };
  if (!(await movePayments(tx, move, records))) {
    const { index, available } = await firstUncoveredPayment(tx, move);
    throw new LedgerError('balanceInsufficient', {
      senderAccountId,
      amount: payments[index]!.amount,
      availableBalance: available,
    });
  }
  return references;
}
