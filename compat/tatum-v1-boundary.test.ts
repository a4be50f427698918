import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  account,
  assertCreated,
  assertId,
  assertReference,
  balance,
  balanceInsufficient,
  deposit,
  depositAddress,
  forbidden,
  newExternalId,
  newTxId,
  record,
  reportDeposit,
  reportedDeposit,
  sentDuring,
  startCompatServer,
  UNKNOWN_ID,
  v1Refusals,
  withdrawalPending,
  type CompatServer,
  type DepositReport,
  type ExpectedDeposit,
} from './support.js';

// The ledger's boundary with the chains through @tatumio/tatum 1.x: deposit addresses derived from an
// account's xpub (docs/decisions/0026-deposit-addresses.md), deposits reported by the operator's chain
// watcher (0027-deposit-reports.md) and withdrawals (0028-withdrawals.md). The steps run in order, on
// one BTC account, and check its exact balances after each.
//
// What 1.x has no wrapper for: the deposit report (the server's extension, sent here as plain HTTP) and
// the deposit list and count (in api-client-boundary.test.ts). Its assignDepositAddress,
// removeDepositAddress take no index, so an address is assigned here without a tag. Its
// offchainBroadcast refuses every body itself and never sends one.

// Retries on, as for real users, with a short delay (see tatum-v1-money.test.ts); read once, at load.
process.env.TATUM_RETRIES = '2';
process.env.TATUM_RETRY_DELAY = '10';
const v1 = await import('@tatumio/tatum');
const { Currency } = v1;

// v1 resolves axios's `data` for a PUT, which for a 204 is the empty string; its DELETE resolves nothing.
const NO_CONTENT = '';

let server: CompatServer;

const { refused } = v1Refusals(() => server);

const sent = (call: () => Promise<unknown>) => sentDuring(server, call);

/** A fresh BTC testnet xpub made by v1's own wallet generator. */
async function btcXpub(): Promise<string> {
  const wallet: object = await v1.generateWallet(Currency.BTC, true);
  assert.ok('xpub' in wallet && typeof wallet.xpub === 'string');
  return wallet.xpub;
}

/** The address v1 derives for a BTC testnet xpub at an index. */
const v1Address = (xpub: string, index: number) => String(v1.generateAddressFromXPub(Currency.BTC, true, xpub, index));

/** A BTC account with an xpub, for a new customer. */
async function btcAccount(xpub: string) {
  const created = await v1.createAccount({ currency: 'BTC', xpub, customer: { externalId: newExternalId('v1b') } });
  assertId(created.id);
  assertId(created.customerId);
  return { ...created, customerId: created.customerId };
}

const report = (body: DepositReport, since: number) => reportedDeposit(server, body, since);

/** The withdrawals' recipient: a BTC testnet address (the server refuses one that is not). */
const RECIPIENT = 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7';

