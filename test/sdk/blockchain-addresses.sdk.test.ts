import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Address } from '../../packages/sdk/src/index.js';
import {
  externalId,
  NETWORKS,
  otherNetwork,
  refusal,
  startSdkServer,
  type NetworkName,
  type SdkServer,
} from './helpers/sdk-server.js';

// Every BlockchainAddressesApi method against the real server, through both callers. The key and its
// addresses are @tatumio/tatum 1.37.68's for the test mnemonic `abandon ×11 about` (ETH derives the
// same addresses on both networks).
const ETH_XPUB =
  'xpub6EF8jXqFeFEW5bwMU7RpQtHkzE4KJxcqJtvkCjJumzW8CPpacXkb92ek4WzLQXjL93HycJwTPUAcuNxCqFPKKU5m5Z2Vq4nCyh5CyPeBFFr';
const ETH = ['0x9858effd232b4033e47d90003d41ec34ecaeda94', '0x6fac4d18c912343bf86fa7049364dd4e424ab9c0'];

describe('SDK blockchain addresses API on the real server', () => {
  let s: SdkServer;
  before(async () => (s = await startSdkServer()));
  after(() => s.close());

  const api = (network: NetworkName) => s.sdk[network]().api();
  const account = (network: NetworkName, currency: string, xpub?: string) =>
    api(network)
      .account()
      .createAccount({ currency, ...(xpub ? { xpub } : {}), customer: { externalId: externalId() } });

  for (const network of NETWORKS) {
    const other = otherNetwork(network);
    describe(network, () => {
      it('generateDepositAddress, generateDepositAddressesBatch and getAllDepositAddresses', async () => {
        const { id } = await account(network, 'ETH', ETH_XPUB);
        const derived = (address: string, derivationKey: number) => ({
          address,
          currency: 'ETH',
          derivationKey,
          xpub: ETH_XPUB,
        });
        const shape = ({ address, currency, derivationKey, xpub }: Address) => ({
          address,
          currency,
          derivationKey,
          xpub,
        });

        // With an index, derived at it; without, at the last used index + 1.
        assert.deepEqual(
          shape(await api(network).blockchainAddresses().generateDepositAddress(id, 0)),
          derived(ETH[0]!, 0),
        );
        assert.deepEqual(
          shape(await api(network).blockchainAddresses().generateDepositAddress(id)),
          derived(ETH[1]!, 1),
        );
        const batch = await api(network)
          .blockchainAddresses()
          .generateDepositAddressesBatch({ addresses: [{ accountId: id, derivationKey: 5 }, { accountId: id }] });
        assert.deepEqual(
          batch.map((a) => a.derivationKey),
          [5, 6],
        );
        const listed = await api(network).blockchainAddresses().getAllDepositAddresses(id);
        assert.deepEqual(
          listed.map((a) => [a.derivationKey, a.xpub]),
          [0, 1, 5, 6].map((key) => [key, ETH_XPUB]),
        );
        assert.deepEqual(
          listed.slice(0, 2).map((a) => a.address),
          ETH,
        );

        await assert.rejects(
          api(network).blockchainAddresses().generateDepositAddress(id, 0),
          refusal('address.index.used'),
        );
        await assert.rejects(
          api(other).blockchainAddresses().getAllDepositAddresses(id),
          refusal('account.not.exists'),
        );
        await assert.rejects(
          api(other)
            .blockchainAddresses()
            .generateDepositAddressesBatch({ addresses: [{ accountId: id }] }),
          refusal('account.not.exists'),
        );
      });

      it('assignAddress, addressExists and removeAddress, with and without a tag', async () => {
        const eth = await account(network, 'ETH');
        const address = `0x${eth.id}${'0'.repeat(16)}`;
        const assigned = await api(network).blockchainAddresses().assignAddress(eth.id, address);
        assert.deepEqual(
          [assigned.address, assigned.currency, assigned.xpub, assigned.derivationKey],
          [address, 'ETH', null, null],
        );
        // Currency first, then the address, as in the PHP SDK; the path is /address/{address}/{currency}.
        assert.equal((await api(network).blockchainAddresses().addressExists('ETH', address)).id, eth.id);
        await assert.rejects(
          api(other).blockchainAddresses().addressExists('ETH', address),
          refusal('address.not.found'),
        );

        // On XRP, accounts share one address and the index is each one's destination tag.
        const xrp = await account(network, 'XRP');
        const shared = 'rHb9CJAWyB4rj91VRWn96DkukG4bwdtyTh';
        const tagged = await api(network).blockchainAddresses().assignAddress(xrp.id, shared, 7);
        assert.equal(tagged.destinationTag, 7);
        assert.equal((await api(network).blockchainAddresses().addressExists('XRP', shared, 7)).id, xrp.id);
        await assert.rejects(
          api(network).blockchainAddresses().addressExists('XRP', shared, 8),
          refusal('address.not.found'),
        );
        await assert.rejects(
          api(other).blockchainAddresses().assignAddress(xrp.id, shared, 7),
          refusal('account.not.exists'),
        );

        assert.equal(await api(network).blockchainAddresses().removeAddress(xrp.id, shared, 7), undefined);
        await assert.rejects(
          api(network).blockchainAddresses().addressExists('XRP', shared, 7),
          refusal('address.not.found'),
        );
        await assert.rejects(
          api(other).blockchainAddresses().removeAddress(eth.id, address),
          refusal('account.not.exists'),
        );
        await api(network).blockchainAddresses().removeAddress(eth.id, address);
        assert.deepEqual(await api(network).blockchainAddresses().getAllDepositAddresses(eth.id), []);
      });
    });
  }

  it('called every blockchain addresses method on both networks', () => {
    for (const network of NETWORKS) assert.deepEqual(s.uncalled('blockchainAddresses', network), [], network);
  });
});
