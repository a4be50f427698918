import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import fc from 'fast-check';
import { brokenInvariants } from '../../bench/ledger-check.js';
import { ERRORS, type ErrorName } from '../../src/contract/errors.js';
import { runImport } from '../../src/domain/import/importer.js';
import { SourceClient } from '../../src/domain/import/source-client.js';
import { SourceReader } from '../../src/domain/import/source-reader.js';
import { verifyImport } from '../../src/domain/import/verify.js';
import { operatorScope } from '../../src/domain/tenancy/tenancy.service.js';
import { suiteTestApp, type LedgerClient, type Reply, type TestApp } from '../helpers/test-app.js';
import { formatUnits, ONE, parseUnits, sumUnits, type AmountStyle } from '../support/decimal-units.js';

// Random sequences of every money operation over a small ledger, with the server checked after each
// step against the ledger's rules (docs/decisions/0012-disabled-customer.md to 0028-withdrawals.md)
// and against a model kept here in BigInt units:
//   * per virtual currency, the balances of its accounts add up to the currency's supply;
//   * per chain asset (BTC, USDT), they add up to the credited deposits − the withdrawals' debits + the
//     cancelled withdrawals' refunds (0025-ledger-boundary.md), read off the deposit and withdrawal
//     lists and their DEPOSIT / WITHDRAWAL records;
//   * available = balance − Σ blockages, or exactly "0" while frozen or while the customer is disabled;
//   * a refused step changes nothing (balances, blockages, flags, supply, deposits, withdrawals);
//   * the server's state equals the model's, and it refuses exactly what the model refuses, for the
//     same reason;
//   * the order book (0033-order-matching.md, 0034-trade-blockages-and-fees.md): every EXCHANGE
//     transfer is two records adding up to nothing; an open trade holds one TRADE blockage of exactly
//     (amount − fill) × (price for a BUY) × (1 + fee %), and no other trade holds one; no fill passes
//     its amount and the history holds only filled trades; each trade's records on its currency 1
//     account add up to its fill; and no two open trades that could trade cross, unless the later one
//     was placed while the earlier could not trade (its account frozen or its customer disabled).
// At the end of each run the transaction records must explain every balance. Each run works in a
// tenant of its own on one app, which is far cheaper than an app per run. The second test makes the same
// checks over runs of mostly trading, where books build up, sweep levels and are cancelled part filled.
//
// LEDGER_PROPERTY_RUNS and LEDGER_PROPERTY_SEED (printed by fast-check on failure) replay or widen it.

const RUNS = Number(process.env.LEDGER_PROPERTY_RUNS ?? 25);
const SEED = process.env.LEDGER_PROPERTY_SEED === undefined ? undefined : Number(process.env.LEDGER_PROPERTY_SEED);
const MAX_STEPS = 30;

const VIRTUAL = ['VC_A', 'VC_B'] as const;
// Assets that enter only by a credited deposit and leave only by a withdrawal. A BTC withdrawal pays its
// fee out of the same balance and waits for the ledger's previous one; a USDT one pays its fee in ETH.
const CHAIN = ['BTC', 'USDT'] as const;
type Asset = (typeof VIRTUAL)[number] | (typeof CHAIN)[number];
const isVirtual = (asset: string) => (VIRTUAL as readonly string[]).includes(asset);
const FEE_DEBITED: ReadonlySet<string> = new Set(['BTC']);
const ONE_AT_A_TIME: ReadonlySet<string> = new Set(['BTC']);
const CUSTOMERS = 4;
// Slots 0 and 1 are the issuers (VC_B's belongs to customer 3, so disabling a customer can stop an
// issuer); slots 2-7 are the customers' accounts, some customers holding both currencies; slots 8-11
// hold chain assets, funded by deposits (slot 11 has no customer).
const ACCOUNT_SLOTS: readonly { currency: Asset; customer: number | null }[] = [
  { currency: 'VC_A', customer: null },
  { currency: 'VC_B', customer: 3 },
  { currency: 'VC_A', customer: 0 },
  { currency: 'VC_A', customer: 1 },
  { currency: 'VC_B', customer: 1 },
  { currency: 'VC_B', customer: 2 },
  { currency: 'VC_A', customer: 3 },
  { currency: 'VC_B', customer: 3 },
  { currency: 'BTC', customer: 0 },
  { currency: 'BTC', customer: 2 },
  { currency: 'USDT', customer: 1 },
  { currency: 'USDT', customer: null },
];
const CHAIN_SLOTS = ACCOUNT_SLOTS.flatMap((slot, i) => (isVirtual(slot.currency) ? [] : [i]));
// Addresses as their chains write them on the testnet the runs use: the deposit addresses assigned to
// the chain slots' accounts at the start of a run, one no account holds, and withdrawal recipients.
const DEPOSIT_ADDRESSES: Readonly<Record<number, string>> = {
  8: 'tb1qlqz3y8ev89r9xcrd02refgdwh0ydtch0f2sfmx',
  9: 'tb1qzujrz0jttpjhyluvnxnt8sxdmtnlgqgwdc5h4r',
  10: '0x8ba1f109551bd432803012645ac136ddd64dba72',
  11: '0x52908400098527886e0f7030069857d2e4169ee7',
};
/** A chain slot's deposit address; for a virtual account's slot, an address no account holds. */
const depositAddress = (slot: number) => DEPOSIT_ADDRESSES[slot] ?? `vc-address-${slot}`;
const STRANGER_ADDRESS = 'tb1qrukrj3jnvpkh4pu55xhthjx4uthlczgkc00yev';
const RECIPIENTS: Readonly<Record<string, readonly string[]>> = {
  BTC: ['tb1qqv9pzxqlyckngw6zf9g9whn9d3eh4qvgdtujvv', 'mfo2P5fbJoKzEJmPmBLj2xE5XrVA3Bj8Gk'],
  USDT: ['0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'],
};
const MISTYPED_RECIPIENT = 'tb1qqv9pzxqlyckngw6zf9g9whn9d3eh4qvgdtujvw';
const FROZEN = 'ACCOUNT_FROZEN';
const TRADE = 'TRADE';
// A user may type a blockage ACCOUNT_FROZEN too: unfreeze must leave such a one alone.
const HOLD_TYPES = ['HOLD', 'CARD_AUTHORIZATION', FROZEN] as const;
const UNKNOWN_BLOCKAGE = 'f'.repeat(24);
const UNKNOWN_WITHDRAWAL = 'e'.repeat(24);
const UNKNOWN_TRADE = 'd'.repeat(24);
const UNKNOWN_ACCOUNT = 'c'.repeat(24);
// Trades go both ways between the two virtual currencies: [currency 1, currency 2] of each pair.
const PAIRS = [
  ['VC_A', 'VC_B'],
  ['VC_B', 'VC_A'],
] as const;
const pairName = (pair: number) => PAIRS[pair]!.join('/');
// A trade's amount has at most 3 decimals, its price 1 and its fee (a percentage) 2, so that every
// value, fee and blockage the server works out has at most 8, as the model's units do: 3 + 1 + (2 + 2).
const AMOUNT_TICK = 10n ** 5n;
const PRICE_TICK = 10n ** 7n;
/** A fee in hundredths of a percent is this fraction of what it is charged on. */
const FEE_SCALE = 10_000n;

// ---------------------------------------------------------------------------------------------------
// Steps

/**
 * An amount: fixed units in some spelling, or relative to the state when the step runs ("all" is
 * what the account can spend, or the whole blockage), which reaches exact-balance edges that random
 * units almost never hit.
 */
type AmountSpec =
  { kind: 'units'; units: bigint; style: AmountStyle } | { kind: 'all' | 'half' | 'allPlusOne'; style: AmountStyle };

/**
 * A recipient: mostly the k-th other account in the sender's currency (resolved when the step runs,
 * since the sender of an unblock is only known then), sometimes any account, to meet the refusals.
 */
type RecipientSpec = { peer: number } | { account: number };

/**
 * A trade's account, in the currency the trade needs there, resolved when the step runs: the k-th of them,
 * or the k-th by what it can spend (so that trades find money more often than the funding leaves it);
 * sometimes any account, to meet the refusals.
 */
type AccountPick = { peer: number } | { rich: number } | { account: number };
/** A trade's amount in units, or as much as the paying account can cover ("all"), half, or one tick more. */
type TradeAmountSpec = { kind: 'units'; units: bigint } | { kind: 'all' | 'half' | 'allPlusOne' };

/**
 * Where a deposit is reported: to the address a chain account was assigned, to an account by its id,
 * or to an address nobody holds; `account` also gives the asset (its own, or the other chain asset).
 */
interface DepositTarget {
  by: 'address' | 'account' | 'stranger';
  account: number;
}
type DepositStatus = 'InProgress' | 'Done' | 'Failed';

type Step =
  | { op: 'mint' | 'revoke'; account: number; amount: AmountSpec }
  | { op: 'pay'; from: number; to: RecipientSpec; amount: AmountSpec }
  | { op: 'batch'; from: number; items: { to: RecipientSpec; amount: AmountSpec }[] }
  | { op: 'block'; account: number; amount: AmountSpec; type: string; ensure: boolean }
  | { op: 'unblock'; blockage: number }
  | { op: 'unblockPay'; blockage: number; to: RecipientSpec; amount: AmountSpec }
  | { op: 'freeze' | 'unfreeze' | 'deactivateAccount' | 'activateAccount'; account: number }
  | { op: 'disable' | 'enable' | 'deactivateCustomer' | 'activateCustomer'; customer: number }
  | {
      op: 'deposit';
      /**
       * About an earlier deposit (the k-th latest, of those still InProgress if `pending` and there are
       * any), or null for a chain transaction not seen before.
       */
      earlier: { pending: boolean; latest: number } | null;
      /** With an earlier deposit: its very key (a repeat), or another output of its chain transaction. */
      sameKey: boolean;
      to: DepositTarget;
      /** Reported in the other chain asset than the target account's (a virtual account's: BTC). */
      otherAsset: boolean;
      vout: number;
      /** With an earlier deposit: its amount; otherwise, or when false, `amount` (a contradiction if it differs). */
      sameAmount: boolean;
      amount: AmountSpec;
      /** A BTC amount finer than a satoshi. */
      fine: boolean;
      status: DepositStatus;
      blockHeight: number;
    }
  | { op: 'withdraw'; from: number; amount: AmountSpec; fee: bigint | null; mistyped: boolean }
  | { op: 'complete'; withdrawal: number }
  | { op: 'cancel'; withdrawal: number; revert: boolean | null }
  | {
      op: 'trade';
      type: 'BUY' | 'SELL';
      pair: number;
      c1: AccountPick;
      c2: AccountPick;
      /** The fee account (in currency 2 for a BUY, 1 for a SELL) and the fee in hundredths of a percent, or none sent. */
      fee: { account: AccountPick; percent: bigint | null } | null;
      price: bigint;
      amount: TradeAmountSpec;
      style: AmountStyle;
    }
  /** Mostly an open trade; otherwise a closed, cancelled or unknown one. */
  | { op: 'cancelTrade'; trade: number }
  /** Every open trade on either account of the account (null: an id no account has). */
  | { op: 'cancelAccountTrades'; account: number | null };

const unitsArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0n) },
  { weight: 4, arbitrary: fc.bigInt({ min: 1n, max: 200n }).map((n) => n * ONE) },
  { weight: 4, arbitrary: fc.bigInt({ min: 1n, max: 200n * ONE }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 1000n }) },
);
const styleArb = fc.constantFrom<AmountStyle>('canonical', 'canonical', 'padded', 'plus', 'bare');
const amountArb: fc.Arbitrary<AmountSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('units' as const), units: unitsArb, style: styleArb }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('all' as const, 'half' as const), style: styleArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('allPlusOne' as const), style: styleArb }) },
);
// Half the time one of two pairs of hot accounts (one currency, two customers), so that operations pile
// up on the same accounts: a freeze, a payment in, then a revoke on one account is what finds the rarer
// bugs.
const anyAccountArb = fc.nat({ max: ACCOUNT_SLOTS.length - 1 });
const accountArb = fc.oneof(
  { weight: 2, arbitrary: anyAccountArb },
  { weight: 1, arbitrary: fc.constantFrom(2, 3) },
  { weight: 1, arbitrary: fc.constantFrom(8, 9) },
);
// Deposits and withdrawals: mostly a chain account, the BTC pair most of all; sometimes any account.
const chainAccountArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...CHAIN_SLOTS) },
  { weight: 2, arbitrary: fc.constantFrom(8, 9) },
  { weight: 1, arbitrary: anyAccountArb },
);
const mostly = (value: boolean, odds: number) =>
  fc.oneof({ weight: odds, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: fc.constant(!value) });
const depositArb = fc.record({
  op: fc.constant('deposit' as const),
  earlier: fc.option(fc.record({ pending: mostly(true, 2), latest: fc.nat({ max: 3 }) }), { freq: 3 }),
  sameKey: mostly(true, 3),
  to: fc.record({
    by: fc.constantFrom(
      'address' as const,
      'address' as const,
      'account' as const,
      'account' as const,
      'stranger' as const,
    ),
    account: chainAccountArb,
  }),
  otherAsset: mostly(false, 8),
  vout: fc.nat({ max: 2 }),
  sameAmount: mostly(true, 3),
  amount: amountArb,
  fine: mostly(false, 15),
  status: fc.constantFrom<DepositStatus>('InProgress', 'InProgress', 'Done', 'Done', 'Failed'),
  blockHeight: fc.nat({ max: 1_000_000 }),
});
// Mostly a fee, and a small one: the balance must still cover amount + fee now and then.
const feeArb = fc.option(
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(0n) },
    { weight: 3, arbitrary: fc.bigInt({ min: 1n, max: 1000n }) },
    { weight: 3, arbitrary: fc.bigInt({ min: 1n, max: ONE }) },
  ),
  { freq: 6 },
);
const customerArb = fc.nat({ max: CUSTOMERS - 1 });
const recipientArb: fc.Arbitrary<RecipientSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ peer: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ account: accountArb }) },
);
// Prices crowd around 1, a BUY's a tick higher than a SELL's, so that trades on a pair mostly cross
// (13 times in 16) and the book still builds up levels, with now and then a price far off and a zero one.
// Amounts are ticks of 0.001, often what the paying account can cover or half of it.
const priceArb = (crowd: readonly bigint[]) =>
  fc.oneof(
    { weight: 40, arbitrary: fc.constantFrom(...crowd).map((n) => n * PRICE_TICK) },
    { weight: 6, arbitrary: fc.bigInt({ min: 1n, max: 500n }).map((n) => n * PRICE_TICK) },
    { weight: 1, arbitrary: fc.constant(0n) },
  );
const tradeAmountArb: fc.Arbitrary<TradeAmountSpec> = fc.oneof(
  { weight: 16, arbitrary: fc.record({ kind: fc.constantFrom('half' as const, 'all' as const) }) },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('units' as const),
      units: fc.bigInt({ min: 1n, max: 1_000n }).map((n) => n * AMOUNT_TICK),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('units' as const),
      units: fc.bigInt({ min: 1n, max: 20_000n }).map((n) => n * AMOUNT_TICK),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('allPlusOne' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('units' as const), units: fc.constant(0n) }) },
);
const pickArb: fc.Arbitrary<AccountPick> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ rich: fc.nat({ max: 1 }) }) },
  { weight: 10, arbitrary: fc.record({ peer: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ account: anyAccountArb }) },
);
const feePercentArb = fc.option(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(25n, 50n, 100n) },
    { weight: 2, arbitrary: fc.bigInt({ min: 1n, max: FEE_SCALE }) },
    { weight: 1, arbitrary: fc.constant(0n) },
  ),
  { freq: 8 },
);
const tradeOfType = (type: 'BUY' | 'SELL', crowd: readonly bigint[]) =>
  fc.record({
    op: fc.constant('trade' as const),
    type: fc.constant(type),
    pair: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }),
    c1: pickArb,
    c2: pickArb,
    fee: fc.option(fc.record({ account: pickArb, percent: feePercentArb }), { freq: 3 }),
    price: priceArb(crowd),
    amount: tradeAmountArb,
    style: styleArb,
  });
const tradeArb = fc.oneof(tradeOfType('BUY', [9n, 10n, 11n, 12n]), tradeOfType('SELL', [8n, 9n, 10n, 11n]));

const onAccount = <Op extends string>(op: Op) => fc.record({ op: fc.constant(op), account: accountArb });
const onCustomer = <Op extends string>(op: Op) => fc.record({ op: fc.constant(op), customer: customerArb });

const payArb = fc.record({ op: fc.constant('pay' as const), from: accountArb, to: recipientArb, amount: amountArb });
const blockArb = fc.record({
  op: fc.constant('block' as const),
  account: accountArb,
  amount: amountArb,
  type: fc.constantFrom(...HOLD_TYPES),
  ensure: fc.boolean(),
});
const cancelTradeArb = fc.record({ op: fc.constant('cancelTrade' as const), trade: fc.nat() });
const cancelAccountTradesArb = fc.record({
  op: fc.constant('cancelAccountTrades' as const),
  account: fc.option(accountArb, { freq: 8 }),
});

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('mint' as const), account: accountArb, amount: amountArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('revoke' as const), account: accountArb, amount: amountArb }) },
  { weight: 8, arbitrary: payArb },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('batch' as const),
      from: accountArb,
      items: fc.array(fc.record({ to: recipientArb, amount: amountArb }), { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 4, arbitrary: blockArb },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('unblock' as const), blockage: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('unblockPay' as const),
      blockage: fc.nat(),
      to: recipientArb,
      amount: amountArb,
    }),
  },
  { weight: 2, arbitrary: onAccount('freeze' as const) },
  { weight: 2, arbitrary: onAccount('unfreeze' as const) },
  { weight: 2, arbitrary: onCustomer('disable' as const) },
  { weight: 2, arbitrary: onCustomer('enable' as const) },
  { weight: 2, arbitrary: onAccount('deactivateAccount' as const) },
  { weight: 1, arbitrary: onAccount('activateAccount' as const) },
  { weight: 1, arbitrary: onCustomer('deactivateCustomer' as const) },
  { weight: 1, arbitrary: onCustomer('activateCustomer' as const) },
  { weight: 8, arbitrary: depositArb },
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('withdraw' as const),
      from: chainAccountArb,
      amount: amountArb,
      fee: feeArb,
      mistyped: mostly(false, 15),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('complete' as const), withdrawal: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('cancel' as const),
      withdrawal: fc.nat(),
      revert: fc.constantFrom(true, false, null),
    }),
  },
  { weight: 12, arbitrary: tradeArb },
  { weight: 2, arbitrary: cancelTradeArb },
  { weight: 1, arbitrary: cancelAccountTradesArb },
);
// Runs that are mostly trading, so that books build up and fill: trades and cancels among the steps that
// change what an account can pay or whether it can trade at all.
const marketStepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 40, arbitrary: tradeArb },
  { weight: 3, arbitrary: cancelTradeArb },
  { weight: 2, arbitrary: cancelAccountTradesArb },
  { weight: 3, arbitrary: payArb },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('mint' as const), account: accountArb, amount: amountArb }) },
  { weight: 1, arbitrary: onAccount('freeze' as const) },
  { weight: 2, arbitrary: onAccount('unfreeze' as const) },
  { weight: 1, arbitrary: onCustomer('disable' as const) },
  { weight: 2, arbitrary: onCustomer('enable' as const) },
  { weight: 1, arbitrary: blockArb },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('unblock' as const), blockage: fc.nat() }) },
  { weight: 1, arbitrary: onAccount('deactivateAccount' as const) },
);

// Mostly enough to fund every account; sometimes none or a little, so that funding is refused too.
// (fast-check leans towards the low end of a range, so the ranges say what is meant.)
const supplyArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0n) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 100n * ONE }) },
  { weight: 6, arbitrary: fc.bigInt({ min: 1000n * ONE, max: 5000n * ONE }) },
);
const fundingArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0n) },
  { weight: 6, arbitrary: fc.bigInt({ min: ONE, max: 300n * ONE }) },
);

const scenarioArb = (stepsArb: fc.Arbitrary<Step>) =>
  fc.record({
    supply: fc.tuple(supplyArb, supplyArb),
    supplyStyle: styleArb,
    // What each customer account (slots 2-7) is first paid by its currency's issuer, and what each chain
    // account (slots 8-11) first receives by a deposit.
    funding: fc.array(fundingArb, { minLength: ACCOUNT_SLOTS.length - 2, maxLength: ACCOUNT_SLOTS.length - 2 }),
    // Deposits to chain accounts (by account id) reported InProgress before the steps, for the steps to
    // end, repeat or contradict.
    pending: fc.array(fc.record({ account: fc.constantFrom(...CHAIN_SLOTS), units: fundingArb }), { maxLength: 3 }),
    // size 'max': lengths spread over 1..30 instead of fast-check's default bias towards about ten.
    steps: fc.array(stepsArb, { minLength: 1, maxLength: MAX_STEPS, size: 'max' }),
  });
type Scenario = ReturnType<typeof scenarioArb> extends fc.Arbitrary<infer S> ? S : never;

// ---------------------------------------------------------------------------------------------------
// The model

interface ModelAccount {
  id: string;
  currency: Asset;
  customer: number | null;
  balance: bigint;
  frozen: boolean;
  active: boolean;
}
interface ModelBlockage {
  id: string;
  account: number;
  amount: bigint;
  type: string;
  /** A freeze's says so; a trade's is the trade's id; the steps' own blockages have none. */
  description: string | null;
  /** Made by a freeze: the one blockage its unfreeze deletes. */
  byFreeze?: boolean;
}
interface ModelCustomer {
  id: string;
  enabled: boolean;
  active: boolean;
}
interface ModelPayment {
  reference: string;
  from: number;
  to: number;
  units: bigint;
}
interface ModelDeposit {
  currency: Asset;
  txId: string;
  vout: number;
  /** The address it was reported to, or null when it was reported by account. */
  address: string | null;
  account: number;
  /** As first reported: a later report of another amount changes nothing. */
  units: bigint;
  status: DepositStatus;
  blockHeight: number;
  reference: string;
}
interface ModelWithdrawal {
  id: string;
  account: number;
  address: string;
  units: bigint;
  fee: bigint;
  /** What left the balance: amount + fee for BTC, the amount alone for USDT. */
  debit: bigint;
  reference: string;
  status: 'InProgress' | 'Done' | 'Cancelled';
  txId: string | null;
  /** What its cancel gave back; null until then. */
  refund: bigint | null;
}
/** A DEPOSIT or WITHDRAWAL record, in the order the ledger writes them. */
interface BoundaryRecord {
  accountId: string;
  currency: string;
  amount: string;
  operationType: 'DEPOSIT' | 'WITHDRAWAL';
  transactionType: 'CREDIT_DEPOSIT' | 'DEBIT_WITHDRAWAL' | 'CANCEL_WITHDRAWAL';
}
interface ModelTrade {
  id: string;
  type: 'BUY' | 'SELL';
  pair: number;
  price: bigint;
  amount: bigint;
  fill: bigint;
  c1: number;
  c2: number;
  feeAccount: number | null;
  /** In hundredths of a percent, as sent; null when none was. */
  fee: bigint | null;
  status: 'OPEN' | 'CLOSED' | 'CANCELLED';
  /** Once closed: whether its last fill found it resting. */
  isMaker?: boolean;
  /** The opposite trades it crossed but passed over, as they could not trade when it was placed. */
  passedOver: string[];
}
/** An EXCHANGE record, as the ledger's find shows it; `reference` numbers the transfers in order. */
interface ExchangeRecord {
  accountId: string;
  counterAccountId: string;
  currency: string;
  amount: string;
  transactionType: 'EXCHANGE_BUY' | 'EXCHANGE_SELL';
  paymentId: string;
  reference: number;
  marketValue: string;
}
interface Model {
  accounts: ModelAccount[];
  customers: ModelCustomer[];
  /** In creation order, as the server lists them. */
  blockages: ModelBlockage[];
  /** Ids of blockages deleted since, to ask for again. */
  gone: string[];
  supply: Record<string, bigint>;
  /** Transaction records the ledger should hold. */
  records: number;
  payments: ModelPayment[];
  /** In the order they were first reported. */
  deposits: ModelDeposit[];
  /** In the order they were stored. */
  withdrawals: ModelWithdrawal[];
  boundary: BoundaryRecord[];
  /** Counts chain transaction ids, so that each is new in the run, and turns through the recipients. */
  serial: number;
  /** In the order they were stored. */
  trades: ModelTrade[];
  /** The EXCHANGE records, in the order the ledger writes them. */
  exchange: ExchangeRecord[];
  /** How many EXCHANGE transfers there have been: the next one's number. */
  transfers: number;
}