describe('@tatumio/tatum 1.37.68: deposit addresses, deposits and withdrawals', () => {
  let xpub: string;
  let holder: { id: string; customerId: string };
  const derived: string[] = [];

  before(async () => {
    server = await startCompatServer();
    process.env.TATUM_API_URL = server.url;
    process.env.TATUM_API_KEY = server.t.keys.testnet;
    xpub = await btcXpub();
  });
  after(() => server.close());

  it('createAccount with an xpub returns the account carrying it', async () => {
    const created = await btcAccount(xpub);
    assert.deepEqual(created, account({ id: created.id, currency: 'BTC', customerId: created.customerId, xpub }));
    holder = { id: created.id, customerId: created.customerId };
  });

  it("generateDepositAddress derives v1's own addresses: index 0, then 1, then the one asked for", async () => {
    const expected = (i: number) =>
      depositAddress({ address: v1Address(xpub, i), currency: 'BTC', derivationKey: i, xpub });
    assert.deepEqual(await v1.generateDepositAddress(holder.id), expected(0));
    assert.deepEqual(await v1.generateDepositAddress(holder.id), expected(1));
    const requests = await sent(async () =>
      assert.deepEqual(await v1.generateDepositAddress(holder.id, 4), expected(4)),
    );
    assert.deepEqual(requests, [`POST /v3/offchain/account/${holder.id}/address?index=4`]);
    // An index of 0 is sent as such, not left out; here it is taken already.
    await refused(() => v1.generateDepositAddress(holder.id, 0), forbidden('address.index.used'));
    assert.deepEqual(await v1.generateDepositAddress(holder.id), expected(5));
    derived.push(...[0, 1, 4, 5].map((i) => v1Address(xpub, i)));

    assert.deepEqual(await v1.getDepositAddressesForAccount(holder.id), [0, 1, 4, 5].map(expected));
    assert.deepEqual(
      await v1.checkAddressExists(derived[3]!, 'BTC'),
      account({ id: holder.id, currency: 'BTC', customerId: holder.customerId, xpub }),
    );
  });

  it('generateDepositAddresses derives for two accounts at once, in order', async () => {
    const [xpubA, xpubB] = [await btcXpub(), await btcXpub()];
    const [a, b] = [await btcAccount(xpubA), await btcAccount(xpubB)];
    assert.deepEqual(
      await v1.generateDepositAddresses({
        addresses: [{ accountId: a.id, derivationKey: 10 }, { accountId: b.id }, { accountId: a.id }],
      }),
      [
        depositAddress({ address: v1Address(xpubA, 10), currency: 'BTC', derivationKey: 10, xpub: xpubA }),
        depositAddress({ address: v1Address(xpubB, 0), currency: 'BTC', derivationKey: 0, xpub: xpubB }),
        depositAddress({ address: v1Address(xpubA, 11), currency: 'BTC', derivationKey: 11, xpub: xpubA }),
      ],
    );
    assert.equal((await v1.checkAddressExists(v1Address(xpubB, 0), 'BTC')).id, b.id);
  });

  it('a deposit reported InProgress moves no money; Done credits it once, as one CREDIT_DEPOSIT', async () => {
    const since = Date.now();
    const inProgress: DepositReport = {
      address: derived[2]!,
      currency: 'BTC',
      txId: newTxId(),
      index: 3,
      amount: '1.25',
      blockHeight: 2_600_000,
      blockHash: '00000000000000000002f7c1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1',
      from: 'tb1qfrom0000000000000000000000000000000000',
      status: 'InProgress',
    };
    const reported = await report(inProgress, since);
    const expected = deposit(inProgress, {
      accountId: holder.id,
      timestamp: reported.timestamp,
      reference: reported.reference,
      xpub,
      derivationKey: 4,
    });
    assert.deepEqual(reported, expected);
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('0'));
    assert.deepEqual(await v1.getTransactionsByAccount({ id: holder.id }), []);

    const done: DepositReport = { ...inProgress, status: 'Done' };
    assert.deepEqual(await report(done, since), { ...expected, status: 'Done' });
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('1.25'));
    assert.deepEqual(await report(done, since), { ...expected, status: 'Done' });
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('1.25'));

    const records = await v1.getTransactionsByAccount({ id: holder.id });
    assert.equal(records.length, 1);
    assertCreated(records[0]!.created, since);
    assert.deepEqual(records, [
      record({
        accountId: holder.id,
        // The sender the watcher reported.
        counterAccountId: inProgress.from!,
        currency: 'BTC',
        amount: '1.25',
        reference: expected.reference,
        created: records[0]!.created,
        operationType: 'DEPOSIT',
        transactionType: 'CREDIT_DEPOSIT',
        marketCurrency: 'BTC',
        address: derived[2]!,
        txId: inProgress.txId,
      }),
    ]);
  });

  it('withdrawals debit amount + fee, complete with a txId, and cancel with and without the fee', async () => {
    const since = Date.now();
    const { id: blockageId } = await v1.blockAmount(holder.id, { amount: '0.25', type: 'WITHDRAWAL_HOLD' });
    assertId(blockageId);
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('1.25', '1'));

    // 1. Stored, listed InProgress, completed.
    const first = await v1.offchainStoreWithdrawal({
      senderAccountId: holder.id,
      address: RECIPIENT,
      amount: '0.5',
      fee: '0.0005',
      paymentId: 'W-1',
    });
    assertId(first.id);
    assertReference(first.reference);
    assert.deepEqual(first, { id: first.id, reference: first.reference, data: [] });
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('0.7495', '0.4995'));

    const listed = await v1.getWithdrawals('InProgress', 'BTC');
    assert.equal(listed.length, 1);
    assertCreated(listed[0]!.date, since);
    const expectedFirst = {
      id: first.id,
      accountId: holder.id,
      address: RECIPIENT,
      amount: '0.5',
      fee: '0.0005',
      reference: first.reference,
      status: 'InProgress',
      txId: null,
      attr: null,
      multipleAmounts: null,
      paymentId: 'W-1',
      senderNote: null,
      currency: 'BTC',
      date: listed[0]!.date,
      refund: null,
    };
    assert.deepEqual(listed, [expectedFirst]);

    await refused(
      () => v1.offchainStoreWithdrawal({ senderAccountId: holder.id, address: RECIPIENT, amount: '0.1', fee: '0' }),
      withdrawalPending(first.id),
    );
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('0.7495', '0.4995'));

    const txId = newTxId();
    assert.equal(await v1.offchainCompleteWithdrawal(first.id, txId), NO_CONTENT);
    assert.deepEqual(await v1.getWithdrawals('Done', 'BTC'), [{ ...expectedFirst, status: 'Done', txId }]);
    assert.deepEqual(await v1.getWithdrawals('InProgress'), []);
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('0.7495', '0.4995'));

    // 2. Cancelled with revert=true: amount and fee come back.
    const second = await v1.offchainStoreWithdrawal({
      senderAccountId: holder.id,
      address: RECIPIENT,
      amount: '0.3',
      fee: '0.003',
    });
    assertId(second.id);
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('0.4465', '0.1965'));
    assert.equal(await v1.offchainCancelWithdrawal(second.id, true), undefined);
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('0.7495', '0.4995'));

    // 3. Cancelled with revert=false: the amount comes back, the fee does not.
    const third = await v1.offchainStoreWithdrawal({
      senderAccountId: holder.id,
      address: RECIPIENT,
      amount: '0.2',
      fee: '0.0015',
    });
    assertId(third.id);
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('0.548', '0.298'));
    assert.deepEqual(await sent(() => v1.offchainCancelWithdrawal(third.id, false)), [
      `DELETE /v3/offchain/withdrawal/${third.id}?revert=false`,
    ]);
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('0.748', '0.498'));

    // 4. Cancelled with the client's default, which sends revert=true; this one has no fee at all,
    //    which 1.x lets through (its body is not validated) and which counts as a fee of 0.
    const fourth = await v1.offchainStoreWithdrawal({
      senderAccountId: holder.id,
      address: RECIPIENT,
      amount: '0.048',
    });
    assertId(fourth.id);
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('0.7', '0.45'));
    assert.deepEqual(
      (await v1.getWithdrawals('InProgress', 'BTC')).map((w) => [w.id, w.fee]),
      [[fourth.id, '0']],
    );
    assert.deepEqual(await sent(() => v1.offchainCancelWithdrawal(fourth.id)), [
      `DELETE /v3/offchain/withdrawal/${fourth.id}?revert=true`,
    ]);
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('0.748', '0.498'));

    // The server adds what a cancel gave back (an extension); v1's Withdrawal type does not name it.
    const all = (await v1.getWithdrawals()) as (Awaited<ReturnType<typeof v1.getWithdrawals>>[number] & {
      refund: string | null;
    })[];
    assert.deepEqual(
      all.map(({ id, status, amount, fee, currency, refund }) => ({ id, status, amount, fee, currency, refund })),
      [
        { id: first.id, status: 'Done', amount: '0.5', fee: '0.0005', currency: 'BTC', refund: null },
        { id: second.id, status: 'Cancelled', amount: '0.3', fee: '0.003', currency: 'BTC', refund: '0.303' },
        { id: third.id, status: 'Cancelled', amount: '0.2', fee: '0.0015', currency: 'BTC', refund: '0.2' },
        { id: fourth.id, status: 'Cancelled', amount: '0.048', fee: '0', currency: 'BTC', refund: '0.048' },
      ],
    );
    for (const w of all) assertCreated(w.date, since);
    assert.deepEqual(
      (await v1.getWithdrawals('Cancelled', 'BTC', 2, 1)).map((w) => w.id),
      [third.id, fourth.id],
    );

    const records = await v1.getTransactionsByAccount({ id: holder.id });
    assert.equal(records.length, 8);
    for (const r of records.slice(1)) assertCreated(r.created, since);
    for (const at of [3, 5, 7]) assertReference(records[at]!.reference);
    const withdrawalRecord = (at: number, amount: string, reference: string, type: string, fields = {}) =>
      record({
        accountId: holder.id,
        counterAccountId: RECIPIENT,
        currency: 'BTC',
        amount,
        reference,
        created: records[at]!.created,
        operationType: 'WITHDRAWAL',
        transactionType: type,
        marketCurrency: 'BTC',
        ...fields,
      });
    assert.deepEqual(records.slice(1), [
      withdrawalRecord(1, '-0.5005', first.reference, 'DEBIT_WITHDRAWAL', { paymentId: 'W-1' }),
      withdrawalRecord(2, '-0.303', second.reference, 'DEBIT_WITHDRAWAL'),
      withdrawalRecord(3, '0.303', records[3]!.reference, 'CANCEL_WITHDRAWAL'),
      withdrawalRecord(4, '-0.2015', third.reference, 'DEBIT_WITHDRAWAL'),
      withdrawalRecord(5, '0.2', records[5]!.reference, 'CANCEL_WITHDRAWAL'),
      withdrawalRecord(6, '-0.048', fourth.reference, 'DEBIT_WITHDRAWAL'),
      withdrawalRecord(7, '0.048', records[7]!.reference, 'CANCEL_WITHDRAWAL'),
    ]);

    await v1.deleteBlockedAmount(blockageId);
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('0.748'));
  });

  it('refusals, as the raw axios error with the errorCode in response.data', async () => {
    await refused(
      () => v1.checkAddressExists('tb1qnobodyholdsthisaddress00000000000000', 'BTC'),
      forbidden('address.not.found'),
    );
    await refused(() => v1.checkAddressExists(derived[0]!, 'DOGE'), forbidden('address.not.found'));
    await refused(() => v1.assignDepositAddress(holder.id, 'tb1qmadeelsewhere'), forbidden('account.xpub.present'));

    await refused(
      () =>
        v1.offchainStoreWithdrawal({ senderAccountId: holder.id, address: RECIPIENT, amount: '0.748', fee: '0.0001' }),
      balanceInsufficient(holder.id, '0.7481', '0.748'),
    );
    await refused(
      () => v1.offchainStoreWithdrawal({ senderAccountId: holder.id, address: RECIPIENT, amount: '5', fee: '0' }),
      balanceInsufficient(holder.id, '5', '0.748'),
    );
    assert.deepEqual(await v1.getAccountBalance(holder.id), balance('0.748'));

    await refused(() => v1.offchainCompleteWithdrawal(UNKNOWN_ID, newTxId()), forbidden('withdrawal.missing'));
    await refused(() => v1.offchainCancelWithdrawal(UNKNOWN_ID), forbidden('withdrawal.missing'));

    // offchainBroadcast never reaches a server: it validates its body against a class without a single
    // validation decorator, which class-validator 0.14 (forbidUnknownValues on by default) refuses.
    const before = server.seen.length;
    await assert.rejects(
      v1.offchainBroadcast({ currency: 'BTC', txData: '0200000001', withdrawalId: UNKNOWN_ID }),
      (errors: { constraints?: Record<string, string> }[]) => {
        assert.ok(Array.isArray(errors), `expected class-validator errors, got ${String(errors)}`);
        assert.deepEqual(Object.keys(errors[0]?.constraints ?? {}), ['unknownValue']);
        return true;
      },
    );
    assert.deepEqual(server.seen.slice(before), [], 'nothing was sent');
  });

  it('an address assigned by hand to an account without an xpub; then removed', async () => {
    const since = Date.now();
    const xlm = await v1.createAccount({ currency: 'XLM', customer: { externalId: newExternalId('v1b') } });
    assertId(xlm.id);
    assertId(xlm.customerId);
    const address = 'GBH4TZYZ4IRCPO44CBOLFUHULU2WGALXTAVESQA6432MBJMABBB4GIYI';

    const requests = await sent(async () =>
      assert.deepEqual(await v1.assignDepositAddress(xlm.id, address), depositAddress({ address, currency: 'XLM' })),
    );
    assert.deepEqual(requests, [`POST /v3/offchain/account/${xlm.id}/address/${address}`]);
    assert.deepEqual(await v1.getDepositAddressesForAccount(xlm.id), [depositAddress({ address, currency: 'XLM' })]);
    assert.deepEqual(
      await v1.checkAddressExists(address, 'XLM'),
      account({ id: xlm.id, currency: 'XLM', customerId: xlm.customerId }),
    );
    // An address is one account's at a time.
    const other = await v1.createAccount({ currency: 'XLM', customer: { externalId: newExternalId('v1b') } });
    await refused(() => v1.assignDepositAddress(other.id, address), forbidden('address.used'));

    const reportBody: DepositReport = {
      address,
      currency: 'XLM',
      txId: newTxId(),
      index: 0,
      amount: '12.0000001',
      blockHeight: 50_000_000,
      status: 'Done',
    };
    const credited = await report(reportBody, since);
    assert.deepEqual(
      credited,
      deposit(reportBody, { accountId: xlm.id, timestamp: credited.timestamp, reference: credited.reference }),
    );
    assert.deepEqual(await v1.getAccountBalance(xlm.id), balance('12.0000001'));

    assert.equal(await v1.removeDepositAddress(xlm.id, address), undefined);
    assert.deepEqual(await v1.getDepositAddressesForAccount(xlm.id), []);
    await refused(() => v1.checkAddressExists(address, 'XLM'), forbidden('address.not.found'));
    // Once removed, it may go to another account.
    assert.deepEqual(await v1.assignDepositAddress(other.id, address), depositAddress({ address, currency: 'XLM' }));
    assert.equal((await v1.checkAddressExists(address, 'XLM')).id, other.id);
  });
});
