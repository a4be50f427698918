import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ERRORS, type ErrorName } from '../../src/contract/errors.js';
import { suiteTestApp, type LedgerClient, type Reply, type TestApp } from '../helpers/test-app.js';
import { formatUnits, ONE, parseUnits, sumUnits, type AmountStyle } from '../support/decimal-units.js';

// Random sequences of every money operation over a small ledger, with the server checked after each
// step against the ledger's rules (docs/decisions/0012-disabled-customer.md to 0022-value-conservation.md)
// and against a model kept here in BigInt units:
//   * per currency, the balances of its accounts add up to the currency's supply;
//   * available = balance − Σ blockages, or exactly "0" while frozen or while the customer is disabled;
//   * a refused step changes nothing (balances, blockages, flags, supply);
//   * the server's state equals the model's, and it refuses exactly what the model refuses, for the
//     same reason.
// At the end of each run the transaction records must explain every balance. Each run works in a
// tenant of its own on one app, which is far cheaper than an app per run.
//
// LEDGER_PROPERTY_RUNS and LEDGER_PROPERTY_SEED (printed by fast-check on failure) replay or widen it.

const RUNS = Number(process.env.LEDGER_PROPERTY_RUNS ?? 25);
const SEED = process.env.LEDGER_PROPERTY_SEED === undefined ? undefined : Number(process.env.LEDGER_PROPERTY_SEED);
const MAX_STEPS = 30;

const CURRENCIES = ['VC_A', 'VC_B'] as const;
const CUSTOMERS = 4;
// Slots 0 and 1 are the issuers (VC_B's belongs to customer 3, so disabling a customer can stop an
// issuer); slots 2-7 are the customers' accounts, some customers holding both currencies.
const ACCOUNT_SLOTS: readonly { currency: 0 | 1; customer: number | null }[] = [
  { currency: 0, customer: null },
  { currency: 1, customer: 3 },
  { currency: 0, customer: 0 },
  { currency: 0, customer: 1 },
  { currency: 1, customer: 1 },
  { currency: 1, customer: 2 },
  { currency: 0, customer: 3 },
  { currency: 1, customer: 3 },
];
const FROZEN = 'ACCOUNT_FROZEN';
// A user may type a blockage ACCOUNT_FROZEN too: unfreeze must leave such a one alone.
const HOLD_TYPES = ['HOLD', 'CARD_AUTHORIZATION', FROZEN] as const;
const UNKNOWN_BLOCKAGE = 'f'.repeat(24);

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

