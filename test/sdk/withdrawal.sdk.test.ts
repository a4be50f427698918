import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LedgerApis } from '../../packages/sdk/src/index.js';
import {
  externalId,
  NETWORKS,
  otherNetwork,
  refusal,
  startSdkServer,
  type NetworkName,
  type SdkServer,
} from './helpers/sdk-server.js';

const RECIPIENT = '0x6fac4d18c912343bf86fa7049364dd4e424ab9c0';
let deposits = 0;
/** A new ETH account credited with `amount` by a reported deposit. */
async function ethAccount(api: LedgerApis, amount: string) {
  const account = await api.account().createAccount({ currency: 'ETH', customer: { externalId: externalId() } });
  await api.deposit().reportDeposit({
    accountId: account.id,
    currency: 'ETH',
    txId: `0xdeposit-${process.pid}-${++deposits}`,
    index: 0,
    amount,
    blockHeight: 1,
    status: 'Done',
  });
  return account;
}

// Every WithdrawalApi method against the real server, through both callers.
describe('SDK withdrawal API on the real server', () => {
  let s: SdkServer;
  before(async () => (s = await startSdkServer()));
  after(() => s.close());

  const api = (network: NetworkName) => s.sdk[network]().api();
  const balance = async (network: NetworkName, id: string) =>
    (await api(network).account().getAccountBalance(id)).accountBalance;

  for (const network of NETWORKS) {
    const other = otherNetwork(network);
    describe(network, () => {
      it('storeWithdrawal, getWithdrawals and completeWithdrawal', async () => {
        const account = await ethAccount(api(network), '2');
        const stored = await api(network)
          .withdrawal()
          .storeWithdrawal({ senderAccountId: account.id, address: RECIPIENT, amount: '0.5', fee: '0.01' });
        assert.deepEqual(stored.data, []);
        assert.equal(typeof stored.reference, 'string');
        assert.equal(await balance(network, account.id), '1.49');

        // pageSize, currency, status, offset: the PHP SDK's order.
        const inProgress = await api(network).withdrawal().getWithdrawals(50, 'ETH', 'InProgress');
        const listed = inProgress.find((w) => w.id === stored.id)!;
        assert.deepEqual(
          [listed.accountId, listed.address, listed.amount, listed.fee, listed.currency, listed.txId],
          [account.id, RECIPIENT, '0.5', '0.01', 'ETH', null],
        );
        assert.equal(
          (await api(network).withdrawal().getWithdrawals(50, 'BTC')).filter((w) => w.id === stored.id).length,
          0,
        );

        const txId = `0x${stored.id}`;
        await assert.rejects(
          api(other).withdrawal().completeWithdrawal(stored.id, txId),
          refusal('withdrawal.missing'),
        );
        assert.equal(await api(network).withdrawal().completeWithdrawal(stored.id, txId), undefined);
        const done = await api(network).withdrawal().getWithdrawals(50, 'ETH', 'Done');
        assert.equal(done.find((w) => w.id === stored.id)?.txId, txId);
        const all = await api(network).withdrawal().getWithdrawals(50);
        const position = all.findIndex((w) => w.id === stored.id);
        assert.deepEqual(
          (await api(network).withdrawal().getWithdrawals(1, undefined, undefined, position)).map((w) => w.id),
          [stored.id],
        );
      });

      it('cancelInProgressWithdrawal refunds the fee unless revert is false', async () => {
        const account = await ethAccount(api(network), '1');
        const store = () =>
          api(network)
            .withdrawal()
            .storeWithdrawal({ senderAccountId: account.id, address: RECIPIENT, amount: '0.2', fee: '0.05' });

        const first = await store();
        await assert.rejects(
          api(other).withdrawal().cancelInProgressWithdrawal(first.id),
          refusal('withdrawal.missing'),
        );
        assert.equal(await api(network).withdrawal().cancelInProgressWithdrawal(first.id), undefined);
        assert.equal(await balance(network, account.id), '1');

        const second = await store();
        await api(network).withdrawal().cancelInProgressWithdrawal(second.id, false);
        assert.equal(await balance(network, account.id), '0.95');
        const cancelled = await api(network).withdrawal().getWithdrawals(50, 'ETH', 'Cancelled');
        assert.deepEqual(
          cancelled.filter((w) => w.accountId === account.id).map((w) => w.id),
          [first.id, second.id],
        );
      });

      it('broadcastBlockchainTransaction is refused: the server connects to no chain node', async () => {
        const account = await ethAccount(api(network), '1');
        const { id } = await api(network)
          .withdrawal()
          .storeWithdrawal({ senderAccountId: account.id, address: RECIPIENT, amount: '0.2', fee: '0.01' });
        await assert.rejects(
          api(network)
            .withdrawal()
            .broadcastBlockchainTransaction({ currency: 'ETH', txData: '0xf86c', withdrawalId: id }),
          refusal('blockchain.broadcast.error'),
        );
      });
    });
  }

  it('called every withdrawal method on both networks', () => {
    for (const network of NETWORKS) assert.deepEqual(s.uncalled('withdrawal', network), [], network);
  });
});
