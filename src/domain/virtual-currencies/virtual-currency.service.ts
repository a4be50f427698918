import { randomUUID } from 'node:crypto';
import type { Account } from '../../contract/account.schema.js';
import type {
  VC,
  VirtualCurrency,
  VirtualCurrencyOperation,
  VirtualCurrencyUpdate,
} from '../../contract/virtual-currency.schema.js';
import { VIRTUAL_CURRENCY_PREFIX } from '../../contract/virtual-currency.schema.js';
import type { Database, Queryable } from '../../storage/database.js';
import { DEFAULT_ACCOUNTING_CURRENCY, upsertAccountCustomer } from '../accounts/account-customer.js';
import { lockAccount } from '../accounts/account.repository.js';
import { openAccounts } from '../balances/account-openings.repository.js';
import { creditMint, debitRevoke } from '../balances/supply.repository.js';
import type { Ledger } from '../create-ledger.js';
import { newId } from '../ids.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { isZeroAmount } from '../transactions/amounts.js';
import { claimReference, insertTransactionRecords } from '../transactions/transaction.repository.js';
import {
  adjustSupply,
  findVirtualCurrency,
  insertVirtualCurrency,
  updateVirtualCurrencyPricing,
  virtualCurrencyRowToVc,
  type VirtualCurrencyRow,
} from './virtual-currency.repository.js';

// Value enters a ledger only through a virtual currency's supply and mints, and leaves only through
// revokes (docs/decisions/0022-value-conservation.md): per currency, the balances of its accounts always
// add up to its supply.

async function recordSupplyChange(
  tx: Queryable,
  scope: LedgerScope,
  vc: Pick<VirtualCurrencyRow, 'name' | 'base_pair' | 'base_rate'>,
  account: { id: string; customer_id: string | null },
  signedAmount: string,
  operation: Partial<VirtualCurrencyOperation>,
): Promise<string> {
  const minted = !signedAmount.startsWith('-');
  const reference = operation.reference ?? randomUUID();
  if (operation.reference !== undefined && !(await claimReference(tx, scope.ledgerId, reference))) {
    throw new LedgerError('virtualTxFailed', { reference });
  }
  await insertTransactionRecords(tx, [
    {
      ledgerId: scope.ledgerId,
      accountId: account.id,
      customerId: account.customer_id,
      counterAccountId: operation.counterAccount ?? null,
      reference,
      amount: signedAmount,
      currency: vc.name,
      operationType: minted ? 'MINT' : 'REVOKE',
      transactionType: minted ? 'CREDIT_DEPOSIT' : 'DEBIT_WITHDRAWAL',
      anonymous: false,
      transactionCode: operation.transactionCode,
      paymentId: operation.paymentId,
      senderNote: operation.senderNote,
      recipientNote: operation.recipientNote,
      marketRate: vc.base_rate,
      marketCurrency: vc.base_pair,
    },
  ]);
  return reference;
}

/**
 * A new currency with its issuer account holding the whole supply; with `customer`, that customer is
 * created or updated as for account creation. Throws virtualNamePrefix, virtualDuplicate,
 * customerNotActive, customerDisabledNoAccount.
 */
