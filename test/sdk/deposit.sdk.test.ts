import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DepositApi } from '../../packages/sdk/src/index.js';
import {
  externalId,
  NETWORKS,
  otherNetwork,
  refusal,
  startSdkServer,
  type NetworkName,
  type SdkServer,
} from './helpers/sdk-server.js';

// Every DepositApi method against the real server, through both callers: reportDeposit (this server's
// extension) records what a chain watcher saw, getDeposits and getDepositsCount read it back.
describe('SDK deposit API on the real server', () => {
  let s: SdkServer;
  before(async () => (s = await startSdkServer()));
  after(() => s.close());

  const api = (network: NetworkName) => s.sdk[network]().api();

  for (const network of NETWORKS) {
    const other = otherNetwork(network);
    describe(network, () => {
      it('reportDeposit, getDeposits and getDepositsCount with every filter', async () => {
        const account = await api(network)
          .account()
          .createAccount({ currency: 'ETH', customer: { externalId: externalId() } });
        const address = `0x${account.id}${'0'.repeat(16)}`;
        await api(network).blockchainAddresses().assignAddress(account.id, address);
        const txId = `0x${account.id}${network}`;
        const report = { address, currency: 'ETH', txId, index: 0, amount: '0.5', blockHeight: 100 };

        const seen = await api(network)
          .deposit()
          .reportDeposit({ ...report, status: 'InProgress' });
        assert.deepEqual(
          [seen.status, seen.accountId, seen.address, seen.txId],
          ['InProgress', account.id, address, txId],
        );
        const done = await api(network)
          .deposit()
          .reportDeposit({ ...report, status: 'Done' });
        assert.equal(done.status, 'Done');
        const byAccount = await api(network)
          .deposit()
          .reportDeposit({
            accountId: account.id,
            currency: 'ETH',
            txId: `${txId}-2`,
            index: 1,
            amount: '0.25',
            blockHeight: 101,
            status: 'Done',
          });
        assert.equal(byAccount.address, null);
        assert.equal((await api(network).account().getAccountBalance(account.id)).accountBalance, '0.75');

        // pageSize, page, sort, status, currency, txId, to, accountId: the PHP SDK's order.
        const deposits = (...args: Parameters<DepositApi['getDeposits']>) =>
          api(network)
            .deposit()
            .getDeposits(...args)
            .then((list) => list.map((d) => d.txId));
        assert.deepEqual(await deposits(50, 0, 'asc', 'Done', 'ETH', undefined, undefined, account.id), [
          txId,
          `${txId}-2`,
        ]);
        assert.deepEqual(await deposits(50, 0, 'desc', undefined, undefined, undefined, undefined, account.id), [
          `${txId}-2`,
          txId,
        ]);
        assert.deepEqual(await deposits(1, 1, 'asc', undefined, undefined, undefined, undefined, account.id), [
          `${txId}-2`,
        ]);
        assert.deepEqual(await deposits(50, 0, undefined, undefined, undefined, txId), [txId]);
        assert.deepEqual(await deposits(50, 0, undefined, undefined, undefined, undefined, address), [txId]);
        assert.deepEqual(
          await deposits(50, 0, undefined, 'InProgress', undefined, undefined, undefined, account.id),
          [],
        );
        assert.deepEqual(await deposits(50, 0, undefined, undefined, 'BTC', undefined, undefined, account.id), []);

        const count = (...args: Parameters<DepositApi['getDepositsCount']>) =>
          api(network)
            .deposit()
            .getDepositsCount(...args);
        assert.deepEqual(await count(50, 0, undefined, 'Done', 'ETH', undefined, undefined, account.id), { total: 2 });
        assert.deepEqual(await count(undefined, undefined, undefined, undefined, undefined, txId), { total: 1 });
        assert.deepEqual(await count(undefined, undefined, undefined, 'Failed', undefined, undefined, address), {
          total: 0,
        });

        // The other network is another ledger.
        assert.deepEqual(await api(other).deposit().getDepositsCount(50, 0, undefined, undefined, undefined, txId), {
          total: 0,
        });
        await assert.rejects(
          api(other)
            .deposit()
            .reportDeposit({ ...report, status: 'Done' }),
          refusal('address.not.found'),
        );
      });
    });
  }

  it('called every deposit method on both networks', () => {
    for (const network of NETWORKS) assert.deepEqual(s.uncalled('deposit', network), [], network);
  });
});
