import type { Queryable } from '../../storage/database.js';
import {
  boundaryOff,
  ledgersOnRecord,
  misblockedTrades,
  positionsOff,
  supplyOff,
  unevenPairs,
  unexplainedBalances,
  unexplainedBlocked,
  unpairedTransfers,
  type LedgerOnRecord,
} from './invariants.repository.js';

// What must hold in every ledger at every commit (docs/decisions/0022-value-conservation.md,
// 0025-ledger-boundary.md, 0033-order-matching.md, 0034-trade-blockages-and-fees.md): value enters and
// leaves only by supply, deposits and withdrawals; the transaction records explain every balance; each
// transfer is one debit and one equal credit; blocked is the sum of the blockages. Blocked may exceed
// the balance (a blockage made without ensureSufficientBalance: the available balance goes negative),
// so that is not checked. A broken one is a bug, or a database changed by hand: `ledger check` reports it.

const INVARIANTS: readonly { count: (db: Queryable, ledgerId: string) => Promise<number>; says: string }[] = [
  { count: supplyOff, says: 'virtual currencies whose supply is not the sum of their balances' },
  { count: boundaryOff, says: 'assets whose balances are not their deposits − withdrawals + refunds' },
  { count: positionsOff, says: 'ledgers whose customer positions are not dense 1..customers_count' },
  { count: unexplainedBalances, says: 'balances not explained by their transaction records' },
  {
    count: (db, ledgerId) => unpairedTransfers(db, ledgerId, 'PAYMENT'),
    says: 'payments that are not one debit and one equal credit',
  },
  {
    count: (db, ledgerId) => unpairedTransfers(db, ledgerId, 'EXCHANGE'),
    says: 'exchanges that are not one debit and one equal credit',
  },
  { count: unevenPairs, says: 'pairs on which the fills of BUYs and of SELLs differ' },
  { count: misblockedTrades, says: 'trades whose blockage is not what they have left to pay' },
  { count: unexplainedBlocked, says: 'accounts whose blocked amount is not the sum of their blockages' },
];

/** One invariant a ledger breaks: what it says, and how many rows break it. */
export interface Break {
  invariant: string;
  count: number;
}

/** The invariants one ledger breaks; none is the answer wanted. */
export async function breaksOf(db: Queryable, ledgerId: string): Promise<Break[]> {
  const breaks: Break[] = [];
  for (const { count, says } of INVARIANTS) {
    const n = await count(db, ledgerId);
    if (n > 0) breaks.push({ invariant: says, count: n });
  }
  return breaks;
}

/** The same as lines: `<what>: <how many>`. */
export async function brokenInvariants(db: Queryable, ledgerId: string): Promise<string[]> {
  return (await breaksOf(db, ledgerId)).map(({ invariant, count }) => `${invariant}: ${count}`);
}

export interface LedgerChecked extends LedgerOnRecord {
  breaks: Break[];
}

/** Every ledger of the database, with what it holds and the invariants it breaks. */
export async function checkLedgers(db: Queryable): Promise<LedgerChecked[]> {
  const checked: LedgerChecked[] = [];
  for (const ledger of await ledgersOnRecord(db)) {
    checked.push({ ...ledger, breaks: await breaksOf(db, ledger.id) });
  }
  return checked;
}
