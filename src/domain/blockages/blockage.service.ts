import type { BlockAmount, Blockage, UnblockAmount } from '../../contract/blockage.schema.js';
import type { Database } from '../../storage/database.js';
import { accountExists } from '../accounts/account.repository.js';
import { holdAmount, releaseAccountBlockages, releaseBlockage } from '../balances/holds.repository.js';
import { newId } from '../ids.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { isZeroAmount, smallestUnitRefusals } from '../transactions/amounts.js';
import type { PaymentGroups } from '../transactions/payment-groups.js';
import { paymentItem } from '../transactions/payment.js';
import { blockageRowToBlockage, findBlockage, listBlockages } from './blockage.repository.js';

// Blockages hold part of an account's balance: the available balance is the balance less their sum.
// Every change locks the account first, then touches its blockages: the order all money moves use.
// Each is one statement (../balances/holds.repository.ts), so none opens a transaction of its own.

/**
 * Blocks `amount` on an active account; with ensureSufficientBalance, only if the available balance
 * covers it. A non-zero amount below the asset's smallest unit is refused as a payment's is: such a
 * blockage could never be paid out. Throws accountNotExists, amountBtc, amountEth, balanceInsufficient.
 */
export async function blockAmount(
  db: Database,
  scope: LedgerScope,
  accountId: string,
  request: BlockAmount,
): Promise<{ id: string }> {
  const id = newId();
  const { refusal, available } = await holdAmount(db, {
    id,
    ledgerId: scope.ledgerId,
    accountId,
    amount: request.amount,
    type: request.type,
    description: request.description ?? null,
    ensureSufficientBalance: request.ensureSufficientBalance ?? false,
    tooSmall: isZeroAmount(request.amount) ? [] : smallestUnitRefusals(request.amount),
  });
  switch (refusal) {
    case null:
      return { id };
    case 'accountNotExists':
      throw new LedgerError('accountNotExists');
    case 'amountBtc':
    case 'amountEth':
      throw new LedgerError(refusal, { amount: request.amount });
    case 'balanceInsufficient':
      throw new LedgerError('balanceInsufficient', {
        senderAccountId: accountId,
        amount: request.amount,
        availableBalance: available,
      });
  }
}

/** The account's blockages, oldest first. Throws accountNotExists. */
export async function getBlockAmounts(
  db: Database,
  scope: LedgerScope,
  accountId: string,
  pageSize: number,
  offset = 0,
): Promise<Blockage[]> {
  if (!(await accountExists(db, scope.ledgerId, accountId))) throw new LedgerError('accountNotExists');
  return (await listBlockages(db, accountId, pageSize, offset)).map(blockageRowToBlockage);
}

/** Throws blockageNotExists. */
export async function getBlockAmountById(db: Database, scope: LedgerScope, id: string): Promise<Blockage> {
  const row = await findBlockage(db, scope.ledgerId, id);
  if (!row) throw new LedgerError('blockageNotExists');
  return blockageRowToBlockage(row);
}

/**
 * Releases a blockage: the available balance grows by its amount. An open trade's blockage is released
 * by cancelling the trade. Throws blockageNotExists, blockageTrade.
 */
export async function deleteBlockAmount(db: Database, scope: LedgerScope, id: string): Promise<void> {
  const outcome = await releaseBlockage(db, scope.ledgerId, id);
  if (outcome === 'missing') throw new LedgerError('blockageNotExists');
  if (outcome !== 'released') throw new LedgerError('blockageTrade', { id, tradeId: outcome.tradeId });
}

/**
 * Releases every blockage of the account; returns how many there were (each costs a credit).
 * Throws accountNotExists, customerBlockageInactive.
 */
export async function deleteAllBlockAmount(db: Database, scope: LedgerScope, accountId: string): Promise<number> {
  const outcome = await releaseAccountBlockages(db, scope.ledgerId, accountId);
  if ('refusal' in outcome) throw new LedgerError(outcome.refusal);
  return outcome.released;
}

/**
 * Removes the whole blockage and pays `amount` (at most the blocked amount) from its account, in one
 * step: if the payment is refused, the blockage stays. The payment's own update of the account
 * releases the blockage's amount (docs/decisions/0019-unblock-with-transaction.md).
 * Throws blockageNotExists, blockageTrade, blockageAmountExceeded, and what settledReferences throws.
 */
export async function unblockAmountWithTransaction(
  payments: PaymentGroups,
  scope: LedgerScope,
  id: string,
  request: UnblockAmount,
): Promise<{ reference: string }> {
  const [reference] = await payments.pay({ ledgerId: scope.ledgerId, blockageId: id, items: [paymentItem(request)] });
  return { reference: reference! };
}
