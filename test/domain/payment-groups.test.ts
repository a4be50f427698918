import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PaymentUnit } from '../../src/domain/balances/payments.repository.js';
import { LedgerError } from '../../src/domain/ledger-error.js';
import { DEFAULT_COMPLIANCE_POLICY } from '../../src/domain/compliance/policy.js';
import { SMALLEST_UNITS } from '../../src/domain/transactions/amounts.js';
import { PaymentGroups } from '../../src/domain/transactions/payment-groups.js';
import { paymentItem, type Payment } from '../../src/domain/transactions/payment.js';
import { DatabaseUnavailableError, type Database } from '../../src/storage/database.js';
import { balanceOf, createAccountIn, createVirtualCurrency, pay } from '../helpers/ledger-fixtures.js';
import { testApp, type TestApp } from '../helpers/test-app.js';

// Payments that arrive together are judged and applied as one group, in one statement
// (docs/decisions/0046-payments-in-one-call.md). Each must get the answer it would have got alone, sent
// at its turn: here the same payments go to two ledgers built alike, all at once to one (one group) and
// one after another to the other (a group each), and every answer, balance and record must agree.

/** The same accounts, funds, flags and blockages on a fresh ledger; the ids by role. */
async function scene(t: TestApp) {
  const api = t.client();
  const { name, issuerId } = await createVirtualCurrency(api, '1000');
  const other = await createVirtualCurrency(api, '10');
  const account = async (customer: Record<string, unknown> = {}) =>
    (await createAccountIn(api, name, customer)).accountId;
  const ids = {
    issuer: issuerId,
    s1: await account(),
    s2: await account(),
    r1: await account(),
    r2: await account(),
    frozen: await account(),
    disabled: await account(),
    inactive: await account(),
    held: await account(),
    embargoed: await account({ customerCountry: 'KP', providerCountry: 'DE' }),
    foreign: other.issuerId,
    btc1: (await createAccountIn(api, 'BTC')).accountId,
    btc2: (await createAccountIn(api, 'BTC')).accountId,
  };
  for (const [role, amount] of [
    ['s1', '10'],
    ['s2', '10'],
    ['frozen', '5'],
    ['disabled', '5'],
    ['held', '10'],
  ]) {
    assert.equal((await pay(api, ids.issuer, ids[role as keyof typeof ids], amount!)).status, 200);
  }
  assert.equal((await api.put(`/v3/ledger/account/${ids.frozen}/freeze`)).status, 204);
  const disabledCustomer = (await api.get(`/v3/ledger/account/${ids.disabled}`)).body.customerId;
  assert.equal((await api.put(`/v3/ledger/customer/${disabledCustomer}/disable`)).status, 204);
  assert.equal((await api.put(`/v3/ledger/account/${ids.inactive}/deactivate`)).status, 204);
  const block = async (amount: string) =>
    (await api.post(`/v3/ledger/account/block/${ids.held}`, { amount, type: 'HOLD' })).body.id as string;
  const blockages = { b1: await block('6'), b2: await block('3') };
  return { ...ids, ...blockages, unknown: 'a'.repeat(24), disabledCustomer };
}
type Scene = Awaited<ReturnType<typeof scene>>;
type Role = Exclude<keyof Scene, 'b1' | 'b2' | 'unknown' | 'disabledCustomer'>;

