import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { balanceOf, createAccountIn, createVirtualCurrency, externalId } from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type LedgerClient, type Reply } from '../helpers/test-app.js';

// Deposits reported by the operator's chain watcher (docs/decisions/0027-deposit-reports.md).
const TPUB =
  'tpubDEQBfiy13hMZzGT4NWqNnaSWwVqYQ58kuu2pDYjkrf8F6DLKAprm8c65Pyh7PrzodXHtJuEXFu5yf6JbvYaL8rz7v28zapwbuzZzr7z4UvR';
const ETH_XPUB =
  'xpub6EF8jXqFeFEW5bwMU7RpQtHkzE4KJxcqJtvkCjJumzW8CPpacXkb92ek4WzLQXjL93HycJwTPUAcuNxCqFPKKU5m5Z2Vq4nCyh5CyPeBFFr';
const BTC_0 = 'tb1q8gk5z3dy7zv9ywe7synlrk58elz4hrne29cpdj';
const BTC_1 = 'tb1q60qgwr5wzw57cvs0z2qg3yf84g26fs9p97f2cu';
const ETH_0 = '0x9858effd232b4033e47d90003d41ec34ecaeda94';
const FROM = 'tb1qsenderaddress0000000000000000000000000';

const VALIDATION = 'Request validation failed. Please see data for additional information.';
const ADDRESS_NOT_FOUND = { statusCode: 403, errorCode: 'address.not.found', message: 'No such address exists.' };
const ACCOUNT_NOT_EXISTS = { statusCode: 403, errorCode: 'account.not.exists', message: 'No such account.' };

let txCounter = 0;
/** A chain transaction id unique in this process. */
const txId = () => `${process.pid.toString(16)}${(++txCounter).toString(16).padStart(6, '0')}`.padEnd(64, 'a');

function assertReply(reply: Reply, status: number, body?: unknown) {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  if (body !== undefined) assert.deepEqual(reply.body, body);
}

interface Report {
  address?: string;
  accountId?: string;
  tag?: number;
  currency: string;
  txId: string;
  index: number;
  amount: string;
  blockHeight: number;
  blockHash?: string;
  from?: string;
  status: string;
}

