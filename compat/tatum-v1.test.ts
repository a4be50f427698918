import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
// The package root does not re-export the Country enum its CustomerUpdate validates against.
import { Country } from '@tatumio/tatum/dist/src/model/request/Country.js';
import {
  account,
  assertId,
  assertValidationFailed,
  customer,
  customerNotExists,
  forbidden,
  newExternalId,
  startCompatServer,
  subscriptionInvalid,
  UNKNOWN_ID,
  type AxiosLikeError,
  type CompatServer,
  type ErrorBody,
  v1Refusals,
} from './support.js';

// The client reads its retry count once, when it is loaded, so it is set before the dynamic import.
// Retries stay on, as for real users, with a short delay: a 5xx on a PUT would be replayed and show up
// as more than one request in `seen`, which `refused` checks.
process.env.TATUM_RETRIES = '2';
process.env.TATUM_RETRY_DELAY = '10';
const v1 = await import('@tatumio/tatum');
const { Fiat } = v1;

// Not used: v1's activateAccount requests `v3/ledger/account/{id}/activate` without the leading slash
// (docs/compatibility/tatum-1.md), so it reaches `http://127.0.0.1:PORTv3/...`, which no server can answer.

// The actions are typed Promise<void>, but v1 resolves axios's `data`, which for a 204 with no body
// (what the contract prescribes, and what Tatum sends) is the empty string.
const NO_CONTENT = '';

let server: CompatServer;

/** The client takes its server and key from the environment on every request. */
function as(key: string): void {
  process.env.TATUM_API_URL = server.url;
  process.env.TATUM_API_KEY = key;
}

const { refused, refusedLocally } = v1Refusals(() => server);

/** One account with a new customer; the customer is the only thing the caller wants from it. */
async function newCustomer(fields: { customerCountry?: Country } = {}) {
  const externalId = newExternalId('v1');
  const created = await v1.createAccount({ currency: 'BTC', customer: { externalId, ...fields } });
  assertId(created.customerId);
  return { externalId, id: created.customerId, accountId: created.id };
}

