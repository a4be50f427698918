import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ApiError, TatumApi, type Subscription, type WebHook } from '@tatumio/api-client';
import { startWebhookReceiver, type WebhookReceiver } from '../test/helpers/webhook-receiver.js';
import {
  account,
  apiClientRefusals,
  assertCreated,
  assertId,
  balance,
  forbidden,
  incomingPayload,
  newExternalId,
  newTxId,
  record,
  reportedDeposit,
  sentDuring,
  startCompatServer,
  UNKNOWN_ID,
  type CompatServer,
  type DepositReport,
} from './support.js';

// Notification subscriptions through @tatumio/api-client (docs/decisions/0029-subscriptions.md to
// 0032-webhook-destinations.md): the ledger's types stored and listed, the two reports pulled, and an
// incoming deposit posted to a real receiver on loopback, signed while HMAC is on, then read back as an
// executed webhook. Deposits are reported as plain HTTP: the report is the server's extension, in no
// client. The steps run in order on one ledger, so each report and list holds exactly what came before.

// TatumApi() takes TATUM_API_URL over its url argument (docs/compatibility/api-client-2.md).
delete process.env.TATUM_API_URL;

let server: CompatServer;
let receiver: WebhookReceiver;

/** The client's base URL and key are globals that TatumApi() sets, so every call picks its key here. */
function api(key: string = server.t.keys.testnet) {
  return TatumApi(key, server.url);
}
const subscriptions = () => api().ledger.subscriptions;
const accounts = () => api().ledger.account;

const { refused } = apiClientRefusals(ApiError);

const sent = (call: () => Promise<unknown>) => sentDuring(server, call);

/** A BTC account, without an xpub, for a new customer. */
async function btcAccount() {
  const created = await accounts().createAccount({ currency: 'BTC', customer: { externalId: newExternalId('acs') } });
  assertId(created.id);
  assertId(created.customerId);
  return { id: created.id, customerId: created.customerId };
}

/** A Done deposit of `amount` straight to an account, as the operator's chain watcher reports one. */
function credited(accountId: string, amount: string): DepositReport {
  return { accountId, currency: 'BTC', txId: newTxId(), index: 0, amount, blockHeight: 2_500_000, status: 'Done' };
}

/**
 * The ledger's executed webhooks once none is still to be tried: a try is recorded after the receiver
 * has answered, so the receiver can have a webhook before the list shows it delivered.
 */
