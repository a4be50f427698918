import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  externalId,
  NETWORKS,
  otherNetwork,
  refusal,
  startSdkServer,
  type NetworkName,
  type SdkServer,
} from './helpers/sdk-server.js';

// The service utilities (/v3/tatum/…) against the real server, through both callers.
describe('SDK service utilities on the real server', () => {
  let s: SdkServer;
  before(async () => (s = await startSdkServer()));
  after(() => s.close());

  const api = (network: NetworkName) => s.sdk[network]().api();

  for (const network of NETWORKS) {
    describe(network, () => {
      it('getVersion names the server version and which ledger the key addresses', async () => {
        const version = await api(network).serviceUtils().getVersion();
        assert.deepEqual(version, { version: s.openapiVersion, testnet: network === 'testnet' });
      });

      it('getCredits reports the credits of the last 30 days, today included', async () => {
        await api(network).serviceUtils().getVersion();
        const days = await api(network).serviceUtils().getCredits();
        assert.equal(days.length, 30);
        assert.ok(days.every((d) => /^\d\d\/\d\d\/\d{4}$/.test(d.day) && d.usage >= 0));
        assert.ok(days.at(-1)!.usage >= 1, 'the calls made so far are counted');
      });

      it('freezeApiKey lets the key only read, on its own ledger; unfreezeApiKey lets it write again', async () => {
        const write = (n: NetworkName) =>
          api(n)
            .account()
            .createAccount({ currency: 'BTC', customer: { externalId: externalId() } });
        await api(network).serviceUtils().freezeApiKey();
        await assert.rejects(write(network), refusal('api.key.frozen'));
        assert.ok(Array.isArray(await api(network).customer().findAllCustomers(1)), 'reads still work');
        await write(otherNetwork(network));
        await api(network).serviceUtils().unfreezeApiKey();
        await write(network);
      });
    });
  }

  it('called every service utility on both networks', () => {
    for (const network of NETWORKS) assert.deepEqual(s.uncalled('serviceUtils', network), [], network);
  });
});
