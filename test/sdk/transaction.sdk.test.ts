import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LedgerRefusalError } from '../../packages/sdk/src/index.js';
import { fundedAccount, recipientAccount } from './helpers/fixtures.js';
import { NETWORKS, otherNetwork, startSdkServer, type NetworkName, type SdkServer } from './helpers/sdk-server.js';

// Every TransactionApi method against the real server, through both callers.
describe('SDK transaction API on the real server', () => {
  let s: SdkServer;
  before(async () => (s = await startSdkServer()));
  after(() => s.close());

  const api = (network: NetworkName) => s.sdk[network]().api();

  for (const network of NETWORKS) {
    const other = otherNetwork(network);
    describe(network, () => {
      it('sendTransaction, sendTransactionBatch, and the four finds', async () => {
        const { name, account: sender } = await fundedAccount(api(network), '100');
        const recipient = await recipientAccount(api(network), name);
        const transactions = api(network).transaction();

        const { reference } = await transactions.sendTransaction({
          senderAccountId: sender.id,
          recipientAccountId: recipient.id,
          amount: '7.5',
          paymentId: 'invoice-1',
        });
        const records = await transactions.getTransactionsByReference(reference);
        const byType = records.sort((a, b) => a.transactionType.localeCompare(b.transactionType));
        assert.deepEqual(
          byType.map((r) => [r.accountId, r.amount, r.transactionType]),
          [
            [recipient.id, '7.5', 'CREDIT_PAYMENT'],
            [sender.id, '-7.5', 'DEBIT_PAYMENT'],
          ],
        );

        const references = await transactions.sendTransactionBatch({
          senderAccountId: sender.id,
          transaction: [
            { recipientAccountId: recipient.id, amount: '1' },
            { recipientAccountId: recipient.id, amount: '2' },
          ],
        });
        assert.equal(references.length, 2);
        assert.equal((await api(network).account().getAccountBalance(recipient.id)).accountBalance, '10.5');

        const byAccount = await transactions.getTransactionsByAccountId({ id: recipient.id }, 50);
        assert.ok(Array.isArray(byAccount));
        assert.deepEqual(
          byAccount.map((t) => t.amount),
          ['7.5', '1', '2'],
        );
        assert.equal(
          await transactions.getTransactionsByAccountId({ id: recipient.id }, undefined, undefined, true),
          3,
        );
        const page = await transactions.getTransactionsByAccountId({ id: recipient.id }, 1, 2);
        assert.deepEqual(
          (page as { amount: string }[]).map((t) => t.amount),
          ['2'],
        );

        const byCustomer = await transactions.getTransactionsByCustomerId({ id: recipient.customerId! }, 50);
        assert.equal((byCustomer as unknown[]).length, 3);
        const byLedger = await transactions.getTransactions({ account: sender.id, paymentId: 'invoice-1' }, 50);
        assert.deepEqual(
          (byLedger as { reference: string }[]).map((t) => t.reference),
          [reference],
        );
        // The issuing account also holds the record of the supply it was created with.
        const debits = { account: sender.id, transactionType: 'DEBIT_PAYMENT' as const };
        assert.equal(await transactions.getTransactions(debits, 50, 0, true), 3);

        // The other ledger knows neither the accounts nor the payment.
        assert.deepEqual(await api(other).transaction().getTransactionsByReference(reference), []);
        assert.equal(await api(other).transaction().getTransactions({ account: sender.id }, 50, 0, true), 0);
        assert.equal(await api(other).transaction().getTransactionsByAccountId({ id: sender.id }, 50, 0, true), 0);
        assert.equal(
          await api(other).transaction().getTransactionsByCustomerId({ id: recipient.customerId! }, 50, 0, true),
          0,
        );
        await assert.rejects(
          api(other)
            .transaction()
            .sendTransaction({ senderAccountId: sender.id, recipientAccountId: recipient.id, amount: '1' }),
          LedgerRefusalError,
        );
        await assert.rejects(
          api(other)
            .transaction()
            .sendTransactionBatch({
              senderAccountId: sender.id,
              transaction: [{ recipientAccountId: recipient.id, amount: '1' }],
            }),
          LedgerRefusalError,
        );
      });
    });
  }

  it('called every transaction method on both networks', () => {
    for (const network of NETWORKS) assert.deepEqual(s.uncalled('transaction', network), [], network);
  });
});