/** The payments, in arrival order, and the answer each gets: the refusal code, or `ok`. */
function units(ids: Scene, ledgerId: string): { unit: PaymentUnit; expected: string }[] {
  const send = (sender: Role | 'unknown', payments: (Payment & { to?: Role })[], expected: string) => ({
    unit: { ledgerId, senderAccountId: ids[sender], items: payments.map(paymentItem) },
    expected,
  });
  const to = (recipient: Role, amount: string, more: Partial<Payment> = {}): Payment => ({
    recipientAccountId: ids[recipient],
    amount,
    ...more,
  });
  const unblock = (blockage: 'b1' | 'b2', recipient: Role, amount: string, expected: string) => ({
    unit: { ledgerId, blockageId: ids[blockage], items: [paymentItem(to(recipient, amount))] },
    expected,
  });
  return [
    send('s1', [to('r1', '6')], 'ok'),
    send('s1', [to('r1', '6')], 'balance.insufficient'),
    send('s1', [to('r2', '4')], 'ok'),
    send('s1', [to('r1', '0.5')], 'balance.insufficient'),
    // What an earlier payment of the group brought in is there for a later one to spend.
    send('r1', [to('s1', '3')], 'ok'),
    send('s1', [to('r1', '3', { senderNote: 'back' })], 'ok'),
    send('frozen', [to('r1', '1')], 'senderAccount.frozen'),
    send('r1', [to('frozen', '1')], 'ok'),
    send('disabled', [to('r1', '1')], 'senderAccount.customer.disabled'),
    send('s2', [to('inactive', '1')], 'recipientAccount.not.exists'),
    send('unknown', [to('r1', '1')], 'senderAccount.not.exists'),
    send('s2', [to('r1', '0')], 'payment.amount.notNull'),
    send('s2', [to('s2', '1')], 'payment.account.same'),
    send('s2', [to('foreign', '1')], 'transaction.currency.incompatible'),
    send('btc1', [to('btc2', '0.000000001')], 'amount.btc'),
    send('s2', [to('embargoed', '1', { compliant: true })], 'transaction.not.compliant'),
    send('s2', [to('r1', '2'), to('r2', '20')], 'balance.insufficient'),
    send('s2', [to('r1', '2', { anonymous: true }), to('r2', '3', { paymentId: 'p-18' })], 'ok'),
    unblock('b1', 'r1', '2', 'ok'),
    unblock('b1', 'r1', '1', 'blockage.not.exists'),
    unblock('b2', 'r2', '5', 'blockage.amount.exceeded'),
    send('s2', [to('r1', '5')], 'ok'),
    send('s2', [to('r1', '0.1')], 'balance.insufficient'),
  ];
}

/** An answer as a client reads it, with every id of the scene named by its role. */
function answerOf(ids: Scene, outcome: PromiseSettledResult<string[]>): string {
  if (outcome.status === 'fulfilled') return `ok ${outcome.value.length}`;
  const error = outcome.reason;
  assert.ok(error instanceof LedgerError, String(error));
  let message = `${error.errorCode} ${error.status}: ${error.message}`;
  for (const [role, id] of Object.entries(ids)) message = message.replaceAll(id, `<${role}>`);
  return message;
}

/** Each account's balances and its records (type, amount, counter account by role, notes), by role. */
async function books(t: TestApp, ids: Scene) {
  const api = t.client();
  const byId = new Map(Object.entries(ids).map(([role, id]) => [id, role]));
  const entries = await Promise.all(
    (Object.keys(ids) as (keyof Scene)[])
      .filter((role) => !['b1', 'b2', 'unknown', 'disabledCustomer'].includes(role))
      .map(async (role) => {
        const records = await api.post('/v3/ledger/transaction/account?pageSize=50', { id: ids[role] });
        const lines = (records.body as Record<string, unknown>[]).map((r) =>
          [
            r.transactionType,
            r.amount,
            byId.get(r.counterAccountId as string) ?? r.counterAccountId,
            r.senderNote,
            r.paymentId,
          ]
            .map(String)
            .join(' '),
        );
        return [role, { ...(await balanceOf(api, ids[role])), lines }] as const;
      }),
  );
  return Object.fromEntries(entries);
}

