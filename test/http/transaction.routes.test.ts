import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { balanceOf, createAccountIn, createVirtualCurrency, pay } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';

describe('transaction routes', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  /** A currency with an issuer holding `supply` and two empty customer accounts. */
  async function setup(supply = '100') {
    const vc = await createVirtualCurrency(api, supply, { baseRate: 2, basePair: 'USD' });
    const alice = await createAccountIn(api, vc.name, { customerCountry: 'US', providerCountry: 'US' });
    const bob = await createAccountIn(api, vc.name, { customerCountry: 'DE', providerCountry: 'US' });
    return { ...vc, alice: alice.accountId, bob: bob.accountId, aliceCustomer: alice.customerId };
  }

  describe('POST /v3/ledger/transaction', () => {
    it('moves the amount exactly and writes two records under one reference', async () => {
      const { issuerId, alice, name } = await setup();
      const reply = await pay(api, issuerId, alice, '0.1');
      assert.equal(reply.status, 200);
      assert.match(reply.body.reference, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      await pay(api, issuerId, alice, '0.2');
      assert.deepEqual(await balanceOf(api, alice), { accountBalance: '0.3', availableBalance: '0.3' });
      assert.deepEqual(await balanceOf(api, issuerId), { accountBalance: '99.7', availableBalance: '99.7' });

      const records = (await api.get(`/v3/ledger/transaction/reference/${reply.body.reference}`)).body;
      assert.equal(records.length, 2);
      const [debit, credit] = records;
      assert.deepEqual(
        { ...debit, created: 0, marketValue: { ...debit.marketValue, sourceDate: 0 } },
        {
          accountId: issuerId,
          counterAccountId: alice,
          currency: name,
          amount: '-0.1',
          anonymous: false,
          created: 0,
          marketValue: { amount: '-0.2', currency: 'USD', sourceDate: 0, source: 'ledger' },
          operationType: 'PAYMENT',
          transactionType: 'DEBIT_PAYMENT',
          reference: reply.body.reference,
          transactionCode: null,
          senderNote: null,
          recipientNote: null,
          paymentId: null,
          attr: null,
          address: null,
          txId: null,
        },
      );
      assert.equal(credit.accountId, alice);
      assert.equal(credit.amount, '0.1');
      assert.equal(credit.transactionType, 'CREDIT_PAYMENT');
      assert.equal(typeof credit.created, 'number');
      assert.ok(Math.abs(credit.created - Date.now()) < 60_000);
    });

    it('keeps notes and codes, and hides the sender from the recipient when anonymous', async () => {
      const { issuerId, alice } = await setup();
      const reply = await api.post('/v3/ledger/transaction', {
        senderAccountId: issuerId,
        recipientAccountId: alice,
        amount: '1',
        anonymous: true,
        paymentId: 'P-1',
        transactionCode: 'TC',
        senderNote: 'to alice',
        recipientNote: 'from issuer',
        baseRate: 3,
      });
      const [debit, credit] = (await api.get(`/v3/ledger/transaction/reference/${reply.body.reference}`)).body;
      assert.equal(debit.counterAccountId, alice);
      assert.equal(credit.counterAccountId, null);
      assert.equal(credit.anonymous, true);
      assert.deepEqual(
        [credit.paymentId, credit.transactionCode, credit.senderNote, credit.recipientNote],
        ['P-1', 'TC', 'to alice', 'from issuer'],
      );
      assert.equal(credit.marketValue.amount, '3', 'the payment rate wins over the currency rate');
    });

    it('refuses what breaks a rule, with the contract codes, and moves nothing', async () => {
      const { issuerId, alice, bob } = await setup('10');
      const other = await createVirtualCurrency(api, '10');
      const inactive = await createAccountIn(api, (await createVirtualCurrency(api, '0')).name);
      await api.put(`/v3/ledger/account/${inactive.accountId}/deactivate`);
      const unknown = 'd'.repeat(24);
      const cases: [Record<string, string>, string, RegExp?][] = [
        [
          { senderAccountId: unknown, recipientAccountId: alice, amount: '1' },
          'senderAccount.not.exists',
          new RegExp(unknown),
        ],
        [{ senderAccountId: issuerId, recipientAccountId: unknown, amount: '1' }, 'recipientAccount.not.exists'],
        [{ senderAccountId: issuerId, recipientAccountId: alice, amount: '0' }, 'payment.amount.notNull'],
        [{ senderAccountId: issuerId, recipientAccountId: alice, amount: '0.000' }, 'payment.amount.notNull'],
        [{ senderAccountId: issuerId, recipientAccountId: issuerId, amount: '1' }, 'payment.account.same'],
        [
          { senderAccountId: issuerId, recipientAccountId: other.issuerId, amount: '1' },
          'transaction.currency.incompatible',
        ],
        [
          { senderAccountId: issuerId, recipientAccountId: alice, amount: '10.01' },
          'balance.insufficient',
          /payment amount 10\.01\. Sender balance is 10\./,
        ],
        [
          { senderAccountId: alice, recipientAccountId: bob, amount: '1' },
          'balance.insufficient',
          /Sender balance is 0\./,
        ],
      ];
      for (const [body, errorCode, message] of cases) {
        const reply = await api.post('/v3/ledger/transaction', body);
        assert.equal(reply.status, 403, JSON.stringify(reply.body));
        assert.equal(reply.body.errorCode, errorCode);
        if (message) assert.match(reply.body.message, message);
      }
      const toInactive = await pay(api, (await createVirtualCurrency(api, '5')).issuerId, inactive.accountId, '1');
      assert.equal(toInactive.body.errorCode, 'recipientAccount.not.exists');
      assert.deepEqual(await balanceOf(api, issuerId), { accountBalance: '10', availableBalance: '10' });
      const count = await api.post('/v3/ledger/transaction/account?count=true', { id: issuerId });
      assert.equal(count.body, 1, 'only the supply record');
    });

    it('refuses amounts below the smallest unit of BTC and ETH', async () => {
      const btc = await api.post('/v3/ledger/account', { currency: 'BTC' });
      const btc2 = await api.post('/v3/ledger/account', { currency: 'BTC' });
      const tiny = await pay(api, btc.body.id, btc2.body.id, '0.000000001');
      assert.equal(tiny.body.errorCode, 'amount.btc');
      const eth = await api.post('/v3/ledger/account', { currency: 'ETH' });
      const eth2 = await api.post('/v3/ledger/account', { currency: 'ETH' });
      assert.equal((await pay(api, eth.body.id, eth2.body.id, '0.0000000000001')).body.errorCode, 'amount.eth');
      assert.equal(
        (await pay(api, eth.body.id, eth2.body.id, '0.000000000001')).body.errorCode,
        'balance.insufficient',
      );
    });

    it('refuses a frozen sender and a disabled customer, but lets money in', async () => {
      const { issuerId, alice, bob, aliceCustomer } = await setup();
      await pay(api, issuerId, alice, '10');
      await api.put(`/v3/ledger/account/${alice}/freeze`);
      assert.equal((await pay(api, alice, bob, '1')).body.errorCode, 'senderAccount.frozen');
      assert.equal((await pay(api, issuerId, alice, '1')).status, 200, 'a frozen account still receives');
      await api.put(`/v3/ledger/account/${alice}/unfreeze`);

      await api.put(`/v3/ledger/customer/${aliceCustomer}/disable`);
      const disabled = await pay(api, alice, bob, '1');
      assert.equal(disabled.body.errorCode, 'senderAccount.customer.disabled');
      assert.match(disabled.body.message, new RegExp(aliceCustomer));
      assert.equal((await pay(api, issuerId, alice, '1')).status, 200, 'a disabled customer still receives');
      assert.deepEqual(await balanceOf(api, alice), { accountBalance: '12', availableBalance: '0' });
      await api.put(`/v3/ledger/customer/${aliceCustomer}/enable`);
      assert.deepEqual(await balanceOf(api, alice), { accountBalance: '12', availableBalance: '12' });
      assert.equal((await pay(api, alice, bob, '12')).status, 200);
    });

    it('counts only the available balance: blockages hold money back', async () => {
      const { issuerId, alice } = await setup('10');
      await api.post(`/v3/ledger/account/block/${issuerId}`, { amount: '7', type: 'HOLD' });
      assert.equal((await pay(api, issuerId, alice, '3.5')).body.errorCode, 'balance.insufficient');
      assert.equal((await pay(api, issuerId, alice, '3')).status, 200);
      assert.deepEqual(await balanceOf(api, issuerId), { accountBalance: '7', availableBalance: '0' });
    });
  });

  describe('POST /v3/ledger/transaction/batch', () => {
    it('pays every recipient, returning references in order', async () => {
      const { issuerId, alice, bob } = await setup('10');
      const reply = await api.post('/v3/ledger/transaction/batch', {
        senderAccountId: issuerId,
        transaction: [
          { recipientAccountId: alice, amount: '1.5' },
          { recipientAccountId: bob, amount: '2' },
          { recipientAccountId: alice, amount: '0.5' },
        ],
      });
      assert.equal(reply.status, 200);
      assert.equal(reply.body.length, 3);
      assert.equal(new Set(reply.body).size, 3);
      assert.equal((await balanceOf(api, alice)).accountBalance, '2');
      assert.equal((await balanceOf(api, bob)).accountBalance, '2');
      assert.equal((await balanceOf(api, issuerId)).accountBalance, '6');
      const second = (await api.get(`/v3/ledger/transaction/reference/${reply.body[1]}`)).body;
      assert.deepEqual(
        second.map((r: { accountId: string }) => r.accountId),
        [issuerId, bob],
      );
    });

    it('pays nobody when the total is not covered, or one item is refused', async () => {
      const { issuerId, alice, bob } = await setup('10');
      const total = await api.post('/v3/ledger/transaction/batch', {
        senderAccountId: issuerId,
        transaction: [
          { recipientAccountId: alice, amount: '6' },
          { recipientAccountId: bob, amount: '6' },
        ],
      });
      assert.equal(total.body.errorCode, 'balance.insufficient');
      // The first item not covered once the items before it are paid, and the balance left for it.
      assert.match(total.body.message, /payment amount 6\. Sender balance is 4\./);
      const item = await api.post('/v3/ledger/transaction/batch', {
        senderAccountId: issuerId,
        transaction: [
          { recipientAccountId: alice, amount: '1' },
          { recipientAccountId: 'e'.repeat(24), amount: '1' },
        ],
      });
      assert.equal(item.body.errorCode, 'recipientAccount.not.exists');
      assert.equal((await balanceOf(api, alice)).accountBalance, '0');
      assert.equal((await balanceOf(api, issuerId)).accountBalance, '10');
    });

    it('answers [] for an empty batch', async () => {
      const { issuerId } = await setup();
      assert.deepEqual((await api.post('/v3/ledger/transaction/batch', { senderAccountId: issuerId })).body, []);
    });
  });

  describe('finds', () => {
    it('by account, customer and ledger, with filters, paging and count', async () => {
      const tenant = await t.newTenant();
      const own = t.client(tenant.testnet);
      const { issuerId, name } = await createVirtualCurrency(own, '100');
      const alice = await createAccountIn(own, name);
      const bob = await createAccountIn(own, name);
      const before = Date.now() - 1;
      const r1 = (await pay(own, issuerId, alice.accountId, '10')).body.reference;
      const r2 = (await pay(own, issuerId, bob.accountId, '20')).body.reference;
      await own.post('/v3/ledger/transaction', {
        senderAccountId: alice.accountId,
        recipientAccountId: bob.accountId,
        amount: '5',
        paymentId: 'rent',
      });

      const byAccount = await own.post('/v3/ledger/transaction/account?pageSize=50', { id: alice.accountId });
      assert.deepEqual(
        byAccount.body.map((r: { amount: string }) => r.amount),
        ['10', '-5'],
      );
      const byCustomer = await own.post('/v3/ledger/transaction/customer', { id: bob.customerId });
      assert.deepEqual(
        byCustomer.body.map((r: { amount: string }) => r.amount),
        ['20', '5'],
      );
      const ledger = await own.post('/v3/ledger/transaction/ledger', {});
      assert.equal(ledger.body.length, 7, 'supply + 3 payments x 2');

      const filtered = async (filter: object, query = '') =>
        (await own.post(`/v3/ledger/transaction/ledger${query}`, filter)).body;
      assert.equal((await filtered({ transactionType: 'DEBIT_PAYMENT' })).length, 3);
      assert.equal((await filtered({ transactionTypes: ['CREDIT_PAYMENT', 'CREDIT_DEPOSIT'] })).length, 4);
      assert.equal((await filtered({ opType: 'MINT' })).length, 1);
      assert.deepEqual(
        (
          await filtered({
            amount: [
              { op: 'gte', value: '10' },
              { op: 'lt', value: '20' },
            ],
          })
        ).map((r: { amount: string }) => r.amount),
        ['10'],
      );
      assert.equal((await filtered({ amount: [{ op: 'lt', value: '-9' }] })).length, 2);
      assert.equal((await filtered({ paymentId: 'rent' })).length, 2);
      assert.equal((await filtered({ counterAccount: issuerId })).length, 2);
      assert.equal((await filtered({ account: bob.accountId, currency: name })).length, 2);
      assert.equal((await filtered({ currencies: ['BTC'] })).length, 0);
      assert.equal((await filtered({ from: before, to: Date.now() + 1000 })).length, 6);
      assert.equal((await filtered({ to: before - 60_000 })).length, 0);
      assert.equal(await filtered({}, '?count=true'), 7);
      assert.equal(await filtered({}, '?pageSize=2&offset=0&count=true'), 7, 'count wins over pageSize');
      const page = await filtered({}, '?pageSize=2&offset=1');
      assert.deepEqual(
        page.map((r: { reference: string }) => r.reference),
        [r1, r1],
      );
      assert.ok(r2);
    });

    it('finds nothing across ledgers', async () => {
      const { issuerId, alice } = await setup();
      const reference = (await pay(api, issuerId, alice, '1')).body.reference;
      const mainnet = t.client(t.keys.mainnet);
      assert.deepEqual((await mainnet.get(`/v3/ledger/transaction/reference/${reference}`)).body, []);
      assert.deepEqual((await mainnet.post('/v3/ledger/transaction/account', { id: alice })).body, []);
    });
  });
});
