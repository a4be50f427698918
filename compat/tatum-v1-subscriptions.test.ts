import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startWebhookReceiver, type WebhookReceiver } from '../test/helpers/webhook-receiver.js';
import {
  account,
  assertCreated,
  assertId,
  balance,
  depositAddress,
  forbidden,
  incomingPayload,
  newExternalId,
  newTxId,
  record,
  reportedDeposit,
  sentDuring,
  startCompatServer,
  UNKNOWN_ID,
  v1Refusals,
  type CompatServer,
  type DepositReport,
} from './support.js';

// Notification subscriptions through @tatumio/tatum 1.x (docs/decisions/0029-subscriptions.md): what its
// ledger/subscription.js has (create, list, cancel, report) and generateAccount's webhookUrl, which
// subscribes the new account's incoming deposits; a deposit to it is posted to a receiver on loopback.
//
// What 1.x has no wrapper for: the subscription count, updating a subscription's URL, HMAC on and off,
// and the executed webhooks (all in api-client-subscriptions.test.ts). Its createNewSubscription checks
// `attr.url` with class-validator's IsUrl, which wants a top-level domain: `localhost` never leaves the
// client, an IP address such as 127.0.0.1 does.

// Retries on, as for real users, with a short delay (see tatum-v1-money.test.ts); read once, at load.
process.env.TATUM_RETRIES = '2';
process.env.TATUM_RETRY_DELAY = '10';
const v1 = await import('@tatumio/tatum');
const { Currency, SubscriptionType } = v1;
// The axios instance every v1 call goes through: its request interceptors see each body as it is sent.
const { axios: v1Axios } = await import('@tatumio/tatum/dist/src/connector/tatum.js');

let server: CompatServer;
let receiver: WebhookReceiver;

const { refused, refusedLocally } = v1Refusals(() => server);

const sent = (call: () => Promise<unknown>) => sentDuring(server, call);

/** Each request v1 sends while `call` runs, with its body as axios is given it to send. */
async function bodiesSent(call: () => Promise<unknown>): Promise<{ request: string; body: unknown }[]> {
  const sentBodies: { request: string; body: unknown }[] = [];
  const spy = v1Axios.interceptors.request.use((config) => {
    const path = new URL(String(config.url)).pathname;
    sentBodies.push({ request: `${String(config.method).toUpperCase()} ${path}`, body: structuredClone(config.data) });
    return config;
  });
  try {
    await call();
  } finally {
    v1Axios.interceptors.request.eject(spy);
  }
  return sentBodies;
}

/** A BTC account, without an xpub, for a new customer. */
async function btcAccount() {
  const created = await v1.createAccount({ currency: 'BTC', customer: { externalId: newExternalId('v1s') } });
  assertId(created.id);
  assertId(created.customerId);
  return { id: created.id, customerId: created.customerId };
}

/** A Done deposit of `amount`, as the operator's chain watcher reports one. */
function credited(to: { accountId: string } | { address: string }, amount: string): DepositReport {
  return { ...to, currency: 'BTC', txId: newTxId(), index: 1, amount, blockHeight: 2_500_000, status: 'Done' };
}

