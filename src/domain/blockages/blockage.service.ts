import type { BlockAmount, Blockage, UnblockAmount } from '../../contract/blockage.schema.js';
import type { Database, Queryable } from '../../storage/database.js';
import { adjustBlocked, availableBeforeFlags, lockAccounts } from '../accounts/account.repository.js';
import type { CompliancePolicy } from '../compliance/policy.js';
import { newId } from '../ids.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { belowSmallestUnit, isZeroAmount } from '../transactions/amounts.js';
import { applyPayments } from '../transactions/payment.js';
import {
  blockageRowToBlockage,
  deleteBlockage,
  deleteBlockagesOfAccount,
  findBlockage,
  insertBlockage,
  listBlockages,
} from './blockage.repository.js';

// Blockages hold part of an account's balance: the available balance is the balance less their sum.
// Every change locks the account first, then touches its blockages: the order all money moves use.

async function lockAccount(tx: Queryable, scope: LedgerScope, accountId: string) {
  const account = (await lockAccounts(tx, scope.ledgerId, [accountId])).get(accountId);
  if (!account) throw new LedgerError('accountNotExists');
  return account;
}

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
  return db.transaction(async (tx) => {
    const account = await lockAccount(tx, scope, accountId);
    if (!account.active) throw new LedgerError('accountNotExists');
    const tooSmall = isZeroAmount(request.amount) ? undefined : belowSmallestUnit(account.currency, request.amount);
    if (tooSmall) throw new LedgerError(tooSmall, { amount: request.amount });
    if (request.ensureSufficientBalance) {
      const [row] = await tx.query<{ covered: boolean }>(
        'SELECT balance - blocked >= $2::numeric AS covered FROM accounts WHERE id = $1',
        [accountId, request.amount],
      );
      const blockedByFlags = account.frozen || account.customer_enabled === false;
      if (!row!.covered || blockedByFlags) {
        throw new LedgerError('balanceInsufficient', {
          senderAccountId: accountId,
          amount: request.amount,
          availableBalance: blockedByFlags ? '0' : await availableBeforeFlags(tx, accountId),
        });
      }
    }
    const id = newId();
    await insertBlockage(tx, {
      id,
      ledgerId: scope.ledgerId,
      accountId,
      amount: request.amount,
      type: request.type,
      description: request.description ?? null,
    });
    await adjustBlocked(tx, accountId, request.amount);
    return { id };
  });
}

/** The account's blockages, oldest first. Throws accountNotExists. */
export async function getBlockAmounts(
  db: Database,
  scope: LedgerScope,
  accountId: string,
  pageSize: number,
  offset = 0,
): Promise<Blockage[]> {
  const [account] = await db.query('SELECT 1 FROM accounts WHERE ledger_id = $1 AND id = $2', [
    scope.ledgerId,
    accountId,
  ]);
  if (!account) throw new LedgerError('accountNotExists');
  return (await listBlockages(db, accountId, pageSize, offset)).map(blockageRowToBlockage);
}

/** Throws blockageNotExists. */
export async function getBlockAmountById(db: Database, scope: LedgerScope, id: string): Promise<Blockage> {
  const row = await findBlockage(db, scope.ledgerId, id);
  if (!row) throw new LedgerError('blockageNotExists');
  return blockageRowToBlockage(row);
}

/** Locks the blockage's account, then deletes the blockage. Throws blockageNotExists. */
async function removeBlockage(tx: Queryable, scope: LedgerScope, id: string) {
  const found = await findBlockage(tx, scope.ledgerId, id);
  if (!found) throw new LedgerError('blockageNotExists');
  const accounts = await lockAccounts(tx, scope.ledgerId, [found.account_id]);
  const deleted = await deleteBlockage(tx, id);
  if (!deleted) throw new LedgerError('blockageNotExists');
  await adjustBlocked(tx, deleted.account_id, `-${deleted.amount}`);
  return { blockage: deleted, accounts };
}

/** Releases a blockage: the available balance grows by its amount. Throws blockageNotExists. */
export async function deleteBlockAmount(db: Database, scope: LedgerScope, id: string): Promise<void> {
  await db.transaction((tx) => removeBlockage(tx, scope, id));
}

/**
 * Releases every blockage of the account; returns how many there were (each costs a credit).
 * Throws accountNotExists, customerBlockageInactive.
 */
export async function deleteAllBlockAmount(db: Database, scope: LedgerScope, accountId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const account = await lockAccount(tx, scope, accountId);
    if (account.customer_active === false) throw new LedgerError('customerBlockageInactive');
    const { count, total } = await deleteBlockagesOfAccount(tx, accountId);
    await adjustBlocked(tx, accountId, `-${total}`);
    return count;
  });
}

/**
 * Removes the whole blockage and pays `amount` (at most the blocked amount) from its account, in one
 * step: if the payment is refused, the blockage stays (the transaction rolls back).
 * Throws blockageNotExists, blockageAmountExceeded, and what applyPayments throws.
 */
export async function unblockAmountWithTransaction(
  db: Database,
  scope: LedgerScope,
  policy: CompliancePolicy,
  id: string,
  request: UnblockAmount,
): Promise<{ reference: string }> {
  return db.transaction(async (tx) => {
    const found = await findBlockage(tx, scope.ledgerId, id);
    if (!found) throw new LedgerError('blockageNotExists');
    const accounts = await lockAccounts(tx, scope.ledgerId, [found.account_id, request.recipientAccountId]);
    const [row] = await tx.query<{ exceeded: boolean }>('SELECT $1::numeric > $2::numeric AS exceeded', [
      request.amount,
      found.amount,
    ]);
    if (row!.exceeded) throw new LedgerError('blockageAmountExceeded');
    const deleted = await deleteBlockage(tx, id);
    if (!deleted) throw new LedgerError('blockageNotExists');
    // The blockage's amount is released by the payment's own update of the sender: one update per row.
    const payment = [request];
    const [reference] = await applyPayments(tx, scope, accounts, deleted.account_id, payment, policy, deleted.amount);
    return { reference: reference! };
  });
}