describe('payments that arrive together', () => {
  it('answers each payment of a group as it would have been answered alone, at its turn', async (context) => {
    const together = await testApp(context);
    const alone = await testApp(context);
    const [a, b] = [await scene(together), await scene(alone)];
    const grouped = units(a, await ledgerIdOf(together, a.s1));
    const single = units(b, await ledgerIdOf(alone, b.s1));

    const groupsBefore = together.ledger.payments.stats.groups;
    // All in one turn of the event loop: one group, in this order.
    const outcomesTogether = await Promise.allSettled(grouped.map(({ unit }) => together.ledger.payments.pay(unit)));
    assert.equal(together.ledger.payments.stats.groups - groupsBefore, 1, 'the payments went as one group');

    const outcomesAlone: PromiseSettledResult<string[]>[] = [];
    for (const { unit } of single) {
      outcomesAlone.push((await Promise.allSettled([alone.ledger.payments.pay(unit)]))[0]!);
    }

    const answersTogether = outcomesTogether.map((outcome) => answerOf(a, outcome));
    assert.deepEqual(
      answersTogether,
      outcomesAlone.map((outcome) => answerOf(b, outcome)),
    );
    assert.deepEqual(
      answersTogether.map((answer) => answer.split(' ')[0]),
      grouped.map(({ expected }) => expected),
    );
    assert.deepEqual(await books(together, a), await books(alone, b));
  });
});

describe('concurrent requests', () => {
  it('groups payments sent at once over HTTP, paying exactly what the balance covers', async (context) => {
    const t = await testApp(context);
    const api = t.client();
    const { name, issuerId } = await createVirtualCurrency(api, '1000');
    const sender = (await createAccountIn(api, name)).accountId;
    const recipient = (await createAccountIn(api, name)).accountId;
    assert.equal((await pay(api, issuerId, sender, '25')).status, 200);
    const before = t.ledger.payments.stats.groups;
    const replies = await Promise.all(Array.from({ length: 40 }, () => pay(api, sender, recipient, '1')));
    const groups = t.ledger.payments.stats.groups - before;
    assert.ok(groups < 40, `40 payments sent at once went in ${groups} groups`);
    const refused = replies.filter((reply) => reply.status !== 200);
    assert.equal(replies.length - refused.length, 25);
    for (const reply of refused) {
      assert.equal(reply.status, 403);
      assert.equal(reply.body.errorCode, 'balance.insufficient');
      assert.match(reply.body.message, /payment amount 1\. Sender balance is 0\.$/);
    }
    assert.deepEqual(await balanceOf(api, sender), { accountBalance: '0', availableBalance: '0' });
    assert.deepEqual(await balanceOf(api, recipient), { accountBalance: '25', availableBalance: '25' });
  });
});

describe('the bounds of a group', () => {
  it('sends a batch request larger than a group on its own, and the payments after it together', async (context) => {
    const t = await testApp(context);
    const { api, issuerId, recipient, ledgerId } = await issuerAndRecipient(t);
    const item = (amount: string) => paymentItem({ recipientAccountId: recipient, amount });
    const big = Array.from({ length: 300 }, () => item('1'));
    const before = t.ledger.payments.stats.groups;
    const answers = await Promise.all([
      t.ledger.payments.pay({ ledgerId, senderAccountId: issuerId, items: big }),
      t.ledger.payments.pay({ ledgerId, senderAccountId: issuerId, items: [item('2')] }),
      t.ledger.payments.pay({ ledgerId, senderAccountId: issuerId, items: [item('3')] }),
    ]);
    assert.deepEqual(
      answers.map((references) => references.length),
      [300, 1, 1],
    );
    assert.equal(t.ledger.payments.stats.groups - before, 2, 'the 300 alone (256 at most), then the other two');
    assert.deepEqual(await balanceOf(api, recipient), { accountBalance: '305', availableBalance: '305' });
  });
});