const blockedOf = (m: Model, account: number) =>
  sumUnits(m.blockages.filter((b) => b.account === account).map((b) => b.amount));
const spendableOf = (m: Model, account: number) => m.accounts[account]!.balance - blockedOf(m, account);
const customerDisabled = (m: Model, account: number) => {
  const customer = m.accounts[account]!.customer;
  return customer !== null && !m.customers[customer]!.enabled;
};

function resolveAmount(spec: AmountSpec, all: bigint): { units: bigint; text: string } {
  if (spec.kind === 'units') return { units: spec.units, text: formatUnits(spec.units, spec.style) };
  const base = all > 0n ? all : 0n;
  const units = spec.kind === 'all' ? base : spec.kind === 'half' ? base / 2n : base + 1n;
  return { units, text: formatUnits(units, spec.style) };
}

/**
 * The refusal a payment out of `from` must meet, in the order the server checks (payment.ts): every
 * item's recipient, amount and currency first, then the sender's flags, then coverage item by item.
 * `released` is a blockage that the same step deletes before paying (unblock-with-transaction).
 */
function paymentRefusal(
  m: Model,
  from: number,
  items: readonly { to: number; units: bigint }[],
  released = 0n,
): ErrorName | undefined {
  const sender = m.accounts[from]!;
  if (!sender.active) return 'senderAccountNotExists';
  for (const { to, units } of items) {
    const recipient = m.accounts[to]!;
    if (!recipient.active) return 'recipientAccountNotExists';
    if (units === 0n) return 'paymentAmountNotNull';
    if (to === from) return 'paymentSameAccount';
    if (recipient.currency !== sender.currency) return 'transactionCurrencyIncompatible';
  }
  if (sender.frozen) return 'senderAccountFrozen';
  if (customerDisabled(m, from)) return 'senderAccountCustomerDisabled';
  let spendable = spendableOf(m, from) + released;
  for (const { units } of items) {
    if (spendable < units) return 'balanceInsufficient';
    spendable -= units;
  }
  return undefined;
}

function movePayment(m: Model, from: number, to: number, units: bigint, reference: unknown): void {
  assert.equal(typeof reference, 'string');
  m.accounts[from]!.balance -= units;
  m.accounts[to]!.balance += units;
  m.records += 2;
  m.payments.push({ reference: reference as string, from, to, units });
}

function removeBlockage(m: Model, id: string): void {
  m.blockages = m.blockages.filter((b) => b.id !== id);
  m.gone.push(id);
}

/** Mostly a live blockage; otherwise (always when there is none) a deleted or never-made one. */
function pickBlockage(m: Model, index: number): ModelBlockage | string {
  const live = m.blockages.length;
  if (live > 0 && index % 5 !== 0) return m.blockages[index % live]!;
  return m.gone.length > 0 ? m.gone[index % m.gone.length]! : UNKNOWN_BLOCKAGE;
}

function recipientOf(m: Model, from: number, spec: RecipientSpec): number {
  if ('account' in spec) return spec.account;
  const peers = m.accounts.flatMap((a, i) => (i !== from && a.currency === m.accounts[from]!.currency ? [i] : []));
  return peers[spec.peer % peers.length]!;
}

/** Mostly a stored withdrawal; otherwise (always when there is none) an id the ledger never gave. */
function pickWithdrawal(m: Model, index: number): ModelWithdrawal | string {
  const stored = m.withdrawals.length;
  return stored > 0 && index % 5 !== 0 ? m.withdrawals[index % stored]! : UNKNOWN_WITHDRAWAL;
}

const freshTxId = (m: Model) => `chain-transaction-${String(m.serial++).padStart(4, '0')}`;

/** A withdrawal of a UTXO coin is in progress in the ledger: the next one of that coin must wait. */
const pendingOneAtATime = (m: Model, currency: string) =>
  ONE_AT_A_TIME.has(currency) &&
  m.withdrawals.some((w) => w.status === 'InProgress' && m.accounts[w.account]!.currency === currency);

function recordBoundary(m: Model, account: number, units: bigint, type: BoundaryRecord['transactionType']): void {
  const { id, currency } = m.accounts[account]!;
  m.accounts[account]!.balance += units;
  m.records += 1;
  m.boundary.push({
    accountId: id,
    currency,
    amount: formatUnits(units),
    operationType: type === 'CREDIT_DEPOSIT' ? 'DEPOSIT' : 'WITHDRAWAL',
    transactionType: type,
  });
}

/** A deposit as GET /v3/ledger/deposits and the report's answer show it, less its timestamp. */
const depositView = (m: Model, d: ModelDeposit) => ({
  txId: d.txId,
  address: d.address,
  xpub: null,
  derivationKey: null,
  amount: formatUnits(d.units),
  status: d.status,
  accountId: m.accounts[d.account]!.id,
  currency: d.currency,
  reference: d.reference,
  vout: d.vout,
  spent: false,
  blockHeight: d.blockHeight,
  blockHash: null,
  from: null,
});

/** A withdrawal as GET /v3/offchain/withdrawal shows it, less its date. */
const withdrawalView = (m: Model, w: ModelWithdrawal) => ({
  id: w.id,
  accountId: m.accounts[w.account]!.id,
  address: w.address,
  amount: formatUnits(w.units),
  fee: formatUnits(w.fee),
  reference: w.reference,
  status: w.status,
  txId: w.txId,
  attr: null,
  multipleAmounts: null,
  paymentId: null,
  senderNote: null,
  currency: m.accounts[w.account]!.currency,
  refund: w.refund === null ? null : formatUnits(w.refund),
});

/** `body` without one of its fields (a time the model cannot know). */
function without(body: unknown, field: string): Record<string, unknown> {
  assert.ok(typeof body === 'object' && body !== null && field in body, JSON.stringify(body));
  return Object.fromEntries(Object.entries(body).filter(([key]) => key !== field));
}

/**
 * A deposit report (0027-deposit-reports.md). Its key is (asset, txId, vout, address or account); the
 * first report records it InProgress; one that then says Done or Failed with the same amount ends it,
 * Done crediting the account whatever its or its customer's state; anything else changes nothing.
 */
function planDeposit(m: Model, step: Extract<Step, { op: 'deposit' }>): Plan {
  const ids = m.accounts.map((a) => a.id);
  const pending = m.deposits.filter((d) => d.status === 'InProgress');
  const among = step.earlier?.pending && pending.length > 0 ? pending : m.deposits;
  const base =
    step.earlier === null || among.length === 0
      ? undefined
      : among[among.length - 1 - (step.earlier.latest % among.length)];
  let currency: string;
  let address: string | null;
  let accountId: string | null;
  let vout: number;
  let txId: string;
  if (base && step.sameKey) {
    ({ currency, address, vout, txId } = base);
    accountId = base.address === null ? ids[base.account]! : null;
  } else {
    const own = m.accounts[step.to.account]!.currency;
    currency = step.otherAsset ? (own === 'BTC' ? 'USDT' : 'BTC') : own;
    address =
      step.to.by === 'address' ? depositAddress(step.to.account) : step.to.by === 'stranger' ? STRANGER_ADDRESS : null;
    accountId = step.to.by === 'account' ? ids[step.to.account]! : null;
    vout = step.vout;
    txId = base?.txId ?? freshTxId(m);
  }
  const owner =
    address === null
      ? ids.indexOf(accountId!)
      : CHAIN_SLOTS.find((slot) => depositAddress(slot) === address && m.accounts[slot]!.currency === currency);
  const amount =
    base && step.sameAmount
      ? { units: base.units, text: formatUnits(base.units, step.amount.style) }
      : resolveAmount(step.amount, owner === undefined ? 0n : m.accounts[owner]!.balance);
  const fine = step.fine && currency === 'BTC';
  const sameKey = (d: ModelDeposit) =>
    d.currency === currency &&
    d.txId === txId &&
    d.vout === vout &&
    (d.address ?? ids[d.account]) === (address ?? accountId);
  const known = m.deposits.find(sameKey);
  let refusal: ErrorName | undefined;
  if (fine) refusal = 'depositAmountFormat';
  else if (amount.units === 0n) refusal = 'amountFormat';
  else if (owner === undefined) refusal = 'addressNotFound';
  else if (address === null && m.accounts[owner]!.currency !== currency) refusal = 'accountNotExists';
  else if (isVirtual(currency)) refusal = 'offchainNotSupported';
  return {
    method: 'POST',
    url: '/v3/ledger/deposits',
    body: {
      ...(address === null ? { accountId } : { address }),
      currency,
      txId,
      index: vout,
      amount: fine ? `${formatUnits(amount.units, 'padded')}5` : amount.text,
      blockHeight: step.blockHeight,
      status: step.status,
    },
    refusal,
    detail: !known
      ? `new ${step.status}`
      : known.status !== 'InProgress'
        ? `after ${known.status}`
        : known.units !== amount.units
          ? 'contradiction'
          : `then ${step.status}`,
    apply(reply) {
      let deposit = known;
      if (!deposit) {
        assert.equal(typeof reply.body.reference, 'string');
        deposit = {
          currency: currency as Asset,
          txId,
          vout,
          address,
          account: owner!,
          units: amount.units,
          status: 'InProgress',
          blockHeight: step.blockHeight,
          reference: reply.body.reference,
        };
        m.deposits.push(deposit);
      }
      if (deposit.status === 'InProgress' && deposit.units === amount.units && step.status !== 'InProgress') {
        deposit.status = step.status;
        deposit.blockHeight = step.blockHeight;
        if (step.status === 'Done') recordBoundary(m, deposit.account, deposit.units, 'CREDIT_DEPOSIT');
      }
      assert.deepEqual(without(reply.body, 'timestamp'), depositView(m, deposit));
    },
  };
}

/**
 * A withdrawal (0028-withdrawals.md), judged as a payment's sender is and then by its own rules: one
 * BTC withdrawal in progress per ledger, and the balance must cover amount + fee (the amount alone for
 * USDT, whose fee is paid in ETH).
 */
