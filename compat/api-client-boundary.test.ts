import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApiError,
  DepositService,
  TatumApi,
  type Transaction,
  type Withdrawal,
  type WithdrawalObject,
} from '@tatumio/api-client';
import { Currency, generateAddressFromXPub, generateWallet } from '@tatumio/tatum';
import {
  account,
  apiClientRefusals,
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
  withdrawalPending,
  type CompatServer,
  type DepositReport,
  type ExpectedDeposit,
} from './support.js';

// The ledger's boundary with the chains through @tatumio/api-client: deposit addresses derived from an
// account's xpub (docs/decisions/0026-deposit-addresses.md), deposits reported by the operator's chain
// watcher (0027-deposit-reports.md; the report itself is the server's extension, which the client has
// not, so it goes as plain HTTP) and withdrawals (0028-withdrawals.md). The steps run in order, on one
// BTC account, and check its exact balances after each.

// TatumApi() takes TATUM_API_URL over its url argument (docs/compatibility/api-client-2.md).
delete process.env.TATUM_API_URL;

let server: CompatServer;

/** The client's base URL and key are globals that TatumApi() sets, so every call picks its key here. */
function api(key: string = server.t.keys.testnet) {
  return TatumApi(key, server.url);
}
const ledger = () => api().ledger;
const addresses = () => api().virtualAccount.account;
const withdrawals = () => api().virtualAccount.withdrawal;
/** DepositService is exported but not part of TatumApi's tree; it reads the same globals. */
function deposits() {
  api();
  return DepositService;
}

const { refused } = apiClientRefusals(ApiError);

const balanceOf = (id: string) => ledger().account.getAccountBalance(id);

const sent = (call: () => Promise<unknown>) => sentDuring(server, call);

/** A fresh BTC testnet xpub made by v1's own wallet generator. */
async function btcXpub(): Promise<string> {
  const wallet: object = await generateWallet(Currency.BTC, true);
  assert.ok('xpub' in wallet && typeof wallet.xpub === 'string');
  return wallet.xpub;
}

/** The address v1 derives for a BTC testnet xpub at an index. */
const v1Address = (xpub: string, index: number) => String(generateAddressFromXPub(Currency.BTC, true, xpub, index));

const report = (body: DepositReport, since: number) => reportedDeposit(server, body, since);

/** A listed withdrawal: the client's type has neither `currency`, `date` nor `refund`, which the server adds. */
type ListedWithdrawal = WithdrawalObject & { currency: string; date: number; refund: string | null };

/** Stores a withdrawal; the client types its id and reference as optional, so they are checked here. */
async function store(body: Withdrawal): Promise<{ id: string; reference: string }> {
  const stored = await withdrawals().storeWithdrawal(body);
  assertId(stored.id);
  assertReference(stored.reference);
  assert.deepEqual(stored, { id: stored.id, reference: stored.reference, data: [] });
  return { id: stored.id, reference: stored.reference };
}

/** The withdrawals' recipient: a BTC testnet address (the server refuses one that is not). */
const RECIPIENT = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx';

