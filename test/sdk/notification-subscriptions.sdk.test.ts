import assert from 'node:assert/strict';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  LedgerValidationError,
  type Account,
  type LedgerApis,
  type Subscription,
  type Transaction,
  type WebHook,
} from '../../packages/sdk/src/index.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';
import { externalId, NETWORKS, otherNetwork, refusal, startSdkServer, type SdkServer } from './helpers/sdk-server.js';

// Every NotificationSubscriptionsApi method against the real server, through both callers, with
// webhooks really delivered: the server may post to a receiver on loopback here, which it refuses by
// default (docs/decisions/0032-webhook-destinations.md).
const HOOK = 'https://hooks.example.com/ledger';
const UNKNOWN_ID = '0123456789abcdef01234567';

const btcAccount = (api: LedgerApis) =>
  api.account().createAccount({ currency: 'BTC', customer: { externalId: externalId('hook') } });

/** A credited BTC deposit to the account, as a chain watcher reports it; it raises INCOMING webhooks. */
const creditedDeposit = (api: LedgerApis, accountId: string, amount = '0.001') =>
  api.deposit().reportDeposit({
    accountId,
    currency: 'BTC',
    txId: randomBytes(32).toString('hex'),
    index: 0,
    amount,
    blockHeight: 1,
    status: 'Done',
  });

