import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCustomerAccount, externalId } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';

const UNKNOWN_ID = 'bbbbbbbbbbbbbbbbbbbbbbbb';

describe('account routes', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  describe('POST /v3/ledger/account', () => {
    it('creates an account without a customer', async () => {
      const reply = await api.post('/v3/ledger/account', { currency: 'BTC' });
      assert.equal(reply.status, 200);
      assert.match(reply.body.id, /^[0-9a-f]{24}$/);
      assert.deepEqual(reply.body, {
        id: reply.body.id,
        balance: { accountBalance: '0', availableBalance: '0' },
        currency: 'BTC',
        frozen: false,
        active: true,
        customerId: null,
        accountNumber: null,
        accountCode: null,
        accountingCurrency: 'EUR',
        xpub: null,
      });
    });

    it('creates a new customer with the account, with every field given', async () => {
      const ext = externalId('new');
      const reply = await api.post('/v3/ledger/account', {
        currency: 'ETH',
        xpub: 'xpub6EsCk1uU6cJzqvP9CdsTiJwT2rF748YkPnhv5Qo8q44DG7nn2vbyt48YRsNSUYS44jFCW9gwvD9kLQu9AuqXpTpM1c5hgg9PsuBLdeNncid',
        accountCode: 'AC_1011_B',
        accountNumber: '123456',
        compliant: false,
        customer: { externalId: ext, accountingCurrency: 'USD', customerCountry: 'US', providerCountry: 'US' },
      });
      assert.equal(reply.status, 200);
      assert.match(reply.body.customerId, /^[0-9a-f]{24}$/);
      assert.equal(reply.body.accountingCurrency, 'USD', 'the customer accounting currency is the default');
      assert.equal(reply.body.accountCode, 'AC_1011_B');
      assert.equal(reply.body.accountNumber, '123456');
      assert.match(reply.body.xpub, /^xpub6Es/);
      const customer = (await api.get(`/v3/ledger/customer/${ext}`)).body;
      assert.deepEqual(customer, {
        externalId: ext,
        id: reply.body.customerId,
        enabled: true,
        active: true,
        accountingCurrency: 'USD',
        customerCountry: 'US',
        providerCountry: 'US',
      });
    });

    it('reuses the customer of an existing externalId and updates the fields given', async () => {
      const first = await createCustomerAccount(api, { customerCountry: 'US', accountingCurrency: 'USD' });
      const second = await api.post('/v3/ledger/account', {
        currency: 'LTC',
        accountingCurrency: 'CZK',
        customer: { externalId: first.externalId, providerCountry: 'DE' },
      });
      assert.equal(second.status, 200);
      assert.equal(second.body.customerId, first.customerId);
      assert.equal(second.body.accountingCurrency, 'CZK', 'the account level overrides the customer');
      const customer = (await api.get(`/v3/ledger/customer/${first.customerId}`)).body;
      assert.equal(customer.customerCountry, 'US', 'fields not given stay');
      assert.equal(customer.accountingCurrency, 'USD');
      assert.equal(customer.providerCountry, 'DE');
    });

    it('refuses an unsupported currency with ledger.currency.invalid and creates nothing', async () => {
      const ext = externalId('bad-currency');
      const reply = await api.post('/v3/ledger/account', { currency: 'NOPE', customer: { externalId: ext } });
      assert.equal(reply.status, 403);
      assert.deepEqual(reply.body, {
        statusCode: 403,
        errorCode: 'ledger.currency.invalid',
        message: 'Unable to create an account, unsupported currency.',
      });
      assert.equal((await api.get(`/v3/ledger/customer/${ext}`)).body.errorCode, 'customer.not.exists');
    });

    it('refuses a disabled customer a new account (customer.disabled)', async () => {
      const { customerId, externalId: ext } = await createCustomerAccount(api);
      await api.put(`/v3/ledger/customer/${customerId}/disable`);
      const reply = await api.post('/v3/ledger/account', { currency: 'BTC', customer: { externalId: ext } });
      assert.equal(reply.status, 403);
      assert.equal(reply.body.errorCode, 'customer.disabled');
      assert.match(reply.body.message, new RegExp(customerId));
      const accounts = await api.get(`/v3/ledger/account/customer/${customerId}?pageSize=50`);
      assert.equal(accounts.body.length, 1);
    });
  });

  describe('POST /v3/ledger/account/batch', () => {
    it('creates every account in order, sharing customers named twice', async () => {
      const ext = externalId('batch');
      const reply = await api.post('/v3/ledger/account/batch', {
        accounts: [
          { currency: 'BTC', customer: { externalId: ext, customerCountry: 'US' } },
          { currency: 'ETH' },
          { currency: 'LTC', customer: { externalId: ext, providerCountry: 'GB' } },
        ],
      });
      assert.equal(reply.status, 200);
      assert.deepEqual(
        reply.body.map((a: { currency: string }) => a.currency),
        ['BTC', 'ETH', 'LTC'],
      );
      assert.equal(reply.body[0].customerId, reply.body[2].customerId);
      assert.equal(reply.body[1].customerId, null);
      const customer = (await api.get(`/v3/ledger/customer/${ext}`)).body;
      assert.equal(customer.customerCountry, 'US');
      assert.equal(customer.providerCountry, 'GB');
    });

    it('creates nothing when one item is refused', async () => {
      const ext = externalId('atomic');
      const reply = await api.post('/v3/ledger/account/batch', {
        accounts: [{ currency: 'BTC', customer: { externalId: ext } }, { currency: 'NOPE' }],
      });
      assert.equal(reply.status, 403);
      assert.equal(reply.body.errorCode, 'ledger.currency.invalid');
      assert.equal((await api.get(`/v3/ledger/customer/${ext}`)).status, 403);
    });

    it('creates nothing when a customer of a later item is disabled', async () => {
      const disabled = await createCustomerAccount(api);
      await api.put(`/v3/ledger/customer/${disabled.customerId}/disable`);
      const ext = externalId('atomic-2');
      const reply = await api.post('/v3/ledger/account/batch', {
        accounts: [
          { currency: 'BTC', customer: { externalId: ext } },
          { currency: 'BTC', customer: { externalId: disabled.externalId } },
        ],
      });
      assert.equal(reply.status, 403);
      assert.equal(reply.body.errorCode, 'customer.disabled');
      assert.equal((await api.get(`/v3/ledger/customer/${ext}`)).body.errorCode, 'customer.not.exists');
    });
  });

  describe('GET /v3/ledger/account/{id}', () => {
    it('returns an inactive account with active:false', async () => {
      const { accountId } = await createCustomerAccount(api);
      await api.put(`/v3/ledger/account/${accountId}/deactivate`);
      const reply = await api.get(`/v3/ledger/account/${accountId}`);
      assert.equal(reply.status, 200);
      assert.equal(reply.body.active, false);
    });

    it('refuses an unknown account with account.not.exists', async () => {
      const reply = await api.get(`/v3/ledger/account/${UNKNOWN_ID}`);
      assert.equal(reply.status, 403);
      assert.deepEqual(reply.body, { statusCode: 403, errorCode: 'account.not.exists', message: 'No such account.' });
    });
  });

  describe('GET /v3/ledger/account/customer/{id}', () => {
    it('lists the active accounts of a customer, paged, filtered by accountCode', async () => {
      const { customerId, externalId: ext, accountId } = await createCustomerAccount(api, {}, { accountCode: 'A' });
      const ids = [accountId];
      for (const code of ['B', 'A', 'A']) {
        const reply = await api.post('/v3/ledger/account', {
          currency: 'BTC',
          accountCode: code,
          customer: { externalId: ext },
        });
        ids.push(reply.body.id);
      }
      await api.put(`/v3/ledger/account/${ids[2]}/deactivate`);

      const list = await api.get(`/v3/ledger/account/customer/${customerId}?pageSize=50`);
      assert.deepEqual(
        list.body.map((a: { id: string }) => a.id),
        [ids[0], ids[1], ids[3]],
      );
      const paged = await api.get(`/v3/ledger/account/customer/${customerId}?pageSize=1&offset=1`);
      assert.deepEqual(
        paged.body.map((a: { id: string }) => a.id),
        [ids[1]],
      );
      const coded = await api.get(`/v3/ledger/account/customer/${customerId}?pageSize=50&accountCode=A`);
      assert.deepEqual(
        coded.body.map((a: { id: string }) => a.id),
        [ids[0], ids[3]],
      );
    });

    it('refuses an unknown customer with customer.internal.not.exists', async () => {
      const reply = await api.get(`/v3/ledger/account/customer/${UNKNOWN_ID}?pageSize=10`);
      assert.equal(reply.status, 403);
      assert.equal(reply.body.errorCode, 'customer.internal.not.exists');
    });
  });

  describe('activate and deactivate', () => {
    it('refuses repeated transitions with account.active and account.inactive', async () => {
      const { accountId } = await createCustomerAccount(api);
      const activate = await api.put(`/v3/ledger/account/${accountId}/activate`);
      assert.equal(activate.status, 403);
      assert.equal(activate.body.errorCode, 'account.active');
      assert.equal((await api.put(`/v3/ledger/account/${accountId}/deactivate`)).status, 204);
      const again = await api.put(`/v3/ledger/account/${accountId}/deactivate`);
      assert.equal(again.status, 403);
      assert.equal(again.body.errorCode, 'account.inactive');
      assert.equal((await api.put(`/v3/ledger/account/${accountId}/activate`)).status, 204);
      assert.equal((await api.get(`/v3/ledger/account/${accountId}`)).body.active, true);
    });

    it('refuses to deactivate an account with a balance (account.balance.non.zero)', async () => {
      const { accountId } = await createCustomerAccount(api);
      // Value enters a ledger only through virtual currencies, which come with the money routes; the
      // balance is set directly here to show the rule.
      await t.db.query('UPDATE accounts SET balance = 1.5 WHERE id = $1', [accountId]);
      const reply = await api.put(`/v3/ledger/account/${accountId}/deactivate`);
      assert.equal(reply.status, 403);
      assert.equal(reply.body.errorCode, 'account.balance.non.zero');
      assert.equal((await api.get(`/v3/ledger/account/${accountId}`)).body.active, true);
    });

    it('refuses unknown accounts with account.not.exists', async () => {
      for (const verb of ['activate', 'deactivate']) {
        const reply = await api.put(`/v3/ledger/account/${UNKNOWN_ID}/${verb}`);
        assert.equal(reply.status, 403);
        assert.equal(reply.body.errorCode, 'account.not.exists');
      }
    });

    it('reads balances as exact decimal strings', async () => {
      const { accountId } = await createCustomerAccount(api);
      await t.db.query('UPDATE accounts SET balance = $2 WHERE id = $1', [
        accountId,
        '12345678901234567890.123456789012',
      ]);
      const { body } = await api.get(`/v3/ledger/account/${accountId}`);
      assert.deepEqual(body.balance, {
        accountBalance: '12345678901234567890.123456789012',
        availableBalance: '12345678901234567890.123456789012',
      });
    });
  });
});