describe('@tatumio/api-client 2.2.103: deposit addresses, deposits and withdrawals', () => {
  let xpub: string;
  let holder: { id: string; customerId: string };
  const derived: string[] = [];
  let firstDeposit: ExpectedDeposit;

  before(async () => {
    server = await startCompatServer();
    xpub = await btcXpub();
  });
  after(() => server.close());

  it('createAccount with an xpub returns the account carrying it', async () => {
    const externalId = newExternalId('acb');
    const created = await ledger().account.createAccount({ currency: 'BTC', xpub, customer: { externalId } });
    assertId(created.id);
    assertId(created.customerId);
    assert.deepEqual(created, account({ id: created.id, currency: 'BTC', customerId: created.customerId, xpub }));
    holder = { id: created.id, customerId: created.customerId };
  });

  it("generateDepositAddress derives v1's addresses: index 0, then 1, then the one asked for", async () => {
    const first = await addresses().generateDepositAddress(holder.id);
    assert.deepEqual(first, depositAddress({ address: v1Address(xpub, 0), currency: 'BTC', derivationKey: 0, xpub }));
    const second = await addresses().generateDepositAddress(holder.id);
    assert.deepEqual(second, depositAddress({ address: v1Address(xpub, 1), currency: 'BTC', derivationKey: 1, xpub }));
    const asked = await addresses().generateDepositAddress(holder.id, 7);
    assert.deepEqual(asked, depositAddress({ address: v1Address(xpub, 7), currency: 'BTC', derivationKey: 7, xpub }));
    // The next one without an index follows the last used one.
    const next = await addresses().generateDepositAddress(holder.id);
    assert.deepEqual(next, depositAddress({ address: v1Address(xpub, 8), currency: 'BTC', derivationKey: 8, xpub }));
    derived.push(first.address, second.address, asked.address, next.address);
    assert.equal(new Set(derived).size, 4);

    assert.deepEqual(
      await addresses().getAllDepositAddresses(holder.id),
      [0, 1, 7, 8].map((i) => depositAddress({ address: v1Address(xpub, i), currency: 'BTC', derivationKey: i, xpub })),
    );
    assert.deepEqual(
      await addresses().addressExists('BTC', derived[2]!),
      account({ id: holder.id, currency: 'BTC', customerId: holder.customerId, xpub }),
    );
  });

  it('generateDepositAddressesBatch derives for two accounts at once, in order', async () => {
    const [xpubA, xpubB] = [await btcXpub(), await btcXpub()];
    const a = await ledger().account.createAccount({
      currency: 'BTC',
      xpub: xpubA,
      customer: { externalId: newExternalId('acb') },
    });
    const b = await ledger().account.createAccount({
      currency: 'BTC',
      xpub: xpubB,
      customer: { externalId: newExternalId('acb') },
    });
    const made = await addresses().generateDepositAddressesBatch({
      addresses: [{ accountId: a.id }, { accountId: b.id, derivationKey: 3 }, { accountId: a.id }],
    });
    assert.deepEqual(made, [
      depositAddress({ address: v1Address(xpubA, 0), currency: 'BTC', derivationKey: 0, xpub: xpubA }),
      depositAddress({ address: v1Address(xpubB, 3), currency: 'BTC', derivationKey: 3, xpub: xpubB }),
      depositAddress({ address: v1Address(xpubA, 1), currency: 'BTC', derivationKey: 1, xpub: xpubA }),
    ]);
    assert.deepEqual(
      (await addresses().getAllDepositAddresses(b.id)).map((address) => address.address),
      [v1Address(xpubB, 3)],
    );
  });

  it('a deposit reported InProgress moves no money and is listed; Done credits it once, as one CREDIT_DEPOSIT', async () => {
    const since = Date.now();
    const inProgress: DepositReport = {
      address: derived[0]!,
      currency: 'BTC',
      txId: newTxId(),
      index: 1,
      amount: '0.5',
      blockHeight: 2_500_000,
      status: 'InProgress',
    };
    const reported = await report(inProgress, since);
    const expected = deposit(inProgress, {
      accountId: holder.id,
      timestamp: reported.timestamp,
      reference: reported.reference,
      xpub,
      derivationKey: 0,
    });
    assert.deepEqual(reported, expected);
    assert.deepEqual(await balanceOf(holder.id), balance('0'));

    // The list with every filter the client has, and its count.
    const filters = ['InProgress', 'BTC', inProgress.txId, derived[0], holder.id] as const;
    assert.deepEqual(await deposits().getDeposits(50, 0, 'asc', ...filters), [expected]);
    assert.deepEqual(await deposits().getDepositsCount(50, 0, 'asc', ...filters), { total: 1 });
    assert.deepEqual(await deposits().getDeposits(50, 0, 'asc', 'Done', 'BTC', undefined, undefined, holder.id), []);
    assert.deepEqual(await deposits().getDepositsCount(undefined, undefined, undefined, 'Done'), { total: 0 });

    const done: DepositReport = { ...inProgress, blockHeight: 2_500_001, status: 'Done' };
    const credited = await report(done, since);
    firstDeposit = { ...expected, status: 'Done', blockHeight: 2_500_001 };
    assert.deepEqual(credited, firstDeposit);
    assert.deepEqual(await balanceOf(holder.id), balance('0.5'));
    // The same report again changes nothing.
    assert.deepEqual(await report(done, since), firstDeposit);
    assert.deepEqual(await balanceOf(holder.id), balance('0.5'));

    assert.deepEqual(await deposits().getDeposits(50, 0, 'asc', 'Done', undefined, undefined, undefined, holder.id), [
      firstDeposit,
    ]);
    assert.deepEqual(await deposits().getDepositsCount(undefined, undefined, undefined, 'InProgress'), { total: 0 });

    const records = (await ledger().transaction.getTransactionsByAccountId({ id: holder.id })) as Transaction[];
    assert.equal(records.length, 1);
    assertCreated(records[0]!.created, since);
    assert.deepEqual(records, [
      record({
        accountId: holder.id,
        currency: 'BTC',
        amount: '0.5',
        reference: firstDeposit.reference,
        created: records[0]!.created,
        operationType: 'DEPOSIT',
        transactionType: 'CREDIT_DEPOSIT',
        marketCurrency: 'BTC',
        address: derived[0]!,
        txId: inProgress.txId,
      }),
    ]);
  });

  it('a deposit Failed before Done moves no money and stays Failed; an unknown address is refused', async () => {
    const since = Date.now();
    const first: DepositReport = {
      address: derived[1]!,
      currency: 'BTC',
      txId: newTxId(),
      index: 0,
      amount: '2',
      blockHeight: 2_500_010,
      blockHash: '0000000000000000000a1b2c3d4e5f',
      from: 'tb1qsender0000000000000000000000000000000',
      status: 'InProgress',
    };
    const reported = await report(first, since);
    const failed = await report({ ...first, status: 'Failed' }, since);
    const expected = deposit(first, {
      accountId: holder.id,
      timestamp: reported.timestamp,
      reference: reported.reference,
      xpub,
      derivationKey: 1,
      status: 'Failed',
    });
    assert.deepEqual(failed, expected);
    assert.deepEqual(await report({ ...first, status: 'Done' }, since), expected);
    assert.deepEqual(await balanceOf(holder.id), balance('0.5'));
    assert.deepEqual(
      await deposits().getDeposits(50, 0, 'desc', undefined, undefined, undefined, undefined, holder.id),
      [expected, firstDeposit],
    );

    const unknown = await reportDeposit(server, server.t.keys.testnet, {
      ...first,
      address: 'tb1qnobodyholdsthisaddress00000000000000',
      txId: newTxId(),
    });
    assert.deepEqual(unknown, { status: 403, body: forbidden('address.not.found') });
  });

  it('withdrawals debit amount + fee, complete with a txId, and cancel with and without the fee', async () => {
    const since = Date.now();
    // A blockage, so that the available balance differs from the account's.
    const { id: blockageId } = await ledger().account.blockAmount(holder.id, {
      amount: '0.1',
      type: 'WITHDRAWAL_HOLD',
    });
    assertId(blockageId);
    assert.deepEqual(await balanceOf(holder.id), balance('0.5', '0.4'));

    // 1. Stored, listed InProgress, completed.
    const first = await store({
      senderAccountId: holder.id,
      address: RECIPIENT,
      amount: '0.1',
      fee: '0.0001',
      senderNote: 'first',
    });
    assert.deepEqual(await balanceOf(holder.id), balance('0.3999', '0.2999'));

    const listed = (await withdrawals().getWithdrawals(50, 'BTC', 'InProgress')) as ListedWithdrawal[];
    assert.equal(listed.length, 1);
    assertCreated(listed[0]!.date, since);
    const expectedFirst = {
      id: first.id,
      accountId: holder.id,
      address: RECIPIENT,
      amount: '0.1',
      fee: '0.0001',
      reference: first.reference,
      status: 'InProgress',
      txId: null,
      attr: null,
      multipleAmounts: null,
      paymentId: null,
      senderNote: 'first',
      currency: 'BTC',
      date: listed[0]!.date,
      refund: null,
    };
    assert.deepEqual(listed, [expectedFirst]);

    // One BTC withdrawal InProgress at a time.
    await refused(
      withdrawals().storeWithdrawal({ senderAccountId: holder.id, address: RECIPIENT, amount: '0.01', fee: '0' }),
      withdrawalPending(first.id),
    );
    assert.deepEqual(await balanceOf(holder.id), balance('0.3999', '0.2999'));

    const txId = newTxId();
    assert.equal(await withdrawals().completeWithdrawal(first.id, txId), undefined);
    assert.deepEqual(await withdrawals().getWithdrawals(50, 'BTC', 'Done'), [
      { ...expectedFirst, status: 'Done', txId },
    ]);
    assert.deepEqual(await withdrawals().getWithdrawals(50, 'BTC', 'InProgress'), []);
    assert.deepEqual(await balanceOf(holder.id), balance('0.3999', '0.2999'));

    // 2. Cancelled with revert=true: amount and fee come back.
    const second = await store({
      senderAccountId: holder.id,
      address: RECIPIENT,
      amount: '0.2',
      fee: '0.0002',
    });
    assert.deepEqual(await balanceOf(holder.id), balance('0.1997', '0.0997'));
    assert.equal(await withdrawals().cancelInProgressWithdrawal(second.id, true), undefined);
    assert.deepEqual(await balanceOf(holder.id), balance('0.3999', '0.2999'));

    // 3. Cancelled with revert=false: the amount comes back, the fee does not.
    const third = await store({
      senderAccountId: holder.id,
      address: RECIPIENT,
      amount: '0.05',
      fee: '0.001',
    });
    assert.deepEqual(await balanceOf(holder.id), balance('0.3489', '0.2489'));
    assert.equal(await withdrawals().cancelInProgressWithdrawal(third.id, false), undefined);
    assert.deepEqual(await balanceOf(holder.id), balance('0.3989', '0.2989'));

    // 4. Cancelled with the client's default, which sends revert=true.
    const fourth = await store({
      senderAccountId: holder.id,
      address: RECIPIENT,
      amount: '0.01',
      fee: '0.0005',
    });
    assert.deepEqual(await balanceOf(holder.id), balance('0.3884', '0.2884'));
    assert.deepEqual(await sent(() => withdrawals().cancelInProgressWithdrawal(fourth.id)), [
      `DELETE /v3/offchain/withdrawal/${fourth.id}?revert=true`,
    ]);
    assert.deepEqual(await balanceOf(holder.id), balance('0.3989', '0.2989'));

    // Every withdrawal, oldest first, and those cancelled.
    const all = (await withdrawals().getWithdrawals(50)) as ListedWithdrawal[];
    assert.deepEqual(
      all.map(({ id, status, amount, fee, currency, refund }) => ({ id, status, amount, fee, currency, refund })),
      [
        { id: first.id, status: 'Done', amount: '0.1', fee: '0.0001', currency: 'BTC', refund: null },
        { id: second.id, status: 'Cancelled', amount: '0.2', fee: '0.0002', currency: 'BTC', refund: '0.2002' },
        { id: third.id, status: 'Cancelled', amount: '0.05', fee: '0.001', currency: 'BTC', refund: '0.05' },
        { id: fourth.id, status: 'Cancelled', amount: '0.01', fee: '0.0005', currency: 'BTC', refund: '0.0105' },
      ],
    );
    for (const w of all) assertCreated(w.date, since);
    assert.deepEqual(
      (await withdrawals().getWithdrawals(2, 'BTC', 'Cancelled', 1)).map((w) => w.id),
      [third.id, fourth.id],
    );

    // The account's records: the deposit, each debit of amount + fee, each refund.
    const records = (await ledger().transaction.getTransactionsByAccountId({ id: holder.id })) as Transaction[];
    assert.equal(records.length, 8);
    for (const r of records.slice(1)) assertCreated(r.created, since);
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
    for (const at of [3, 5, 7]) assertReference(records[at]!.reference);
    assert.deepEqual(records.slice(1), [
      withdrawalRecord(1, '-0.1001', first.reference, 'DEBIT_WITHDRAWAL', { senderNote: 'first' }),
      withdrawalRecord(2, '-0.2002', second.reference, 'DEBIT_WITHDRAWAL'),
      withdrawalRecord(3, '0.2002', records[3]!.reference, 'CANCEL_WITHDRAWAL'),
      withdrawalRecord(4, '-0.051', third.reference, 'DEBIT_WITHDRAWAL'),
      withdrawalRecord(5, '0.05', records[5]!.reference, 'CANCEL_WITHDRAWAL'),
      withdrawalRecord(6, '-0.0105', fourth.reference, 'DEBIT_WITHDRAWAL'),
      withdrawalRecord(7, '0.0105', records[7]!.reference, 'CANCEL_WITHDRAWAL'),
    ]);

    // Releasing the blockage leaves the two balances equal.
    await ledger().account.deleteBlockAmount(blockageId);
    assert.deepEqual(await balanceOf(holder.id), balance('0.3989'));
  });

  it('refusals, with the errorCode the client exposes in ApiError.body', async () => {
    await refused(
      addresses().addressExists('BTC', 'tb1qnobodyholdsthisaddress00000000000000'),
      forbidden('address.not.found'),
    );
    // A derived address is known for its own currency only.
    await refused(addresses().addressExists('LTC', derived[0]!), forbidden('address.not.found'));
    await refused(addresses().generateDepositAddress(holder.id, 7), forbidden('address.index.used'));
    await refused(
      addresses().assignAddress(holder.id, 'tb1qsomeaddressmadeelsewhere000000000000'),
      forbidden('account.xpub.present'),
    );

    // More than the available balance, with the fee: the message names what had to be covered.
    await refused(
      withdrawals().storeWithdrawal({
        senderAccountId: holder.id,
        address: RECIPIENT,
        amount: '0.3989',
        fee: '0.0001',
      }),
      balanceInsufficient(holder.id, '0.399', '0.3989'),
    );
    await refused(
      withdrawals().storeWithdrawal({ senderAccountId: holder.id, address: RECIPIENT, amount: '1', fee: '0.0001' }),
      balanceInsufficient(holder.id, '1.0001', '0.3989'),
    );
    assert.deepEqual(await balanceOf(holder.id), balance('0.3989'));

    await refused(withdrawals().completeWithdrawal(UNKNOWN_ID, newTxId()), forbidden('withdrawal.missing'));
    await refused(withdrawals().cancelInProgressWithdrawal(UNKNOWN_ID), forbidden('withdrawal.missing'));

    // A cancelled withdrawal is neither completed nor cancelled again.
    const stored = await store({
      senderAccountId: holder.id,
      address: RECIPIENT,
      amount: '0.001',
      fee: '0',
    });
    await withdrawals().cancelInProgressWithdrawal(stored.id);
    await refused(withdrawals().completeWithdrawal(stored.id, newTxId()), forbidden('withdrawal.unexpected.state'));
    await refused(withdrawals().cancelInProgressWithdrawal(stored.id), {
      statusCode: 403,
      errorCode: 'withdrawal.not.cancelled.transaction.failed',
      message: `Unable to cancel withdrawal ${stored.id}, it is impossible to create refund transaction: it is already cancelled.`,
    });
    assert.deepEqual(await balanceOf(holder.id), balance('0.3989'));

    // The server holds no chain node.
    await assert.rejects(
      withdrawals().broadcastBlockchainTransaction({ currency: 'BTC', txData: '0200000001', withdrawalId: stored.id }),
      (error: unknown) => {
        assert.ok(error instanceof ApiError);
        assert.equal(error.status, 403);
        assert.equal((error.body as { errorCode: string }).errorCode, 'blockchain.broadcast.error');
        return true;
      },
    );
  });

  it('an address assigned by hand, with a destination tag, to an account without an xpub; then removed', async () => {
    const since = Date.now();
    const externalId = newExternalId('acb');
    const xrp = await ledger().account.createAccount({ currency: 'XRP', customer: { externalId } });
    assertId(xrp.id);
    assertId(xrp.customerId);
    const other = await ledger().account.createAccount({ currency: 'XRP', customer: { externalId } });
    assertId(other.id);
    const address = 'rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY';

    await refused(addresses().generateDepositAddress(xrp.id), {
      statusCode: 403,
      errorCode: 'offchain.not.supported',
      message: 'Offchain not supported for account with XRP currency.',
    });

    const assigned = await addresses().assignAddress(xrp.id, address, 123);
    assert.deepEqual(assigned, depositAddress({ address, currency: 'XRP', destinationTag: 123 }));
    // The same address with another tag belongs to another account; with the same tag, to none other.
    assert.deepEqual(
      await addresses().assignAddress(other.id, address, 124),
      depositAddress({ address, currency: 'XRP', destinationTag: 124 }),
    );
    await refused(addresses().assignAddress(other.id, address, 123), forbidden('address.used'));
    assert.deepEqual(await addresses().getAllDepositAddresses(xrp.id), [assigned]);
    const xrpAccount = account({ id: xrp.id, currency: 'XRP', customerId: xrp.customerId });
    assert.deepEqual(await addresses().addressExists('XRP', address, 123), xrpAccount);

    // A deposit to the address and tag credits that account.
    const tagged: DepositReport = {
      address,
      tag: 123,
      currency: 'XRP',
      txId: newTxId().toUpperCase(),
      index: 0,
      amount: '25.5',
      blockHeight: 90_000_000,
      status: 'Done',
    };
    const credited = await report(tagged, since);
    assert.deepEqual(
      credited,
      deposit(tagged, { accountId: xrp.id, timestamp: credited.timestamp, reference: credited.reference }),
    );
    assert.deepEqual(await balanceOf(xrp.id), balance('25.5'));
    assert.deepEqual(await balanceOf(other.id), balance('0'));

    assert.deepEqual(await sent(() => addresses().removeAddress(xrp.id, address, 123)), [
      `DELETE /v3/offchain/account/${xrp.id}/address/${address}?index=123`,
    ]);
    assert.deepEqual(await addresses().getAllDepositAddresses(xrp.id), []);
    await refused(addresses().addressExists('XRP', address, 123), forbidden('address.not.found'));
    assert.deepEqual(
      (await addresses().addressExists('XRP', address, 124)).id,
      other.id,
      'the other tag still names the other account',
    );
  });
});