function planWithdrawal(m: Model, step: Extract<Step, { op: 'withdraw' }>): Plan {
  const account = m.accounts[step.from]!;
  const fee = step.fee ?? 0n;
  const feeDebited = FEE_DEBITED.has(account.currency);
  const spendable = spendableOf(m, step.from);
  // "all" is what leaves exactly nothing spendable, fee included.
  const amount = resolveAmount(step.amount, spendable - (feeDebited ? fee : 0n));
  const debit = amount.units + (feeDebited ? fee : 0n);
  // A chain's recipient is judged by its chain's form (a virtual currency's by none): a mistyped one
  // is refused first, whatever the sender's state.
  const recipients = RECIPIENTS[account.currency] ?? ['anywhere'];
  const address = step.mistyped ? MISTYPED_RECIPIENT : recipients[m.serial++ % recipients.length]!;
  let refusal: ErrorName | undefined;
  if (step.mistyped && !isVirtual(account.currency)) refusal = 'withdrawalRecipientFormat';
  else if (amount.units === 0n) refusal = 'amountFormat';
  else if (!account.active) refusal = 'senderAccountNotExists';
  else if (isVirtual(account.currency)) refusal = 'withdrawalAccountVirtual';
  else if (account.frozen) refusal = 'senderAccountFrozen';
  else if (customerDisabled(m, step.from)) refusal = 'senderAccountCustomerDisabled';
  else if (pendingOneAtATime(m, account.currency)) refusal = 'withdrawalPending';
  else if (debit > spendable) refusal = 'balanceInsufficient';
  return {
    method: 'POST',
    url: '/v3/offchain/withdrawal',
    body: {
      senderAccountId: account.id,
      address,
      amount: amount.text,
      ...(step.fee === null ? {} : { fee: formatUnits(step.fee, step.amount.style) }),
    },
    refusal,
    apply(reply) {
      assert.equal(typeof reply.body.id, 'string');
      assert.equal(typeof reply.body.reference, 'string');
      assert.deepEqual(reply.body.data, []);
      m.withdrawals.push({
        id: reply.body.id,
        account: step.from,
        address,
        units: amount.units,
        fee,
        debit,
        reference: reply.body.reference,
        status: 'InProgress',
        txId: null,
        refund: null,
      });
      recordBoundary(m, step.from, -debit, 'DEBIT_WITHDRAWAL');
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The order book in the model (0033-order-matching.md, 0034-trade-blockages-and-fees.md)

/** numerator / denominator, which the amounts, prices and fees chosen keep exact in units. */
function exactly(numerator: bigint, denominator: bigint): bigint {
  assert.equal(numerator % denominator, 0n, `${numerator} / ${denominator} is not a whole number of units`);
  return numerator / denominator;
}

type TradeTerms = Pick<ModelTrade, 'type' | 'price' | 'feeAccount' | 'fee'>;
/** What a unit of currency 1 costs the trade's paying account: the price for a BUY, 1 for a SELL. */
const perUnitOf = (t: TradeTerms) => (t.type === 'BUY' ? t.price : ONE);
/** The fee charged, in hundredths of a percent: none without a fee account. */
const chargedFee = (t: TradeTerms) => (t.feeAccount === null ? 0n : (t.fee ?? 0n));
/** What `amount` of currency 1 costs at `perUnit`, with `fee` on top. */
function costOf(amount: bigint, perUnit: bigint, fee: bigint): bigint {
  const value = exactly(amount * perUnit, ONE);
  return value + exactly(value * fee, FEE_SCALE);
}
/** ledger_trade_block (migration 013): what an open trade holds back on the account it pays from. */
const tradeBlock = (t: ModelTrade) => costOf(t.amount - t.fill, perUnitOf(t), chargedFee(t));
const payerOf = (t: Pick<ModelTrade, 'type' | 'c1' | 'c2'>) => (t.type === 'BUY' ? t.c2 : t.c1);
/** The book passes over a trade whose account is frozen or whose customer is disabled. */
const halted = (m: Model, account: number) => m.accounts[account]!.frozen || customerDisabled(m, account);
const tradable = (m: Model, t: ModelTrade) => !halted(m, t.c1) && !halted(m, t.c2);

function pickIn(m: Model, currency: string, pick: AccountPick): number {
  if ('account' in pick) return pick.account;
  const among = m.accounts.flatMap((a, i) => (a.currency === currency ? [i] : []));
  if ('peer' in pick) return among[pick.peer % among.length]!;
  const richest = among.sort((a, b) => {
    const [x, y] = [spendableOf(m, a), spendableOf(m, b)];
    return x === y ? a - b : x > y ? -1 : 1;
  });
  return richest[pick.rich % richest.length]!;
}

/** A trade's amount: as given, or the most whole ticks whose cost `spendable` covers (or half, or a tick more). */
function tradeAmount(spec: TradeAmountSpec, spendable: bigint, perUnit: bigint, fee: bigint): bigint {
  if (spec.kind === 'units') return spec.units;
  const most = spendable > 0n && perUnit > 0n ? (spendable * ONE * FEE_SCALE) / (perUnit * (FEE_SCALE + fee)) : 0n;
  const all = (most / AMOUNT_TICK) * AMOUNT_TICK;
  if (spec.kind === 'all') return all;
  return spec.kind === 'half' ? (all / 2n / AMOUNT_TICK) * AMOUNT_TICK : all + AMOUNT_TICK;
}

/** Mostly an open trade; otherwise (always when none is open) any trade, or an id no trade has. */
function pickTrade(m: Model, index: number): ModelTrade | string {
  const open = m.trades.filter((t) => t.status === 'OPEN');
  if (open.length > 0 && index % 5 !== 0) return open[index % open.length]!;
  return m.trades.length > 0 && index % 2 === 0 ? m.trades[index % m.trades.length]! : UNKNOWN_TRADE;
}

/** One EXCHANGE transfer of `units` from one account to another: two records under one reference. */
function exchange(
  m: Model,
  from: number,
  to: number,
  units: bigint,
  types: [ExchangeRecord['transactionType'], ExchangeRecord['transactionType']],
  trades: [string, string],
): void {
  const reference = m.transfers++;
  m.accounts[from]!.balance -= units;
  m.accounts[to]!.balance += units;
  m.records += 2;
  for (const [account, counter, amount, transactionType, paymentId] of [
    [from, to, -units, types[0], trades[0]],
    [to, from, units, types[1], trades[1]],
  ] as const) {
    m.exchange.push({
      accountId: m.accounts[account]!.id,
      counterAccountId: m.accounts[counter]!.id,
      currency: m.accounts[account]!.currency,
      amount: formatUnits(amount),
      transactionType,
      paymentId,
      reference,
      // The run's virtual currencies are valued at 1 EUR.
      marketValue: formatUnits(amount),
    });
  }
}

/**
 * One fill of the taker against a resting trade, at the resting trade's price: currency 1 from the
 * seller to the buyer, currency 2 back, then the buyer's fee on its currency 2 leg and the seller's on
 * its currency 1 leg, in that order (ledger_store_trade). The resting trade's blockage shrinks to what
 * it has left, and goes once it is filled.
 */
function fillTrades(m: Model, taker: ModelTrade, maker: ModelTrade): void {
  const q =
    taker.amount - taker.fill < maker.amount - maker.fill ? taker.amount - taker.fill : maker.amount - maker.fill;
  const [buy, sell] = taker.type === 'BUY' ? [taker, maker] : [maker, taker];
  const value = exactly(q * maker.price, ONE);
  const buyFee = exactly(value * chargedFee(buy), FEE_SCALE);
  const sellFee = exactly(q * chargedFee(sell), FEE_SCALE);
  exchange(m, sell.c1, buy.c1, q, ['EXCHANGE_SELL', 'EXCHANGE_BUY'], [sell.id, buy.id]);
  exchange(m, buy.c2, sell.c2, value, ['EXCHANGE_BUY', 'EXCHANGE_SELL'], [buy.id, sell.id]);
  if (buyFee > 0n) exchange(m, buy.c2, buy.feeAccount!, buyFee, ['EXCHANGE_BUY', 'EXCHANGE_BUY'], [buy.id, buy.id]);
  if (sellFee > 0n) {
    exchange(m, sell.c1, sell.feeAccount!, sellFee, ['EXCHANGE_SELL', 'EXCHANGE_SELL'], [sell.id, sell.id]);
  }
  maker.fill += q;
  taker.fill += q;
  const held = m.blockages.find((b) => b.type === TRADE && b.description === maker.id);
  assert.ok(held, `the model lost the blockage of trade ${maker.id}`);
  if (maker.fill === maker.amount) {
    maker.status = 'CLOSED';
    maker.isMaker = true;
    removeBlockage(m, held.id);
  } else {
    held.amount = tradeBlock(maker);
  }
  if (taker.fill === taker.amount) {
    taker.status = 'CLOSED';
    taker.isMaker = false;
  }
}

function cancelTrades(m: Model, trades: readonly ModelTrade[]): void {
  for (const trade of trades) {
    trade.status = 'CANCELLED';
    const held = m.blockages.find((b) => b.type === TRADE && b.description === trade.id);
    assert.ok(held, `the model lost the blockage of trade ${trade.id}`);
    removeBlockage(m, held.id);
  }
}

/**
 * A BUY or SELL limit trade (0033-order-matching.md), refused in the order ledger_store_trade checks;
 * stored, it fills against the tradable opposite trades that cross it, best price then oldest, and
 * rests with what is left, blocked on the account it pays from.
 */
function planTrade(m: Model, step: Extract<Step, { op: 'trade' }>, api: LedgerClient): Plan {
  const [currency1, currency2] = PAIRS[step.pair]!;
  const buying = step.type === 'BUY';
  const c1 = pickIn(m, currency1, step.c1);
  const c2 = pickIn(m, currency2, step.c2);
  const feeAccount = step.fee === null ? null : pickIn(m, buying ? currency2 : currency1, step.fee.account);
  const fee = step.fee?.percent ?? null;
  const terms: TradeTerms = { type: step.type, price: step.price, feeAccount, fee };
  const payer = payerOf({ type: step.type, c1, c2 });
  const spendable = spendableOf(m, payer);
  const amount = tradeAmount(step.amount, spendable, perUnitOf(terms), chargedFee(terms));
  const account = (i: number) => m.accounts[i]!;
  let refusal: ErrorName | undefined;
  if (amount === 0n || step.price === 0n) refusal = 'amountFormat';
  else if (!account(c1).active) refusal = 'tradeCurrency1AccountNotExists';
  else if (!account(c2).active) refusal = 'tradeCurrency2AccountNotExists';
  else if (feeAccount !== null && !account(feeAccount).active) refusal = 'tradeFeeAccount';
  else if (account(c1).currency !== currency1) refusal = 'tradeCurrency1Pair';
  else if (account(c2).currency !== currency2) refusal = 'tradeCurrency2Pair';
  else if (feeAccount !== null && account(feeAccount).currency !== (buying ? currency2 : currency1)) {
    refusal = 'tradeCurrencyFee';
  } else if (account(c1).frozen) refusal = 'tradeCurrency1AccountFrozen';
  else if (account(c2).frozen) refusal = 'tradeCurrency2AccountFrozen';
  else if (customerDisabled(m, c1)) refusal = 'tradeCurrency1AccountCustomerDisabled';
  else if (customerDisabled(m, c2)) refusal = 'tradeCurrency2AccountCustomerDisabled';
  else if (spendable < costOf(amount, perUnitOf(terms), chargedFee(terms))) {
    refusal = buying ? 'tradeCurrency2Balance' : 'tradeCurrency1Balance';
  }
  const planned: Plan = {
    method: 'POST',
    url: '/v3/trade',
    body: {
      type: step.type,
      price: formatUnits(step.price, step.style),
      amount: formatUnits(amount, step.style),
      pair: pairName(step.pair),
      currency1AccountId: account(c1).id,
      currency2AccountId: account(c2).id,
      ...(feeAccount === null ? {} : { feeAccountId: account(feeAccount).id }),
      ...(fee === null ? {} : { fee: Number(fee) / 100 }),
    },
    refusal,
    async apply(reply) {
      assert.match(reply.body.id, /^[0-9a-f]{24}$/);
      const crossing = m.trades.filter(
        (t) =>
          t.status === 'OPEN' &&
          t.pair === step.pair &&
          t.type !== step.type &&
          (buying ? t.price <= step.price : t.price >= step.price),
      );
      const taker: ModelTrade = {
        ...terms,
        id: reply.body.id,
        pair: step.pair,
        amount,
        fill: 0n,
        c1,
        c2,
        status: 'OPEN',
        passedOver: crossing.filter((t) => !tradable(m, t)).map((t) => t.id),
      };
      // Best price first (the lowest SELL, the highest BUY); the sort is stable and the trades oldest first.
      const counters = crossing
        .filter((t) => tradable(m, t))
        .sort((a, b) => (a.price === b.price ? 0 : a.price < b.price === buying ? -1 : 1));
      m.trades.push(taker);
      let fills = 0;
      for (const maker of counters) {
        if (taker.status !== 'OPEN') break;
        fillTrades(m, taker, maker);
        fills += 1;
      }
      if (taker.status === 'OPEN') {
        // The answer has the trade's id only: its blockage is the one on the paying account the model does not know.
        const listed = await ok(api.get(`/v3/ledger/account/block/${account(payer).id}?pageSize=50`));
        const known = new Set(m.blockages.map((b) => b.id));
        const fresh = (listed as { id: string }[]).filter((b) => !known.has(b.id));
        assert.equal(fresh.length, 1, JSON.stringify(listed));
        m.blockages.push({
          id: fresh[0]!.id,
          account: payer,
          amount: tradeBlock(taker),
          type: TRADE,
          description: taker.id,
        });
      }
      const passes = taker.passedOver.length > 0 ? ', passes over' : '';
      planned.detail = `${step.type} ${Math.min(fills, 2)}${fills > 2 ? '+' : ''} fills${taker.status === 'OPEN' ? ', rests' : ''}${passes}`;
    },
  };
  return planned;
}

interface Plan {
  method: 'POST' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  /** The refusal the model expects; none means success. */
  refusal?: ErrorName;
  /** Checks a success's reply and applies it to the model. */
  apply(reply: Reply): void | Promise<void>;
  /** Which case of a successful step it is, for the tally. */
  detail?: string;
}

function plan(m: Model, step: Step, api: LedgerClient): Plan {
  const ids = m.accounts.map((a) => a.id);
  switch (step.op) {
    case 'mint':
    case 'revoke': {
      const account = m.accounts[step.account]!;
      const spendable = spendableOf(m, step.account);
      const amount = resolveAmount(step.amount, step.op === 'mint' ? account.balance : spendable);
      let refusal: ErrorName | undefined;
      if (!account.active) refusal = 'accountNotExists';
      else if (!isVirtual(account.currency)) refusal = 'vcNotFound';
      else if (amount.units === 0n) refusal = 'paymentAmountNotNull';
      else if (
        step.op === 'revoke' &&
        (account.frozen || customerDisabled(m, step.account) || spendable < amount.units)
      ) {
        refusal = 'virtualAccountBalance';
      }
      const sign = step.op === 'mint' ? 1n : -1n;
      return {
        method: 'PUT',
        url: `/v3/ledger/virtualCurrency/${step.op}`,
        body: { accountId: account.id, amount: amount.text },
        refusal,
        apply(reply) {
          assert.equal(typeof reply.body.reference, 'string');
          account.balance += sign * amount.units;
          m.supply[account.currency]! += sign * amount.units;
          m.records += 1;
        },
      };
    }
    case 'pay': {
      const to = recipientOf(m, step.from, step.to);
      const amount = resolveAmount(step.amount, spendableOf(m, step.from));
      return {
        method: 'POST',
        url: '/v3/ledger/transaction',
        body: { senderAccountId: ids[step.from], recipientAccountId: ids[to], amount: amount.text },
        refusal: paymentRefusal(m, step.from, [{ to, units: amount.units }]),
        apply: (reply) => movePayment(m, step.from, to, amount.units, reply.body.reference),
      };
    }
    case 'batch': {
      const spendable = spendableOf(m, step.from);
      const items = step.items.map((item) => ({
        to: recipientOf(m, step.from, item.to),
        ...resolveAmount(item.amount, spendable),
      }));
      return {
        method: 'POST',
        url: '/v3/ledger/transaction/batch',
        body: {
          senderAccountId: ids[step.from],
          transaction: items.map((item) => ({ recipientAccountId: ids[item.to], amount: item.text })),
        },
        refusal: paymentRefusal(m, step.from, items),
        apply(reply) {
          assert.ok(Array.isArray(reply.body) && reply.body.length === items.length, JSON.stringify(reply.body));
          assert.equal(new Set(reply.body).size, items.length);
          items.forEach((item, i) => movePayment(m, step.from, item.to, item.units, reply.body[i]));
        },
      };
    }
    case 'block': {
      const account = m.accounts[step.account]!;
      const spendable = spendableOf(m, step.account);
      const amount = resolveAmount(step.amount, spendable);
      let refusal: ErrorName | undefined;
      if (!account.active) refusal = 'accountNotExists';
      else if (step.ensure && (spendable < amount.units || account.frozen || customerDisabled(m, step.account))) {
        refusal = 'balanceInsufficient';
      }
      return {
        method: 'POST',
        url: `/v3/ledger/account/block/${account.id}`,
        body: { amount: amount.text, type: step.type, ...(step.ensure ? { ensureSufficientBalance: true } : {}) },
        refusal,
        apply(reply) {
          assert.match(reply.body.id, /^[0-9a-f]{24}$/);
          m.blockages.push({
            id: reply.body.id,
            account: step.account,
            amount: amount.units,
            type: step.type,
            description: null,
          });
        },
      };
    }
    case 'unblock': {
      const blockage = pickBlockage(m, step.blockage);
      const id = typeof blockage === 'string' ? blockage : blockage.id;
      return {
        method: 'DELETE',
        url: `/v3/ledger/account/block/${id}`,
        // A trade's blockage goes only with its trade (0034-trade-blockages-and-fees.md).
        refusal:
          typeof blockage === 'string' ? 'blockageNotExists' : blockage.type === TRADE ? 'blockageTrade' : undefined,
        apply: () => removeBlockage(m, id),
      };
    }
    case 'unblockPay': {
      const blockage = pickBlockage(m, step.blockage);
      const known = typeof blockage === 'string' ? undefined : blockage;
      const amount = resolveAmount(step.amount, known?.amount ?? 0n);
      // An unknown blockage has no sender; any account will do as the recipient then.
      const to = recipientOf(m, known?.account ?? 0, step.to);
      let refusal: ErrorName | undefined;
      if (!known) refusal = 'blockageNotExists';
      else if (known.type === TRADE) refusal = 'blockageTrade';
      else if (amount.units > known.amount) refusal = 'blockageAmountExceeded';
      else refusal = paymentRefusal(m, known.account, [{ to, units: amount.units }], known.amount);
      return {
        method: 'PUT',
        url: `/v3/ledger/account/block/${known?.id ?? blockage}`,
        body: { recipientAccountId: ids[to], amount: amount.text },
        refusal,
        apply(reply) {
          removeBlockage(m, known!.id);
          movePayment(m, known!.account, to, amount.units, reply.body.reference);
        },
      };
    }
    case 'freeze': {
      const account = m.accounts[step.account]!;
      const held = spendableOf(m, step.account);
      return {
        method: 'PUT',
        url: `/v3/ledger/account/${account.id}/freeze`,
        refusal: !account.active ? 'accountInactiveFreeze' : account.frozen ? 'accountFrozen' : undefined,
        async apply() {
          // Freeze answers no id: the new ACCOUNT_FROZEN blockage is the one the model does not know.
          const listed = await api.get(`/v3/ledger/account/block/${account.id}?pageSize=50`);
          const known = new Set(m.blockages.map((b) => b.id));
          const fresh = (listed.body as { id: string; type: string }[]).filter((b) => !known.has(b.id));
          assert.equal(fresh.length, 1, JSON.stringify(listed.body));
          assert.equal(fresh[0]!.type, FROZEN);
          // It holds what was spendable, never less than zero (account-changes.service.ts).
          m.blockages.push({
            id: fresh[0]!.id,
            account: step.account,
            amount: held > 0n ? held : 0n,
            type: FROZEN,
            description: 'Account frozen',
            byFreeze: true,
          });
          account.frozen = true;
        },
      };
    }
    case 'unfreeze': {
      const account = m.accounts[step.account]!;
      return {
        method: 'PUT',
        url: `/v3/ledger/account/${account.id}/unfreeze`,
        refusal: account.frozen ? undefined : 'accountNotFrozen',
        apply() {
          for (const b of m.blockages.filter((b) => b.account === step.account && b.byFreeze)) {
            removeBlockage(m, b.id);
          }
          account.frozen = false;
        },
      };
    }
    case 'deactivateAccount': {
      const account = m.accounts[step.account]!;
      const held = m.blockages.some((b) => b.account === step.account);
      // An open trade on it, as either of its accounts or its fee account (0037-open-trades-block-deactivation.md).
      const trading = m.trades.some((t) => t.status === 'OPEN' && [t.c1, t.c2, t.feeAccount].includes(step.account));
      return {
        method: 'PUT',
        url: `/v3/ledger/account/${account.id}/deactivate`,
        refusal: !account.active
          ? 'accountInactive'
          : trading
            ? 'accountTradeNonZero'
            : account.balance !== 0n || held
              ? 'accountBalanceNonZero'
              : undefined,
        apply: () => void (account.active = false),
      };
    }
    case 'activateAccount': {
      const account = m.accounts[step.account]!;
      const customer = account.customer === null ? undefined : m.customers[account.customer]!;
      return {
        method: 'PUT',
        url: `/v3/ledger/account/${account.id}/activate`,
        refusal: account.active
          ? 'accountActive'
          : customer && !customer.active
            ? 'accountCustomerInactive'
            : undefined,
        apply: () => void (account.active = true),
      };
    }
    case 'disable':
    case 'enable': {
      const customer = m.customers[step.customer]!;
      const enable = step.op === 'enable';
      return {
        method: 'PUT',
        url: `/v3/ledger/customer/${customer.id}/${step.op}`,
        refusal: !customer.active
          ? 'customerInactive'
          : customer.enabled === enable
            ? enable
              ? 'customerEnabled'
              : 'customerDisabled'
            : undefined,
        apply: () => void (customer.enabled = enable),
      };
    }
    case 'deactivateCustomer': {
      const customer = m.customers[step.customer]!;
      const hasActive = m.accounts.some((a) => a.customer === step.customer && a.active);
      return {
        method: 'PUT',
        url: `/v3/ledger/customer/${customer.id}/deactivate`,
        refusal: !customer.active ? 'customerInactive' : hasActive ? 'customerDeactivateAccountActive' : undefined,
        apply: () => void (customer.active = false),
      };
    }
    case 'activateCustomer': {
      const customer = m.customers[step.customer]!;
      return {
        method: 'PUT',
        url: `/v3/ledger/customer/${customer.id}/activate`,
        refusal: customer.active ? 'customerActive' : undefined,
        apply: () => void (customer.active = true),
      };
    }
    case 'deposit':
      return planDeposit(m, step);
    case 'withdraw':
      return planWithdrawal(m, step);
    case 'trade':
      return planTrade(m, step, api);
    case 'cancelTrade': {
      const trade = pickTrade(m, step.trade);
      const open = typeof trade !== 'string' && trade.status === 'OPEN';
      return {
        method: 'DELETE',
        url: `/v3/trade/${typeof trade === 'string' ? trade : trade.id}`,
        refusal: open ? undefined : 'tradeNotExists',
        detail: open ? `fill ${trade.fill > 0n ? '> 0' : '0'}` : undefined,
        apply: () => cancelTrades(m, [trade as ModelTrade]),
      };
    }
    case 'cancelAccountTrades': {
      const account = step.account;
      const open = m.trades.filter((t) => t.status === 'OPEN' && (t.c1 === account || t.c2 === account));
      return {
        method: 'DELETE',
        url: `/v3/trade/account/${account === null ? UNKNOWN_ACCOUNT : ids[account]}`,
        refusal: account === null ? 'accountNotExists' : undefined,
        detail: `${open.length} open`,
        apply: () => cancelTrades(m, open),
      };
    }
    case 'complete': {
      const withdrawal = pickWithdrawal(m, step.withdrawal);
      const known = typeof withdrawal === 'string' ? undefined : withdrawal;
      const txId = freshTxId(m);
      return {
        method: 'PUT',
        url: `/v3/offchain/withdrawal/${known?.id ?? withdrawal}/${txId}`,
        refusal: !known ? 'withdrawalMissing' : known.status !== 'InProgress' ? 'withdrawalUnexpectedState' : undefined,
        apply() {
          known!.status = 'Done';
          known!.txId = txId;
        },
      };
    }
    case 'cancel': {
      // From InProgress or Done; the fee comes back too unless revert=false (true when not given).
      const withdrawal = pickWithdrawal(m, step.withdrawal);
      const known = typeof withdrawal === 'string' ? undefined : withdrawal;
      let refusal: ErrorName | undefined;
      if (!known) refusal = 'withdrawalMissing';
      else if (known.status === 'Cancelled') refusal = 'withdrawalNotCancelled';
      else if (!m.accounts[known.account]!.active) refusal = 'accountNotExists';
      return {
        method: 'DELETE',
        url: `/v3/offchain/withdrawal/${known?.id ?? withdrawal}${step.revert === null ? '' : `?revert=${step.revert}`}`,
        refusal,
        detail: `${known?.status} revert=${step.revert}`,
        apply() {
          const feeBack = step.revert !== false && FEE_DEBITED.has(m.accounts[known!.account]!.currency);
          known!.status = 'Cancelled';
          known!.refund = known!.units + (feeBack ? known!.fee : 0n);
          recordBoundary(m, known!.account, known!.refund, 'CANCEL_WITHDRAWAL');
        },
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Reading the server

interface AccountView {
  currency: string;
  customerId: string | null;
  active: boolean;
  frozen: boolean;
  accountBalance: string;
  availableBalance: string;
}
/** A trade as GET /v3/trade/{id} and the lists show it, less its creation time. */
interface TradeView {
  id: string;
  type: 'BUY' | 'SELL';
  price: string;
  amount: string;
  pair: string;
  fill: string;
  feeAccountId: string | null;
  fee: number | null;
  currency1AccountId: string;
  currency2AccountId: string;
  isMaker?: boolean;
}
interface Snapshot {
  accounts: Record<string, AccountView>;
  blockages: Record<string, { id: string; amount: string; type: string; description: string | null }[]>;
  customers: Record<string, { enabled: boolean; active: boolean }>;
  supply: Record<string, string>;
  /** GET /v3/ledger/deposits, without the report times. */
  deposits: Record<string, unknown>[];
  /** GET /v3/offchain/withdrawal, without the dates. */
  withdrawals: Record<string, unknown>[];
  /** The chain assets' DEPOSIT and WITHDRAWAL records, oldest first. */
  boundary: BoundaryRecord[];
  /** The open BUY and SELL trades and the history (closed trades), oldest first. */
  trades: { buy: TradeView[]; sell: TradeView[]; history: TradeView[] };
  /** The EXCHANGE records, oldest first, their references numbered in order of appearance. */
  exchange: ExchangeRecord[];
}

async function ok(reply: Promise<Reply>): Promise<any> {
  const { status, body } = await reply;
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

interface AccountReply {
  id: string;
  currency: string;
  customerId: string | null;
  active: boolean;
  frozen: boolean;
  balance: { accountBalance: string; availableBalance: string };
}

const accountView = (a: AccountReply): AccountView => ({
  currency: a.currency,
  customerId: a.customerId,
  active: a.active,
  frozen: a.frozen,
  accountBalance: a.balance.accountBalance,
  availableBalance: a.balance.availableBalance,
});

/**
 * Everything a step may change, as the API shows it. Accounts come from the ledger-wide list (one
 * request instead of eight per step; it computes balances with the same SQL as GET /account/{id},
 * which assertSingleReads checks at the end of every run).
 */
/** Every page of a list, 50 at a time: `page(n)` asks for the n-th. */
async function allPages<T>(page: (n: number) => Promise<Reply>): Promise<T[]> {
  const all: T[] = [];
  for (let n = 0; ; n += 1) {
    const rows = (await ok(page(n))) as T[];
    all.push(...rows);
    if (rows.length < 50) return all;
  }
}

/** A trade of a list or GET /v3/trade/{id}, less its creation time (milliseconds). */
function tradeOfReply(trade: Record<string, unknown>): TradeView {
  const { created, ...view } = trade;
  assert.ok(Number.isSafeInteger(created) && (created as number) > 0, JSON.stringify(trade));
  return view as unknown as TradeView;
}

interface ExchangeReply {
  accountId: string;
  counterAccountId: string;
  currency: string;
  amount: string;
  operationType: string;
  transactionType: ExchangeRecord['transactionType'];
  paymentId: string;
  reference: string;
  marketValue: { amount: string; currency: string };
}

/** EXCHANGE records as the model writes them: references numbered by first appearance. */
function exchangeRecords(records: ExchangeReply[]): ExchangeRecord[] {
  const numbers = new Map<string, number>();
  return records.map((r) => {
    assert.equal(r.operationType, 'EXCHANGE');
    assert.equal(r.marketValue.currency, 'EUR');
    if (!numbers.has(r.reference)) numbers.set(r.reference, numbers.size);
    return {
      accountId: r.accountId,
      counterAccountId: r.counterAccountId,
      currency: r.currency,
      amount: r.amount,
      transactionType: r.transactionType,
      paymentId: r.paymentId,
      reference: numbers.get(r.reference)!,
      marketValue: r.marketValue.amount,
    };
  });
}

const BOUNDARY_FILTER = {
  currencies: [...CHAIN],
  transactionTypes: ['CREDIT_DEPOSIT', 'DEBIT_WITHDRAWAL', 'CANCEL_WITHDRAWAL'],
};

async function readServer(api: LedgerClient, m: Model): Promise<Snapshot> {
  const ids = m.accounts.map((a) => a.id);
  const tradeList = (list: string) =>
    allPages<Record<string, unknown>>((n) => api.post(`/v3/trade/${list}`, { pageSize: 50, offset: n * 50 }));
  const [accounts, blockages, customers, currencies, deposits, withdrawals, boundary, buy, sell, history, exchange] =
    await Promise.all([
      ok(api.get('/v3/ledger/account?pageSize=50')),
      Promise.all(ids.map((id) => ok(api.get(`/v3/ledger/account/block/${id}?pageSize=50`)))),
      ok(api.get('/v3/ledger/customer?pageSize=50')),
      Promise.all(VIRTUAL.map((name) => ok(api.get(`/v3/ledger/virtualCurrency/${name}`)))),
      allPages<unknown>((n) => api.get(`/v3/ledger/deposits?pageSize=50&page=${n}`)),
      allPages<unknown>((n) => api.get(`/v3/offchain/withdrawal?pageSize=50&offset=${n * 50}`)),
      allPages<BoundaryRecord>((n) =>
        api.post(`/v3/ledger/transaction/ledger?pageSize=50&offset=${n * 50}`, BOUNDARY_FILTER),
      ),
      tradeList('buy'),
      tradeList('sell'),
      tradeList('history'),
      allPages<ExchangeReply>((n) =>
        api.post(`/v3/ledger/transaction/ledger?pageSize=50&offset=${n * 50}`, { opType: 'EXCHANGE' }),
      ),
    ]);
  return {
    accounts: Object.fromEntries((accounts as AccountReply[]).map((a) => [a.id, accountView(a)])),
    blockages: Object.fromEntries(
      ids.map((id, i) => [
        id,
        (
          blockages[i] as { id: string; accountId: string; amount: string; type: string; description: string | null }[]
        ).map((b) => {
          assert.equal(b.accountId, id);
          return { id: b.id, amount: b.amount, type: b.type, description: b.description };
        }),
      ]),
    ),
    customers: Object.fromEntries(
      (customers as { id: string; enabled: boolean; active: boolean }[]).map((c) => [
        c.id,
        { enabled: c.enabled, active: c.active },
      ]),
    ),
    supply: Object.fromEntries(currencies.map((vc) => [vc.name, vc.supply])),
    deposits: deposits.map((d) => without(d, 'timestamp')),
    withdrawals: withdrawals.map((w) => without(w, 'date')),
    boundary: boundary.map(({ accountId, currency, amount, operationType, transactionType }) => ({
      accountId,
      currency,
      amount,
      operationType,
      transactionType,
    })),
    trades: { buy: buy.map(tradeOfReply), sell: sell.map(tradeOfReply), history: history.map(tradeOfReply) },
    exchange: exchangeRecords(exchange),
  };
}

/** GET /account/{id} and GET /account/{id}/balance agree with the list the steps were checked on. */
async function assertSingleReads(api: LedgerClient, snapshot: Snapshot): Promise<void> {
  for (const [id, view] of Object.entries(snapshot.accounts)) {
    assert.deepEqual(accountView(await ok(api.get(`/v3/ledger/account/${id}`))), view);
    assert.deepEqual(await ok(api.get(`/v3/ledger/account/${id}/balance`)), {
      accountBalance: view.accountBalance,
      availableBalance: view.availableBalance,
    });
  }
}

/** What the server should show, by the model. */
function expectedSnapshot(m: Model): Snapshot {
  return {
    accounts: Object.fromEntries(
      m.accounts.map((a, i) => [
        a.id,
        {
          currency: a.currency,
          customerId: a.customer === null ? null : m.customers[a.customer]!.id,
          active: a.active,
          frozen: a.frozen,
          accountBalance: formatUnits(a.balance),
          availableBalance: formatUnits(a.frozen || customerDisabled(m, i) ? 0n : spendableOf(m, i)),
        },
      ]),
    ),
    blockages: Object.fromEntries(
      m.accounts.map((a, i) => [
        a.id,
        m.blockages
          .filter((b) => b.account === i)
          .map((b) => ({ id: b.id, amount: formatUnits(b.amount), type: b.type, description: b.description })),
      ]),
    ),
    customers: Object.fromEntries(m.customers.map((c) => [c.id, { enabled: c.enabled, active: c.active }])),
    supply: Object.fromEntries(VIRTUAL.map((name) => [name, formatUnits(m.supply[name]!)])),
    deposits: m.deposits.map((d) => depositView(m, d)),
    withdrawals: m.withdrawals.map((w) => withdrawalView(m, w)),
    boundary: m.boundary,
    trades: {
      buy: m.trades.filter((t) => t.status === 'OPEN' && t.type === 'BUY').map((t) => tradeView(m, t)),
      sell: m.trades.filter((t) => t.status === 'OPEN' && t.type === 'SELL').map((t) => tradeView(m, t)),
      history: m.trades.filter((t) => t.status === 'CLOSED').map((t) => tradeView(m, t)),
    },
    exchange: m.exchange,
  };
}

/** A trade as the API shows it, by the model. */
function tradeView(m: Model, t: ModelTrade): TradeView {
  return {
    id: t.id,
    type: t.type,
    price: formatUnits(t.price),
    amount: formatUnits(t.amount),
    pair: pairName(t.pair),
    fill: formatUnits(t.fill),
    feeAccountId: t.feeAccount === null ? null : m.accounts[t.feeAccount]!.id,
    fee: t.fee === null ? null : Number(t.fee) / 100,
    currency1AccountId: m.accounts[t.c1]!.id,
    currency2AccountId: m.accounts[t.c2]!.id,
    ...(t.status === 'CLOSED' ? { isMaker: t.isMaker! } : {}),
  };
}

/** The ledger's rules, read off the server's own answers alone (no model). */
function assertInvariants(s: Snapshot): void {
  for (const name of VIRTUAL) {
    const held = Object.values(s.accounts).filter((a) => a.currency === name);
    assert.equal(
      sumUnits(held.map((a) => parseUnits(a.accountBalance))),
      parseUnits(s.supply[name]!),
      `Σ balances of ${name} != supply ${s.supply[name]}`,
    );
  }
  for (const [id, a] of Object.entries(s.accounts)) {
    const disabled = a.customerId !== null && s.customers[a.customerId]!.enabled === false;
    if (a.frozen || disabled) {
      assert.equal(a.availableBalance, '0', `account ${id} is frozen or disabled`);
    } else {
      const blocked = sumUnits(s.blockages[id]!.map((b) => parseUnits(b.amount)));
      assert.equal(
        parseUnits(a.availableBalance),
        parseUnits(a.accountBalance) - blocked,
        `account ${id}: available != balance − Σ blockages`,
      );
    }
  }
  assertBoundary(s);
  assertBook(s);
}

/** A trade's fee as a fraction of a percent in units (0.25 % → 0.25 × ONE); none without a fee account. */
const feeUnitsOf = (t: TradeView) => (t.feeAccountId === null || t.fee === null ? 0n : parseUnits(String(t.fee)));
const PERCENT = 100n * ONE;

/**
 * The order book's rules, off the server's answers alone (0033-order-matching.md,
 * 0034-trade-blockages-and-fees.md): conservation of each EXCHANGE transfer, each open trade's blockage,
 * fills within amounts, and each trade's currency 1 records against its fill.
 */
function assertBook(s: Snapshot): void {
  // Each transfer is a debit and an equal credit in one currency, between accounts of that currency:
  // a trade moves money between accounts, never in or out of an asset (Σ balances = supply stays true).
  const transfers = new Map<number, ExchangeRecord[]>();
  for (const r of s.exchange) transfers.set(r.reference, [...(transfers.get(r.reference) ?? []), r]);
  for (const [reference, [debit, credit, ...more]] of transfers) {
    const shown = JSON.stringify(transfers.get(reference));
    assert.ok(debit && credit && more.length === 0, `an EXCHANGE transfer of other than two records: ${shown}`);
    assert.ok(parseUnits(credit.amount) > 0n && parseUnits(debit.amount) === -parseUnits(credit.amount), shown);
    assert.equal(debit.currency, credit.currency, shown);
    assert.equal(s.accounts[debit.accountId]?.currency, debit.currency, shown);
    assert.equal(s.accounts[credit.accountId]?.currency, credit.currency, shown);
    assert.deepEqual([debit.counterAccountId, credit.counterAccountId], [credit.accountId, debit.accountId], shown);
    assert.equal(debit.marketValue, debit.amount, shown);
    assert.equal(credit.marketValue, credit.amount, shown);
  }

  const open = [...s.trades.buy, ...s.trades.sell];
  assert.ok(s.trades.buy.every((t) => t.type === 'BUY') && s.trades.sell.every((t) => t.type === 'SELL'));
  for (const t of open) {
    const fill = parseUnits(t.fill);
    assert.ok(0n <= fill && fill < parseUnits(t.amount) && !('isMaker' in t), `open trade ${JSON.stringify(t)}`);
  }
  for (const t of s.trades.history) {
    assert.ok(t.fill === t.amount && typeof t.isMaker === 'boolean', `closed trade ${JSON.stringify(t)}`);
  }

  // One TRADE blockage per open trade, on the account it pays from, of exactly what it has left to pay;
  // none for any other trade (closed or cancelled).
  const held = Object.entries(s.blockages).flatMap(([accountId, list]) =>
    list.filter((b) => b.type === TRADE).map((b) => ({ ...b, accountId })),
  );
  assert.equal(held.length, open.length, 'TRADE blockages other than one per open trade');
  for (const t of open) {
    const [blockage, ...more] = held.filter((b) => b.description === t.id);
    assert.ok(
      blockage && more.length === 0,
      `trade ${t.id} holds ${held.filter((b) => b.description === t.id).length}`,
    );
    assert.equal(blockage.accountId, t.type === 'BUY' ? t.currency2AccountId : t.currency1AccountId);
    const rest = parseUnits(t.amount) - parseUnits(t.fill);
    const value = exactly(rest * (t.type === 'BUY' ? parseUnits(t.price) : ONE), ONE);
    const owed = value + exactly(value * feeUnitsOf(t), PERCENT);
    assert.equal(parseUnits(blockage.amount), owed, `the blockage of trade ${JSON.stringify(t)}`);
  }

  // A trade's records on its currency 1 account add up to its fill: received by a BUY; given by a SELL,
  // with its fee on top when that went to another account.
  for (const t of [...open, ...s.trades.history]) {
    assert.equal(exchangedOnCurrency1(s.exchange, t), filledOnCurrency1(t, parseUnits(t.fill)), `records of ${t.id}`);
  }
}

/** The sum of a trade's EXCHANGE records on its currency 1 account. */
const exchangedOnCurrency1 = (records: readonly ExchangeRecord[], t: TradeView) =>
  sumUnits(
    records
      .filter((r) => r.paymentId === t.id && r.accountId === t.currency1AccountId)
      .map((r) => parseUnits(r.amount)),
  );

/** What a trade's fill moved on its currency 1 account. */
function filledOnCurrency1(t: TradeView, fill: bigint): bigint {
  if (t.type === 'BUY') return fill;
  const feeElsewhere = t.feeAccountId !== null && t.feeAccountId !== t.currency1AccountId;
  return -fill - (feeElsewhere ? exactly(fill * feeUnitsOf(t), PERCENT) : 0n);
}

/**
 * No BUY and SELL that could trade with each other both rest on a pair: the best BUY that can trade is
 * below the best SELL that can. A crossing is allowed only between two trades of which the later was
 * placed while the earlier could not trade (its account frozen or its customer disabled) and so passed
 * it over: nothing matches them once both can trade again until a new trade comes.
 */
function assertNotCrossed(s: Snapshot, m: Model): void {
  const passedOver = new Set(m.trades.flatMap((t) => t.passedOver.map((other) => `${t.id} ${other}`)));
  const canTrade = (id: string) => {
    const account = s.accounts[id]!;
    return !account.frozen && !(account.customerId !== null && s.customers[account.customerId]!.enabled === false);
  };
  const tradeable = (t: TradeView) => canTrade(t.currency1AccountId) && canTrade(t.currency2AccountId);
  for (const buy of s.trades.buy.filter(tradeable)) {
    for (const sell of s.trades.sell.filter((t) => t.pair === buy.pair && tradeable(t))) {
      if (parseUnits(buy.price) < parseUnits(sell.price)) continue;
      assert.ok(
        passedOver.has(`${buy.id} ${sell.id}`) || passedOver.has(`${sell.id} ${buy.id}`),
        `the book is crossed: BUY ${JSON.stringify(buy)} and SELL ${JSON.stringify(sell)}`,
      );
    }
  }
}

/** GET /v3/trade/{id} shows each open or closed trade as the lists do; a cancelled one is gone. */
async function assertTradeReads(api: LedgerClient, m: Model, snapshot: Snapshot): Promise<void> {
  for (const trade of m.trades) {
    const reply = await api.get(`/v3/trade/${trade.id}`);
    if (trade.status === 'CANCELLED') {
      assert.deepEqual(
        { status: reply.status, errorCode: reply.body.errorCode },
        {
          status: 403,
          errorCode: ERRORS.tradeNotExists.errorCode,
        },
      );
      // What it filled before it was cancelled stays explained by its records.
      const view = tradeView(m, trade);
      assert.equal(exchangedOnCurrency1(snapshot.exchange, view), filledOnCurrency1(view, trade.fill));
    } else {
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      assert.deepEqual(tradeOfReply(reply.body), tradeView(m, trade));
    }
  }
}

const SIGNED_TYPES: Record<BoundaryRecord['transactionType'], { operationType: string; sign: bigint }> = {
  CREDIT_DEPOSIT: { operationType: 'DEPOSIT', sign: 1n },
  DEBIT_WITHDRAWAL: { operationType: 'WITHDRAWAL', sign: -1n },
  CANCEL_WITHDRAWAL: { operationType: 'WITHDRAWAL', sign: 1n },
};

/**
 * 0025-ledger-boundary.md, off the server's answers alone: per chain asset, Σ balances = Σ credited
 * deposits − Σ withdrawal debits + Σ withdrawal refunds, where the deposits and withdrawals are as
 * listed and their records agree with the lists; no virtual currency is deposited or withdrawn.
 */
function assertBoundary(s: Snapshot): void {
  const deposits = s.deposits as { currency: string; status: string; amount: string; accountId: string }[];
  const withdrawals = s.withdrawals as { currency: string; status: string; amount: string; fee: string }[];
  for (const d of deposits) assert.equal(s.accounts[d.accountId]?.currency, d.currency, 'a deposit in another asset');
  assert.ok(!deposits.some((d) => isVirtual(d.currency)) && !withdrawals.some((w) => isVirtual(w.currency)));
  for (const r of s.boundary) {
    const { operationType, sign } = SIGNED_TYPES[r.transactionType];
    assert.equal(r.operationType, operationType, JSON.stringify(r));
    assert.ok(parseUnits(r.amount) * sign > 0n, `a ${r.transactionType} record of ${r.amount}`);
    assert.equal(s.accounts[r.accountId]?.currency, r.currency, JSON.stringify(r));
  }
  for (const asset of CHAIN) {
    const records = (type: BoundaryRecord['transactionType']) =>
      s.boundary.filter((r) => r.currency === asset && r.transactionType === type).map((r) => parseUnits(r.amount));
    const credited = deposits.filter((d) => d.currency === asset && d.status === 'Done');
    const withdrawn = withdrawals.filter((w) => w.currency === asset);
    const cancelled = withdrawn.filter((w) => w.status === 'Cancelled');
    const debitOf = (w: { amount: string; fee: string }) =>
      parseUnits(w.amount) + (FEE_DEBITED.has(asset) ? parseUnits(w.fee) : 0n);
    const deposited = sumUnits(credited.map((d) => parseUnits(d.amount)));
    const debited = sumUnits(withdrawn.map(debitOf));
    const refunded = sumUnits(records('CANCEL_WITHDRAWAL'));
    assert.deepEqual(records('CREDIT_DEPOSIT').length, credited.length, `${asset}: one record per deposit Done`);
    assert.equal(sumUnits(records('CREDIT_DEPOSIT')), deposited, `${asset}: DEPOSIT records != deposits Done`);
    assert.equal(records('DEBIT_WITHDRAWAL').length, withdrawn.length, `${asset}: one debit per withdrawal`);
    assert.equal(sumUnits(records('DEBIT_WITHDRAWAL')), -debited, `${asset}: WITHDRAWAL debits != amount + fee`);
    assert.equal(records('CANCEL_WITHDRAWAL').length, cancelled.length, `${asset}: one refund per cancel`);
    // Each refund is the amount, or the amount and the fee: which one the lists do not say.
    assert.ok(
      sumUnits(cancelled.map((w) => parseUnits(w.amount))) <= refunded && refunded <= sumUnits(cancelled.map(debitOf)),
      `${asset}: refunds of ${formatUnits(refunded)} out of range`,
    );
    const held = Object.values(s.accounts).filter((a) => a.currency === asset);
    assert.equal(
      sumUnits(held.map((a) => parseUnits(a.accountBalance))),
      deposited - debited + refunded,
      `Σ balances of ${asset} != credited deposits − withdrawal debits + refunds`,
    );
  }
}

interface RecordReply {
  accountId: string;
  amount: string;
  currency: string;
  operationType: string;
  transactionType: string;
  txId: string | null;
}

/**
 * The transaction records explain every balance; each payment is one debit and one credit, each
 * deposit Done one credit, each withdrawal one debit; and a chain asset's balances add up to its
 * DEPOSIT and WITHDRAWAL records alone, all else being payments between its accounts.
 */
async function assertRecordsExplainBalances(api: LedgerClient, m: Model): Promise<void> {
  const count = await ok(api.post('/v3/ledger/transaction/ledger?count=true', {}));
  assert.equal(count, m.records, 'records in the ledger');
  const boundary = new Map<string, bigint>();
  for (const account of m.accounts) {
    const records = await allPages<RecordReply>((n) =>
      api.post(`/v3/ledger/transaction/account?pageSize=50&offset=${n * 50}`, { id: account.id }),
    );
    assert.ok(records.every((r) => r.currency === account.currency));
    assert.equal(
      sumUnits(records.map((r) => parseUnits(r.amount))),
      account.balance,
      `records of ${account.id} do not add up to its balance`,
    );
    if (isVirtual(account.currency)) continue;
    const kinds = new Set(records.map((r) => r.operationType));
    assert.ok(
      [...kinds].every((kind) => ['PAYMENT', 'DEPOSIT', 'WITHDRAWAL'].includes(kind)),
      [...kinds].join(),
    );
    const crossing = records.filter((r) => r.operationType !== 'PAYMENT').map((r) => parseUnits(r.amount));
    boundary.set(account.currency, (boundary.get(account.currency) ?? 0n) + sumUnits(crossing));
  }
  for (const asset of CHAIN) {
    assert.equal(
      boundary.get(asset),
      sumUnits(m.accounts.filter((a) => a.currency === asset).map((a) => a.balance)),
      `${asset}: Σ balances != Σ DEPOSIT and WITHDRAWAL records`,
    );
  }
  const byReference = async (reference: string) =>
    ((await ok(api.get(`/v3/ledger/transaction/reference/${reference}`))) as RecordReply[]).map((r) => [
      r.accountId,
      parseUnits(r.amount),
      r.operationType,
      r.transactionType,
      r.txId,
    ]);
  for (const d of m.deposits) {
    assert.deepEqual(
      await byReference(d.reference),
      d.status === 'Done' ? [[m.accounts[d.account]!.id, d.units, 'DEPOSIT', 'CREDIT_DEPOSIT', d.txId]] : [],
      `deposit ${d.txId}/${d.vout}`,
    );
  }
  for (const w of m.withdrawals) {
    assert.deepEqual(await byReference(w.reference), [
      [m.accounts[w.account]!.id, -w.debit, 'WITHDRAWAL', 'DEBIT_WITHDRAWAL', null],
    ]);
  }
  for (const payment of m.payments) {
    const records = await ok(api.get(`/v3/ledger/transaction/reference/${payment.reference}`));
    assert.deepEqual(
      records.map((r: { accountId: string; amount: string; transactionType: string }) => [
        r.accountId,
        parseUnits(r.amount),
        r.transactionType,
      ]),
      [
        [m.accounts[payment.from]!.id, -payment.units, 'DEBIT_PAYMENT'],
        [m.accounts[payment.to]!.id, payment.units, 'CREDIT_PAYMENT'],
      ],
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// A run

const showStep = (step: Step) => JSON.stringify(step, (_k, v) => (typeof v === 'bigint' ? `${v}u` : v));

/** Adds where the run was to an assertion's message, keeping its diff. */
async function within<T>(context: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error) error.message = `${context}\n${error.message}`;
    throw error;
  }
}

async function setUp(api: LedgerClient, scenario: Scenario): Promise<Model> {
  const customers: ModelCustomer[] = [];
  const customerOf = (index: number, id: string) => {
    customers[index] ??= { id, enabled: true, active: true };
    assert.equal(customers[index]!.id, id);
  };
  const accounts: ModelAccount[] = [];
  for (const [slot, { currency: name, customer }] of ACCOUNT_SLOTS.entries()) {
    const customerBody = customer === null ? {} : { customer: { externalId: `customer-${customer}` } };
    const created =
      slot < VIRTUAL.length
        ? await ok(
            api.post('/v3/ledger/virtualCurrency', {
              name,
              supply: formatUnits(scenario.supply[slot]!, scenario.supplyStyle),
              basePair: 'EUR',
              ...customerBody,
            }),
          )
        : await ok(api.post('/v3/ledger/account', { currency: name, ...customerBody }));
    if (customer !== null) customerOf(customer, created.customerId);
    if (!isVirtual(name)) {
      await ok(api.post(`/v3/offchain/account/${created.id}/address/${depositAddress(slot)}`, {}));
    }
    accounts.push({
      id: created.id,
      currency: name,
      customer,
      balance: slot < VIRTUAL.length ? scenario.supply[slot]! : 0n,
      frozen: false,
      active: true,
    });
  }
  return {
    accounts,
    customers,
    blockages: [],
    gone: [],
    supply: { VC_A: scenario.supply[0], VC_B: scenario.supply[1] },
    records: scenario.supply.filter((s) => s > 0n).length,
    payments: [],
    deposits: [],
    withdrawals: [],
    boundary: [],
    serial: 0,
    trades: [],
    exchange: [],
    transfers: 0,
  };
}

/** How often each operation succeeded or met each refusal, over all runs: shows what was exercised. */
type Tally = Map<string, number>;
const count = (tally: Tally, key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

/** Where every IMPORT_EVERY-th run's ledger is copied to by `ledger import`, and read back. */
interface ImportTarget {
  /** The source app's URL: the run's app, listening. */
  sourceUrl(): Promise<string>;
  target: TestApp;
  runs: number;
}
const IMPORT_EVERY = 5;

async function run(t: TestApp, scenario: Scenario, tally: Tally, copy: ImportTarget): Promise<void> {
  const sourceKey = (await t.newTenant()).testnet;
  const api = t.client(sourceKey);
  const m = await setUp(api, scenario);
  let previous = await readServer(api, m);
  assert.deepEqual(previous, expectedSnapshot(m));
  assertInvariants(previous);

  // The issuer of virtual currency c sits in slot c; a chain account is funded by a deposit, reported
  // InProgress, then Done.
  const funding: Step[] = scenario.funding.flatMap((units, i): Step[] => {
    const amount = { kind: 'units', units, style: 'canonical' } as const;
    const { currency } = ACCOUNT_SLOTS[i + 2]!;
    if (isVirtual(currency)) {
      return [
        { op: 'pay', from: VIRTUAL.indexOf(currency as (typeof VIRTUAL)[number]), to: { account: i + 2 }, amount },
      ];
    }
    const report = {
      op: 'deposit',
      sameKey: true,
      to: { by: 'address', account: i + 2 },
      otherAsset: false,
      vout: 0,
      sameAmount: true,
      amount,
      fine: false,
    } as const;
    const reported: Step = { ...report, earlier: null, status: 'InProgress', blockHeight: 1 };
    const done: Step = { ...report, earlier: { pending: true, latest: 0 }, status: 'Done', blockHeight: 2 };
    return units > 0n ? [reported, done] : [reported];
  });
  for (const { account, units } of scenario.pending) {
    funding.push({
      op: 'deposit',
      earlier: null,
      sameKey: false,
      to: { by: 'account', account },
      otherAsset: false,
      vout: 1,
      sameAmount: false,
      amount: { kind: 'units', units, style: 'padded' },
      fine: false,
      status: 'InProgress',
      blockHeight: 3,
    });
  }
  const steps = [...funding, ...scenario.steps];
  for (const [index, step] of steps.entries()) {
    const funds = index < funding.length;
    const label = funds ? 'fund' : step.op;
    await within(`step ${index} ${showStep(step)}`, async () => {
      const planned = plan(m, step, api);
      const reply = await api.request({
        method: planned.method,
        url: planned.url,
        ...(planned.body === undefined ? {} : { payload: planned.body as object }),
      });
      if (planned.refusal) {
        assert.deepEqual(
          { status: reply.status, errorCode: reply.body?.errorCode },
          { status: 403, errorCode: ERRORS[planned.refusal].errorCode },
          `expected the refusal ${planned.refusal}; got ${JSON.stringify(reply.body)}`,
        );
      } else {
        assert.ok(reply.status === 200 || reply.status === 204, `expected success; got ${JSON.stringify(reply.body)}`);
        await planned.apply(reply);
      }
      count(tally, `${label} ${planned.refusal ?? `ok${planned.detail ? ` (${planned.detail})` : ''}`}`);
      // The funding is checked once, whole: it is the same few payments and deposits in every run.
      if (funds && index < funding.length - 1) return;
      const after = await readServer(api, m);
      assertInvariants(after);
      assertNotCrossed(after, m);
      if (planned.refusal && !funds) assert.deepEqual(after, previous, 'a refused step changed the ledger');
      assert.deepEqual(after, expectedSnapshot(m), 'the server and the model disagree');
      previous = after;
    });
  }
  await within('after the run', async () => {
    await assertSingleReads(api, previous);
    await assertTradeReads(api, m, previous);
    await assertRecordsExplainBalances(api, m);
    // And `ledger check`, the same rules in SQL on the tables, agrees.
    const [ledger] = await t.db.query<{ id: string }>('SELECT ledger_id AS id FROM accounts WHERE id = $1', [
      m.accounts[0]!.id,
    ]);
    const broken = await brokenInvariants(t.db, ledger!.id);
    assert.deepEqual(broken, []);
  });
  // Import is a way value enters a ledger too (docs/decisions/0038-ledger-import.md): the run's ledger,
  // copied through the API into another server's, reads the same and keeps the same rules.
  if (copy.runs++ % IMPORT_EVERY !== 0) return;
  await within('imported into another server', async () => {
    const tenant = await copy.target.newTenant();
    const { ledgerId } = await operatorScope(copy.target.db, tenant.name, 'testnet');
    const reader = new SourceReader(new SourceClient({ base: await copy.sourceUrl(), key: sourceKey, maxRps: 10_000 }));
    const report = await runImport({
      db: copy.target.db,
      ledgerId,
      source: 'property',
      reader,
      resume: false,
      settleMs: 0,
    });
    assert.equal(report.leftOutCount, 0, report.leftOut.join('; '));
    assert.equal((await verifyImport({ db: copy.target.db, ledgerId, reader })).differenceCount, 0);
    const copied = await readServer(copy.target.client(tenant.testnet), m);
    assertInvariants(copied);
    assert.deepEqual(copied, previous, 'the copy reads as the source');
    await assertRecordsExplainBalances(copy.target.client(tenant.testnet), m);
    // Cancelled trades are in none of the source's lists, so a copy lacks what they filled: the fills
    // of a pair's two sides need not add up the same there. Every rule about money still holds.
    const broken = await brokenInvariants(copy.target.db, ledgerId);
    assert.deepEqual(
      broken.filter((rule) => !rule.startsWith('pairs on which the fills of BUYs and of SELLs differ:')),
      [],
    );
  });
}

describe('ledger invariants under random operation sequences', (suite) => {
  const t = suiteTestApp(suite);
  let listening: Promise<string> | undefined;
  const copy: ImportTarget = {
    sourceUrl: () => (listening ??= t.app.listen({ port: 0, host: '127.0.0.1' })),
    target: suiteTestApp(suite),
    runs: 0,
  };

  async function check(context: TestContext, stepsArb: fc.Arbitrary<Step>): Promise<void> {
    const tally: Tally = new Map();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(scenarioArb(stepsArb), (scenario) => run(t, scenario, tally, copy)),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    const steps = [...tally.values()].reduce((a, b) => a + b, 0);
    context.diagnostic(`${RUNS} runs, ${steps} steps in ${Math.round(performance.now() - started)} ms`);
    for (const [key, n] of [...tally].sort()) context.diagnostic(`${key}: ${n}`);
  }

  it('keeps supply, balances, blockages and refusals consistent with the model after every step', (context) =>
    check(context, stepArb));

  it('keeps the order book consistent with the model through runs of mostly trading', (context) =>
    check(context, marketStepArb));
});