describe('@tatumio/tatum 1.37.68: notification subscriptions and reports', () => {
  let rich: { id: string; customerId: string };
  let modest: { id: string; customerId: string };
  const ids: Record<string, string> = {};
  const listed: { id: string; type: string; attr: object }[] = [];

  before(async () => {
    receiver = await startWebhookReceiver();
    // Deliveries to loopback are refused by default (decision 0032); the receiver is on loopback.
    server = await startCompatServer({ guards: { webhooks: { allowPrivate: true } } });
    process.env.TATUM_API_URL = server.url;
    process.env.TATUM_API_KEY = server.t.keys.testnet;
  });
  after(async () => {
    try {
      await server.close();
    } finally {
      await receiver.close();
    }
  });

  // v1 sets attr.__type (its class-transformer discriminator) before validating the body, and
  // class-transformer 0.5, which v1 requires, deletes the discriminator from the very object it reads:
  // what goes on the wire, and what the caller's object keeps, has no __type.
  it('createNewSubscription answers an id and sends no __type; listActiveSubscriptions shows attr as sent', async () => {
    rich = await btcAccount();
    modest = await btcAccount();
    const bodies = {
      balance: { type: SubscriptionType.ACCOUNT_BALANCE_LIMIT, attr: { limit: '0.25', typeOfBalance: 'account' } },
      history: { type: SubscriptionType.TRANSACTION_HISTORY_REPORT, attr: { interval: 24 } },
      incoming: {
        type: SubscriptionType.ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION,
        attr: { id: rich.id, url: `${receiver.url}/incoming` },
      },
      pending: {
        type: SubscriptionType.ACCOUNT_PENDING_BLOCKCHAIN_TRANSACTION,
        attr: { id: modest.id, url: `${receiver.url}/pending` },
      },
      trade: {
        type: SubscriptionType.CUSTOMER_TRADE_MATCH,
        attr: { id: rich.customerId, url: `${receiver.url}/trade` },
      },
    };
    for (const [name, body] of Object.entries(bodies)) {
      const attr = { ...body.attr };
      let answer: { id: string } | undefined;
      const wire = await bodiesSent(async () => {
        answer = await v1.createNewSubscription(body);
      });
      assert.deepEqual(wire, [{ request: 'POST /v3/subscription', body: { type: body.type, attr } }]);
      assertId(answer?.id);
      assert.deepEqual(answer, { id: answer.id });
      assert.deepEqual(body.attr, attr);
      ids[name] = answer.id;
      listed.push({ id: answer.id, type: body.type, attr });
    }
    assert.deepEqual(await v1.listActiveSubscriptions(), listed);
    assert.deepEqual(await v1.listActiveSubscriptions(2, 3), listed.slice(3));
  });

  it('createNewSubscription: localhost never leaves the client; the server refuses what v1 lets through', async () => {
    await refusedLocally(
      () =>
        v1.createNewSubscription({
          type: SubscriptionType.ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION,
          attr: { id: rich.id, url: 'http://localhost:8080/hook' },
        }),
      ['attr', 'url'],
      'isUrl',
    );
    // Its enum still has ADDRESS_TRANSACTION, which needs a chain.
    await refused(
      () =>
        v1.createNewSubscription({
          type: SubscriptionType.ADDRESS_TRANSACTION,
          attr: {
            address: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx',
            chain: Currency.BTC,
            url: `${receiver.url}/a`,
          },
        }),
      forbidden('subscription.type.invalid'),
    );
    await refused(
      () =>
        v1.createNewSubscription({
          type: SubscriptionType.ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION,
          attr: { id: UNKNOWN_ID, url: `${receiver.url}/x` },
        }),
      forbidden('subscription.attr.incoming.invalid'),
    );
    await refused(() => v1.obtainReportForSubscription(UNKNOWN_ID), forbidden('subscription.not.exists'));
    await refused(() => v1.obtainReportForSubscription(ids.incoming!), forbidden('report.invalid'));
    await refused(() => v1.cancelExistingSubscription(UNKNOWN_ID), forbidden('subscription.not.exists'));
    assert.deepEqual(await v1.listActiveSubscriptions(), listed);
  });

  it('obtainReportForSubscription: accounts strictly above the limit with their exact balances, and the recent transactions', async () => {
    const since = Date.now();
    // The incoming subscription watches the rich account: its deposit is posted too.
    const richReport = credited({ accountId: rich.id }, '0.75');
    const toRich = await reportedDeposit(server, richReport, since);
    const toModest = await reportedDeposit(server, credited({ accountId: modest.id }, '0.25'), since);
    await v1.blockAmount(rich.id, { amount: '0.5', type: 'HOLD' });

    // The account balance is what counts here, not the available one; 0.25 is not above 0.25.
    assert.deepEqual(await v1.obtainReportForSubscription(ids.balance!), [
      account({ id: rich.id, currency: 'BTC', customerId: rich.customerId, balance: balance('0.75', '0.25') }),
    ]);

    const recent = (await v1.obtainReportForSubscription(ids.history!)) as { created: number }[];
    assert.equal(recent.length, 2);
    for (const r of recent) assertCreated(r.created, since);
    const depositRecord = (at: number, accountId: string, amount: string, deposit: typeof toRich) =>
      record({
        accountId,
        currency: 'BTC',
        amount,
        reference: deposit.reference,
        created: recent[at]!.created,
        operationType: 'DEPOSIT',
        transactionType: 'CREDIT_DEPOSIT',
        marketCurrency: 'BTC',
        txId: deposit.txId,
      });
    assert.deepEqual(recent, [
      depositRecord(0, modest.id, '0.25', toModest),
      depositRecord(1, rich.id, '0.75', toRich),
    ]);

    const [got] = await receiver.waitFor(1);
    const payload = JSON.parse(got!.body.toString('utf8')) as { date: number };
    assertCreated(payload.date, since);
    assert.deepEqual(
      payload,
      incomingPayload(richReport, { accountId: rich.id, reference: toRich.reference, date: payload.date }),
    );
  });

  it('generateAccount with a webhookUrl creates the account and its address and subscribes its deposits', async () => {
    const url = `${receiver.url}/generated`;
    let generated: Awaited<ReturnType<typeof v1.generateAccount>> | undefined;
    const requests = await sent(async () => {
      generated = await v1.generateAccount(
        { currency: 'BTC', customer: { externalId: newExternalId('v1s') } },
        true,
        true,
        url,
      );
    });
    const { account: made, address, wallet } = generated!;
    assertId(made.id);
    assertId(made.customerId);
    assert.ok(wallet && 'xpub' in wallet && typeof wallet.xpub === 'string');
    const xpub = wallet.xpub;
    assert.deepEqual(requests, [
      'POST /v3/ledger/account',
      `POST /v3/offchain/account/${made.id}/address`,
      'POST /v3/subscription',
    ]);
    assert.deepEqual(made, account({ id: made.id, currency: 'BTC', customerId: made.customerId, xpub }));
    const derived = String(v1.generateAddressFromXPub(Currency.BTC, true, xpub, 0));
    assert.deepEqual(address, depositAddress({ address: derived, currency: 'BTC', derivationKey: 0, xpub }));

    const subscriptions = await v1.listActiveSubscriptions();
    const subscribed = subscriptions.at(-1)!;
    assertId(subscribed.id);
    assert.deepEqual(subscriptions, [
      ...listed,
      { id: subscribed.id, type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', attr: { url, id: made.id } },
    ]);

    const since = Date.now();
    const report = credited({ address: derived }, '0.001');
    const deposit = await reportedDeposit(server, report, since);
    const [, got] = await receiver.waitFor(2);
    // v1 cannot turn HMAC on, so nothing is signed.
    assert.equal(got!.headers['x-payload-hash'], undefined);
    const payload = JSON.parse(got!.body.toString('utf8')) as { date: number };
    assertCreated(payload.date, since);
    assert.deepEqual(
      payload,
      incomingPayload(report, { accountId: made.id, reference: deposit.reference, date: payload.date }),
    );
    listed.push({ id: subscribed.id, type: 'ACCOUNT_INCOMING_BLOCKCHAIN_TRANSACTION', attr: { url, id: made.id } });
  });

  it('cancelExistingSubscription resolves nothing; the subscription is gone', async () => {
    assert.equal(await v1.cancelExistingSubscription(ids.trade!), undefined);
    assert.deepEqual(
      await v1.listActiveSubscriptions(),
      listed.filter((s) => s.id !== ids.trade),
    );
    await refused(() => v1.cancelExistingSubscription(ids.trade!), forbidden('subscription.not.exists'));
  });
});
