import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError, TatumApi } from '@tatumio/api-client';
import {
  account,
  apiClientRefusals,
  assertId,
  customer,
  customerNotExists,
  forbidden,
  newExternalId,
  startCompatServer,
  subscriptionInvalid,
  UNKNOWN_ID,
  type CompatServer,
} from './support.js';

// TatumApi() takes TATUM_API_URL over its url argument (docs/compatibility/api-client-2.md), so a value
// left in the environment would send this suite to another server.
delete process.env.TATUM_API_URL;

let server: CompatServer;

/**
 * The client's base URL and key are globals (OpenAPI.BASE/HEADERS) that TatumApi() sets, so every call
 * goes through here to pick its key; calls are awaited one at a time for the same reason.
 */
function ledger(key: string = server.t.keys.testnet) {
  return TatumApi(key, server.url).ledger;
}

const { refused, invalid } = apiClientRefusals(ApiError);

/** One account with a new customer; the customer is the only thing the caller wants from it. */
async function newCustomer(key?: string, fields: Record<string, string> = {}) {
  const externalId = newExternalId('ac');
  const created = await ledger(key).account.createAccount({ currency: 'BTC', customer: { externalId, ...fields } });
  assertId(created.customerId);
  return { externalId, id: created.customerId, accountId: created.id };
}

