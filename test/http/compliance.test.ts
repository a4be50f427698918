import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompliancePolicy } from '../../src/domain/compliance/policy.js';
import { balanceOf, createAccountIn, createVirtualCurrency, externalId, pay } from '../helpers/ledger-fixtures.js';
import { appOnDatabase, suiteTestApp } from '../helpers/test-app.js';

// compliant: true runs the policy over the customer's and provider's countries; without it no check
// runs, as in Tatum (docs/decisions/0024-compliance-engine.md).
describe('compliance', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  describe('with the default policy (comprehensive embargoes)', () => {
    it('refuses a compliant account for an embargoed customer country, naming the rule', async () => {
      const ext = externalId('embargoed');
      const reply = await api.post('/v3/ledger/account', {
        currency: 'BTC',
        compliant: true,
        customer: { externalId: ext, customerCountry: 'KP', providerCountry: 'DE' },
      });
      assert.equal(reply.status, 403);
      assert.equal(reply.body.errorCode, 'customer.not.compliant');
      assert.match(reply.body.message, /comprehensive-embargo/);
      assert.match(reply.body.message, /KP/);
      assert.equal((await api.get(`/v3/ledger/customer/${ext}`)).body.errorCode, 'customer.not.exists', 'nothing made');
    });

    it('refuses a compliant account whose customer has no country, and one without a customer', async () => {
      const noCountry = await api.post('/v3/ledger/account', {
        currency: 'BTC',
        compliant: true,
        customer: { externalId: externalId() },
      });
      assert.equal(noCountry.body.errorCode, 'customer.not.compliant');
      assert.match(noCountry.body.message, /country is not defined/);
      const noCustomer = await api.post('/v3/ledger/account', { currency: 'BTC', compliant: true });
      assert.equal(noCustomer.body.errorCode, 'customer.not.compliant');
    });

    it('accepts a compliant account for an allowed country, and runs no check without compliant', async () => {
      const ok = await api.post('/v3/ledger/account', {
        currency: 'BTC',
        compliant: true,
        customer: { externalId: externalId(), customerCountry: 'CZ', providerCountry: 'DE' },
      });
      assert.equal(ok.status, 200);
      const unchecked = await api.post('/v3/ledger/account', {
        currency: 'BTC',
        customer: { externalId: externalId(), customerCountry: 'IR' },
      });
      assert.equal(unchecked.status, 200);
    });

    it('refuses compliant payments to or from an embargoed customer, and with unblock', async () => {
      const { name, issuerId } = await createVirtualCurrency(api, '100', {
        customer: { externalId: externalId(), customerCountry: 'US' },
      });
      const allowed = await createAccountIn(api, name, { customerCountry: 'GB', providerCountry: 'GB' });
      const embargoed = await createAccountIn(api, name, { customerCountry: 'SY', providerCountry: 'GB' });
      const payment = (recipientAccountId: string, compliant: boolean) =>
        api.post('/v3/ledger/transaction', { senderAccountId: issuerId, recipientAccountId, amount: '1', compliant });

      assert.equal((await payment(allowed.accountId, true)).status, 200);
      const refused = await payment(embargoed.accountId, true);
      assert.equal(refused.body.errorCode, 'transaction.not.compliant');
      assert.match(refused.body.message, /recipient account .* SY/);
      assert.equal((await payment(embargoed.accountId, false)).status, 200, 'no check without compliant');

      const block = await api.post(`/v3/ledger/account/block/${issuerId}`, { amount: '5', type: 'ESCROW' });
      const unblock = await api.put(`/v3/ledger/account/block/${block.body.id}`, {
        recipientAccountId: embargoed.accountId,
        amount: '5',
        compliant: true,
      });
      assert.equal(unblock.body.errorCode, 'transaction.not.compliant');
      assert.equal((await api.get(`/v3/ledger/account/block/${block.body.id}/detail`)).status, 200, 'still blocked');
      assert.equal((await balanceOf(api, embargoed.accountId)).accountBalance, '1');

      await pay(api, issuerId, embargoed.accountId, '1');
      const fromEmbargoed = await api.post('/v3/ledger/transaction', {
        senderAccountId: embargoed.accountId,
        recipientAccountId: allowed.accountId,
        amount: '1',
        compliant: true,
      });
      assert.match(fromEmbargoed.body.message, /sender account/);
    });
  });

  it('applies a policy of its own: a provider country that may not serve a customer country', async () => {
    const policy: CompliancePolicy = {
      rules: [{ name: 'no-us-from-de', providerCountries: ['DE'], customerCountries: ['US'] }],
    };
    const app = await appOnDatabase(t.db, { compliance: policy });
    try {
      const create = (customerCountry: string, providerCountry: string) =>
        app.inject({
          method: 'POST',
          url: '/v3/ledger/account',
          headers: { 'x-api-key': t.keys.testnet },
          payload: {
            currency: 'BTC',
            compliant: true,
            customer: { externalId: externalId(), customerCountry, providerCountry },
          },
        });
      const refused = await create('US', 'DE');
      assert.equal(refused.statusCode, 403);
      assert.match(refused.json().message, /no-us-from-de/);
      assert.equal((await create('US', 'FR')).statusCode, 200);
      assert.equal((await create('KP', 'FR')).statusCode, 200, 'this policy has no embargo rule');
    } finally {
      await app.close();
    }
  });
});
