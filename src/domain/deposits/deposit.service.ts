import type { Deposit, DepositQuery, ReportDeposit } from '../../contract/deposit.schema.js';
import type { ErrorName } from '../../contract/errors.js';
import type { Database } from '../../storage/database.js';
import { reportDeposit } from '../balances/boundary.repository.js';
import { newReference } from '../ids.js';
import type { LedgerScope } from '../ledger.js';
import { LedgerError } from '../ledger-error.js';
import { CHAIN_DECIMALS, isZeroAmount } from '../transactions/amounts.js';
import { countDeposits, findDeposit, listDeposits } from './deposit.repository.js';

// Deposits are facts the operator's chain watcher reports (docs/decisions/0027-deposit-reports.md).

/**
 * Records a report, and credits the account once the deposit is Done. The same report again answers
 * the same deposit. Throws amountFormat (zero), depositAmountFormat, addressNotFound, accountNotExists, offchainNotSupported.
 */
export async function reportDepositOf(db: Database, scope: LedgerScope, report: ReportDeposit): Promise<Deposit> {
  if (isZeroAmount(report.amount)) throw new LedgerError('amountFormat');
  // A chain moves whole units: an amount finer than its coin's smallest unit cannot be a deposit.
  const places = CHAIN_DECIMALS[report.currency];
  const fraction = report.amount.split('.')[1] ?? '';
  if (places !== undefined && /[1-9]/.test(fraction.slice(places))) {
    throw new LedgerError('depositAmountFormat', {
      currency: report.currency,
      minimum: `0.${'0'.repeat(places - 1)}1`,
      amount: report.amount,
    });
  }
  const { refusal, deposit } = await reportDeposit(db, {
    ledgerId: scope.ledgerId,
    currency: report.currency,
    address: report.address ?? null,
    tag: report.tag ?? null,
    accountId: report.accountId ?? null,
    txId: report.txId,
    vout: report.index,
    amount: report.amount,
    status: report.status,
    blockHeight: report.blockHeight,
    blockHash: report.blockHash ?? null,
    from: report.from ?? null,
    reference: newReference(),
  });
  if (refusal !== null) throw new LedgerError(refusal as ErrorName, { currency: report.currency });
  return findDeposit(db, deposit!);
}

export async function getDeposits(db: Database, scope: LedgerScope, query: DepositQuery): Promise<Deposit[]> {
  return listDeposits(db, scope.ledgerId, query);
}

export async function getDepositsCount(
  db: Database,
  scope: LedgerScope,
  query: DepositQuery,
): Promise<{ total: number }> {
  return { total: await countDeposits(db, scope.ledgerId, query) };
}
