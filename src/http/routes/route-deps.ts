import { RefusalBody, ValidationErrorBody } from '../../contract/common.schema.js';
import type { ErrorName } from '../../contract/errors.js';
import type { Ledger } from '../../domain/create-ledger.js';

/** What every route plugin is given by buildApp. */
export interface RouteDeps {
  /** The server's services: `db` for the services, `compliance` for account creation and payments. */
  ledger: Ledger;
}

/** The refusals every ledger route can answer, in the contract's error shape. */
export const refusals = { 400: ValidationErrorBody, 401: RefusalBody, 403: RefusalBody, 500: RefusalBody };

/**
 * What a payment can be refused with, as ledger_pay judges it (migrations 010 and 013), in that order:
 * the sender, then per item the recipient, the amount, the currencies, the asset's smallest unit and
 * compliance, then the sender's freeze, its customer and its available balance.
 */
export const PAYMENT_REFUSALS: readonly ErrorName[] = [
  'senderAccountNotExists',
  'recipientAccountNotExists',
  'paymentAmountNotNull',
  'paymentSameAccount',
  'transactionCurrencyIncompatible',
  'amountBtc',
  'amountEth',
  'transactionNotCompliant',
  'senderAccountFrozen',
  'senderAccountCustomerDisabled',
  'balanceInsufficient',
];
