import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createAccountIn, createVirtualCurrency } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';
import {
  assertReply,
  createMarket,
  createTrader,
  funded,
  storeTrade,
  TRADE_NOT_EXISTS,
  tradeById,
  tradeOf,
  type Market,
  type Trader,
} from '../helpers/trade-fixtures.js';

// The order book's lists (docs/decisions/0036-trade-lookups-and-history.md): the open BUY and SELL
// trades, the closed ones, the matched futures (none), each by POST with a body and, for tatum 1.x, by
// the deprecated GETs with a query.

const FAILED = 'Request validation failed. Please see data for additional information.';
const pageSizeMissing = (target: object) => ({
  statusCode: 400,
  errorCode: 'validation.failed',
  message: FAILED,
  data: [
    {
      target,
      property: 'pageSize',
      children: [],
      constraints: { isDefined: 'pageSize should not be null or undefined' },
    },
  ],
});

const pause = () => new Promise((resolve) => setTimeout(resolve, 3));

describe('trade lists', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  // The book: BUYs T1–T3 open (T2 partly filled), SELLs T5 and T6 open (T6 partly filled), T4, T7, T8
  // and T9 closed, T10 cancelled. Q is a second pair sharing currency 2.
  let market: Market;
  let q: Market;
  let a: Trader & { a3: string };
  let b: Trader & { a3: string };
  let feeAccount: { accountId: string; customerId: string };
  const ids: Record<string, string> = {};
  const trades: Record<string, any> = {};

  /** The trades named, as every list shows them. */
  const listed = (...names: string[]) => names.map((name) => trades[name]);

  before(async () => {
    market = await createMarket(api);
    const c3 = await createVirtualCurrency(api, '1000');
    q = { c1: c3, c2: market.c2, pair: `${c3.name}/${market.c2.name}` };
    const withThird = async (trader: Trader) => {
      const third = await createAccountIn(api, c3.name, { externalId: trader.externalId });
      await funded(api, c3.issuerId, third.accountId, '100');
      return { ...trader, a3: third.accountId };
    };
    a = await withThird(await createTrader(api, market, { c1: '100', c2: '10000' }));
    b = await withThird(await createTrader(api, market, { c1: '100', c2: '10000' }));
    feeAccount = await createAccountIn(api, market.c2.name);
    const onQ = (trader: typeof a) => ({ ...trader, a1: trader.a3 });

    const book: [string, Record<string, unknown>][] = [
      ['T1', tradeOf(market, a, 'BUY', '10', '5')],
      ['T2', tradeOf(market, b, 'BUY', '12', '2', { feeAccountId: feeAccount.accountId, fee: 1 })],
      ['T3', tradeOf(market, a, 'BUY', '9', '30')],
      ['T4', tradeOf(q, onQ(b), 'BUY', '7', '4')],
      ['T5', tradeOf(market, a, 'SELL', '100', '1')],
      ['T6', tradeOf(market, b, 'SELL', '25', '6')],
      // Fills 1 of T2 at 12.
      ['T7', tradeOf(market, a, 'SELL', '11', '1')],
      // Fills 1 of T6 at 25, the cheapest SELL.
      ['T8', tradeOf(market, b, 'BUY', '30', '1')],
      // Fills all of T4 at 7.
      ['T9', tradeOf(q, onQ(a), 'SELL', '6', '4')],
      ['T10', tradeOf(market, a, 'BUY', '5', '1')],
    ];
    for (const [name, body] of book) {
      // Apart by a few milliseconds, so that `created` orders them as they were stored.
      await pause();
      ids[name] = await storeTrade(api, body);
      const created = (await tradeById(api, ids[name]!)).created;
      trades[name] = { id: ids[name], fill: '0', feeAccountId: null, fee: null, ...body, created };
    }
    assertReply(await api.delete(`/v3/trade/${ids.T10}`), 204);
    trades.T2.fill = '1';
    trades.T6.fill = '1';
    for (const [name, isMaker] of [
      ['T4', true],
      ['T7', false],
      ['T8', false],
      ['T9', false],
    ] as const) {
      trades[name] = { ...trades[name], fill: trades[name].amount, isMaker };
    }
    for (const name of Object.keys(trades).filter((name) => name !== 'T10'))
      assert.deepEqual(await tradeById(api, ids[name]!), trades[name], name);
  });

  const post = async (list: string, body: unknown) => {
    const reply = await api.post(`/v3/trade/${list}`, body);
    assertReply(reply, 200);
    return reply.body;
  };

  describe('POST /v3/trade/buy and /sell', () => {
    it('list the open trades of their side, oldest first', async () => {
      assert.deepEqual(await post('buy', { pageSize: 50 }), listed('T1', 'T2', 'T3'));
      assert.deepEqual(await post('sell', { pageSize: 50 }), listed('T5', 'T6'));
    });

    it('page with pageSize and offset', async () => {
      assert.deepEqual(await post('buy', { pageSize: 2 }), listed('T1', 'T2'));
      assert.deepEqual(await post('buy', { pageSize: 2, offset: 2 }), listed('T3'));
      assert.deepEqual(await post('buy', { pageSize: 50, offset: 1 }), listed('T2', 'T3'));
      assert.deepEqual(await post('buy', { pageSize: 50, offset: 3 }), []);
      assert.deepEqual(await post('sell', { pageSize: 1, offset: 1 }), listed('T6'));
    });

    it('narrow by pair, account (either of the two), customer', async () => {
      assert.deepEqual(await post('buy', { pageSize: 50, pair: market.pair }), listed('T1', 'T2', 'T3'));
      assert.deepEqual(await post('buy', { pageSize: 50, pair: q.pair }), []);
      assert.deepEqual(await post('buy', { pageSize: 50, pair: 'NO/PAIR' }), []);
      assert.deepEqual(await post('buy', { pageSize: 50, id: a.a1 }), listed('T1', 'T3'));
      assert.deepEqual(await post('buy', { pageSize: 50, id: a.a2 }), listed('T1', 'T3'));
      assert.deepEqual(await post('buy', { pageSize: 50, id: b.a2 }), listed('T2'));
      // Neither a closed trade's account nor a fee account.
      assert.deepEqual(await post('buy', { pageSize: 50, id: b.a3 }), []);
      assert.deepEqual(await post('buy', { pageSize: 50, id: feeAccount.accountId }), []);
      assert.deepEqual(await post('sell', { pageSize: 50, id: a.a2 }), listed('T5'));
      assert.deepEqual(await post('buy', { pageSize: 50, customerId: a.customerId }), listed('T1', 'T3'));
      assert.deepEqual(await post('sell', { pageSize: 50, customerId: b.customerId }), listed('T6'));
      assert.deepEqual(await post('buy', { pageSize: 50, customerId: feeAccount.customerId }), []);
      assert.deepEqual(await post('buy', { pageSize: 50, id: a.a1, customerId: b.customerId }), []);
    });

    it('narrow by every operator of the amount, fill, price and created conditions, ANDed', async () => {
      const created = String(trades.T2.created);
      const cases: [Record<string, { op: string; value: string }[]>, string[]][] = [
        [{ amount: [{ op: 'gte', value: '5' }] }, ['T1', 'T3']],
        [{ amount: [{ op: 'gt', value: '5' }] }, ['T3']],
        [{ amount: [{ op: 'lte', value: '5' }] }, ['T1', 'T2']],
        [{ amount: [{ op: 'lt', value: '5' }] }, ['T2']],
        [{ amount: [{ op: 'eq', value: '5.000' }] }, ['T1']],
        [{ amount: [{ op: 'neq', value: '5' }] }, ['T2', 'T3']],
        [{ amount: [{ op: 'gte', value: '10' }] }, ['T3']],
        [{ fill: [{ op: 'gt', value: '0' }] }, ['T2']],
        [{ fill: [{ op: 'eq', value: '0' }] }, ['T1', 'T3']],
        [{ fill: [{ op: 'gte', value: '1' }] }, ['T2']],
        [{ fill: [{ op: 'lt', value: '1' }] }, ['T1', 'T3']],
        [{ fill: [{ op: 'lte', value: '0.5' }] }, ['T1', 'T3']],
        [{ fill: [{ op: 'neq', value: '0' }] }, ['T2']],
        [{ price: [{ op: 'gt', value: '9' }] }, ['T1', 'T2']],
        [{ price: [{ op: 'lte', value: '10' }] }, ['T1', 'T3']],
        [{ price: [{ op: 'eq', value: '9' }] }, ['T3']],
        [{ price: [{ op: 'gte', value: '12' }] }, ['T2']],
        [{ price: [{ op: 'lt', value: '12' }] }, ['T1', 'T3']],
        [{ price: [{ op: 'neq', value: '10' }] }, ['T2', 'T3']],
        [{ created: [{ op: 'gte', value: created }] }, ['T2', 'T3']],
        [{ created: [{ op: 'gt', value: created }] }, ['T3']],
        [{ created: [{ op: 'lt', value: created }] }, ['T1']],
        [{ created: [{ op: 'lte', value: created }] }, ['T1', 'T2']],
        [{ created: [{ op: 'eq', value: created }] }, ['T2']],
        [{ created: [{ op: 'neq', value: created }] }, ['T1', 'T3']],
        [{ price: [{ op: 'eq', value: '10' }], amount: [{ op: 'gt', value: '3' }] }, ['T1']],
        [
          {
            amount: [
              { op: 'gt', value: '2' },
              { op: 'lt', value: '30' },
            ],
          },
          ['T1'],
        ],
        [{ price: [{ op: 'gt', value: '12' }] }, []],
      ];
      for (const [conditions, names] of cases)
        assert.deepEqual(
          await post('buy', { pageSize: 50, ...conditions }),
          listed(...names),
          JSON.stringify(conditions),
        );
      assert.deepEqual(await post('sell', { pageSize: 50, fill: [{ op: 'gt', value: '0' }] }), listed('T6'));
      const wrong = { pageSize: 50, price: [{ op: 'gte', value: 'ten' }] };
      const reply = await api.post('/v3/trade/buy', wrong);
      assert.deepEqual(
        [reply.status, reply.body.errorCode, reply.body.data[0].property],
        [400, 'validation.failed', 'price'],
      );
    });

    it('sort by keys in priority order, a single key given as a string too', async () => {
      // Prices and amounts of one and two digits: they sort as numbers, not as text.
      const cases: [unknown, string[]][] = [
        [['PRICE_DESC'], ['T2', 'T1', 'T3']],
        [['PRICE_ASC'], ['T3', 'T1', 'T2']],
        [['AMOUNT_ASC'], ['T2', 'T1', 'T3']],
        [['AMOUNT_DESC'], ['T3', 'T1', 'T2']],
        [
          ['AMOUNT_ASC', 'PRICE_DESC'],
          ['T2', 'T1', 'T3'],
        ],
        [
          ['FEE_ASC', 'PRICE_ASC'],
          ['T3', 'T1', 'T2'],
        ],
        [
          ['FEE_ASC', 'PRICE_DESC'],
          ['T1', 'T3', 'T2'],
        ],
        [
          ['FILL_ASC', 'AMOUNT_DESC'],
          ['T3', 'T1', 'T2'],
        ],
        [
          ['FILL_ASC', 'AMOUNT_ASC'],
          ['T1', 'T3', 'T2'],
        ],
        [['FILL_DESC'], ['T2', 'T1', 'T3']],
        [['CREATED_DESC'], ['T3', 'T2', 'T1']],
        ['CREATED_DESC', ['T3', 'T2', 'T1']],
        [['CREATED_ASC'], ['T1', 'T2', 'T3']],
        [['FEE_DESC'], ['T2', 'T1', 'T3']],
        [['FEE_ASC'], ['T1', 'T3', 'T2']],
        [[], ['T1', 'T2', 'T3']],
      ];
      for (const [sort, names] of cases)
        assert.deepEqual(await post('buy', { pageSize: 50, sort }), listed(...names), JSON.stringify(sort));
      assert.deepEqual(await post('sell', { pageSize: 50, sort: 'PRICE_ASC' }), listed('T6', 'T5'));
      assert.deepEqual(await post('buy', { pageSize: 1, offset: 1, sort: ['PRICE_DESC'] }), listed('T1'));
      const wrong = { pageSize: 50, sort: ['PRICE'] };
      const reply = await api.post('/v3/trade/buy', wrong);
      assert.deepEqual([reply.status, reply.body.errorCode], [400, 'validation.failed']);
    });

    it('take the side’s type: the real one lists, the future one is empty, the other side’s is refused', async () => {
      assert.deepEqual(await post('buy', { pageSize: 50, tradeType: 'BUY' }), listed('T1', 'T2', 'T3'));
      assert.deepEqual(await post('buy', { pageSize: 50, tradeType: 'FUTURE_BUY' }), []);
      assert.deepEqual(await post('sell', { pageSize: 50, tradeType: 'SELL' }), listed('T5', 'T6'));
      assert.deepEqual(await post('sell', { pageSize: 50, tradeType: 'FUTURE_SELL' }), []);
      const wrong = { pageSize: 50, tradeType: 'SELL' };
      assertReply(await api.post('/v3/trade/buy', wrong), 400, {
        statusCode: 400,
        errorCode: 'validation.failed',
        message: FAILED,
        data: [
          {
            target: wrong,
            value: 'SELL',
            property: 'tradeType',
            children: [],
            constraints: { isIn: 'tradeType must be one of the following values: BUY, FUTURE_BUY' },
          },
        ],
      });
    });

    it('count with count=true: a bare number, pageSize then optional and ignored', async () => {
      assertReply(await api.post('/v3/trade/buy', { count: true }), 200, 3);
      assertReply(await api.post('/v3/trade/buy', { count: true, pageSize: 1, offset: 2 }), 200, 3);
      assertReply(await api.post('/v3/trade/buy', { count: true, id: a.a1 }), 200, 2);
      assertReply(await api.post('/v3/trade/buy', { count: true, price: [{ op: 'gt', value: '10' }] }), 200, 1);
      assertReply(await api.post('/v3/trade/buy', { count: true, tradeType: 'FUTURE_BUY' }), 200, 0);
      assertReply(await api.post('/v3/trade/sell', { count: true }), 200, 2);
      assertReply(await api.post('/v3/trade/sell', { count: true, pair: q.pair }), 200, 0);
      const reply = await api.post('/v3/trade/buy', { count: true });
      assert.equal(reply.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(await post('buy', { count: false, pageSize: 1 }), listed('T1'));
    });

    it('refuse a list without pageSize unless it counts', async () => {
      for (const list of ['buy', 'sell', 'history', 'matched']) {
        for (const body of [{}, { offset: 0 }, { count: false }]) {
          assertReply(
            await api.post(`/v3/trade/${list}`, body),
            400,
            pageSizeMissing(body),
            `${list} ${JSON.stringify(body)}`,
          );
        }
      }
    });
  });

  describe('POST /v3/trade/history', () => {
    it('lists the closed trades only, with isMaker, oldest first; cancelled ones are not history', async () => {
      const history = await post('history', { pageSize: 50 });
      assert.deepEqual(history, listed('T4', 'T7', 'T8', 'T9'));
      assertReply(await api.get(`/v3/trade/${ids.T10}`), 403, TRADE_NOT_EXISTS);
      assertReply(await api.post('/v3/trade/history', { count: true }), 200, 4);
    });

    it('narrows by types, account, pair, customer and conditions, and sorts', async () => {
      const cases: [Record<string, unknown>, string[]][] = [
        [{ types: ['BUY'] }, ['T4', 'T8']],
        [{ types: ['SELL'] }, ['T7', 'T9']],
        [{ types: ['BUY', 'SELL'] }, ['T4', 'T7', 'T8', 'T9']],
        [{ types: ['FUTURE_SELL'] }, []],
        [{ types: ['FUTURE_BUY', 'BUY'] }, ['T4', 'T8']],
        [{ id: a.a3 }, ['T9']],
        [{ id: a.a2 }, ['T7', 'T9']],
        [{ id: b.a3 }, ['T4']],
        [{ pair: q.pair }, ['T4', 'T9']],
        [{ customerId: b.customerId }, ['T4', 'T8']],
        [{ price: [{ op: 'gte', value: '11' }] }, ['T7', 'T8']],
        [{ sort: ['PRICE_DESC'] }, ['T8', 'T7', 'T4', 'T9']],
        [{ sort: 'AMOUNT_DESC' }, ['T4', 'T9', 'T7', 'T8']],
        [{ pageSize: 2, offset: 1 }, ['T7', 'T8']],
      ];
      for (const [filter, names] of cases)
        assert.deepEqual(await post('history', { pageSize: 50, ...filter }), listed(...names), JSON.stringify(filter));
      assertReply(await api.post('/v3/trade/history', { count: true, types: ['SELL'] }), 200, 2);
    });

    it('lists the first 50 for an empty body, under any content type or none', async () => {
      const expected = listed('T4', 'T7', 'T8', 'T9');
      const none = await api.request({ method: 'POST', url: '/v3/trade/history' });
      assertReply(none, 200, expected);
      for (const contentType of ['application/json', 'application/x-www-form-urlencoded']) {
        const reply = await api.request({
          method: 'POST',
          url: '/v3/trade/history',
          headers: { 'content-type': contentType },
          payload: '',
        });
        assertReply(reply, 200, expected, contentType);
      }
    });

    it('an empty body’s page holds 50 of more', async () => {
      const tenant = await t.newTenant();
      const other = t.client(tenant.testnet);
      const small = await createMarket(other);
      const seller = await createTrader(other, small, { c1: '51' });
      const buyer = await createTrader(other, small, { c2: '51' });
      await storeTrade(other, tradeOf(small, seller, 'SELL', '1', '51'));
      for (let i = 0; i < 51; i++) await storeTrade(other, tradeOf(small, buyer, 'BUY', '1', '1'));
      assertReply(await other.post('/v3/trade/history', { count: true }), 200, 52);
      const page = await other.request({ method: 'POST', url: '/v3/trade/history' });
      assertReply(page, 200);
      assert.equal(page.body.length, 50);
      assertReply(await other.post('/v3/trade/history', { pageSize: 50 }), 200, page.body);
    });
  });

  describe('POST /v3/trade/matched', () => {
    it('is always empty: futures are refused', async () => {
      assertReply(await api.post('/v3/trade/matched', { pageSize: 50 }), 200, []);
      assertReply(await api.post('/v3/trade/matched', { pageSize: 10, type: 'FUTURE_BUY', id: a.a1 }), 200, []);
      assertReply(await api.post('/v3/trade/matched', { count: true }), 200, 0);
    });
  });

  describe('the deprecated GETs tatum 1.x sends', () => {
    const get = async (url: string) => {
      const reply = await api.get(url);
      assertReply(reply, 200, undefined, url);
      return reply.body;
    };

    it('GET /v3/trade/history with id and an unencoded pair', async () => {
      assert.deepEqual(await get(`/v3/trade/history?pageSize=50&offset=0&id=${a.a3}&pair=${q.pair}`), listed('T9'));
      assert.deepEqual(await get(`/v3/trade/history?pageSize=50&offset=0&pair=${q.pair}`), listed('T4', 'T9'));
      assert.deepEqual(await get('/v3/trade/history?pageSize=50&offset=0'), listed('T4', 'T7', 'T8', 'T9'));
      assert.deepEqual(
        await get('/v3/trade/history?pageSize=50&offset=0&id=undefined'),
        listed('T4', 'T7', 'T8', 'T9'),
      );
      assert.deepEqual(await get('/v3/trade/history?pageSize=2&offset=3'), listed('T9'));
      assert.equal(await get('/v3/trade/history?pageSize=50&count=true'), 4);
    });

    it('GET /v3/trade/history with types, the key repeated as the api-client sends it', async () => {
      assert.deepEqual(await get('/v3/trade/history?pageSize=50&types=SELL'), listed('T7', 'T9'));
      assert.deepEqual(await get('/v3/trade/history?pageSize=50&types=BUY&types=SELL'), listed('T4', 'T7', 'T8', 'T9'));
      assert.equal(await get('/v3/trade/history?pageSize=50&types=BUY&count=true'), 2);
    });

    it('GET /v3/trade/history with types comma-separated', async () => {
      assert.deepEqual(await get('/v3/trade/history?pageSize=50&types=BUY,SELL'), listed('T4', 'T7', 'T8', 'T9'));
      assert.deepEqual(await get('/v3/trade/history?pageSize=50&types=SELL,FUTURE_SELL'), listed('T7', 'T9'));
    });

    it('GET /v3/trade/buy with id=undefined as no id, and with an account', async () => {
      assert.deepEqual(await get('/v3/trade/buy?id=undefined&pageSize=50&offset=0'), listed('T1', 'T2', 'T3'));
      assert.deepEqual(await get(`/v3/trade/buy?id=${a.a1}&pageSize=50&offset=0`), listed('T1', 'T3'));
      assert.deepEqual(await get(`/v3/trade/buy?pageSize=50&customerId=${b.customerId}`), listed('T2'));
      assert.deepEqual(await get(`/v3/trade/buy?pageSize=50&pair=${market.pair}`), listed('T1', 'T2', 'T3'));
      assert.deepEqual(await get('/v3/trade/buy?pageSize=2&offset=1'), listed('T2', 'T3'));
      assert.deepEqual(await get('/v3/trade/buy?pageSize=50&tradeType=BUY'), listed('T1', 'T2', 'T3'));
      assert.deepEqual(await get('/v3/trade/buy?pageSize=50&tradeType=FUTURE_BUY'), []);
      assert.equal(await get('/v3/trade/buy?pageSize=50&count=true'), 3);
    });

    it('GET /v3/trade/sell', async () => {
      assert.deepEqual(await get('/v3/trade/sell?id=undefined&pageSize=50&offset=0'), listed('T5', 'T6'));
      assert.deepEqual(await get(`/v3/trade/sell?id=${b.a1}&pageSize=50&offset=0`), listed('T6'));
      assert.deepEqual(await get('/v3/trade/sell?pageSize=50&tradeType=SELL'), listed('T5', 'T6'));
      assert.deepEqual(await get('/v3/trade/sell?pageSize=50&tradeType=FUTURE_SELL'), []);
      assert.equal(await get('/v3/trade/sell?pageSize=50&count=true'), 2);
      assert.equal(await get(`/v3/trade/sell?pageSize=50&count=true&id=${a.a1}`), 1);
    });

    it('need pageSize, 1 to 50', async () => {
      for (const list of ['history', 'buy', 'sell']) {
        const missing = await api.get(`/v3/trade/${list}?offset=0`);
        assertReply(missing, 400, {
          statusCode: 400,
          errorCode: 'validation.failed',
          message: FAILED,
          data: [
            {
              target: { offset: 0 },
              property: 'pageSize',
              children: [],
              constraints: { isDefined: 'pageSize should not be null or undefined' },
            },
          ],
        });
        const over = await api.get(`/v3/trade/${list}?pageSize=51`);
        assert.deepEqual(
          [over.status, over.body.data[0].constraints],
          [400, { max: 'pageSize must not be greater than 50' }],
        );
      }
    });

    it('GET /v3/trade/chart and /matched are lookups of trades of those ids', async () => {
      for (const path of ['chart', 'matched']) assertReply(await api.get(`/v3/trade/${path}`), 403, TRADE_NOT_EXISTS);
    });
  });
});
