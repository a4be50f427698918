import type { BatchTransactionItem } from '../../contract/transaction.schema.js';
import { ERRORS, type ErrorName } from '../../contract/errors.js';
import type { PaymentItem, PaymentUnit, UnitAnswer } from '../balances/payments.repository.js';
import { newReference } from '../ids.js';
import { LedgerError } from '../ledger-error.js';

/**
 * One transfer out of a sender: a batch item as the contract defines it. A send is one with its sender
 * alongside, an unblock one whose amount comes out of the blockage (UnblockAmount is the same schema).
 */
export type Payment = BatchTransactionItem;

/** A payment as the payment function takes it, with a new reference. */
export function paymentItem(payment: Payment): PaymentItem {
  return {
    recipientAccountId: payment.recipientAccountId,
    amount: payment.amount,
    reference: newReference(),
    ...(payment.baseRate === undefined ? {} : { baseRate: String(payment.baseRate) }),
    anonymous: payment.anonymous ?? false,
    compliant: payment.compliant ?? false,
    ...(payment.transactionCode === undefined ? {} : { transactionCode: payment.transactionCode }),
    ...(payment.paymentId === undefined ? {} : { paymentId: payment.paymentId }),
    ...(payment.senderNote === undefined ? {} : { senderNote: payment.senderNote }),
    ...(payment.recipientNote === undefined ? {} : { recipientNote: payment.recipientNote }),
  };
}

/** The refusal ledger_pay named, with the parameters its message shows. */
function refusalOf(unit: PaymentUnit, answer: UnitAnswer & { refusal: string }): LedgerError {
  const { refusal, sender, detail } = answer;
  if (!(refusal in ERRORS)) throw new Error(`the payment function answered an unknown refusal: ${refusal}`);
  const reason = refusal as ErrorName;
  const item = answer.item === null ? undefined : unit.items[answer.item];
  const senderAccountId = sender ?? '';
  switch (reason) {
    case 'senderAccountNotExists':
    case 'paymentSameAccount':
    case 'senderAccountFrozen':
      return new LedgerError(reason, { senderAccountId });
    case 'recipientAccountNotExists':
      return new LedgerError(reason, { recipientAccountId: item!.recipientAccountId });
    case 'transactionCurrencyIncompatible':
      return new LedgerError(reason, { senderAccountId, recipientAccountId: item!.recipientAccountId });
    case 'amountBtc':
    case 'amountEth':
      return new LedgerError(reason, { amount: item!.amount });
    case 'transactionNotCompliant':
      return new LedgerError(reason, { reason: detail ?? '' });
    case 'senderAccountCustomerDisabled':
      return new LedgerError(reason, { customerId: detail ?? '' });
    case 'blockageTrade':
      return new LedgerError(reason, { id: unit.blockageId ?? '', tradeId: detail ?? '' });
    case 'balanceInsufficient':
      return new LedgerError(reason, { senderAccountId, amount: item!.amount, availableBalance: detail ?? '' });
    default:
      return new LedgerError(reason);
  }
}

/**
 * The unit's references, in item order, when it went through. Otherwise throws its refusal:
 * blockageNotExists, blockageTrade, blockageAmountExceeded, senderAccountNotExists, recipientAccountNotExists,
 * paymentAmountNotNull, paymentSameAccount, transactionCurrencyIncompatible, amountBtc, amountEth,
 * transactionNotCompliant, senderAccountFrozen, senderAccountCustomerDisabled, balanceInsufficient.
 */
export function settledReferences(unit: PaymentUnit, answer: UnitAnswer): string[] {
  if (answer.refusal !== null) throw refusalOf(unit, { ...answer, refusal: answer.refusal });
  return unit.items.map((item) => item.reference);
}
