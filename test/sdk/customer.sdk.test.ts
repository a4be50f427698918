import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LedgerRefusalError, LedgerValidationError } from '../../packages/sdk/src/index.js';
import { newCustomer as createCustomer } from './helpers/fixtures.js';
import {
  externalId,
  NETWORKS,
  otherNetwork,
  startSdkServer,
  type NetworkName,
  type SdkServer,
} from './helpers/sdk-server.js';

// Every CustomerApi method against the real server on a port, through both callers: the mainnet and
// the testnet key address two ledgers, so what one creates the other cannot see.
describe('SDK customer API on the real server', () => {
  let s: SdkServer;
  before(async () => (s = await startSdkServer()));
  after(() => s.close());

  const api = (network: NetworkName) => s.sdk[network]().api();
  const otherOf = otherNetwork;

  const newCustomer = (network: NetworkName, fields: Record<string, string> = {}) =>
    createCustomer(api(network), fields);

  for (const network of NETWORKS) {
    describe(network, () => {
      it('findAllCustomers lists them and pages with offset', async () => {
        const first = await newCustomer(network);
        const second = await newCustomer(network);
        const all = await api(network).customer().findAllCustomers(50);
        const ids = all.map((c) => c.id);
        assert.ok(ids.includes(first.id) && ids.includes(second.id));
        const page = await api(network).customer().findAllCustomers(1, ids.indexOf(second.id));
        assert.deepEqual(
          page.map((c) => c.id),
          [second.id],
        );
        const elsewhere = await api(otherOf(network)).customer().findAllCustomers(50);
        assert.ok(!elsewhere.some((c) => c.id === first.id), 'not listed on the other network');
      });

      it('getCustomerByExternalOrInternalId finds by either id, on its own network only', async () => {
        const customer = await newCustomer(network, { customerCountry: 'DE' });
        const byId = await api(network).customer().getCustomerByExternalOrInternalId(customer.id);
        assert.equal(byId.externalId, customer.externalId);
        assert.equal(byId.customerCountry, 'DE');
        assert.deepEqual(await api(network).customer().getCustomerByExternalOrInternalId(customer.externalId), byId);
        await assert.rejects(
          api(otherOf(network)).customer().getCustomerByExternalOrInternalId(customer.id),
          (e: unknown) =>
            e instanceof LedgerRefusalError &&
            e.statusCode === 403 &&
            e.errorCode === 'customer.not.exists' &&
            // The id the server made for the call and logs it under (README, Operating it).
            /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(e.requestId ?? ''),
        );
      });

      it('updateCustomer changes the fields given and returns the customer', async () => {
        const customer = await newCustomer(network);
        const renamed = externalId('renamed');
        const updated = await api(network)
          .customer()
          .updateCustomer(customer.id, { externalId: renamed, providerCountry: 'CZ', accountingCurrency: 'USD' });
        assert.deepEqual(
          [updated.id, updated.externalId, updated.providerCountry, updated.accountingCurrency],
          [customer.id, renamed, 'CZ', 'USD'],
        );
        await assert.rejects(
          api(otherOf(network)).customer().updateCustomer(customer.id, { externalId: renamed }),
          (e: unknown) => e instanceof LedgerRefusalError && e.errorCode === 'customer.internal.not.exists',
        );
      });

      it('deactivateCustomer and activateCustomer', async () => {
        const customer = await newCustomer(network);
        await assert.rejects(
          api(network).customer().deactivateCustomer(customer.id),
          (e: unknown) => e instanceof LedgerRefusalError && e.errorCode === 'customer.deactivate.account.active',
        );
        await api(network).account().deactivateAccount(customer.accountId);
        assert.equal(await api(network).customer().deactivateCustomer(customer.id), undefined);
        assert.equal((await api(network).customer().getCustomerByExternalOrInternalId(customer.id)).active, false);
        await assert.rejects(
          api(otherOf(network)).customer().activateCustomer(customer.id),
          (e: unknown) => e instanceof LedgerRefusalError && e.errorCode === 'customer.internal.not.exists',
        );
        assert.equal(await api(network).customer().activateCustomer(customer.id), undefined);
        assert.equal((await api(network).customer().getCustomerByExternalOrInternalId(customer.id)).active, true);
        await assert.rejects(
          api(network).customer().activateCustomer(customer.id),
          (e: unknown) => e instanceof LedgerRefusalError && e.errorCode === 'customer.active',
        );
      });

      it('disableCustomer and enableCustomer', async () => {
        const customer = await newCustomer(network);
        await api(network).customer().disableCustomer(customer.id);
        assert.equal((await api(network).customer().getCustomerByExternalOrInternalId(customer.id)).enabled, false);
        await assert.rejects(
          api(network).customer().disableCustomer(customer.id),
          (e: unknown) => e instanceof LedgerRefusalError && e.errorCode === 'customer.disabled',
        );
        await assert.rejects(
          api(otherOf(network)).customer().enableCustomer(customer.id),
          (e: unknown) => e instanceof LedgerRefusalError && e.errorCode === 'customer.internal.not.exists',
        );
        await api(network).customer().enableCustomer(customer.id);
        assert.equal((await api(network).customer().getCustomerByExternalOrInternalId(customer.id)).enabled, true);
      });

      it('a bound the server documents is checked before sending', async () => {
        await assert.rejects(
          api(network).customer().findAllCustomers(51),
          (e: unknown) => e instanceof LedgerValidationError && /pageSize must not be greater than 50/.test(e.message),
        );
        await assert.rejects(
          api(network).customer().activateCustomer('short'),
          (e: unknown) => e instanceof LedgerValidationError && e.errorCode === 'validation.failed',
        );
      });
    });
  }

  it('called every customer method on both networks', () => {
    for (const network of NETWORKS) assert.deepEqual(s.uncalled('customer', network), [], network);
  });
});
