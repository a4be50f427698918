import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccountIn, externalId } from '../helpers/ledger-fixtures.js';
import { testApp, type LedgerClient, type Reply } from '../helpers/test-app.js';
import { createMarket, createTrader, funded, storeTrade, tradeById, tradeOf } from '../helpers/trade-fixtures.js';
import { startWebhookReceiver } from '../helpers/webhook-receiver.js';

// The order book's webhooks (docs/decisions/0033-order-matching.md): per fill and per side, one
// CUSTOMER_PARTIAL_TRADE_MATCH or CUSTOMER_TRADE_MATCH to each customer owning one of the trade's two
// accounts, posted by the ledger's own worker to a real HTTP server on loopback.

function ok(reply: Reply, status = 200): any {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  return reply.body;
}

/** The ledger's executed-webhook records once `done` holds of them (a try's outcome is written after the answer). */
async function recordsWhen(api: LedgerClient, done: (records: any[]) => boolean, timeoutMs = 20_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = ok(await api.get('/v3/subscription/webhook?pageSize=50'));
    if (done(records)) return records;
    if (Date.now() > deadline) assert.fail(`records did not settle: ${JSON.stringify(records)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const EXECUTED_TYPE: Record<string, string> = {
  CUSTOMER_TRADE_MATCH: 'TRADE_MATCH',
  CUSTOMER_PARTIAL_TRADE_MATCH: 'TRADE_PARTIAL_FILL',
};

describe('trade webhooks', () => {
  it('posts a partial or a closing match per fill, per side, to each customer of the trade’s accounts', async (context) => {
    const receiver = await startWebhookReceiver();
    try {
      const t = await testApp(context, { guards: { webhooks: { allowPrivate: true } } });
      const api = t.client();
      const market = await createMarket(api);
      const maker = await createTrader(api, market);
      const makerFee = await createAccountIn(api, market.c1.name);
      await funded(api, market.c1.issuerId, maker.a1, '5.05');
      const first = await createTrader(api, market, { c2: '100' });
      // The second taker's accounts belong to two customers: both hear of its fills.
      const second1 = await createAccountIn(api, market.c1.name, { externalId: externalId('c1') });
      const second2 = await createAccountIn(api, market.c2.name, { externalId: externalId('c2') });
      await funded(api, market.c2.issuerId, second2.accountId, '100');

      // Every customer subscribes to both types; the fee account's customer is told nothing.
      const customers: Record<string, string> = {
        maker: maker.customerId,
        first: first.customerId,
        second1: second1.customerId,
        second2: second2.customerId,
        fee: makerFee.customerId,
      };
      const subscriptions = new Map<string, { who: string; type: string }>();
      for (const [who, id] of Object.entries(customers)) {
        for (const type of ['CUSTOMER_TRADE_MATCH', 'CUSTOMER_PARTIAL_TRADE_MATCH']) {
          const url = `${receiver.url}/hooks/${who}`;
          const subscription = ok(await api.post('/v3/subscription', { type, attr: { id, url } }));
          subscriptions.set(subscription.id, { who, type });
        }
      }

      const resting = await storeTrade(
        api,
        tradeOf(market, maker, 'SELL', '10', '5', { feeAccountId: makerFee.accountId, fee: 1 }),
      );
      // 2 of the 5 at 10: the maker partly filled, the first taker closed.
      const taker1 = await storeTrade(api, tradeOf(market, first, 'BUY', '12', '2'));
      // The other 3 at 10: the maker closed, the second taker partly filled (3 of 4).
      const taker2 = await storeTrade(api, {
        type: 'BUY',
        price: '10',
        amount: '4',
        pair: market.pair,
        currency1AccountId: second1.accountId,
        currency2AccountId: second2.accountId,
      });
      const created = async (id: string) => (await tradeById(api, id)).created as number;

      // The fields in the order of Tatum's documented payloads, subscriptionType last.
      const makerFields = {
        price: '10',
        type: 'SELL',
        pair: market.pair,
        id: resting,
        currency1AccountId: maker.a1,
        currency2AccountId: maker.a2,
        fee: 1,
        feeAccountId: makerFee.accountId,
        isMaker: true,
        expiredWithoutMatch: false,
      };
      const secondPartial = {
        created: await created(taker2),
        amount: '3',
        orderAmount: '4',
        price: '10',
        type: 'BUY',
        pair: market.pair,
        id: taker2,
        currency1AccountId: second1.accountId,
        currency2AccountId: second2.accountId,
        fee: null,
        feeAccountId: null,
        isMaker: false,
        expiredWithoutMatch: false,
        subscriptionType: 'CUSTOMER_PARTIAL_TRADE_MATCH',
      };
      const expected: [string, object][] = [
        [
          'maker',
          {
            created: await created(resting),
            amount: '2',
            orderAmount: '5',
            ...makerFields,
            subscriptionType: 'CUSTOMER_PARTIAL_TRADE_MATCH',
          },
        ],
        [
          'first',
          {
            created: await created(taker1),
            amount: '2',
            price: '12',
            type: 'BUY',
            pair: market.pair,
            id: taker1,
            currency1AccountId: first.a1,
            currency2AccountId: first.a2,
            fee: null,
            feeAccountId: null,
            isMaker: false,
            expiredWithoutMatch: false,
            subscriptionType: 'CUSTOMER_TRADE_MATCH',
          },
        ],
        [
          'maker',
          { created: await created(resting), amount: '5', ...makerFields, subscriptionType: 'CUSTOMER_TRADE_MATCH' },
        ],
        ['second1', secondPartial],
        ['second2', secondPartial],
      ];

      const received = await receiver.waitFor(expected.length);
      const records = await recordsWhen(
        api,
        (all) => all.length === expected.length && all.every((record) => record.timestamp !== null),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(receiver.received.length, expected.length, 'each event once, and none for the fee account');

      // Each expected webhook arrived once, to its customer's subscription of its type, as these bytes.
      const unmatched = [...received];
      for (const [who, payload] of expected) {
        const text = JSON.stringify(payload);
        const index = unmatched.findIndex((got) => {
          const record = records.find((r) => r.id === got.headers['x-webhook-id']);
          return got.body.toString('utf8') === text && subscriptions.get(record?.subscriptionId)?.who === who;
        });
        assert.notEqual(
          index,
          -1,
          `${who} got ${text}; received ${received.map((r) => r.body.toString('utf8')).join('\n')}`,
        );
        const [got] = unmatched.splice(index, 1);
        assert.equal(got!.headers['content-type'], 'application/json');
        const record = records.find((r) => r.id === got!.headers['x-webhook-id']);
        const subscription = subscriptions.get(record.subscriptionId)!;
        const type = (payload as { subscriptionType: string }).subscriptionType;
        assert.equal(subscription.type, type);
        assert.equal(record.type, EXECUTED_TYPE[type]);
        assert.deepEqual(record.data, payload);
        assert.equal(record.url, `${receiver.url}/hooks/${who}`);
        assert.equal(record.failed, false);
        assert.deepEqual(record.response, { code: 200, data: 'OK', networkError: false });
      }
      assert.deepEqual(records.map((record) => record.type).sort(), [
        'TRADE_MATCH',
        'TRADE_MATCH',
        'TRADE_PARTIAL_FILL',
        'TRADE_PARTIAL_FILL',
        'TRADE_PARTIAL_FILL',
      ]);
    } finally {
      await receiver.close();
    }
  });
});
