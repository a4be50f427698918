import type { UpdateAccount } from '../../contract/account.schema.js';
import type { Database } from '../../storage/database.js';
import { freezeBalance, thawBalance } from '../balances/freezes.repository.js';
import { FROZEN_BLOCKAGE_TYPE } from '../blockages/blockage.repository.js';
import { newId } from '../ids.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { lockAccount, updateAccountFields } from './account.repository.js';

// Changes to an account beyond the customer lifecycle (create, activate, deactivate: account.service.ts):
// its bookkeeping fields, freeze and unfreeze.

/** Only the bookkeeping fields; the currency never changes. Throws accountNotExists. */
export async function updateAccountByAccountId(db: Database, scope: LedgerScope, id: string, update: UpdateAccount) {
  if (!(await updateAccountFields(db, scope.ledgerId, id, update))) throw new LedgerError('accountNotExists');
}

/**
 * Outgoing payments stop, incoming ones still land, the available balance reads "0". An
 * ACCOUNT_FROZEN blockage holds what was available (never less than zero), so that
 * available = balance − blockages stays true underneath. A deactivated account is not frozen: it
 * moves no money either way. One statement. Throws accountNotExists, accountInactiveFreeze, accountFrozen.
 */
export async function freezeAccount(db: Database, scope: LedgerScope, id: string): Promise<void> {
  const refusal = await freezeBalance(db, scope.ledgerId, id, {
    id: newId(),
    type: FROZEN_BLOCKAGE_TYPE,
    description: 'Account frozen',
  });
  if (refusal) throw new LedgerError(refusal);
}

/**
 * Deletes the blockage the freeze made (if the user has not deleted it already; ACCOUNT_FROZEN
 * blockages a user made stay) and lets payments out again. Throws accountNotExists, accountNotFrozen.
 */
export async function unfreezeAccount(db: Database, scope: LedgerScope, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const account = await lockAccount(tx, scope.ledgerId, id);
    if (!account) throw new LedgerError('accountNotExists');
    if (!account.frozen) throw new LedgerError('accountNotFrozen');
    await thawBalance(tx, id);
  });
}