export async function createVirtualCurrency(
  { db, changes }: Pick<Ledger, 'db' | 'changes'>,
  scope: LedgerScope,
  request: VirtualCurrency,
): Promise<Account> {
  if (!request.name.startsWith(VIRTUAL_CURRENCY_PREFIX)) throw new LedgerError('virtualNamePrefix');
  return db.transaction(async (tx) => {
    if (await findVirtualCurrency(tx, scope.ledgerId, request.name)) throw new LedgerError('virtualDuplicate');
    const customer = request.customer
      ? await upsertAccountCustomer(changes, tx, scope.ledgerId, request.customer)
      : undefined;
    const [issuer] = await openAccounts(tx, scope.ledgerId, [
      {
        id: newId(),
        customerId: customer?.id ?? null,
        currency: request.name,
        xpub: null,
        accountCode: request.accountCode ?? null,
        accountNumber: request.accountNumber ?? null,
        accountingCurrency: request.accountingCurrency ?? customer?.accounting_currency ?? DEFAULT_ACCOUNTING_CURRENCY,
        // The issuer account holds the whole supply from the start.
        openingBalance: request.supply,
      },
    ]);
    const baseRate = String(request.baseRate ?? 1);
    const inserted = await insertVirtualCurrency(tx, {
      ledgerId: scope.ledgerId,
      name: request.name,
      supply: request.supply,
      basePair: request.basePair,
      baseRate,
      description: request.description ?? null,
      issuerAccountId: issuer!.id,
      customerId: customer?.id ?? null,
    });
    // Two creations racing for one name: the primary key lets one win.
    if (!inserted) throw new LedgerError('virtualDuplicate');
    if (!isZeroAmount(request.supply)) {
      const vc = { name: request.name, base_pair: request.basePair, base_rate: baseRate };
      await recordSupplyChange(tx, scope, vc, { id: issuer!.id, customer_id: issuer!.customerId }, request.supply, {});
    }
    return issuer!;
  });
}

/** Throws vcNotFound. */
export async function getVirtualCurrency(db: Database, scope: LedgerScope, name: string): Promise<VC> {
  const row = await findVirtualCurrency(db, scope.ledgerId, name);
  if (!row) throw new LedgerError('vcNotFound');
  return virtualCurrencyRowToVc(row);
}

/** Changes the base rate and pair; throws vcNotFound. */
export async function updateVirtualCurrency(db: Database, scope: LedgerScope, update: VirtualCurrencyUpdate) {
  const baseRate = update.baseRate === undefined ? undefined : String(update.baseRate);
  const found = await updateVirtualCurrencyPricing(db, scope.ledgerId, update.name, {
    baseRate,
    basePair: update.basePair,
  });
  if (!found) throw new LedgerError('vcNotFound');
}

/**
 * Locks the operation's account, then its currency (the order createVirtualCurrency also follows).
 * Throws accountNotExists, vcNotFound, paymentAmountNotNull.
 */
async function lockForSupplyChange(tx: Queryable, scope: LedgerScope, operation: VirtualCurrencyOperation) {
  const account = await lockAccount(tx, scope.ledgerId, operation.accountId);
  if (!account?.active) throw new LedgerError('accountNotExists');
  const vc = await findVirtualCurrency(tx, scope.ledgerId, account.currency, true);
  if (!vc) throw new LedgerError('vcNotFound');
  if (isZeroAmount(operation.amount)) throw new LedgerError('paymentAmountNotNull');
  return { account, vc };
}

/**
 * New supply on the account: its balance and the currency's supply grow by `amount`. A reference the
 * caller gives must name no other operation of the ledger. Throws what lockForSupplyChange throws,
 * and virtualTxFailed.
 */
export async function mintVirtualCurrency(db: Database, scope: LedgerScope, operation: VirtualCurrencyOperation) {
  return db.transaction(async (tx) => {
    const { account, vc } = await lockForSupplyChange(tx, scope, operation);
    await creditMint(tx, account.id, operation.amount);
    await adjustSupply(tx, scope.ledgerId, vc.name, operation.amount);
    return { reference: await recordSupplyChange(tx, scope, vc, account, operation.amount, operation) };
  });
}

/**
 * Destroys supply held on the account; its available balance must cover it.
 * Throws accountNotExists, vcNotFound, paymentAmountNotNull, virtualAccountBalance, virtualTxFailed.
 */
export async function revokeVirtualCurrency(db: Database, scope: LedgerScope, operation: VirtualCurrencyOperation) {
  return db.transaction(async (tx) => {
    const { account, vc } = await lockForSupplyChange(tx, scope, operation);
    if (!(await debitRevoke(tx, account.id, operation.amount))) throw new LedgerError('virtualAccountBalance');
    const negative = `-${operation.amount.replace('+', '')}`;
    await adjustSupply(tx, scope.ledgerId, vc.name, negative);
    return { reference: await recordSupplyChange(tx, scope, vc, account, negative, operation) };
  });
}