describe('deposit routes', (suite) => {
  const t = suiteTestApp(suite);

  /** A fresh testnet ledger with a BTC account whose addresses 0 and 1 are derived. */
  async function btcLedger() {
    const keys = await t.newTenant();
    const api = t.client(keys.testnet);
    const created = await api.post('/v3/ledger/account', {
      currency: 'BTC',
      xpub: TPUB,
      customer: { externalId: externalId('depositor') },
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const id = created.body.id as string;
    assert.equal((await api.post(`/v3/offchain/account/${id}/address`)).body.address, BTC_0);
    assert.equal((await api.post(`/v3/offchain/account/${id}/address`)).body.address, BTC_1);
    return { keys, api, id, customerId: created.body.customerId as string };
  }
  const report = (api: LedgerClient, body: Report) => api.post('/v3/ledger/deposits', body);
  const records = async (api: LedgerClient, id: string) =>
    (await api.post('/v3/ledger/transaction/account?pageSize=50', { id })).body as Record<string, unknown>[];
  const deposits = async (api: LedgerClient, query = '') => (await api.get(`/v3/ledger/deposits${query}`)).body;
  const count = async (api: LedgerClient, query = '') => (await api.get(`/v3/ledger/deposits/count${query}`)).body;

  describe('report', () => {
    it('records InProgress without money, then credits once on Done with one CREDIT_DEPOSIT record', async () => {
      const { api, id, customerId } = await btcLedger();
      const tx = txId();
      const before = Date.now() - 1;
      const base = { address: BTC_1, currency: 'BTC', txId: tx, index: 1, amount: '0.5', from: FROM };
      const pending = await report(api, { ...base, blockHeight: 100, status: 'InProgress' });
      assertReply(pending, 200);
      const { timestamp, reference } = pending.body;
      assert.ok(timestamp >= before && timestamp <= Date.now() + 1, String(timestamp));
      assert.match(reference, /\S/);
      const expected = {
        txId: tx,
        address: BTC_1,
        timestamp,
        xpub: TPUB,
        derivationKey: 1,
        amount: '0.5',
        status: 'InProgress',
        accountId: id,
        currency: 'BTC',
        reference,
        vout: 1,
        spent: false,
        blockHeight: 100,
        blockHash: null,
        from: FROM,
      };
      assert.deepEqual(pending.body, expected);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '0', availableBalance: '0' });
      assert.deepEqual(await deposits(api), [expected]);
      assert.deepEqual(await records(api, id), []);

      const done = await report(api, { ...base, blockHeight: 106, blockHash: 'hash-106', status: 'Done' });
      const doneBody = { ...expected, status: 'Done', blockHeight: 106, blockHash: 'hash-106' };
      assertReply(done, 200, doneBody);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '0.5', availableBalance: '0.5' });
      const [record, ...more] = await records(api, id);
      assert.deepEqual(more, []);
      const { created, marketValue, ...rest } = record!;
      assert.deepEqual(rest, {
        accountId: id,
        counterAccountId: FROM,
        currency: 'BTC',
        amount: '0.5',
        anonymous: false,
        operationType: 'DEPOSIT',
        transactionType: 'CREDIT_DEPOSIT',
        reference,
        transactionCode: null,
        senderNote: null,
        recipientNote: null,
        paymentId: null,
        attr: null,
        address: BTC_1,
        txId: tx,
      });
      assert.deepEqual(
        { ...(marketValue as object), sourceDate: 0 },
        {
          amount: '0.5',
          currency: 'BTC',
          sourceDate: 0,
          source: 'ledger',
        },
      );
      assert.ok((created as number) >= before);
      const byReference = await api.get(`/v3/ledger/transaction/reference/${reference}`);
      assert.equal(byReference.status, 200);
      assert.deepEqual(
        byReference.body.map((r: { accountId: string; amount: string }) => [r.accountId, r.amount]),
        [[id, '0.5']],
      );
      const customerRecords = await api.post('/v3/ledger/transaction/customer', { id: customerId });
      assert.equal(customerRecords.body.length, 1, 'the record carries the customer');

      // The same report again: the same deposit, nothing more.
      assertReply(
        await report(api, { ...base, blockHeight: 106, blockHash: 'hash-106', status: 'Done' }),
        200,
        doneBody,
      );
      assertReply(await report(api, { ...base, blockHeight: 107, status: 'Done' }), 200, doneBody);
      // Failed after Done changes nothing either; nor does InProgress.
      assertReply(await report(api, { ...base, blockHeight: 108, status: 'Failed' }), 200, doneBody);
      assertReply(await report(api, { ...base, blockHeight: 109, status: 'InProgress' }), 200, doneBody);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '0.5', availableBalance: '0.5' });
      assert.equal((await records(api, id)).length, 1);
      assert.deepEqual(await deposits(api), [doneBody]);
    });

    it('credits a Done first report at once', async () => {
      const { api, id } = await btcLedger();
      const done = await report(api, {
        address: BTC_0,
        currency: 'BTC',
        txId: txId(),
        index: 0,
        amount: '1.25',
        blockHeight: 7,
        status: 'Done',
      });
      assertReply(done, 200);
      assert.equal(done.body.status, 'Done');
      assert.equal(done.body.from, null);
      assert.equal(done.body.derivationKey, 0);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '1.25', availableBalance: '1.25' });
      const [record] = await records(api, id);
      assert.equal(record!.counterAccountId, null);
      assert.equal(record!.reference, done.body.reference);
    });

    it('ends a deposit on Failed: no money, and Done reported after changes nothing', async () => {
      const { api, id } = await btcLedger();
      const base = { address: BTC_0, currency: 'BTC', txId: txId(), index: 0, amount: '2', blockHeight: 5 };
      const pending = await report(api, { ...base, status: 'InProgress' });
      const failed = await report(api, { ...base, blockHeight: 6, status: 'Failed' });
      assertReply(failed, 200, { ...pending.body, status: 'Failed', blockHeight: 6 });
      assertReply(await report(api, { ...base, blockHeight: 7, status: 'Done' }), 200, failed.body);
      assertReply(await report(api, { ...base, blockHeight: 8, status: 'InProgress' }), 200, failed.body);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '0', availableBalance: '0' });
      assert.deepEqual(await records(api, id), []);
      assert.deepEqual(await deposits(api), [failed.body]);
    });

    it('changes nothing for a report of the same deposit with another amount', async () => {
      const { api, id } = await btcLedger();
      const base = { address: BTC_0, currency: 'BTC', txId: txId(), index: 0, blockHeight: 5 };
      const pending = await report(api, { ...base, amount: '1', status: 'InProgress' });
      assertReply(await report(api, { ...base, amount: '2', status: 'Done' }), 200, pending.body);
      assertReply(await report(api, { ...base, amount: '1.5', status: 'Failed' }), 200, pending.body);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '0', availableBalance: '0' });
      const done = await report(api, { ...base, amount: '1', status: 'Done' });
      assert.equal(done.body.status, 'Done');
      assertReply(await report(api, { ...base, amount: '3', status: 'Done' }), 200, done.body);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '1', availableBalance: '1' });
      assert.equal((await records(api, id)).length, 1);
    });

    it('tells apart outputs of one transaction and one output to two addresses', async () => {
      const { api, id } = await btcLedger();
      const tx = txId();
      const base = { currency: 'BTC', txId: tx, amount: '1', blockHeight: 5, status: 'Done' };
      const first = await report(api, { ...base, address: BTC_0, index: 0 });
      const second = await report(api, { ...base, address: BTC_0, index: 1 });
      const third = await report(api, { ...base, address: BTC_1, index: 0 });
      assert.equal(new Set([first.body.reference, second.body.reference, third.body.reference]).size, 3);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '3', availableBalance: '3' });
      assert.equal(await count(api).then((c: { total: number }) => c.total), 3);
    });

    it('credits by account when no address is given, only an account of the currency in the ledger', async () => {
      const keys = await t.newTenant();
      const api = t.client(keys.testnet);
      const eth = (await createAccountIn(api, 'ETH')).accountId;
      const base = { accountId: eth, currency: 'ETH', index: 0, amount: '0.000000000000000001', blockHeight: 9 };
      const tx = txId();
      const done = await report(api, { ...base, txId: tx, status: 'Done' });
      assertReply(done, 200);
      assert.deepEqual(
        { ...done.body, timestamp: 0, reference: '' },
        {
          txId: tx,
          address: null,
          timestamp: 0,
          xpub: null,
          derivationKey: null,
          amount: '0.000000000000000001',
          status: 'Done',
          accountId: eth,
          currency: 'ETH',
          reference: '',
          vout: 0,
          spent: false,
          blockHeight: 9,
          blockHash: null,
          from: null,
        },
      );
      assert.deepEqual(await balanceOf(api, eth), {
        accountBalance: '0.000000000000000001',
        availableBalance: '0.000000000000000001',
      });
      const [record] = await records(api, eth);
      assert.equal(record!.address, null);
      assert.equal(record!.transactionType, 'CREDIT_DEPOSIT');
      assertReply(await report(api, { ...base, txId: tx, status: 'Done' }), 200, done.body);

      assertReply(
        await report(api, { ...base, currency: 'BTC', amount: '1', txId: txId(), status: 'Done' }),
        403,
        ACCOUNT_NOT_EXISTS,
      );
      assertReply(
        await report(api, { ...base, accountId: '0123456789abcdef01234567', txId: txId(), status: 'Done' }),
        403,
        ACCOUNT_NOT_EXISTS,
      );
      const other = t.client((await t.newTenant()).testnet);
      assertReply(await report(other, { ...base, txId: txId(), status: 'Done' }), 403, ACCOUNT_NOT_EXISTS);
      assertReply(
        await report(t.client(keys.mainnet), { ...base, txId: txId(), status: 'Done' }),
        403,
        ACCOUNT_NOT_EXISTS,
      );
      const { name, issuerId } = await createVirtualCurrency(api, '10');
      assertReply(
        await report(api, { ...base, accountId: issuerId, currency: name, txId: txId(), status: 'Done' }),
        403,
        {
          statusCode: 403,
          errorCode: 'offchain.not.supported',
          message: `Offchain not supported for account with ${name} currency.`,
        },
      );
      assert.deepEqual(await balanceOf(api, eth), {
        accountBalance: '0.000000000000000001',
        availableBalance: '0.000000000000000001',
      });
      assert.equal((await count(api)).total, 1);
      assert.equal((await balanceOf(api, issuerId)).accountBalance, '10');
    });

    it('refuses an address no account holds for the currency, or held by another account than the one named', async () => {
      const { api, id } = await btcLedger();
      const base = { currency: 'BTC', index: 0, amount: '1', blockHeight: 5, status: 'Done' };
      assertReply(await report(api, { ...base, address: 'tb1qnobody', txId: txId() }), 403, ADDRESS_NOT_FOUND);
      assertReply(
        await report(api, { ...base, address: BTC_0, currency: 'LTC', txId: txId() }),
        403,
        ADDRESS_NOT_FOUND,
      );
      assertReply(await report(api, { ...base, address: BTC_0, tag: 3, txId: txId() }), 403, ADDRESS_NOT_FOUND);
      const otherAccount = (await createAccountIn(api, 'BTC')).accountId;
      assertReply(
        await report(api, { ...base, address: BTC_0, accountId: otherAccount, txId: txId() }),
        403,
        ADDRESS_NOT_FOUND,
      );
      // Another ledger's address, even the same tenant's on mainnet.
      const elsewhere = await btcLedger();
      assertReply(
        await report(t.client(elsewhere.keys.mainnet), { ...base, address: BTC_0, txId: txId() }),
        403,
        ADDRESS_NOT_FOUND,
      );
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '0', availableBalance: '0' });
      assert.deepEqual(await balanceOf(api, otherAccount), { accountBalance: '0', availableBalance: '0' });
      assert.equal((await count(api)).total, 0);
      // With the right account named, it goes through.
      assertReply(await report(api, { ...base, address: BTC_0, accountId: id, txId: txId() }), 200);
      assert.equal((await balanceOf(api, id)).accountBalance, '1');
    });

    it('refuses a removed address', async () => {
      const { api, id } = await btcLedger();
      const tx = txId();
      const base = { address: BTC_0, currency: 'BTC', txId: tx, index: 0, amount: '1', blockHeight: 5 };
      await report(api, { ...base, status: 'InProgress' });
      assert.equal((await api.delete(`/v3/offchain/account/${id}/address/${BTC_0}`)).status, 204);
      assertReply(await report(api, { ...base, status: 'Done' }), 403, ADDRESS_NOT_FOUND);
      assertReply(await report(api, { ...base, txId: txId(), status: 'Done' }), 403, ADDRESS_NOT_FOUND);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '0', availableBalance: '0' });
      assert.deepEqual(
        (await deposits(api)).map((d: { status: string }) => d.status),
        ['InProgress'],
      );
    });

    it('credits tagged assigned addresses by their tag', async () => {
      const keys = await t.newTenant();
      const api = t.client(keys.testnet);
      const first = (await createAccountIn(api, 'XRP')).accountId;
      const second = (await createAccountIn(api, 'XRP')).accountId;
      await api.post(`/v3/offchain/account/${first}/address/rShared?index=1`);
      await api.post(`/v3/offchain/account/${second}/address/rShared?index=2`);
      const base = { address: 'rShared', currency: 'XRP', index: 0, amount: '10', blockHeight: 5, status: 'Done' };
      assertReply(await report(api, { ...base, tag: 2, txId: txId() }), 200);
      assertReply(await report(api, { ...base, txId: txId() }), 403, ADDRESS_NOT_FOUND);
      assert.equal((await balanceOf(api, first)).accountBalance, '0');
      assert.equal((await balanceOf(api, second)).accountBalance, '10');
    });

    it('credits a frozen account and an account of a disabled customer', async () => {
      const { api, id, customerId } = await btcLedger();
      const base = { address: BTC_0, currency: 'BTC', index: 0, amount: '1', blockHeight: 5, status: 'Done' };
      assert.equal((await api.put(`/v3/ledger/account/${id}/freeze`)).status, 204);
      assertReply(await report(api, { ...base, txId: txId() }), 200);
      // Frozen, it shows nothing available, but holds the deposit.
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '1', availableBalance: '0' });
      assert.equal((await api.put(`/v3/ledger/account/${id}/unfreeze`)).status, 204);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '1', availableBalance: '1' });
      assert.equal((await api.put(`/v3/ledger/customer/${customerId}/disable`)).status, 204);
      assertReply(await report(api, { ...base, txId: txId() }), 200);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '2', availableBalance: '0' });
      assert.equal((await api.put(`/v3/ledger/customer/${customerId}/enable`)).status, 204);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '2', availableBalance: '2' });
      assert.equal((await records(api, id)).length, 2);
    });

    it('refuses a zero amount and one finer than the chain moves', async () => {
      const { api, id } = await btcLedger();
      const base = { address: BTC_0, currency: 'BTC', index: 0, blockHeight: 5, status: 'Done' };
      for (const amount of ['0', '0.000', '.0']) {
        assertReply(await report(api, { ...base, amount, txId: txId() }), 403, {
          statusCode: 403,
          errorCode: 'amount.format',
          message: 'Amount has incorrect format.',
        });
      }
      assertReply(await report(api, { ...base, amount: '0.000000001', txId: txId() }), 403, {
        statusCode: 403,
        errorCode: 'deposit.amount.format',
        message:
          'BTC deposit amount must be a multiple of 0.00000001, the smallest unit of its chain, not 0.000000001.',
      });
      assertReply(await report(api, { ...base, amount: '1.000000001', txId: txId() }), 403);
      // Trailing zeros past the unit are the same amount.
      assertReply(await report(api, { ...base, amount: '0.100000000', txId: txId() }), 200);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '0.1', availableBalance: '0.1' });
      assert.equal((await count(api)).total, 1);
    });

    it('answers 400 for a missing txId, no address nor account, and an unknown status', async () => {
      const { api, id } = await btcLedger();
      const base = { address: BTC_0, currency: 'BTC', index: 0, amount: '1', blockHeight: 5, status: 'Done' };
      const bodies: Record<string, unknown>[] = [
        { ...base },
        { ...base, txId: 'short' },
        { currency: 'BTC', txId: txId(), index: 0, amount: '1', blockHeight: 5, status: 'Done' },
        { ...base, txId: txId(), status: 'Confirmed' },
        { ...base, txId: txId(), status: 'done' },
        { ...base, txId: txId(), index: -1 },
        { ...base, txId: txId(), amount: '-1' },
      ];
      for (const body of bodies) {
        const reply = await api.post('/v3/ledger/deposits', body);
        assert.equal(reply.status, 400, JSON.stringify(body));
        assert.deepEqual(
          { statusCode: reply.body.statusCode, errorCode: reply.body.errorCode, message: reply.body.message },
          { statusCode: 400, errorCode: 'validation.failed', message: VALIDATION },
        );
      }
      assert.equal((await count(api)).total, 0);
      assert.deepEqual(await balanceOf(api, id), { accountBalance: '0', availableBalance: '0' });
    });
  });

  describe('list and count', () => {
    it('filters by every parameter, pages, sorts, and sees its own ledger only', async () => {
      const { keys, api, id } = await btcLedger();
      const ethCreated = await api.post('/v3/ledger/account', { currency: 'ETH', xpub: ETH_XPUB });
      const eth = ethCreated.body.id as string;
      assert.equal((await api.post(`/v3/offchain/account/${eth}/address`)).body.address, ETH_0);
      const [tx1, tx2, tx3, tx4] = [txId(), txId(), txId(), txId()];
      const sent = [
        { address: BTC_0, currency: 'BTC', txId: tx1, index: 0, amount: '1', status: 'Done' },
        { address: BTC_1, currency: 'BTC', txId: tx1, index: 1, amount: '2', status: 'InProgress' },
        { address: BTC_0, currency: 'BTC', txId: tx2, index: 0, amount: '3', status: 'Failed' },
        { accountId: eth, currency: 'ETH', txId: tx3, index: 0, amount: '4', status: 'Done' },
        { address: ETH_0, currency: 'ETH', txId: tx4, index: 0, amount: '5', status: 'Done' },
      ];
      const all: Record<string, unknown>[] = [];
      for (const body of sent) {
        const reply = await report(api, { ...body, blockHeight: 1 });
        assertReply(reply, 200);
        all.push(reply.body);
      }
      const [d1, d2, d3, d4, d5] = all;
      const expect = async (query: string, wanted: unknown[]) => {
        assert.deepEqual(await deposits(api, query), wanted, query);
      };
      const expectCount = async (query: string, total: number) => {
        assert.deepEqual(await count(api, query), { total }, query);
      };

      await expect('', all);
      await expect('?sort=asc', all);
      await expect('?sort=desc', [d5, d4, d3, d2, d1]);
      await expect('?pageSize=2', [d1, d2]);
      await expect('?pageSize=2&page=1', [d3, d4]);
      await expect('?pageSize=2&page=2', [d5]);
      await expect('?pageSize=2&page=3', []);
      await expect('?pageSize=2&page=0&sort=desc', [d5, d4]);
      await expect('?status=Done', [d1, d4, d5]);
      await expect('?status=InProgress', [d2]);
      await expect('?status=Failed', [d3]);
      await expect('?currency=BTC', [d1, d2, d3]);
      await expect('?currency=ETH', [d4, d5]);
      await expect('?currency=LTC', []);
      await expect(`?txId=${tx1}`, [d1, d2]);
      await expect(`?to=${BTC_0}`, [d1, d3]);
      await expect(`?to=${ETH_0}`, [d5]);
      await expect(`?accountId=${eth}`, [d4, d5]);
      await expect(`?accountId=${id}`, [d1, d2, d3]);
      await expect(`?accountId=${id}&status=Done`, [d1]);
      await expect(`?currency=BTC&to=${BTC_0}&txId=${tx2}`, [d3]);
      await expect(`?currency=BTC&sort=desc&pageSize=1&page=1`, [d2]);

      await expectCount('', 5);
      await expectCount('?pageSize=2&page=1&sort=desc', 5);
      await expectCount('?status=Done', 3);
      await expectCount('?status=Failed', 1);
      await expectCount('?currency=ETH', 2);
      await expectCount(`?txId=${tx1}`, 2);
      await expectCount(`?to=${BTC_0}`, 2);
      await expectCount(`?accountId=${eth}`, 2);
      await expectCount(`?accountId=${id}&status=InProgress`, 1);
      await expectCount('?currency=LTC', 0);

      // The same tenant's mainnet ledger and another tenant see none of them.
      const mainnet = t.client(keys.mainnet);
      const other = t.client((await t.newTenant()).testnet);
      for (const client of [mainnet, other]) {
        assert.deepEqual(await deposits(client), []);
        assert.deepEqual(await deposits(client, `?txId=${tx1}`), []);
        assert.deepEqual(await count(client), { total: 0 });
      }
      // Nor does another ledger's deposit show here.
      const elsewhere = await btcLedger();
      await report(elsewhere.api, { ...sent[0]!, blockHeight: 1 } as Report);
      await expectCount('', 5);
      await expectCount(`?txId=${tx1}`, 2);
      assert.equal((await count(elsewhere.api)).total, 1);
    });

    it('answers 400 for out-of-range paging and unknown filter values', async () => {
      const { api } = await btcLedger();
      for (const query of ['?pageSize=0', '?pageSize=51', '?page=-1', '?sort=up', '?status=Cancelled', '?txId=short']) {
        for (const path of ['/v3/ledger/deposits', '/v3/ledger/deposits/count']) {
          const reply = await api.get(`${path}${query}`);
          assert.equal(reply.status, 400, `${path}${query}`);
          assert.equal(reply.body.errorCode, 'validation.failed');
        }
      }
    });
  });
});
