import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fundedAccount, newCustomer, recipientAccount, vcName } from './helpers/fixtures.js';
import {
  externalId,
  NETWORKS,
  otherNetwork,
  refusal,
  startSdkServer,
  type NetworkName,
  type SdkServer,
} from './helpers/sdk-server.js';

// Every AccountApi method (accounts and blockages) against the real server, through both callers.
describe('SDK account API on the real server', () => {
  let s: SdkServer;
  before(async () => (s = await startSdkServer()));
  after(() => s.close());

  const api = (network: NetworkName) => s.sdk[network]().api();

  for (const network of NETWORKS) {
    const other = otherNetwork(network);
    describe(network, () => {
      it('createAccount and getAccountByAccountId', async () => {
        const ext = externalId();
        const account = await api(network)
          .account()
          .createAccount({ currency: 'BTC', accountCode: 'AC_1', customer: { externalId: ext } });
        assert.equal(account.currency, 'BTC');
        assert.deepEqual(account.balance, { accountBalance: '0', availableBalance: '0' });
        assert.deepEqual(await api(network).account().getAccountByAccountId(account.id), account);
        await assert.rejects(api(other).account().getAccountByAccountId(account.id), refusal('account.not.exists'));
      });

      it('createAccountBatch and getAccountsByCustomerId', async () => {
        const ext = externalId();
        const accounts = await api(network)
          .account()
          .createAccountBatch({
            accounts: [
              { currency: 'BTC', accountCode: 'first', customer: { externalId: ext } },
              { currency: 'ETH', accountCode: 'second', customer: { externalId: ext } },
            ],
          });
        assert.equal(accounts.length, 2);
        const customerId = accounts[0]!.customerId!;
        const listed = await api(network).account().getAccountsByCustomerId(50, customerId);
        assert.deepEqual(listed.map((a) => a.id).sort(), accounts.map((a) => a.id).sort());
        const second = await api(network).account().getAccountsByCustomerId(50, customerId, 0, 'second');
        assert.deepEqual(
          second.map((a) => a.currency),
          ['ETH'],
        );
        assert.equal((await api(network).account().getAccountsByCustomerId(1, customerId, 1)).length, 1);
        await assert.rejects(
          api(other).account().getAccountsByCustomerId(50, customerId),
          refusal('customer.internal.not.exists'),
        );
      });

      it('getAccounts and getAccountsCount filter by currency, on their own ledger', async () => {
        const { name, account } = await fundedAccount(api(network));
        const more = await recipientAccount(api(network), name);
        const listed = await api(network)
          .account()
          .getAccounts(50, 0, 'asc', 'id', undefined, undefined, undefined, name);
        assert.deepEqual(listed.map((a) => a.id).sort(), [account.id, more.id].sort());
        const counted = await api(network)
          .account()
          .getAccountsCount(50, 0, undefined, undefined, undefined, true, undefined, name);
        assert.deepEqual(counted, { total: 1 }, 'only the issuing account holds a balance');
        const elsewhere = await api(other).account().getAccounts(50);
        assert.ok(!elsewhere.some((a) => a.id === account.id));
      });

      it('updateAccountByAccountId', async () => {
        const { accountId } = await newCustomer(api(network));
        assert.equal(
          await api(network)
            .account()
            .updateAccountByAccountId(accountId, { accountCode: 'CODE_2', accountNumber: 'N-2' }),
          undefined,
        );
        const account = await api(network).account().getAccountByAccountId(accountId);
        assert.deepEqual([account.accountCode, account.accountNumber], ['CODE_2', 'N-2']);
        await assert.rejects(
          api(other).account().updateAccountByAccountId(accountId, { accountCode: 'X' }),
          refusal('account.not.exists'),
        );
      });

      it('getAccountBalance, freezeAccount and unfreezeAccount', async () => {
        const { account } = await fundedAccount(api(network), '12.5');
        assert.deepEqual(await api(network).account().getAccountBalance(account.id), {
          accountBalance: '12.5',
          availableBalance: '12.5',
        });
        await api(network).account().freezeAccount(account.id);
        assert.equal((await api(network).account().getAccountByAccountId(account.id)).frozen, true);
        assert.equal((await api(network).account().getAccountBalance(account.id)).availableBalance, '0');
        await assert.rejects(api(other).account().unfreezeAccount(account.id), refusal('account.not.exists'));
        await api(network).account().unfreezeAccount(account.id);
        assert.equal((await api(network).account().getAccountBalance(account.id)).availableBalance, '12.5');
        await assert.rejects(api(other).account().getAccountBalance(account.id), refusal('account.not.exists'));
        await assert.rejects(api(other).account().freezeAccount(account.id), refusal('account.not.exists'));
      });

      it('deactivateAccount and activateAccount', async () => {
        const { accountId } = await newCustomer(api(network));
        await assert.rejects(api(other).account().deactivateAccount(accountId), refusal('account.not.exists'));
        await api(network).account().deactivateAccount(accountId);
        assert.equal((await api(network).account().getAccountByAccountId(accountId)).active, false);
        await assert.rejects(api(network).account().deactivateAccount(accountId), refusal('account.inactive'));
        await api(network).account().activateAccount(accountId);
        assert.equal((await api(network).account().getAccountByAccountId(accountId)).active, true);
        await assert.rejects(api(other).account().activateAccount(accountId), refusal('account.not.exists'));
      });

      it('blockAmount, getBlockAmount, getBlockAmountById, unblockAmountWithTransaction, deleteBlockAmount, deleteAllBlockAmount', async () => {
        const { name, account } = await fundedAccount(api(network), '100');
        const recipient = await recipientAccount(api(network), name);
        const accounts = api(network).account();
        const { id: first } = await accounts.blockAmount(account.id, {
          amount: '10',
          type: 'CARD',
          description: 'card hold',
        });
        const { id: second } = await accounts.blockAmount(account.id, { amount: '20', type: 'CARD' });
        const { id: third } = await accounts.blockAmount(account.id, { amount: '5', type: 'FEE' });
        assert.equal((await accounts.getAccountBalance(account.id)).availableBalance, '65');
        const listed = await accounts.getBlockAmount(account.id, 50);
        assert.deepEqual(
          listed.map((b) => b.id),
          [first, second, third],
        );
        assert.deepEqual(
          (await accounts.getBlockAmount(account.id, 1, 1)).map((b) => b.id),
          [second],
        );
        const blockage = await accounts.getBlockAmountById(first);
        assert.deepEqual([blockage.accountId, blockage.amount, blockage.description], [account.id, '10', 'card hold']);
        await assert.rejects(api(other).account().getBlockAmountById(first), refusal('blockage.not.exists'));
        await assert.rejects(
          api(other).account().blockAmount(account.id, { amount: '1', type: 'CARD' }),
          refusal('account.not.exists'),
        );

        const { reference } = await accounts.unblockAmountWithTransaction(first, {
          recipientAccountId: recipient.id,
          amount: '4',
        });
        assert.match(reference, /^[0-9a-f-]{36}$/);
        assert.equal((await accounts.getAccountBalance(recipient.id)).accountBalance, '4');
        await assert.rejects(
          api(other).account().unblockAmountWithTransaction(second, { recipientAccountId: recipient.id, amount: '1' }),
          refusal('blockage.not.exists'),
        );

        await assert.rejects(api(other).account().deleteBlockAmount(second), refusal('blockage.not.exists'));
        await accounts.deleteBlockAmount(second);
        assert.deepEqual(
          (await accounts.getBlockAmount(account.id, 50)).map((b) => b.id),
          [third],
        );
        await assert.rejects(api(other).account().deleteAllBlockAmount(account.id), refusal('account.not.exists'));
        await accounts.deleteAllBlockAmount(account.id);
        assert.deepEqual(await accounts.getBlockAmount(account.id, 50), []);
        assert.deepEqual(await accounts.getAccountBalance(account.id), {
          accountBalance: '96',
          availableBalance: '96',
        });
        await assert.rejects(api(other).account().getBlockAmount(account.id, 50), refusal('account.not.exists'));
      });
    });
  }

  it('a VC name of the fixtures fits the documented bounds', () => assert.ok(vcName().length <= 30));

  it('called every account method on both networks', () => {
    for (const network of NETWORKS) assert.deepEqual(s.uncalled('account', network), [], network);
  });
});