describe('@tatumio/tatum 1.37.68', () => {
  before(async () => {
    server = await startCompatServer();
    as(server.t.keys.testnet);
  });
  after(() => server.close());

  describe('account creation', () => {
    it('createAccount creates the customer it names and a later one updates it (upsert by externalId)', async () => {
      const externalId = newExternalId('v1-upsert');
      const first = await v1.createAccount({
        currency: 'BTC',
        customer: {
          externalId,
          accountingCurrency: Fiat.USD,
          customerCountry: Country.US,
          providerCountry: Country.DE,
        },
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

      const second = await v1.createAccount({ currency: 'ETH', customer: { externalId, customerCountry: Country.CZ } });
      assert.deepEqual(
        second,
        account({ id: second.id, currency: 'ETH', customerId: first.customerId, accountingCurrency: 'USD' }),
      );
      assert.notEqual(second.id, first.id);

      assert.deepEqual(
        await v1.getCustomer(first.customerId),
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
      const created = await v1.createAccount({ currency: 'LTC', accountingCurrency: Fiat.CZK });
      assert.deepEqual(created, account({ id: created.id, currency: 'LTC', accountingCurrency: 'CZK' }));
    });

    it('createAccounts creates every account in request order, upserting their customers', async () => {
      const existing = await newCustomer();
      const fresh = newExternalId('v1-batch');
      const created = await v1.createAccounts({
        accounts: [
          { currency: 'BTC', customer: { externalId: fresh, providerCountry: Country.SK } },
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
        await v1.getCustomer(fresh),
        customer({ externalId: fresh, id: freshId, providerCountry: 'SK' }),
      );
    });

    it('getAccountById, getAccountsByCustomerId and deactivateAccount', async () => {
      const c = await newCustomer();
      const more = await v1.createAccounts({
        accounts: [
          { currency: 'ETH', customer: { externalId: c.externalId } },
          { currency: 'LTC', customer: { externalId: c.externalId } },
        ],
      });
      const first = await v1.getAccountById(c.accountId);
      assert.deepEqual(first, account({ id: c.accountId, currency: 'BTC', customerId: c.id }));
      const all = [first, ...more];

      assert.deepEqual(await v1.getAccountsByCustomerId(c.id), all);
      assert.deepEqual(await v1.getAccountsByCustomerId(c.id, 2, 1), all.slice(1));
      assert.deepEqual(await v1.getAccountsByCustomerId(c.id, 50, 3), []);

      assert.equal(await v1.deactivateAccount(more[0]!.id), NO_CONTENT);
      assert.deepEqual(await v1.getAccountById(more[0]!.id), { ...more[0]!, active: false });
      assert.deepEqual(await v1.getAccountsByCustomerId(c.id), [first, more[1]]);

      await refused(() => v1.deactivateAccount(more[0]!.id), {
        statusCode: 403,
        errorCode: 'account.inactive',
        message: 'Unable to deactivate inactive account.',
      });
    });

    it('refuses unknown accounts with 403 account.not.exists', async () => {
      await refused(() => v1.getAccountById(UNKNOWN_ID), forbidden('account.not.exists'));
      await refused(() => v1.deactivateAccount(UNKNOWN_ID), forbidden('account.not.exists'));
    });

    it('refuses accounts for an inactive customer (customer.not.active) and a disabled one', async () => {
      const inactive = await newCustomer();
      await v1.deactivateAccount(inactive.accountId);
      await v1.deactivateCustomer(inactive.id);
      await refused(
        () => v1.createAccount({ currency: 'BTC', customer: { externalId: inactive.externalId } }),
        forbidden('customer.not.active'),
      );

      const disabled = await newCustomer();
      await v1.disableCustomer(disabled.id);
      // Tatum names no code for this; the server's extension reuses customer.disabled
      // (docs/decisions/0012-disabled-customer.md).
      await assert.rejects(
        v1.createAccount({ currency: 'BTC', customer: { externalId: disabled.externalId } }),
        (error: AxiosLikeError) =>
          error.response?.status === 403 && (error.response.data as ErrorBody).errorCode === 'customer.disabled',
      );
      assert.deepEqual(await v1.getAccountsByCustomerId(disabled.id), [
        account({ id: disabled.accountId, currency: 'BTC', customerId: disabled.id }),
      ]);
    });
  });

  describe('customers', () => {
    it('getAllCustomers lists every customer of the ledger, paged by pageSize and offset', async () => {
      const tenant = await server.t.newTenant();
      as(tenant.testnet);
      try {
        const made = [];
        for (let i = 0; i < 3; i++) made.push(await newCustomer());
        await v1.disableCustomer(made[1]!.id);
        const expected = [
          customer({ externalId: made[0]!.externalId, id: made[0]!.id }),
          customer({ externalId: made[1]!.externalId, id: made[1]!.id, enabled: false }),
          customer({ externalId: made[2]!.externalId, id: made[2]!.id }),
        ];

        const before = server.seen.length;
        assert.deepEqual(await v1.getAllCustomers(), expected);
        assert.deepEqual(server.seen.slice(before), ['GET /v3/ledger/customer?pageSize=50&offset=0']);
        assert.deepEqual(await v1.getAllCustomers(2), expected.slice(0, 2));
        assert.deepEqual(await v1.getAllCustomers(2, 1), expected.slice(1));
        assert.deepEqual(await v1.getAllCustomers(50, 3), []);
      } finally {
        as(server.t.keys.testnet);
      }
    });

    it('getCustomer finds a customer by internal id and by external id', async () => {
      const externalId = newExternalId('v1-lookup');
      const created = await v1.createAccount({
        currency: 'BTC',
        customer: {
          externalId,
          accountingCurrency: Fiat.GBP,
          customerCountry: Country.GB,
          providerCountry: Country.IE,
        },
      });
      const expected = customer({
        externalId,
        id: created.customerId!,
        accountingCurrency: 'GBP',
        customerCountry: 'GB',
        providerCountry: 'IE',
      });
      assert.deepEqual(await v1.getCustomer(created.customerId!), expected);
      assert.deepEqual(await v1.getCustomer(externalId), expected);
    });

    it('getCustomer finds an external id with a space (axios percent-encodes it)', async () => {
      const externalId = `${newExternalId('v1')} with space`;
      const created = await v1.createAccount({ currency: 'BTC', customer: { externalId } });
      assert.deepEqual(await v1.getCustomer(externalId), customer({ externalId, id: created.customerId! }));
    });

    it('updateCustomer returns the full Customer and keeps the fields not given', async () => {
      const c = await newCustomer({ customerCountry: Country.US });
      const renamed = newExternalId('v1-renamed');
      const updated = await v1.updateCustomer(c.id, {
        externalId: renamed,
        accountingCurrency: Fiat.CHF,
        providerCountry: Country.CH,
      });
      // Typed as {id} by the client; the server sends the whole Customer (docs/compatibility/tatum-1.md).
      const expected = customer({
        externalId: renamed,
        id: c.id,
        accountingCurrency: 'CHF',
        customerCountry: 'US',
        providerCountry: 'CH',
      });
      assert.deepEqual(updated, expected);
      assert.deepEqual(await v1.getCustomer(renamed), expected);
      await refused(() => v1.getCustomer(c.externalId), customerNotExists(c.externalId));
    });

    it('activate, deactivate, enable and disable resolve (204), and refuse the wrong state with 403', async () => {
      const c = await newCustomer();
      const state = async () => {
        const { enabled, active } = await v1.getCustomer(c.id);
        return { enabled, active };
      };

      await refused(() => v1.activateCustomer(c.id), forbidden('customer.active'));
      await refused(() => v1.enableCustomer(c.id), forbidden('customer.enabled'));

      assert.equal(await v1.disableCustomer(c.id), NO_CONTENT);
      assert.deepEqual(await state(), { enabled: false, active: true });
      await refused(() => v1.disableCustomer(c.id), forbidden('customer.disabled'));
      assert.equal(await v1.enableCustomer(c.id), NO_CONTENT);
      assert.deepEqual(await state(), { enabled: true, active: true });

      await refused(() => v1.deactivateCustomer(c.id), forbidden('customer.deactivate.account.active'));
      await v1.deactivateAccount(c.accountId);
      assert.equal(await v1.deactivateCustomer(c.id), NO_CONTENT);
      assert.deepEqual(await state(), { enabled: true, active: false });

      await refused(() => v1.deactivateCustomer(c.id), forbidden('customer.inactive'));
      await refused(() => v1.enableCustomer(c.id), forbidden('customer.inactive'));
      await refused(() => v1.disableCustomer(c.id), forbidden('customer.inactive'));

      assert.equal(await v1.activateCustomer(c.id), NO_CONTENT);
      assert.deepEqual(await state(), { enabled: true, active: true });
      const again = await v1.createAccount({ currency: 'BTC', customer: { externalId: c.externalId } });
      assert.equal(again.customerId, c.id);
    });

    it('refuses unknown customers: customer.not.exists by lookup, customer.internal.not.exists by internal id', async () => {
      await refused(() => v1.getCustomer('nobody-here'), customerNotExists('nobody-here'));
      await refused(() => v1.getCustomer(UNKNOWN_ID), customerNotExists(UNKNOWN_ID));
      const gone = forbidden('customer.internal.not.exists');
      await refused(() => v1.updateCustomer(UNKNOWN_ID, { externalId: 'x' }), gone);
      await refused(() => v1.activateCustomer(UNKNOWN_ID), gone);
      await refused(() => v1.deactivateCustomer(UNKNOWN_ID), gone);
      await refused(() => v1.enableCustomer(UNKNOWN_ID), gone);
      await refused(() => v1.disableCustomer(UNKNOWN_ID), gone);
      await refused(() => v1.getAccountsByCustomerId(UNKNOWN_ID), gone);
    });

    it('validates bodies locally and sends nothing when they break its rules; the server sees no change', async () => {
      const c = await newCustomer({ customerCountry: Country.US });
      const fresh = newExternalId('v1-never');
      await refusedLocally(() => v1.updateCustomer(c.id, { externalId: '' }), ['externalId'], 'isLength');
      await refusedLocally(
        () => v1.updateCustomer(c.id, { externalId: 'x', customerCountry: 'XX' as never }),
        ['customerCountry'],
        'isIn',
      );
      await refusedLocally(() => v1.createAccount({ currency: 'B' }), ['currency'], 'isLength');
      await refusedLocally(
        () => v1.createAccount({ currency: 'BTC', customer: { externalId: fresh, customerCountry: 'XX' as never } }),
        ['customer', 'customerCountry'],
        'isIn',
      );
      await refusedLocally(
        () => v1.createAccounts({ accounts: [{ currency: 'BTC', customer: { externalId: '' } }] }),
        ['accounts', '0', 'customer', 'externalId'],
        'isLength',
      );

      assert.deepEqual(
        await v1.getCustomer(c.id),
        customer({ externalId: c.externalId, id: c.id, customerCountry: 'US' }),
      );
      await refused(() => v1.getCustomer(fresh), customerNotExists(fresh));
    });

    it('refuses what breaks a server-side bound with 400 validation.failed', async () => {
      const c = await newCustomer();
      for (const call of [() => v1.getAllCustomers(51), () => v1.getAccountsByCustomerId(c.id, 51)]) {
        const before = server.seen.length;
        await assert.rejects(call(), (error: AxiosLikeError) => {
          assert.equal(error.response?.status, 400);
          assertValidationFailed(error.response.data, 'pageSize', 'max');
          return true;
        });
        assert.equal(server.seen.length - before, 1, 'one request, not retried');
      }
    });
  });

  describe('keys and ledgers', () => {
    it('refuses an unknown key with 401 subscription.invalid', async () => {
      as('not-a-real-key');
      try {
        await refused(() => v1.getAllCustomers(), subscriptionInvalid('not-…'));
      } finally {
        as(server.t.keys.testnet);
      }
    });

    it('keeps a customer made with the testnet key invisible to the mainnet key', async () => {
      const c = await newCustomer();
      as(server.t.keys.mainnet);
      try {
        await refused(() => v1.getCustomer(c.id), customerNotExists(c.id));
        await refused(() => v1.getCustomer(c.externalId), customerNotExists(c.externalId));
        await refused(() => v1.disableCustomer(c.id), forbidden('customer.internal.not.exists'));
        await refused(() => v1.getAccountById(c.accountId), forbidden('account.not.exists'));
        const listed = await v1.getAllCustomers();
        assert.ok(!listed.some((x) => x.id === c.id || x.externalId === c.externalId));

        // The same externalId on mainnet is a different customer; testnet's is untouched.
        const twin = await v1.createAccount({
          currency: 'BTC',
          customer: { externalId: c.externalId, customerCountry: Country.FR },
        });
        assert.notEqual(twin.customerId, c.id);
      } finally {
        as(server.t.keys.testnet);
      }
      assert.deepEqual(await v1.getCustomer(c.externalId), customer({ externalId: c.externalId, id: c.id }));
    });
  });
});