type Step =
  | { op: 'mint' | 'revoke'; account: number; amount: AmountSpec }
  | { op: 'pay'; from: number; to: RecipientSpec; amount: AmountSpec }
  | { op: 'batch'; from: number; items: { to: RecipientSpec; amount: AmountSpec }[] }
  | { op: 'block'; account: number; amount: AmountSpec; type: string; ensure: boolean }
  | { op: 'unblock'; blockage: number }
  | { op: 'unblockPay'; blockage: number; to: RecipientSpec; amount: AmountSpec }
  | { op: 'freeze' | 'unfreeze' | 'deactivateAccount' | 'activateAccount'; account: number }
  | { op: 'disable' | 'enable' | 'deactivateCustomer' | 'activateCustomer'; customer: number };

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
// Half the time one of two hot accounts (one currency, two customers), so that operations pile up on
// the same accounts: a freeze, a payment in, then a revoke on one account is what finds the rarer bugs.
const accountArb = fc.oneof(fc.nat({ max: ACCOUNT_SLOTS.length - 1 }), fc.constantFrom(2, 3));
const customerArb = fc.nat({ max: CUSTOMERS - 1 });
const recipientArb: fc.Arbitrary<RecipientSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ peer: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ account: accountArb }) },
);
const onAccount = <Op extends string>(op: Op) => fc.record({ op: fc.constant(op), account: accountArb });
const onCustomer = <Op extends string>(op: Op) => fc.record({ op: fc.constant(op), customer: customerArb });

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('mint' as const), account: accountArb, amount: amountArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('revoke' as const), account: accountArb, amount: amountArb }) },
  {
    weight: 8,
    arbitrary: fc.record({ op: fc.constant('pay' as const), from: accountArb, to: recipientArb, amount: amountArb }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('batch' as const),
      from: accountArb,
      items: fc.array(fc.record({ to: recipientArb, amount: amountArb }), { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('block' as const),
      account: accountArb,
      amount: amountArb,
      type: fc.constantFrom(...HOLD_TYPES),
      ensure: fc.boolean(),
    }),
  },
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

const scenarioArb = fc.record({
  supply: fc.tuple(supplyArb, supplyArb),
  supplyStyle: styleArb,
  // What each customer account (slots 2-7) is first paid by its currency's issuer.
  funding: fc.array(fundingArb, { minLength: ACCOUNT_SLOTS.length - 2, maxLength: ACCOUNT_SLOTS.length - 2 }),
  // size 'max': lengths spread over 1..30 instead of fast-check's default bias towards about ten.
  steps: fc.array(stepArb, { minLength: 1, maxLength: MAX_STEPS, size: 'max' }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

// ---------------------------------------------------------------------------------------------------
// The model

interface ModelAccount {
  id: string;
  currency: (typeof CURRENCIES)[number];
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

interface Plan {
  method: 'POST' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  /** The refusal the model expects; none means success. */
  refusal?: ErrorName;
  /** Checks a success's reply and applies it to the model. */
  apply(reply: Reply): void | Promise<void>;
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
          m.blockages.push({ id: reply.body.id, account: step.account, amount: amount.units, type: step.type });
        },
      };
    }
    case 'unblock': {
      const blockage = pickBlockage(m, step.blockage);
      const id = typeof blockage === 'string' ? blockage : blockage.id;
      return {
        method: 'DELETE',
        url: `/v3/ledger/account/block/${id}`,
        refusal: typeof blockage === 'string' ? 'blockageNotExists' : undefined,
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
      return {
        method: 'PUT',
        url: `/v3/ledger/account/${account.id}/deactivate`,
        refusal: !account.active
          ? 'accountInactive'
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
interface Snapshot {
  accounts: Record<string, AccountView>;
  blockages: Record<string, { id: string; amount: string; type: string }[]>;
  customers: Record<string, { enabled: boolean; active: boolean }>;
  supply: Record<string, string>;
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
async function readServer(api: LedgerClient, m: Model): Promise<Snapshot> {
  const ids = m.accounts.map((a) => a.id);
  const [accounts, blockages, customers, currencies] = await Promise.all([
    ok(api.get('/v3/ledger/account?pageSize=50')),
    Promise.all(ids.map((id) => ok(api.get(`/v3/ledger/account/block/${id}?pageSize=50`)))),
    ok(api.get('/v3/ledger/customer?pageSize=50')),
    Promise.all(CURRENCIES.map((name) => ok(api.get(`/v3/ledger/virtualCurrency/${name}`)))),
  ]);
  return {
    accounts: Object.fromEntries((accounts as AccountReply[]).map((a) => [a.id, accountView(a)])),
    blockages: Object.fromEntries(
      ids.map((id, i) => [
        id,
        (blockages[i] as { id: string; accountId: string; amount: string; type: string }[]).map((b) => {
          assert.equal(b.accountId, id);
          return { id: b.id, amount: b.amount, type: b.type };
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
          .map((b) => ({ id: b.id, amount: formatUnits(b.amount), type: b.type })),
      ]),
    ),
    customers: Object.fromEntries(m.customers.map((c) => [c.id, { enabled: c.enabled, active: c.active }])),
    supply: Object.fromEntries(CURRENCIES.map((name) => [name, formatUnits(m.supply[name]!)])),
  };
}

/** The ledger's rules, read off the server's own answers alone (no model). */
function assertInvariants(s: Snapshot): void {
  for (const name of CURRENCIES) {
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
}

/** The transaction records explain every balance, and each payment is one debit and one credit. */
async function assertRecordsExplainBalances(api: LedgerClient, m: Model): Promise<void> {
  const count = await ok(api.post('/v3/ledger/transaction/ledger?count=true', {}));
  assert.equal(count, m.records, 'records in the ledger');
  for (const account of m.accounts) {
    const records: { amount: string; currency: string }[] = [];
    for (let offset = 0; ; offset += 50) {
      const page = await ok(
        api.post(`/v3/ledger/transaction/account?pageSize=50&offset=${offset}`, { id: account.id }),
      );
      records.push(...page);
      if (page.length < 50) break;
    }
    assert.ok(records.every((r) => r.currency === account.currency));
    assert.equal(
      sumUnits(records.map((r) => parseUnits(r.amount))),
      account.balance,
      `records of ${account.id} do not add up to its balance`,
    );
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
  for (const [slot, { currency, customer }] of ACCOUNT_SLOTS.entries()) {
    const name = CURRENCIES[currency];
    const customerBody = customer === null ? {} : { customer: { externalId: `customer-${customer}` } };
    const created =
      slot < CURRENCIES.length
        ? await ok(
            api.post('/v3/ledger/virtualCurrency', {
              name,
              supply: formatUnits(scenario.supply[currency]!, scenario.supplyStyle),
              basePair: 'EUR',
              ...customerBody,
            }),
          )
        : await ok(api.post('/v3/ledger/account', { currency: name, ...customerBody }));
    if (customer !== null) customerOf(customer, created.customerId);
    accounts.push({
      id: created.id,
      currency: name,
      customer,
      balance: slot < CURRENCIES.length ? scenario.supply[currency]! : 0n,
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
  };
}

/** How often each operation succeeded or met each refusal, over all runs: shows what was exercised. */
type Tally = Map<string, number>;
const count = (tally: Tally, key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

async function run(t: TestApp, scenario: Scenario, tally: Tally): Promise<void> {
  const api = t.client((await t.newTenant()).testnet);
  const m = await setUp(api, scenario);
  let previous = await readServer(api, m);
  assert.deepEqual(previous, expectedSnapshot(m));
  assertInvariants(previous);

  // The issuer of currency c sits in slot c.
  const funding: Step[] = scenario.funding.map((units, i) => ({
    op: 'pay',
    from: ACCOUNT_SLOTS[i + 2]!.currency,
    to: { account: i + 2 },
    amount: { kind: 'units', units, style: 'canonical' },
  }));
  const steps = [...funding, ...scenario.steps];
  for (const [index, step] of steps.entries()) {
    const label = index < funding.length ? 'fund' : step.op;
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
      count(tally, `${label} ${planned.refusal ?? 'ok'}`);
      const after = await readServer(api, m);
      assertInvariants(after);
      if (planned.refusal) assert.deepEqual(after, previous, 'a refused step changed the ledger');
      assert.deepEqual(after, expectedSnapshot(m), 'the server and the model disagree');
      previous = after;
    });
  }
  await within('after the run', async () => {
    await assertSingleReads(api, previous);
    await assertRecordsExplainBalances(api, m);
  });
}

describe('ledger invariants under random operation sequences', (suite) => {
  const t = suiteTestApp(suite);

  it('keeps supply, balances, blockages and refusals consistent with the model after every step', async (context) => {
    const tally: Tally = new Map();
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(scenarioArb, (scenario) => run(t, scenario, tally)),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
    const steps = [...tally.values()].reduce((a, b) => a + b, 0);
    context.diagnostic(`${RUNS} runs, ${steps} steps in ${Math.round(performance.now() - started)} ms`);
    for (const [key, n] of [...tally].sort()) context.diagnostic(`${key}: ${n}`);
  });
});
