import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createCustomerAccount } from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type LedgerClient } from '../helpers/test-app.js';

// Every key addresses one ledger: a tenant's mainnet or testnet one (docs/decisions/0007-one-key-one-ledger.md).
// Nothing made through one key may be seen or touched through another.
describe('ledger isolation', (suite) => {
  const t = suiteTestApp(suite);
  let testnet: LedgerClient;
  let others: Record<string, LedgerClient>;
  let made: { customerId: string; accountId: string; externalId: string };

  before(async () => {
    testnet = t.client(t.keys.testnet);
    const other = await t.newTenant();
    others = {
      'the same tenant’s mainnet key': t.client(t.keys.mainnet),
      'another tenant’s testnet key': t.client(other.testnet),
      'another tenant’s mainnet key': t.client(other.mainnet),
    };
    made = await createCustomerAccount(testnet, { customerCountry: 'US' });
  });

  it('the testnet key sees its own customer', async () => {
    assert.equal((await testnet.get(`/v3/ledger/customer/${made.customerId}`)).status, 200);
    assert.equal((await testnet.get(`/v3/ledger/customer/${made.externalId}`)).status, 200);
  });

  for (const who of ['the same tenant’s mainnet key', 'another tenant’s testnet key', 'another tenant’s mainnet key']) {
    describe(who, () => {
      it('cannot find the customer by internal or external id', async () => {
        for (const id of [made.customerId, made.externalId]) {
          const reply = await others[who]!.get(`/v3/ledger/customer/${id}`);
          assert.equal(reply.status, 403);
          assert.equal(reply.body.errorCode, 'customer.not.exists');
        }
      });

      it('does not see it in the list', async () => {
        const list = await others[who]!.get('/v3/ledger/customer?pageSize=50');
        assert.equal(list.status, 200);
        assert.ok(!list.body.some((c: { id: string }) => c.id === made.customerId));
      });

      it('cannot change it, nor its accounts', async () => {
        const api = others[who]!;
        for (const verb of ['disable', 'deactivate', 'activate', 'enable']) {
          const reply = await api.put(`/v3/ledger/customer/${made.customerId}/${verb}`);
          assert.equal(reply.body.errorCode, 'customer.internal.not.exists', verb);
        }
        const update = await api.put(`/v3/ledger/customer/${made.customerId}`, { externalId: 'stolen' });
        assert.equal(update.body.errorCode, 'customer.internal.not.exists');
        assert.equal((await api.get(`/v3/ledger/account/${made.accountId}`)).body.errorCode, 'account.not.exists');
        const accounts = await api.get(`/v3/ledger/account/customer/${made.customerId}?pageSize=10`);
        assert.equal(accounts.body.errorCode, 'customer.internal.not.exists');
        const deactivate = await api.put(`/v3/ledger/account/${made.accountId}/deactivate`);
        assert.equal(deactivate.body.errorCode, 'account.not.exists');
      });

      it('gets a customer of its own for the same externalId', async () => {
        const reply = await others[who]!.post('/v3/ledger/account', {
          currency: 'BTC',
          customer: { externalId: made.externalId, customerCountry: 'DE' },
        });
        assert.equal(reply.status, 200);
        assert.notEqual(reply.body.customerId, made.customerId);
      });
    });
  }

  it('left the testnet customer as it was', async () => {
    const { body } = await testnet.get(`/v3/ledger/customer/${made.customerId}`);
    assert.equal(body.externalId, made.externalId);
    assert.equal(body.customerCountry, 'US');
    assert.equal(body.active, true);
    assert.equal(body.enabled, true);
    const list = await testnet.get('/v3/ledger/customer?pageSize=50');
    assert.deepEqual(
      list.body.map((c: { id: string }) => c.id),
      [made.customerId],
    );
  });
});
