import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  balanceOf,
  createAccountIn,
  createCustomerAccount,
  createVirtualCurrency,
  externalId,
  pay,
} from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';

const UNKNOWN_ID = 'aaaaaaaaaaaaaaaaaaaaaaaa';

describe('customer routes', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  describe('GET /v3/ledger/customer', () => {
    it('lists every customer oldest first, paged by item offset', async () => {
      const tenant = await t.newTenant();
      const own = t.client(tenant.testnet);
      const made = [];
      for (let i = 0; i < 5; i++) made.push(await createCustomerAccount(own));

      const all = await own.get('/v3/ledger/customer?pageSize=50');
      assert.equal(all.status, 200);
      assert.deepEqual(
        all.body.map((c: { externalId: string }) => c.externalId),
        made.map((m) => m.externalId),
      );

      const page = await own.get('/v3/ledger/customer?pageSize=2&offset=3');
      assert.deepEqual(
        page.body.map((c: { id: string }) => c.id),
        [made[3]!.customerId, made[4]!.customerId],
      );
      assert.deepEqual((await own.get('/v3/ledger/customer?pageSize=2&offset=5')).body, []);
    });

    it('includes inactive and disabled customers', async () => {
      const tenant = await t.newTenant();
      const own = t.client(tenant.testnet);
      const a = await createCustomerAccount(own);
      const b = await createCustomerAccount(own);
      assert.equal((await own.put(`/v3/ledger/customer/${a.customerId}/disable`)).status, 204);
      assert.equal((await own.put(`/v3/ledger/account/${b.accountId}/deactivate`)).status, 204);
      assert.equal((await own.put(`/v3/ledger/customer/${b.customerId}/deactivate`)).status, 204);

      const list = await own.get('/v3/ledger/customer?pageSize=10');
      assert.deepEqual(
        list.body.map((c: { id: string; enabled: boolean; active: boolean }) => [c.id, c.enabled, c.active]),
        [
          [a.customerId, false, true],
          [b.customerId, true, false],
        ],
      );
    });
  });

  describe('GET /v3/ledger/customer/{id}', () => {
    it('finds a customer by internal id and by external id, with the Customer shape', async () => {
      const ext = externalId('lookup');
      const { customerId } = await createCustomerAccount(api, {
        externalId: ext,
        accountingCurrency: 'USD',
        customerCountry: 'US',
        providerCountry: 'DE',
      });
      const expected = {
        externalId: ext,
        id: customerId,
        enabled: true,
        active: true,
        accountingCurrency: 'USD',
        customerCountry: 'US',
        providerCountry: 'DE',
      };
      assert.deepEqual((await api.get(`/v3/ledger/customer/${customerId}`)).body, expected);
      assert.deepEqual((await api.get(`/v3/ledger/customer/${ext}`)).body, expected);
    });

    it('serialises unset countries as null and defaults accountingCurrency to EUR', async () => {
      const { customerId } = await createCustomerAccount(api);
      const { body } = await api.get(`/v3/ledger/customer/${customerId}`);
      assert.equal(body.accountingCurrency, 'EUR');
      assert.equal(body.customerCountry, null);
      assert.equal(body.providerCountry, null);
    });

    it('decodes percent-encoded external ids', async () => {
      const ext = `ext 1 ${process.pid}`;
      const { customerId } = await createCustomerAccount(api, { externalId: ext });
      const reply = await api.get(`/v3/ledger/customer/${encodeURIComponent(ext)}`);
      assert.equal(reply.status, 200);
      assert.equal(reply.body.id, customerId);
    });

    it('prefers the internal id when another customer holds it as external id', async () => {
      const first = await createCustomerAccount(api);
      const second = await createCustomerAccount(api, { externalId: first.customerId });
      assert.equal((await api.get(`/v3/ledger/customer/${first.customerId}`)).body.id, first.customerId);
      assert.notEqual(second.customerId, first.customerId);
    });

    it('refuses an unknown id with 403 customer.not.exists', async () => {
      const reply = await api.get('/v3/ledger/customer/nobody-here');
      assert.equal(reply.status, 403);
      assert.deepEqual(reply.body, {
        statusCode: 403,
        errorCode: 'customer.not.exists',
        message: 'No customer with given external ID nobody-here exists.',
      });
    });
  });

  describe('PUT /v3/ledger/customer/{id}', () => {
    it('updates the fields present and keeps the others', async () => {
      const { customerId } = await createCustomerAccount(api, { customerCountry: 'US', providerCountry: 'US' });
      const newExt = externalId('renamed');
      const reply = await api.put(`/v3/ledger/customer/${customerId}`, { externalId: newExt, providerCountry: 'CZ' });
      assert.equal(reply.status, 200);
      assert.deepEqual(reply.body, {
        externalId: newExt,
        id: customerId,
        enabled: true,
        active: true,
        accountingCurrency: 'EUR',
        customerCountry: 'US',
        providerCountry: 'CZ',
      });
      assert.deepEqual((await api.get(`/v3/ledger/customer/${newExt}`)).body, reply.body);
    });

    it('keeps the same externalId without complaint', async () => {
      const { customerId, externalId: ext } = await createCustomerAccount(api);
      const reply = await api.put(`/v3/ledger/customer/${customerId}`, { externalId: ext, accountingCurrency: 'CZK' });
      assert.equal(reply.status, 200);
      assert.equal(reply.body.accountingCurrency, 'CZK');
    });

    it("refuses to take another customer's externalId and changes nothing", async () => {
      const a = await createCustomerAccount(api);
      const b = await createCustomerAccount(api);
      const reply = await api.put(`/v3/ledger/customer/${b.customerId}`, {
        externalId: a.externalId,
        customerCountry: 'FR',
      });
      assert.equal(reply.status, 403);
      assert.equal(reply.body.errorCode, 'customer.externalId.exists');
      const after = (await api.get(`/v3/ledger/customer/${b.customerId}`)).body;
      assert.equal(after.externalId, b.externalId);
      assert.equal(after.customerCountry, null);
    });

    it('refuses an unknown customer with customer.internal.not.exists', async () => {
      const reply = await api.put(`/v3/ledger/customer/${UNKNOWN_ID}`, { externalId: 'x' });
      assert.equal(reply.status, 403);
      assert.deepEqual(reply.body, {
        statusCode: 403,
        errorCode: 'customer.internal.not.exists',
        message: 'No such customer.',
      });
    });

    it('requires externalId', async () => {
      const { customerId } = await createCustomerAccount(api);
      const reply = await api.put(`/v3/ledger/customer/${customerId}`, { customerCountry: 'US' });
      assert.equal(reply.status, 400);
      assert.equal(reply.body.errorCode, 'validation.failed');
      assert.equal(reply.body.data[0].property, 'externalId');
    });
  });

  describe('lifecycle: activate, deactivate, enable, disable', () => {
    const action = (id: string, verb: string) => api.put(`/v3/ledger/customer/${id}/${verb}`);
    const refusal = async (id: string, verb: string, errorCode: string) => {
      const reply = await action(id, verb);
      assert.equal(reply.status, 403, `${verb}: ${JSON.stringify(reply.body)}`);
      assert.equal(reply.body.errorCode, errorCode);
      assert.equal(reply.body.statusCode, 403);
      assert.equal(typeof reply.body.message, 'string');
    };
    const state = async (id: string) => {
      const { body } = await api.get(`/v3/ledger/customer/${id}`);
      return { active: body.active, enabled: body.enabled };
    };

    it('answers 204 with no body and changes the flags', async () => {
      const { customerId } = await createCustomerAccount(api);
      const disabled = await action(customerId, 'disable');
      assert.equal(disabled.status, 204);
      assert.equal(disabled.body, '');
      assert.deepEqual(await state(customerId), { active: true, enabled: false });
      assert.equal((await action(customerId, 'enable')).status, 204);
      assert.deepEqual(await state(customerId), { active: true, enabled: true });
    });

    it('refuses repeated transitions', async () => {
      const { customerId, accountId } = await createCustomerAccount(api);
      await refusal(customerId, 'activate', 'customer.active');
      await refusal(customerId, 'enable', 'customer.enabled');
      assert.equal((await action(customerId, 'disable')).status, 204);
      await refusal(customerId, 'disable', 'customer.disabled');
      assert.equal((await api.put(`/v3/ledger/account/${accountId}/deactivate`)).status, 204);
      assert.equal((await action(customerId, 'deactivate')).status, 204);
      await refusal(customerId, 'deactivate', 'customer.inactive');
    });

    it('deactivates only once every account is inactive', async () => {
      const { customerId, externalId: ext, accountId } = await createCustomerAccount(api);
      const second = await api.post('/v3/ledger/account', { currency: 'ETH', customer: { externalId: ext } });
      await refusal(customerId, 'deactivate', 'customer.deactivate.account.active');
      assert.deepEqual(await state(customerId), { active: true, enabled: true });

      assert.equal((await api.put(`/v3/ledger/account/${accountId}/deactivate`)).status, 204);
      await refusal(customerId, 'deactivate', 'customer.deactivate.account.active');
      assert.equal((await api.put(`/v3/ledger/account/${second.body.id}/deactivate`)).status, 204);
      assert.equal((await action(customerId, 'deactivate')).status, 204);
      assert.deepEqual(await state(customerId), { active: false, enabled: true });
    });

    it('refuses enable and disable on an inactive customer, and account creation for it', async () => {
      const { customerId, accountId, externalId: ext } = await createCustomerAccount(api);
      await api.put(`/v3/ledger/account/${accountId}/deactivate`);
      assert.equal((await action(customerId, 'deactivate')).status, 204);
      await refusal(customerId, 'enable', 'customer.inactive');
      await refusal(customerId, 'disable', 'customer.inactive');

      const created = await api.post('/v3/ledger/account', { currency: 'BTC', customer: { externalId: ext } });
      assert.equal(created.status, 403);
      assert.equal(created.body.errorCode, 'customer.not.active');
      const activated = await api.put(`/v3/ledger/account/${accountId}/activate`);
      assert.equal(activated.body.errorCode, 'account.customer.inactive');

      assert.equal((await action(customerId, 'activate')).status, 204);
      assert.deepEqual(await state(customerId), { active: true, enabled: true });
      assert.equal((await api.put(`/v3/ledger/account/${accountId}/activate`)).status, 204);
    });

    it('refuses unknown customers on every action with customer.internal.not.exists', async () => {
      for (const verb of ['activate', 'deactivate', 'enable', 'disable']) {
        await refusal(UNKNOWN_ID, verb, 'customer.internal.not.exists');
      }
    });

    it("reads a disabled customer's available balance as 0 while the account balance stays", async () => {
      // A funded account: an unfunded one reads 0 available whether or not the rule holds.
      const { name, issuerId } = await createVirtualCurrency(api, '25');
      const { customerId, accountId } = await createAccountIn(api, name);
      assert.equal((await pay(api, issuerId, accountId, '25')).status, 200);
      assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '25', availableBalance: '25' });
      await action(customerId, 'disable');
      assert.deepEqual((await api.get(`/v3/ledger/account/${accountId}`)).body.balance, {
        accountBalance: '25',
        availableBalance: '0',
      });
      await action(customerId, 'enable');
      assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '25', availableBalance: '25' });
    });
  });
});