describe('a group that waits or fails', () => {
  const RULES = { policyJson: JSON.stringify(DEFAULT_COMPLIANCE_POLICY), smallestUnits: SMALLEST_UNITS };
  const OPTIONS = { maxUnits: 64, maxItems: 256, maxRunning: 1, maxWaitMs: 2 };

  /** The database, with `before` run ahead of every payment statement: the real one runs after it. */
  const beforePayments = (db: Database, before: (units: number) => Promise<void>): Database => ({
    ...db,
    query: async (sql, params) => {
      if (sql.includes('ledger_pay(')) await before((params![0] as unknown[]).length);
      return db.query(sql, params);
    },
  });

  it('starts a waiting payment after maxWaitMs while the running group is held up', async (context) => {
    const t = await testApp(context);
    const { api, recipient, unit } = await issuerAndRecipient(t);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const first = new Promise<void>((resolve) => (entered = resolve));
    let calls = 0;
    const groups = new PaymentGroups(
      beforePayments(t.db, async () => {
        if (++calls > 1) return;
        entered();
        await held;
      }),
      RULES,
      OPTIONS,
    );
    try {
      let firstSettled = false;
      const slow = groups.pay(unit('1')).finally(() => (firstSettled = true));
      await first;
      const second = groups.pay(unit('2'));
      const [reference] = await Promise.race([
        second,
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error('the second payment waited for the held group')), 5_000).unref(),
        ),
      ]);
      assert.equal(typeof reference, 'string');
      assert.equal(firstSettled, false, 'the second payment did not wait for the first group');
      assert.deepEqual(groups.stats, { groups: 2, units: 2 });
      release();
      await slow;
    } finally {
      release();
    }
    assert.deepEqual(await balanceOf(api, recipient), { accountBalance: '3', availableBalance: '3' });
  });

  it('runs each payment of a failed group again on its own, and fails them all when the database is gone', async (context) => {
    const t = await testApp(context);
    const { api, recipient, unit } = await issuerAndRecipient(t);
    let failure: Error | undefined = new Error('the statement failed for the whole group');
    const groups = new PaymentGroups(
      beforePayments(t.db, async (units) => {
        if (units > 1 && failure) throw failure;
      }),
      RULES,
      OPTIONS,
    );
    const paid = await Promise.all([groups.pay(unit('1')), groups.pay(unit('2')), groups.pay(unit('3'))]);
    assert.equal(paid.flat().length, 3);
    assert.deepEqual(groups.stats, { groups: 4, units: 6 }, 'the group of three, then each alone');
    assert.deepEqual(await balanceOf(api, recipient), { accountBalance: '6', availableBalance: '6' });

    failure = new DatabaseUnavailableError(new Error('connection lost'));
    const outcomes = await Promise.allSettled([groups.pay(unit('1')), groups.pay(unit('2'))]);
    assert.deepEqual(
      outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason === failure),
      [true, true],
    );
    assert.deepEqual(groups.stats, { groups: 5, units: 8 }, 'not run again: none was acknowledged');
    assert.deepEqual(await balanceOf(api, recipient), { accountBalance: '6', availableBalance: '6' });
  });
});

/** A funded sender, a recipient, and payments of `amount` between them as units. */
async function issuerAndRecipient(t: TestApp) {
  const api = t.client();
  const { name, issuerId } = await createVirtualCurrency(api, '1000');
  const recipient = (await createAccountIn(api, name)).accountId;
  const ledgerId = await ledgerIdOf(t, issuerId);
  const unit = (amount: string): PaymentUnit => ({
    ledgerId,
    senderAccountId: issuerId,
    items: [paymentItem({ recipientAccountId: recipient, amount })],
  });
  return { api, issuerId, recipient, ledgerId, unit };
}

/** The ledger (tenant) an account belongs to, as the payment function scopes it. */
async function ledgerIdOf(t: TestApp, accountId: string): Promise<string> {
  const [row] = await t.db.query<{ ledger_id: string }>('SELECT ledger_id FROM accounts WHERE id = $1', [accountId]);
  return row!.ledger_id;
}