/** The executed webhook of `subscriptionId` once `done` holds of it (a try's outcome is written after the receiver answered). */
async function webhookWhen(
  api: LedgerApis,
  subscriptionId: string,
  done: (webhook: WebHook) => boolean,
): Promise<WebHook> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const webhook = (await api.notificationSubscriptions().getAllWebhooks(50)).find(
      (w) => w.subscriptionId === subscriptionId,
    );
    if (webhook && done(webhook)) return webhook;
    if (Date.now() > deadline) assert.fail(`no settled webhook: ${JSON.stringify(webhook)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('SDK notification subscriptions API on the real server', () => {
  let s: SdkServer;
  before(async () => (s = await startSdkServer({ guards: { webhooks: { allowPrivate: true } } })));
  after(() => s.close());

  const api = (network: (typeof NETWORKS)[number]) => s.sdk[network]().api();

  for (const network of NETWORKS) {
    const other = otherNetwork(network);
    describe(network, () => {
      it('createSubscription, getSubscriptions, getSubscriptionsCount, updateSubscription, deleteSubscription', async () => {
        const subscriptions = api(network).notificationSubscriptions();
        const before = await subscriptions.getSubscriptionsCount(50);
        const othersBefore = await api(other).notificationSubscriptions().getSubscriptionsCount(50);
        const account = await btcAccount(api(network));

        // The PHP SDK's createSubscriptionIncoming, …Balance and …TradeMatch are one method here.
        const incoming = await subscriptions.createSubscription({
          type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
          attr: { id: account.id, url: HOOK },
        });
        assert.equal(typeof incoming.id, 'string');
        const balance = await subscriptions.createSubscription({
          type: 'ACCOUNT_BALANCE_LIMIT',
          attr: { limit: '1', typeOfBalance: 'account', __type: 'ACCOUNT_BALANCE_LIMIT' },
        });
        const trades = await subscriptions.createSubscription({
          type: 'CUSTOMER_TRADE_MATCH',
          attr: { id: account.customerId, url: HOOK },
        });

        // pageSize, offset, address: the PHP SDK's order. Oldest first, attr as sent without __type.
        const mine = (list: Subscription[]) => list.filter((x) => [incoming.id, balance.id, trades.id].includes(x.id));
        const all = await subscriptions.getSubscriptions(50);
        assert.deepEqual(mine(all), [
          { id: incoming.id, type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', attr: { id: account.id, url: HOOK } },
          { id: balance.id, type: 'ACCOUNT_BALANCE_LIMIT', attr: { limit: '1', typeOfBalance: 'account' } },
          { id: trades.id, type: 'CUSTOMER_TRADE_MATCH', attr: { id: account.customerId, url: HOOK } },
        ]);
        const total = before.total + 3;
        assert.deepEqual(await subscriptions.getSubscriptionsCount(50), { total });
        assert.deepEqual(
          (await subscriptions.getSubscriptions(2, total - 2)).map((x) => x.id),
          [balance.id, trades.id],
        );
        assert.deepEqual(await subscriptions.getSubscriptions(50, 0, 'tb1qnoaddress'), []);
        assert.deepEqual(await subscriptions.getSubscriptionsCount(1, 0, 'tb1qnoaddress'), { total: 0 });

        // The other network is another ledger.
        assert.deepEqual(await api(other).notificationSubscriptions().getSubscriptionsCount(50), othersBefore);

        assert.equal(await subscriptions.updateSubscription(trades.id, { url: `${HOOK}/v2` }), undefined);
        assert.deepEqual((await subscriptions.getSubscriptions(50)).find((x) => x.id === trades.id)?.attr, {
          id: account.customerId,
          url: `${HOOK}/v2`,
        });

        assert.equal(await subscriptions.deleteSubscription(trades.id), undefined);
        assert.deepEqual(
          mine(await subscriptions.getSubscriptions(50)).map((x) => x.id),
          [incoming.id, balance.id],
        );
        assert.deepEqual(await subscriptions.getSubscriptionsCount(50), { total: total - 1 });
      });

      it('getSubscriptionReport: Account[] above a limit, Transaction[] of the last hours', async () => {
        const subscriptions = api(network).notificationSubscriptions();
        const rich = await btcAccount(api(network));
        const poor = await btcAccount(api(network));
        const credit = await creditedDeposit(api(network), rich.id, '2.5');
        await creditedDeposit(api(network), poor.id, '0.5');

        const limit = await subscriptions.createSubscription({
          type: 'ACCOUNT_BALANCE_LIMIT',
          attr: { limit: '2', typeOfBalance: 'available' },
        });
        const accounts = (await subscriptions.getSubscriptionReport(limit.id)) as Account[];
        const ids = accounts.map((a) => a.id);
        assert.ok(ids.includes(rich.id));
        assert.ok(!ids.includes(poor.id));
        const reported = accounts.find((a) => a.id === rich.id)!;
        assert.deepEqual(reported.balance, { accountBalance: '2.5', availableBalance: '2.5' });
        assert.equal(reported.currency, 'BTC');

        const history = await subscriptions.createSubscription({
          type: 'TRANSACTION_HISTORY_REPORT',
          attr: { interval: 1 },
        });
        const transactions = (await subscriptions.getSubscriptionReport(history.id)) as Transaction[];
        const record = transactions.find((x) => x.txId === credit.txId);
        assert.ok(record, 'the credited deposit is in the last hour');
        assert.deepEqual([record.accountId, record.amount, record.currency], [rich.id, '2.5', 'BTC']);
        assert.equal(typeof record.created, 'number');
      });

      it('refusals are LedgerRefusalErrors with Tatum’s codes; bounds are checked before sending', async () => {
        const subscriptions = api(network).notificationSubscriptions();
        const account = await btcAccount(api(network));
        await assert.rejects(
          subscriptions.createSubscription({ type: 'KMS_FAILED_TX', attr: { url: HOOK } }),
          refusal('subscription.type.invalid'),
        );
        await assert.rejects(
          subscriptions.createSubscription({ type: 'ACCOUNT_BALANCE_LIMIT', attr: { limit: 'lots' } }),
          refusal('subscription.attr.balance.invalid'),
        );
        await assert.rejects(
          subscriptions.createSubscription({ type: 'TRANSACTION_HISTORY_REPORT', attr: { interval: 721 } }),
          refusal('subscription.attr.interval.invalid'),
        );
        await assert.rejects(
          subscriptions.createSubscription({
            type: 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION',
            attr: { id: account.id, url: 'not a url' },
          }),
          refusal('subscription.attr.pending.invalid'),
        );
        // An account of the other ledger is not one of this ledger's.
        const elsewhere = await btcAccount(api(other));
        await assert.rejects(
          subscriptions.createSubscription({
            type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
            attr: { id: elsewhere.id, url: HOOK },
          }),
          refusal('subscription.attr.incoming.invalid'),
        );

        await assert.rejects(subscriptions.getSubscriptionReport(UNKNOWN_ID), refusal('subscription.not.exists'));
        await assert.rejects(subscriptions.deleteSubscription(UNKNOWN_ID), refusal('subscription.not.exists'));
        await assert.rejects(
          subscriptions.updateSubscription(UNKNOWN_ID, { url: HOOK }),
          refusal('subscription.not.exists'),
        );
        const posting = await subscriptions.createSubscription({
          type: 'TRANSACTION_IN_THE_BLOCK',
          attr: { url: HOOK },
        });
        await assert.rejects(subscriptions.getSubscriptionReport(posting.id), refusal('report.invalid'));
        // A report posts nothing, so it has no URL to change.
        const report = await subscriptions.createSubscription({
          type: 'TRANSACTION_HISTORY_REPORT',
          attr: { interval: 5 },
        });
        await assert.rejects(
          subscriptions.updateSubscription(report.id, { url: HOOK }),
          refusal('subscription.attr.incoming.invalid'),
        );

        for (const call of [
          () => subscriptions.getSubscriptions(51),
          () => subscriptions.getSubscriptionsCount(0),
          () => subscriptions.getAllWebhooks(51),
          () => subscriptions.enableWebHookHmac({ hmacSecret: 'x'.repeat(101) }),
        ]) {
          await assert.rejects(call(), (error) => error instanceof LedgerValidationError && error.statusCode === 400);
        }
      });

      it('a credited deposit is delivered, signed while HMAC is on, and listed by getAllWebhooks', async () => {
        const receiver = await startWebhookReceiver();
        try {
          const subscriptions = api(network).notificationSubscriptions();
          const account = await btcAccount(api(network));
          const url = `${receiver.url}/hooks/${network}`;
          const { id } = await subscriptions.createSubscription({
            type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
            attr: { id: account.id, url },
          });
          const failedBefore = await subscriptions.getAllWebhooksCount(50, undefined, undefined, true);

          const secret = randomUUID();
          assert.equal(await subscriptions.enableWebHookHmac({ hmacSecret: secret }), undefined);
          const first = await creditedDeposit(api(network), account.id);
          const [signed] = await receiver.waitFor(1);
          assert.equal(
            signed!.headers['x-payload-hash'],
            createHmac('sha512', secret).update(signed!.body).digest('base64'),
          );
          const payload = JSON.parse(signed!.body.toString('utf8')) as Record<string, unknown>;
          assert.deepEqual(
            [payload.subscriptionType, payload.accountId, payload.txId, payload.amount, payload.currency],
            ['ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', account.id, first.txId, '0.001', 'BTC'],
          );

          // The record, once the worker has written the receiver's answer.
          const delivered = await webhookWhen(api(network), id, (w) => w.timestamp !== null);
          assert.equal(delivered.type, 'INCOMING_BLOCKCHAIN_HOOK');
          assert.equal(delivered.url, url);
          assert.equal(delivered.failed, false);
          assert.equal(delivered.retryCount, 0);
          assert.equal(delivered.nextTime, null);
          assert.equal(typeof delivered.timestamp, 'number');
          assert.deepEqual(delivered.data, payload);
          assert.equal(delivered.response.code, 200);
          assert.equal(delivered.response.networkError, false);
          assert.equal(delivered.attempts.length, 1);
          assert.equal(delivered.attempts[0]!.response.code, 200);

          // HMAC off: the next webhook goes unsigned.
          assert.equal(await subscriptions.disableWebHookHmac(), undefined);
          const second = await creditedDeposit(api(network), account.id);
          const [, unsigned] = await receiver.waitFor(2);
          assert.equal(unsigned!.headers['x-payload-hash'], undefined);
          assert.equal((JSON.parse(unsigned!.body.toString('utf8')) as { txId: string }).txId, second.txId);
          await webhookWhen(api(network), id, (w) => w.data.txId === second.txId && w.timestamp !== null);

          // pageSize, offset, direction, failed: the PHP SDK's order. Newest first by default.
          const txIds = (list: WebHook[]) => list.filter((w) => w.subscriptionId === id).map((w) => w.data.txId);
          assert.deepEqual(txIds(await subscriptions.getAllWebhooks(50)), [second.txId, first.txId]);
          assert.deepEqual(txIds(await subscriptions.getAllWebhooks(50, 0, 'desc', false)), [second.txId, first.txId]);
          assert.deepEqual(txIds(await subscriptions.getAllWebhooks(50, 0, 'asc')).slice(-2), [
            first.txId,
            second.txId,
          ]);
          assert.deepEqual(txIds(await subscriptions.getAllWebhooks(1, 0)), [second.txId]);
          assert.deepEqual(txIds(await subscriptions.getAllWebhooks(50, 0, undefined, true)), []);
          const delivered2 = await subscriptions.getAllWebhooksCount(50, undefined, undefined, false);
          assert.ok(delivered2.total >= 2);
          assert.deepEqual(await subscriptions.getAllWebhooksCount(50, undefined, undefined, true), failedBefore);
          const all = await subscriptions.getAllWebhooksCount(1, 0, 'asc');
          assert.equal(all.total, delivered2.total + failedBefore.total);
          assert.equal(receiver.received.length, 2);
        } finally {
          await receiver.close();
        }
      });
    });
  }

  it('called every notification subscriptions method on both networks', () => {
    for (const network of NETWORKS) assert.deepEqual(s.uncalled('notificationSubscriptions', network), [], network);
  });
});
