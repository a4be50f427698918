import { NATIVE_ASSETS, ONE_WITHDRAWAL_AT_A_TIME_ASSETS } from '../../contract/currencies.js';
import type { ErrorName } from '../../contract/errors.js';
import type {
  CreateWithdrawal,
  Withdrawal,
  WithdrawalQuery,
  WithdrawalResponse,
} from '../../contract/withdrawal.schema.js';
import type { Database } from '../../storage/database.js';
import { cancelWithdrawal, withdraw, type WithdrawalRules } from '../balances/boundary.repository.js';
import type { CompliancePolicy } from '../compliance/policy.js';
import { newId, newReference } from '../ids.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { CHAIN_DECIMALS, isZeroAmount } from '../transactions/amounts.js';
import { isRecipientAddress } from '../addresses/recipient-address.js';
import { completeWithdrawal, findAccountCurrency, listWithdrawals } from './withdrawal.repository.js';

// Withdrawals (docs/decisions/0028-withdrawals.md): the operator's wallet signs and broadcasts; the
// ledger debits at once, then records the chain transaction, or refunds on cancel.

// The smallest chain units a withdrawal may carry, with Tatum's withdrawal codes.
const WITHDRAWAL_UNITS = Object.entries(CHAIN_DECIMALS).map(([currency, places]) => ({
  currency,
  minimum: `1e-${places}`,
  refusal: currency === 'ETH' ? 'transactionAmountEth' : 'transactionAmountBtc',
}));

/** The rules withdrawals are judged by, from the server's compliance policy. */
export function withdrawalRules(compliance: CompliancePolicy): WithdrawalRules {
  return {
    policyJson: JSON.stringify(compliance),
    nativeAssets: NATIVE_ASSETS,
    oneAtATimeAssets: ONE_WITHDRAWAL_AT_A_TIME_ASSETS,
    smallestUnits: WITHDRAWAL_UNITS,
  };
}

/** Amounts added exactly, as integers of their longest fraction: no JS number holds money. */
function sumsTo(parts: readonly string[], total: string): boolean {
  const split = (amount: string) => {
    const [whole = '', fraction = ''] = amount.replace('+', '').split('.');
    return { whole: whole || '0', fraction };
  };
  const places = Math.max(...[...parts, total].map((amount) => split(amount).fraction.length));
  const units = (amount: string) => {
    const { whole, fraction } = split(amount);
    return BigInt(whole + fraction.padEnd(places, '0'));
  };
  return parts.reduce((sum, part) => sum + units(part), 0n) === units(total);
}

/**
 * Stores a withdrawal and debits amount + fee (the amount alone for a token). Throws
 * withdrawalRecipientFormat, amountFormat, senderAccountNotExists, withdrawalAccountVirtual,
 * transactionAmountBtc, transactionAmountEth, feeFormat, transactionNotCompliant, senderAccountFrozen,
 * senderAccountCustomerDisabled, withdrawalPending, balanceInsufficient.
 */
export async function storeWithdrawal(
  db: Database,
  rules: WithdrawalRules,
  scope: LedgerScope,
  request: CreateWithdrawal,
): Promise<WithdrawalResponse> {
  const addresses = request.address.split(',');
  // A mistyped address is refused before any money moves. An unknown sender is left to the
  // withdrawal's own judgement, which refuses it.
  const currency = await findAccountCurrency(db, scope.ledgerId, request.senderAccountId);
  if (
    addresses.some((address) => address === '') ||
    (currency !== undefined && !addresses.every((address) => isRecipientAddress(currency, scope.network, address)))
  ) {
    throw new LedgerError('withdrawalRecipientFormat');
  }
  if (isZeroAmount(request.amount)) throw new LedgerError('amountFormat');
  const multiple = request.multipleAmounts;
  if (multiple && (multiple.length !== addresses.length || !sumsTo(multiple, request.amount))) {
    throw new LedgerError('amountFormat');
  }
  const id = newId();
  const reference = newReference();
  const fee = request.fee ?? '0';
  const { refusal, detail, debit } = await withdraw(
    db,
    {
      ledgerId: scope.ledgerId,
      id,
      senderAccountId: request.senderAccountId,
      address: request.address,
      addresses: addresses.length,
      amount: request.amount,
      fee,
      attr: request.attr ?? null,
      multipleAmounts: multiple ?? null,
      compliant: request.compliant ?? false,
      paymentId: request.paymentId ?? null,
      senderNote: request.senderNote ?? null,
      reference,
    },
    rules,
  );
  if (refusal !== null) {
    const reason = refusal as ErrorName;
    throw new LedgerError(reason, {
      senderAccountId: request.senderAccountId,
      // What the balance had to cover: the amount, and the fee when it is debited too.
      amount: debit ?? request.amount,
      id: detail ?? '',
      customerId: detail ?? '',
      reason: detail ?? '',
      availableBalance: detail ?? '',
    });
  }
  return { id, reference, data: [] };
}

/** The ledger's withdrawals, oldest first. */
export async function getWithdrawals(db: Database, scope: LedgerScope, query: WithdrawalQuery): Promise<Withdrawal[]> {
  return listWithdrawals(db, scope.ledgerId, query);
}

/** InProgress → Done with the chain transaction. Throws withdrawalMissing, withdrawalUnexpectedState. */
export async function completeWithdrawalWithTxId(
  db: Database,
  scope: LedgerScope,
  id: string,
  txId: string,
): Promise<void> {
  const outcome = await completeWithdrawal(db, scope.ledgerId, id, txId);
  if (outcome === 'missing') throw new LedgerError('withdrawalMissing');
  if (outcome !== 'done') throw new LedgerError('withdrawalUnexpectedState');
}

/**
 * Cancels an InProgress or Done withdrawal and refunds its amount, and its fee when `revert`. Throws
 * withdrawalMissing, accountNotExists (its account was deactivated), withdrawalNotCancelled.
 */
export async function cancelInProgressWithdrawal(
  db: Database,
  scope: LedgerScope,
  id: string,
  revert: boolean,
): Promise<void> {
  const refusal = await cancelWithdrawal(db, scope.ledgerId, id, revert, newReference());
  if (refusal !== null) throw new LedgerError(refusal as ErrorName, { id });
}

/** Broadcasting needs a chain node; this server has none. Throws blockchainBroadcastError. */
export function broadcastWithdrawal(): never {
  throw new LedgerError('blockchainBroadcastError');
}
