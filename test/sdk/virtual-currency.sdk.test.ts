import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LedgerRefusalError } from '../../packages/sdk/src/index.js';
import { fundedAccount } from './helpers/fixtures.js';
import { NETWORKS, otherNetwork, startSdkServer, type NetworkName, type SdkServer } from './helpers/sdk-server.js';

// Every VirtualCurrencyApi method against the real server, through both callers.
describe('SDK virtual currency API on the real server', () => {
  let s: SdkServer;
  before(async () => (s = await startSdkServer()));
  after(() => s.close());

  const api = (network: NetworkName) => s.sdk[network]().api();

  for (const network of NETWORKS) {
    const other = otherNetwork(network);
    describe(network, () => {
      it('createCurrency, getCurrency, updateCurrency, mintCurrency, revokeCurrency', async () => {
        const { name, account } = await fundedAccount(api(network), '1000');
        assert.deepEqual([account.currency, account.balance.accountBalance], [name, '1000']);
        const vc = await api(network).virtualCurrency().getCurrency(name);
        assert.deepEqual([vc.name, vc.supply, vc.accountId, vc.basePair], [name, '1000', account.id, 'EUR']);
        await assert.rejects(api(other).virtualCurrency().getCurrency(name), LedgerRefusalError);

        assert.equal(await api(network).virtualCurrency().updateCurrency({ name, baseRate: 2 }), undefined);
        assert.equal((await api(network).virtualCurrency().getCurrency(name)).baseRate, 2);
        await assert.rejects(api(other).virtualCurrency().updateCurrency({ name, baseRate: 3 }), LedgerRefusalError);

        const minted = await api(network).virtualCurrency().mintCurrency({ accountId: account.id, amount: '50' });
        assert.equal(typeof minted.reference, 'string');
        const revoked = await api(network).virtualCurrency().revokeCurrency({ accountId: account.id, amount: '30' });
        assert.notEqual(revoked.reference, minted.reference);
        assert.equal((await api(network).account().getAccountBalance(account.id)).accountBalance, '1020');
        assert.equal((await api(network).virtualCurrency().getCurrency(name)).supply, '1020');
        await assert.rejects(
          api(other).virtualCurrency().mintCurrency({ accountId: account.id, amount: '1' }),
          LedgerRefusalError,
        );
        await assert.rejects(
          api(other).virtualCurrency().revokeCurrency({ accountId: account.id, amount: '1' }),
          LedgerRefusalError,
        );
      });
    });
  }

  it('called every virtual currency method on both networks', () => {
    for (const network of NETWORKS) assert.deepEqual(s.uncalled('virtualCurrency', network), [], network);
  });
});