async function settledWebhooks(count: number, timeoutMs = 30_000): Promise<WebHook[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const listed = await subscriptions().getAllWebhooks(50);
    if (listed.length === count && listed.every((w) => w.nextTime === null)) return listed;
    if (Date.now() > deadline) assert.fail(`webhooks not settled: ${JSON.stringify(listed)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const HMAC_SECRET = '1f7f3bb5-ec24-4a4c-a2a1-8a8f4f0b2a44';

describe('@tatumio/api-client 2.2.103: notification subscriptions, reports and webhooks', () => {
  let rich: { id: string; customerId: string };
  let modest: { id: string; customerId: string };
  let watched: { id: string; customerId: string };
  const ids: Record<string, string> = {};
  let created: Subscription[];

  before(async () => {
    receiver = await startWebhookReceiver();
    // Deliveries to loopback are refused by default (decision 0032); the receiver is on loopback.
    server = await startCompatServer({ guards: { webhooks: { allowPrivate: true } } });
  });
  after(async () => {
    try {
      await server.close();
    } finally {
      await receiver.close();
    }
  });

  it('createSubscription answers an id for each type a ledger serves, reports included', async () => {
    rich = await btcAccount();
    modest = await btcAccount();
    watched = await btcAccount();
    const bodies = {
      balance: { type: 'ACCOUNT_BALANCE_LIMIT', attr: { limit: '0.25', typeOfBalance: 'account' } },
      available: { type: 'ACCOUNT_BALANCE_LIMIT', attr: { limit: '0.1', typeOfBalance: 'available' } },
      history: { type: 'TRANSACTION_HISTORY_REPORT', attr: { interval: 1 } },
      incoming: {
        type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
        attr: { id: watched.id, url: `${receiver.url}/incoming` },
      },
      pending: {
        type: 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION',
        attr: { id: modest.id, url: `${receiver.url}/pending` },
      },
      trade: { type: 'CUSTOMER_TRADE_MATCH', attr: { id: rich.customerId, url: `${receiver.url}/trade` } },
      partial: { type: 'CUSTOMER_PARTIAL_TRADE_MATCH', attr: { id: rich.customerId, url: `${receiver.url}/partial` } },
      block: { type: 'TRANSACTION_IN_THE_BLOCK', attr: { url: `${receiver.url}/block` } },
    } as const;
    created = [];
    for (const [name, body] of Object.entries(bodies)) {
      const answer = await subscriptions().createSubscription(body);
      assertId(answer.id);
      assert.deepEqual(answer, { id: answer.id });
      ids[name] = answer.id;
      created.push({ id: answer.id, type: body.type, attr: body.attr });
    }
    assert.equal(new Set(Object.values(ids)).size, 8);
  });

  it('getSubscriptions lists them oldest first with their attributes as sent; pages and counts', async () => {
    assert.deepEqual(await subscriptions().getSubscriptions(50), created);
    assert.deepEqual(await subscriptions().getSubscriptions(3), created.slice(0, 3));
    assert.deepEqual(await subscriptions().getSubscriptions(3, 6), created.slice(6));
    assert.deepEqual(await subscriptions().getSubscriptions(3, 9), []);
    // The count takes the page too (pageSize is required there) and counts past it.
    const requests = await sent(async () =>
      assert.deepEqual(await subscriptions().getSubscriptionsCount(3, 6), { total: 8 }),
    );
    assert.deepEqual(requests, ['GET /v3/subscription/count?pageSize=3&offset=6']);
    // No type served here has an address.
    assert.deepEqual(await subscriptions().getSubscriptions(50, 0, 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx'), []);
  });

  it('refusals: a type that needs a chain, wrong attributes, an unknown subscription, a report of a posting type', async () => {
    await refused(
      subscriptions().createSubscription({
        type: 'ADDRESS_TRANSACTION',
        attr: { address: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', chain: 'BTC', url: `${receiver.url}/a` },
      }),
      forbidden('subscription.type.invalid'),
    );
    // An account that is not the ledger's, and a URL that is not one.
    await refused(
      subscriptions().createSubscription({
        type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
        attr: { id: UNKNOWN_ID, url: `${receiver.url}/x` },
      }),
      forbidden('subscription.attr.incoming.invalid'),
    );
    await refused(
      subscriptions().createSubscription({
        type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION',
        attr: { id: watched.id, url: 'not a url' },
      }),
      forbidden('subscription.attr.incoming.invalid'),
    );
    await refused(
      subscriptions().createSubscription({
        type: 'ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION',
        attr: { id: UNKNOWN_ID, url: `${receiver.url}/x` },
      }),
      forbidden('subscription.attr.pending.invalid'),
    );
    await refused(
      subscriptions().createSubscription({
        type: 'ACCOUNT_BALANCE_LIMIT',
        attr: { limit: '-1', typeOfBalance: 'account' },
      }),
      forbidden('subscription.attr.balance.invalid'),
    );
    await refused(
      subscriptions().createSubscription({ type: 'TRANSACTION_HISTORY_REPORT', attr: { interval: 721 } }),
      forbidden('subscription.attr.interval.invalid'),
    );

    await refused(subscriptions().getSubscriptionReport(UNKNOWN_ID), forbidden('subscription.not.exists'));
    await refused(subscriptions().getSubscriptionReport(ids.incoming!), forbidden('report.invalid'));
    await refused(
      subscriptions().updateSubscription(UNKNOWN_ID, { url: `${receiver.url}/x` }),
      forbidden('subscription.not.exists'),
    );
    await refused(subscriptions().deleteSubscription(UNKNOWN_ID), forbidden('subscription.not.exists'));

    // Nothing refused was stored.
    assert.deepEqual(await subscriptions().getSubscriptionsCount(50), { total: 8 });
  });

  it('updateSubscription resolves nothing and getSubscriptions shows the new URL where it was', async () => {
    const url = `${receiver.url}/moved`;
    assert.equal(await subscriptions().updateSubscription(ids.incoming!, { url }), undefined);
    const moved = created.map((s) => (s.id === ids.incoming ? { ...s, attr: { id: watched.id, url } } : s));
    assert.deepEqual(await subscriptions().getSubscriptions(50), moved);
    created = moved;
  });

  it('getSubscriptionReport: accounts strictly above the limit with their exact balances, and the recent transactions', async () => {
    const since = Date.now();
    const toRich = await reportedDeposit(server, credited(rich.id, '0.5'), since);
    const toModest = await reportedDeposit(server, credited(modest.id, '0.25'), since);
    await accounts().blockAmount(rich.id, { amount: '0.3', type: 'HOLD' });

    // Account balance above 0.25: the rich one only; the modest one is at the limit, not above it.
    assert.deepEqual(await subscriptions().getSubscriptionReport(ids.balance!), [
      account({ id: rich.id, currency: 'BTC', customerId: rich.customerId, balance: balance('0.5', '0.2') }),
    ]);
    // Available balance above 0.1: both, oldest first; the watched account is empty.
    assert.deepEqual(await subscriptions().getSubscriptionReport(ids.available!), [
      account({ id: rich.id, currency: 'BTC', customerId: rich.customerId, balance: balance('0.5', '0.2') }),
      account({ id: modest.id, currency: 'BTC', customerId: modest.customerId, balance: balance('0.25') }),
    ]);

    // The last hour's records, newest first: the two deposits (a blockage is not a transaction).
    const recent = await subscriptions().getSubscriptionReport(ids.history!);
    assert.equal(recent.length, 2);
    const records = recent as { created: number }[];
    for (const r of records) assertCreated(r.created, since);
    const depositRecord = (at: number, accountId: string, amount: string, deposit: typeof toRich) =>
      record({
        accountId,
        currency: 'BTC',
        amount,
        reference: deposit.reference,
        created: records[at]!.created,
        operationType: 'DEPOSIT',
        transactionType: 'CREDIT_DEPOSIT',
        marketCurrency: 'BTC',
        txId: deposit.txId,
      });
    assert.deepEqual(recent, [depositRecord(0, modest.id, '0.25', toModest), depositRecord(1, rich.id, '0.5', toRich)]);
  });

  it('a credited deposit is posted to the receiver, signed while HMAC is on, and listed as an executed webhook', async () => {
    assert.equal(await subscriptions().enableWebHookHmac({ hmacSecret: HMAC_SECRET }), undefined);
    const since = Date.now();
    const signed = credited(watched.id, '0.125');
    const first = await reportedDeposit(server, { ...signed, blockHash: '00'.repeat(32) }, since);
    const [got] = await receiver.waitFor(1);

    assert.equal(got!.headers['content-type'], 'application/json');
    // Base64 of HMAC-SHA512 over the exact bytes received, as Tatum's documentation verifies it.
    assert.equal(got!.headers['x-payload-hash'], createHmac('sha512', HMAC_SECRET).update(got!.body).digest('base64'));
    const payload = JSON.parse(got!.body.toString('utf8')) as { date: number };
    assertCreated(payload.date, since);
    assert.deepEqual(
      payload,
      incomingPayload(
        { ...signed, blockHash: '00'.repeat(32) },
        { accountId: watched.id, reference: first.reference, date: payload.date },
      ),
    );

    const [hook] = await settledWebhooks(1);
    assertCreated(hook!.timestamp, since);
    const response = { code: 200, data: 'OK', networkError: false };
    assert.deepEqual(
      // `attempts` is the server's extension, which the client does not type: every try with its response.
      hook as WebHook & { attempts: unknown },
      {
        type: 'INCOMING_BLOCKCHAIN_HOOK',
        id: hook!.id,
        subscriptionId: ids.incoming,
        url: `${receiver.url}/moved`,
        data: payload,
        nextTime: null,
        timestamp: hook!.timestamp,
        retryCount: 0,
        failed: false,
        response,
        attempts: [{ timestamp: hook!.timestamp, response }],
      },
    );
  });

  it('with HMAC off the next webhook carries no hash; the list pages, sorts and filters, and counts', async () => {
    assert.equal(await subscriptions().disableWebHookHmac(), undefined);
    const since = Date.now();
    const unsigned = credited(watched.id, '0.0625');
    const second = await reportedDeposit(server, unsigned, since);
    const [, got] = await receiver.waitFor(2);
    assert.equal(got!.headers['x-payload-hash'], undefined);
    const payload = JSON.parse(got!.body.toString('utf8')) as { date: number };
    assertCreated(payload.date, since);
    assert.deepEqual(
      payload,
      incomingPayload(unsigned, { accountId: watched.id, reference: second.reference, date: payload.date }),
    );

    const [newest, oldest] = await settledWebhooks(2);
    assert.deepEqual(newest!.data, payload);
    assert.equal(newest!.failed, false);
    assert.deepEqual(await subscriptions().getAllWebhooks(50, 0, 'asc'), [oldest, newest]);
    assert.deepEqual(await subscriptions().getAllWebhooks(1, 1), [oldest]);
    assert.deepEqual(await subscriptions().getAllWebhooks(50, 0, undefined, false), [newest, oldest]);
    assert.deepEqual(await subscriptions().getAllWebhooks(50, 0, undefined, true), []);
    assert.deepEqual(await subscriptions().getAllWebhooksCount(1), { total: 2 });
    assert.deepEqual(await subscriptions().getAllWebhooksCount(50, 0, undefined, true), { total: 0 });
  });

  it('deleteSubscription resolves nothing; the subscription is gone and raises no more webhooks', async () => {
    assert.equal(await subscriptions().deleteSubscription(ids.incoming!), undefined);
    assert.deepEqual(
      await subscriptions().getSubscriptions(50),
      created.filter((s) => s.id !== ids.incoming),
    );
    assert.deepEqual(await subscriptions().getSubscriptionsCount(50), { total: 7 });
    await refused(subscriptions().deleteSubscription(ids.incoming!), forbidden('subscription.not.exists'));
    await refused(subscriptions().getSubscriptionReport(ids.incoming!), forbidden('subscription.not.exists'));

    // A webhook is raised in the deposit's own transaction, so once the report is answered none can follow.
    await reportedDeposit(server, credited(watched.id, '0.01'), Date.now());
    assert.deepEqual(await subscriptions().getAllWebhooksCount(50), { total: 2 });
  });
});