describe('@tatumio/api-client 2.2.103', () => {
  before(async () => {
    server = await startCompatServer();
  });
  after(() => server.close());

  describe('account creation', () => {
    it('createAccount creates the customer it names and a later one updates it (upsert by externalId)', async () => {
      const externalId = newExternalId('ac-upsert');
      const first = await ledger().account.createAccount({
        currency: 'BTC',
        customer: { externalId, accountingCurrency: 'USD', customerCountry: 'US', providerCountry: 'DE' },
        accountCode: 'AC_1',
        accountNumber: 'N-1',
      });
      assertId(first.id);
      assertId(first.customerId);
      assert.deepEqual(
        first,
        account({
          id: first.id,
          currency: 'BTC',
          customerId: first.customerId,
          accountCode: 'AC_1',
          accountNumber: 'N-1',
          accountingCurrency: 'USD',
        }),
      );

      const second = await ledger().account.createAccount({
        currency: 'ETH',
        customer: { externalId, customerCountry: 'CZ' },
      });
      assert.deepEqual(
        second,
        account({ id: second.id, currency: 'ETH', customerId: first.customerId, accountingCurrency: 'USD' }),
      );
      assert.notEqual(second.id, first.id);

      assert.deepEqual(
        await ledger().customer.getCustomerByExternalOrInternalId(first.customerId),
        customer({
          externalId,
          id: first.customerId,
          accountingCurrency: 'USD',
          customerCountry: 'CZ',
          providerCountry: 'DE',
        }),
      );
    });

    it('createAccount without a customer makes an account of no customer', async () => {
      const created = await ledger().account.createAccount({ currency: 'LTC', accountingCurrency: 'CZK' });
      assert.deepEqual(created, account({ id: created.id, currency: 'LTC', accountingCurrency: 'CZK' }));
    });

    it('createAccountBatch creates every account in request order, upserting their customers', async () => {
      const existing = await newCustomer();
      const fresh = newExternalId('ac-batch');
      const created = await ledger().account.createAccountBatch({
        accounts: [
          { currency: 'BTC', customer: { externalId: fresh, providerCountry: 'SK' } },
          { currency: 'ETH', customer: { externalId: existing.externalId }, accountCode: 'B_2' },
          { currency: 'BTC', customer: { externalId: fresh } },
        ],
      });
      assert.equal(created.length, 3);
      const freshId = created[0]!.customerId;
      assertId(freshId);
      assert.deepEqual(created, [
        account({ id: created[0]!.id, currency: 'BTC', customerId: freshId }),
        account({ id: created[1]!.id, currency: 'ETH', customerId: existing.id, accountCode: 'B_2' }),
        account({ id: created[2]!.id, currency: 'BTC', customerId: freshId }),
      ]);
      assert.deepEqual(
        await ledger().customer.getCustomerByExternalOrInternalId(fresh),
        customer({ externalId: fresh, id: freshId, providerCountry: 'SK' }),
      );
    });

    it('getAccountByAccountId, getAccountsByCustomerId and deactivateAccount', async () => {
      const c = await newCustomer();
      const more = await ledger().account.createAccountBatch({
        accounts: [
          { currency: 'ETH', customer: { externalId: c.externalId } },
          { currency: 'LTC', customer: { externalId: c.externalId }, accountCode: 'HOT' },
        ],
      });
      const first = await ledger().account.getAccountByAccountId(c.accountId);
      assert.deepEqual(first, account({ id: c.accountId, currency: 'BTC', customerId: c.id }));
      const all = [first, ...more];

      assert.deepEqual(await ledger().account.getAccountsByCustomerId(50, c.id), all);
      assert.deepEqual(await ledger().account.getAccountsByCustomerId(2, c.id, 1), all.slice(1));
      assert.deepEqual(await ledger().account.getAccountsByCustomerId(50, c.id, 3), []);
      assert.deepEqual(await ledger().account.getAccountsByCustomerId(50, c.id, undefined, 'HOT'), [more[1]]);

      assert.equal(await ledger().account.deactivateAccount(more[0]!.id), undefined);
      assert.deepEqual(await ledger().account.getAccountByAccountId(more[0]!.id), { ...more[0]!, active: false });
      assert.deepEqual(await ledger().account.getAccountsByCustomerId(50, c.id), [first, more[1]]);

      await refused(ledger().account.deactivateAccount(more[0]!.id), {
        statusCode: 403,
        errorCode: 'account.inactive',
        message: 'Unable to deactivate inactive account.',
      });
    });

    it('refuses unknown accounts with 403 account.not.exists', async () => {
      await refused(ledger().account.getAccountByAccountId(UNKNOWN_ID), forbidden('account.not.exists'));
      await refused(ledger().account.deactivateAccount(UNKNOWN_ID), forbidden('account.not.exists'));
    });

    it('refuses accounts for an inactive customer (customer.not.active) and a disabled one', async () => {
      const inactive = await newCustomer();
      await ledger().account.deactivateAccount(inactive.accountId);
      await ledger().customer.deactivateCustomer(inactive.id);
      await refused(
        ledger().account.createAccount({ currency: 'BTC', customer: { externalId: inactive.externalId } }),
        forbidden('customer.not.active'),
      );

      const disabled = await newCustomer();
      await ledger().customer.disableCustomer(disabled.id);
      // Tatum names no code for this; the server's extension reuses customer.disabled
      // (docs/decisions/0012-disabled-customer.md).
      await assert.rejects(
        Promise.resolve(
          ledger().account.createAccount({ currency: 'BTC', customer: { externalId: disabled.externalId } }),
        ),
        (error: unknown) =>
          error instanceof ApiError && error.status === 403 && error.body.errorCode === 'customer.disabled',
      );
      assert.deepEqual(await ledger().account.getAccountsByCustomerId(50, disabled.id), [
        account({ id: disabled.accountId, currency: 'BTC', customerId: disabled.id }),
      ]);
    });
  });

  describe('customers', () => {
    it('findAllCustomers lists every customer of the ledger, paged by pageSize and offset', async () => {
      const tenant = await server.t.newTenant();
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await newCustomer(tenant.testnet));
      await ledger(tenant.testnet).customer.disableCustomer(made[1]!.id);
      const expected = [
        customer({ externalId: made[0]!.externalId, id: made[0]!.id }),
        customer({ externalId: made[1]!.externalId, id: made[1]!.id, enabled: false }),
        customer({ externalId: made[2]!.externalId, id: made[2]!.id }),
      ];

      const customers = ledger(tenant.testnet).customer;
      assert.deepEqual(await customers.findAllCustomers(50), expected);
      assert.deepEqual(await customers.findAllCustomers(2), expected.slice(0, 2));
      assert.deepEqual(await customers.findAllCustomers(2, 1), expected.slice(1));
      assert.deepEqual(await customers.findAllCustomers(50, 3), []);
    });

    it('getCustomerByExternalOrInternalId finds a customer by internal id and by external id', async () => {
      const c = await newCustomer(undefined, {
        accountingCurrency: 'GBP',
        customerCountry: 'GB',
        providerCountry: 'IE',
      });
      const expected = customer({
        externalId: c.externalId,
        id: c.id,
        accountingCurrency: 'GBP',
        customerCountry: 'GB',
        providerCountry: 'IE',
      });
      assert.deepEqual(await ledger().customer.getCustomerByExternalOrInternalId(c.id), expected);
      assert.deepEqual(await ledger().customer.getCustomerByExternalOrInternalId(c.externalId), expected);
    });

    it('getCustomerByExternalOrInternalId finds an external id with a space (the client percent-encodes it)', async () => {
      const externalId = `${newExternalId('ac')} with space`;
      const created = await ledger().account.createAccount({ currency: 'BTC', customer: { externalId } });
      assert.deepEqual(
        await ledger().customer.getCustomerByExternalOrInternalId(externalId),
        customer({ externalId, id: created.customerId! }),
      );
    });

    it('updateCustomer returns the full Customer and keeps the fields not given', async () => {
      const c = await newCustomer(undefined, { customerCountry: 'US', providerCountry: 'US' });
      const renamed = newExternalId('ac-renamed');
      const updated = await ledger().customer.updateCustomer(c.id, {
        externalId: renamed,
        accountingCurrency: 'CHF',
        providerCountry: 'CH',
      });
      const expected = customer({
        externalId: renamed,
        id: c.id,
        accountingCurrency: 'CHF',
        customerCountry: 'US',
        providerCountry: 'CH',
      });
      assert.deepEqual(updated, expected);
      assert.deepEqual(await ledger().customer.getCustomerByExternalOrInternalId(renamed), expected);
      await refused(ledger().customer.getCustomerByExternalOrInternalId(c.externalId), customerNotExists(c.externalId));
    });

    it('activate, deactivate, enable and disable resolve undefined, and refuse the wrong state with 403', async () => {
      const c = await newCustomer();
      const customers = ledger().customer;
      const state = async () => {
        const { enabled, active } = await ledger().customer.getCustomerByExternalOrInternalId(c.id);
        return { enabled, active };
      };

      await refused(customers.activateCustomer(c.id), forbidden('customer.active'));
      await refused(customers.enableCustomer(c.id), forbidden('customer.enabled'));

      assert.equal(await customers.disableCustomer(c.id), undefined);
      assert.deepEqual(await state(), { enabled: false, active: true });
      await refused(customers.disableCustomer(c.id), forbidden('customer.disabled'));
      assert.equal(await customers.enableCustomer(c.id), undefined);
      assert.deepEqual(await state(), { enabled: true, active: true });

      await refused(customers.deactivateCustomer(c.id), forbidden('customer.deactivate.account.active'));
      await ledger().account.deactivateAccount(c.accountId);
      assert.equal(await customers.deactivateCustomer(c.id), undefined);
      assert.deepEqual(await state(), { enabled: true, active: false });

      await refused(customers.deactivateCustomer(c.id), forbidden('customer.inactive'));
      await refused(customers.enableCustomer(c.id), forbidden('customer.inactive'));
      await refused(customers.disableCustomer(c.id), forbidden('customer.inactive'));

      assert.equal(await customers.activateCustomer(c.id), undefined);
      assert.deepEqual(await state(), { enabled: true, active: true });
      const again = await ledger().account.createAccount({ currency: 'BTC', customer: { externalId: c.externalId } });
      assert.equal(again.customerId, c.id);
    });

    it('refuses unknown customers: customer.not.exists by lookup, customer.internal.not.exists by internal id', async () => {
      await refused(
        ledger().customer.getCustomerByExternalOrInternalId('nobody-here'),
        customerNotExists('nobody-here'),
      );
      await refused(ledger().customer.getCustomerByExternalOrInternalId(UNKNOWN_ID), customerNotExists(UNKNOWN_ID));
      const gone = forbidden('customer.internal.not.exists');
      await refused(ledger().customer.updateCustomer(UNKNOWN_ID, { externalId: 'x' }), gone);
      await refused(ledger().customer.activateCustomer(UNKNOWN_ID), gone);
      await refused(ledger().customer.deactivateCustomer(UNKNOWN_ID), gone);
      await refused(ledger().customer.enableCustomer(UNKNOWN_ID), gone);
      await refused(ledger().customer.disableCustomer(UNKNOWN_ID), gone);
      await refused(ledger().account.getAccountsByCustomerId(50, UNKNOWN_ID), gone);
    });

    it('refuses what breaks a server-side bound with 400 validation.failed (the client checks nothing)', async () => {
      await invalid(ledger().customer.findAllCustomers(51), 'pageSize', 'max');
      await invalid(ledger().customer.findAllCustomers(0), 'pageSize', 'min');
      const c = await newCustomer();
      await invalid(ledger().customer.updateCustomer(c.id, { externalId: '' }), 'externalId', 'isLength');
      await invalid(
        ledger().customer.updateCustomer(c.id, { externalId: 'x', customerCountry: 'XX' as never }),
        'customerCountry',
        'isIn',
      );
      await invalid(ledger().account.getAccountsByCustomerId(51, c.id), 'pageSize', 'max');
      assert.deepEqual(
        await ledger().customer.getCustomerByExternalOrInternalId(c.id),
        customer({ externalId: c.externalId, id: c.id }),
      );
    });
  });

  describe('keys and ledgers', () => {
    it('refuses an unknown key with 401 subscription.invalid', async () => {
      await refused(ledger('not-a-real-key').customer.findAllCustomers(10), subscriptionInvalid('not-…'));
    });

    it('keeps a customer made with the testnet key invisible to the mainnet key', async () => {
      const c = await newCustomer(server.t.keys.testnet);
      const mainnet = server.t.keys.mainnet;
      await refused(ledger(mainnet).customer.getCustomerByExternalOrInternalId(c.id), customerNotExists(c.id));
      await refused(
        ledger(mainnet).customer.getCustomerByExternalOrInternalId(c.externalId),
        customerNotExists(c.externalId),
      );
      await refused(ledger(mainnet).customer.disableCustomer(c.id), forbidden('customer.internal.not.exists'));
      await refused(ledger(mainnet).account.getAccountByAccountId(c.accountId), forbidden('account.not.exists'));
      const listed = await ledger(mainnet).customer.findAllCustomers(50);
      assert.ok(!listed.some((x) => x.id === c.id || x.externalId === c.externalId));

      // The same externalId on mainnet is a different customer; testnet's is untouched.
      const twin = await ledger(mainnet).account.createAccount({
        currency: 'BTC',
        customer: { externalId: c.externalId, customerCountry: 'FR' },
      });
      assert.notEqual(twin.customerId, c.id);
      assert.deepEqual(
        await ledger(server.t.keys.testnet).customer.getCustomerByExternalOrInternalId(c.externalId),
        customer({ externalId: c.externalId, id: c.id }),
      );
    });
  });
});
