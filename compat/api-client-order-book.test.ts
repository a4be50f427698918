import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ApiError, TatumApi, type Account, type CreateTrade, type Trade, type Transaction } from '@tatumio/api-client';
import {
  apiClientRefusals,
  assertCreated,
  assertId,
  assertReference,
  balance,
  forbidden,
  newExternalId,
  record,
  sentDuring,
  startCompatServer,
  trade,
  tradeCurrency1Pair,
  tradeCurrency2Balance,
  tradeTypeUnsupported,
  UNKNOWN_ID,
  type CompatServer,
  type ExpectedTrade,
} from './support.js';

// The order book through @tatumio/api-client (docs/decisions/0033-order-matching.md to
// 0037-open-trades-block-deactivation.md): every OrderBookService operation, on one book of two virtual
// currencies. A seller rests two SELLs, a buyer's BUY crosses both at their prices and closes, two BUYs
// rest below the ask; the lists, the history, the chart and the cancels then read that book. The steps
// run in order on one ledger, so each list holds exactly what came before.

// TatumApi() takes TATUM_API_URL over its url argument (docs/compatibility/api-client-2.md).
delete process.env.TATUM_API_URL;

let server: CompatServer;

/** The client's base URL and key are globals that TatumApi() sets, so every call picks its key here. */
function ledger() {
  return TatumApi(server.t.keys.testnet, server.url).ledger;
}
const orderBook = () => ledger().orderBook;

const { refused, invalid } = apiClientRefusals(ApiError);

const sent = (call: () => Promise<unknown>) => sentDuring(server, call);

// Short names: a pair is at most 30 characters. Each compat server has a ledger of its own.
const GOLD = 'VC_GOLD';
const EURO = 'VC_EURO';
const PAIR = `${GOLD}/${EURO}`;

/** An account in `currency` for the customer `externalId` (made with its first account). */
async function accountOf(externalId: string, currency: string): Promise<Account & { customerId: string }> {
  const created = await ledger().account.createAccount({ currency, customer: { externalId } });
  assertId(created.id);
  assertId(created.customerId);
  return { ...created, customerId: created.customerId };
}

async function mint(accountId: string, amount: string): Promise<void> {
  assertReference((await ledger().virtualCurrency.mintCurrency({ accountId, amount })).reference);
}

/** Stores a trade and checks the answer is its id and nothing else. */
async function stored(body: CreateTrade): Promise<string> {
  const answer = await orderBook().storeTrade(body);
  assertId(answer.id);
  assert.deepEqual(answer, { id: answer.id });
  return answer.id;
}

const balanceOf = (id: string) => ledger().account.getAccountBalance(id);

describe('@tatumio/api-client 2.2.103: the order book', () => {
  // The seller's and the buyer's accounts, each trader one customer.
  let sellerGold: Account & { customerId: string };
  let sellerEuro: Account;
  let sellerFee: Account;
  let buyerGold: Account & { customerId: string };
  let buyerEuro: Account;
  let buyerFee: Account;
  /** A second gold account of the buyer, empty, for the resting BUYs. */
  let buyerGoldSpare: Account;
  // Filled in as the steps store them; each step reads only what an earlier one stored.
  const trades = {} as Record<'cheapSell' | 'dearSell' | 'buy' | 'lowBuy' | 'midBuy', ExpectedTrade>;
  /** Content type and length of each request, as it arrived. */
  const arrived: { request: string; contentType?: string; contentLength?: string }[] = [];

  before(async () => {
    server = await startCompatServer();
    server.t.app.server.on('request', (request: IncomingMessage) => {
      arrived.push({
        request: `${request.method} ${request.url}`,
        contentType: request.headers['content-type'],
        contentLength: request.headers['content-length'],
      });
    });
    for (const name of [GOLD, EURO]) {
      assertId((await ledger().virtualCurrency.createCurrency({ name, supply: '0', basePair: 'EUR' })).id);
    }
    const seller = newExternalId('acob-seller');
    const buyer = newExternalId('acob-buyer');
    sellerGold = await accountOf(seller, GOLD);
    sellerEuro = await accountOf(seller, EURO);
    sellerFee = await accountOf(seller, GOLD);
    buyerGold = await accountOf(buyer, GOLD);
    buyerEuro = await accountOf(buyer, EURO);
    buyerFee = await accountOf(buyer, EURO);
    buyerGoldSpare = await accountOf(buyer, GOLD);
    assert.equal(sellerEuro.customerId, sellerGold.customerId);
    assert.equal(buyerEuro.customerId, buyerGold.customerId);
    await mint(sellerGold.id, '10');
    await mint(buyerEuro.id, '1000');
  });
  after(() => server.close());

  /** getTradeById answers `expected`, whose `created` is taken from the answer and checked. */
  async function readBack(
    name: keyof typeof trades,
    expected: Omit<ExpectedTrade, 'created'>,
    since: number,
  ): Promise<ExpectedTrade> {
    const got = await orderBook().getTradeById(expected.id);
    assertCreated(got.created, since);
    const full = { ...expected, created: got.created };
    assert.deepEqual(got, full);
    trades[name] = full;
    return full;
  }

  it('storeTrade: a SELL rests and blocks its amount; one with a fee blocks the amount plus the fee', async () => {
    const since = Date.now();
    const cheap = await stored({
      type: 'SELL',
      price: '100',
      amount: '2',
      pair: PAIR,
      currency1AccountId: sellerGold.id,
      currency2AccountId: sellerEuro.id,
    });
    const dear = await stored({
      type: 'SELL',
      price: '110',
      amount: '3',
      pair: PAIR,
      currency1AccountId: sellerGold.id,
      currency2AccountId: sellerEuro.id,
      feeAccountId: sellerFee.id,
      fee: 1,
    });
    const sellFields = {
      type: 'SELL',
      pair: PAIR,
      currency1AccountId: sellerGold.id,
      currency2AccountId: sellerEuro.id,
    } as const;
    await readBack('cheapSell', trade({ ...sellFields, id: cheap, price: '100', amount: '2', created: 0 }), since);
    await readBack(
      'dearSell',
      trade({
        ...sellFields,
        id: dear,
        price: '110',
        amount: '3',
        feeAccountId: sellerFee.id,
        fee: 1,
        created: 0,
      }),
      since,
    );

    // Each trade holds one TRADE blockage named by its id: 2, and 3 plus its 1% fee.
    const blockages = (await ledger().account.getBlockAmount(sellerGold.id, 50)) as { id: string }[];
    assert.equal(blockages.length, 2);
    for (const b of blockages) assertId(b.id);
    assert.deepEqual(blockages, [
      { id: blockages[0]!.id, accountId: sellerGold.id, amount: '2', type: 'TRADE', description: cheap },
      { id: blockages[1]!.id, accountId: sellerGold.id, amount: '3.03', type: 'TRADE', description: dear },
    ]);
    assert.deepEqual(await balanceOf(sellerGold.id), balance('10', '4.97'));
  });

  it('storeTrade: a crossing BUY with a fee fills against both SELLs at their prices, cheapest first', async () => {
    const since = Date.now();
    const buy = await stored({
      type: 'BUY',
      price: '120',
      amount: '4',
      pair: PAIR,
      currency1AccountId: buyerGold.id,
      currency2AccountId: buyerEuro.id,
      feeAccountId: buyerFee.id,
      fee: 0.5,
    });
    // The BUY took 2 at 100 and 2 at 110, and found both resting: it is the taker.
    await readBack(
      'buy',
      trade({
        id: buy,
        type: 'BUY',
        price: '120',
        amount: '4',
        pair: PAIR,
        fill: '4',
        isMaker: false,
        feeAccountId: buyerFee.id,
        fee: 0.5,
        currency1AccountId: buyerGold.id,
        currency2AccountId: buyerEuro.id,
        created: 0,
      }),
      since,
    );
    const cheap = trades.cheapSell;
    const dear = trades.dearSell;
    assert.deepEqual(await orderBook().getTradeById(cheap.id), { ...cheap, fill: '2', isMaker: true });
    trades.cheapSell = { ...cheap, fill: '2', isMaker: true };
    // Still open, so no isMaker yet.
    assert.deepEqual(await orderBook().getTradeById(dear.id), { ...dear, fill: '2' });
    trades.dearSell = { ...dear, fill: '2' };

    // Gold: 4 to the buyer, and the dear SELL's 1% of 2 to the seller's fee account; what is left of
    // the dear SELL (1, plus its fee) stays blocked. Euro: 2 × 100 + 2 × 110 to the seller, and the
    // buyer's 0.5% of each (1 and 1.1) to the buyer's fee account; the BUY is closed, nothing blocked.
    assert.deepEqual(await balanceOf(sellerGold.id), balance('5.98', '4.97'));
    assert.deepEqual(await balanceOf(sellerFee.id), balance('0.02'));
    assert.deepEqual(await balanceOf(sellerEuro.id), balance('420'));
    assert.deepEqual(await balanceOf(buyerGold.id), balance('4'));
    assert.deepEqual(await balanceOf(buyerEuro.id), balance('577.9'));
    assert.deepEqual(await balanceOf(buyerFee.id), balance('2.1'));
    assert.deepEqual(await ledger().account.getBlockAmount(buyerEuro.id, 50), []);

    // The buyer's gold arrived as two EXCHANGE_BUY credits from the seller's account, one per fill,
    // each paid by the BUY; the fee account got two credits from the buyer's euro account.
    const credits = (await ledger().transaction.getTransactionsByAccountId({ id: buyerGold.id })) as Transaction[];
    const fees = (await ledger().transaction.getTransactionsByAccountId({ id: buyerFee.id })) as Transaction[];
    assert.equal(credits.length, 2);
    assert.equal(fees.length, 2);
    for (const r of [...credits, ...fees]) {
      assertCreated(r.created, since);
      assertReference(r.reference);
    }
    const exchange = (r: Transaction, accountId: string, counterAccountId: string, currency: string, amount: string) =>
      record({
        accountId,
        counterAccountId,
        currency,
        amount,
        reference: r.reference!,
        created: r.created!,
        paymentId: buy,
        operationType: 'EXCHANGE',
        transactionType: 'EXCHANGE_BUY',
        marketCurrency: 'EUR',
      });
    assert.deepEqual(credits, [
      exchange(credits[0]!, buyerGold.id, sellerGold.id, GOLD, '2'),
      exchange(credits[1]!, buyerGold.id, sellerGold.id, GOLD, '2'),
    ]);
    // Oldest first, as every find lists: the fee of the fill at 100, then the one at 110.
    assert.deepEqual(fees, [
      exchange(fees[0]!, buyerFee.id, buyerEuro.id, EURO, '1'),
      exchange(fees[1]!, buyerFee.id, buyerEuro.id, EURO, '1.1'),
    ]);
    assert.equal(new Set([...credits, ...fees].map((r) => r.reference)).size, 4);
  });

  it('storeTrade: BUYs below the ask rest and block price × amount plus their fee', async () => {
    const since = Date.now();
    const buyFields = {
      type: 'BUY',
      pair: PAIR,
      currency1AccountId: buyerGoldSpare.id,
      currency2AccountId: buyerEuro.id,
    } as const;
    const low = await stored({ ...buyFields, price: '90', amount: '1' });
    const mid = await stored({ ...buyFields, price: '95', amount: '2', feeAccountId: buyerFee.id, fee: 0.5 });
    await readBack('lowBuy', trade({ ...buyFields, id: low, price: '90', amount: '1', created: 0 }), since);
    await readBack(
      'midBuy',
      trade({ ...buyFields, id: mid, price: '95', amount: '2', feeAccountId: buyerFee.id, fee: 0.5, created: 0 }),
      since,
    );
    // 90, and 2 × 95 × 1.005 = 190.95.
    assert.deepEqual(await balanceOf(buyerEuro.id), balance('577.9', '296.95'));
  });

  it('refusals: ApiError 403 with the code in body.errorCode, and nothing stored', async () => {
    const buyFields = {
      type: 'BUY',
      pair: PAIR,
      currency1AccountId: buyerGoldSpare.id,
      currency2AccountId: buyerEuro.id,
    } as const;
    // 3 × 99 = 297 is 0.05 more than the 296.95 still available.
    await refused(
      orderBook().storeTrade({ ...buyFields, price: '99', amount: '3' }),
      tradeCurrency2Balance(buyerEuro.id),
    );
    await refused(
      orderBook().storeTrade({ ...buyFields, currency1AccountId: buyerEuro.id, price: '1', amount: '1' }),
      tradeCurrency1Pair(buyerEuro.id),
    );
    // The client types the future body and sends it; the server refuses futures.
    await refused(
      orderBook().storeTrade({
        ...buyFields,
        type: 'FUTURE_BUY',
        price: '1',
        amount: '1',
        attr: { sealDate: Date.now() + 3_600_000, percentBlock: 22, percentPenalty: 45 },
      }),
      tradeTypeUnsupported('FUTURE_BUY'),
    );
    // The client checks nothing: a fee without a fee account reaches the server, which refuses it.
    await invalid(
      orderBook().storeTrade({ ...buyFields, price: '1', amount: '1', fee: 1 }),
      'feeAccountId',
      'isDefined',
    );
    await refused(orderBook().getTradeById(UNKNOWN_ID), forbidden('trade.not.exists'));

    assert.equal(await orderBook().getBuyTradesBody({ pageSize: 50, count: true }), 2);
    assert.deepEqual(await balanceOf(buyerEuro.id), balance('577.9', '296.95'));
  });

  it('getBuyTradesBody and getSellTradesBody: open trades, filtered, sorted, paged; count=true resolves a bare number', async () => {
    const { lowBuy, midBuy, dearSell } = trades;
    assert.deepEqual(await orderBook().getBuyTradesBody({ pageSize: 50 }), [lowBuy, midBuy]);
    assert.deepEqual(await orderBook().getBuyTradesBody({ pageSize: 50, sort: ['PRICE_DESC'] }), [midBuy, lowBuy]);
    assert.deepEqual(await orderBook().getBuyTradesBody({ pageSize: 1, offset: 1 }), [midBuy]);
    assert.deepEqual(
      await orderBook().getBuyTradesBody({ pageSize: 50, price: [{ op: 'gt', value: '90' }], pair: PAIR }),
      [midBuy],
    );
    assert.deepEqual(
      await orderBook().getBuyTradesBody({ pageSize: 50, customerId: buyerGold.customerId, tradeType: 'BUY' }),
      [lowBuy, midBuy],
    );
    assert.deepEqual(await orderBook().getBuyTradesBody({ pageSize: 50, tradeType: 'FUTURE_BUY' }), []);
    // The count counts past the page it is given.
    const counted = await orderBook().getBuyTradesBody({ pageSize: 1, count: true, id: buyerEuro.id });
    assert.equal(counted, 2);

    assert.deepEqual(await orderBook().getSellTradesBody({ pageSize: 50 }), [dearSell]);
    assert.deepEqual(await orderBook().getSellTradesBody({ pageSize: 50, id: sellerEuro.id }), [dearSell]);
    assert.deepEqual(await orderBook().getSellTradesBody({ pageSize: 50, id: buyerEuro.id }), []);
    assert.deepEqual(
      await orderBook().getSellTradesBody({ pageSize: 50, customerId: sellerGold.customerId, sort: 'FEE_DESC' }),
      [dearSell],
    );
    assert.equal(
      await orderBook().getSellTradesBody({
        pageSize: 50,
        count: true,
        fill: [{ op: 'gte', value: '2' }],
        amount: [{ op: 'eq', value: '3' }],
      }),
      1,
    );
    assert.equal(
      await orderBook().getSellTradesBody({ pageSize: 50, count: true, amount: [{ op: 'lt', value: '3' }] }),
      0,
    );
  });

  it('getHistoricalTradesBody: with no argument sends an empty body and lists the first 50 closed trades; with a body, filters', async () => {
    const { cheapSell, buy } = trades;
    const from = arrived.length;
    const requests = await sent(async () =>
      assert.deepEqual(await orderBook().getHistoricalTradesBody(), [cheapSell, buy]),
    );
    assert.deepEqual(requests, ['POST /v3/trade/history']);
    // No body, but axios's default POST content type: an empty form-encoded body, taken as no body.
    assert.deepEqual(arrived.slice(from), [
      { request: 'POST /v3/trade/history', contentType: 'application/x-www-form-urlencoded', contentLength: '0' },
    ]);

    assert.deepEqual(await orderBook().getHistoricalTradesBody({ pageSize: 50, types: ['BUY'] }), [buy]);
    assert.deepEqual(await orderBook().getHistoricalTradesBody({ pageSize: 50, sort: ['CREATED_DESC'] }), [
      buy,
      cheapSell,
    ]);
    assert.deepEqual(await orderBook().getHistoricalTradesBody({ pageSize: 1, offset: 1, pair: PAIR }), [buy]);
    assert.deepEqual(await orderBook().getHistoricalTradesBody({ pageSize: 50, pair: 'VC_GOLD/VC_OTHER' }), []);
    assert.equal(await orderBook().getHistoricalTradesBody({ pageSize: 50, id: sellerGold.id, count: true }), 1);
    assert.equal(
      await orderBook().getHistoricalTradesBody({ pageSize: 50, customerId: buyerGold.customerId, count: true }),
      1,
    );
  });

  it('getHistoricalTrades, getBuyTrades, getSellTrades: the deprecated GETs, with a types array sent as a repeated key', async () => {
    const { cheapSell, buy, lowBuy, midBuy, dearSell } = trades;
    let requests = await sent(async () =>
      assert.deepEqual(
        await orderBook().getHistoricalTrades(50, undefined, undefined, undefined, undefined, ['BUY', 'SELL']),
        [cheapSell, buy],
      ),
    );
    assert.deepEqual(requests, ['GET /v3/trade/history?pageSize=50&types=BUY&types=SELL']);
    requests = await sent(async () =>
      assert.equal(await orderBook().getHistoricalTrades(50, buyerGold.id, PAIR, 0, true, ['BUY']), 1),
    );
    assert.deepEqual(requests, [
      `GET /v3/trade/history?id=${buyerGold.id}&pair=VC_GOLD%2FVC_EURO&pageSize=50&offset=0&count=true&types=BUY`,
    ]);
    assert.deepEqual(await orderBook().getHistoricalTrades(50, undefined, undefined, undefined, undefined, ['SELL']), [
      cheapSell,
    ]);

    requests = await sent(async () =>
      assert.deepEqual(await orderBook().getBuyTrades(50, buyerEuro.id), [lowBuy, midBuy]),
    );
    assert.deepEqual(requests, [`GET /v3/trade/buy?id=${buyerEuro.id}&pageSize=50`]);
    assert.deepEqual(await orderBook().getBuyTrades(1, undefined, buyerGold.customerId, 1), [midBuy]);
    assert.equal(await orderBook().getBuyTrades(50, undefined, undefined, undefined, PAIR, true, 'BUY'), 2);
    assert.deepEqual(
      await orderBook().getBuyTrades(50, undefined, undefined, undefined, undefined, undefined, 'FUTURE_BUY'),
      [],
    );

    assert.deepEqual(await orderBook().getSellTrades(50, sellerGold.id), [dearSell]);
    assert.deepEqual(await orderBook().getSellTrades(50, undefined, buyerGold.customerId), []);
    assert.equal(await orderBook().getSellTrades(50, undefined, undefined, 0, PAIR, true, 'SELL'), 1);
  });

  it('getMatchedTrades: always empty, since futures are refused; 0 with count=true', async () => {
    assert.deepEqual(await orderBook().getMatchedTrades({ pageSize: 50 }), []);
    assert.deepEqual(await orderBook().getMatchedTrades({ pageSize: 50, type: 'FUTURE_BUY', pair: PAIR }), []);
    assert.equal(await orderBook().getMatchedTrades({ pageSize: 50, count: true }), 0);
  });

  it('chartRequest: the fills of the pair per time frame at their execution prices, with and without direction', async () => {
    const { buy } = trades;
    const DAY = 86_400_000;
    // Both fills were made by the BUY's own request, so in the day it was created.
    const day = Math.floor(buy.created / DAY) * DAY;
    const point = { timestamp: day, high: '110', low: '100', open: '100', close: '110', volume: '4' };
    const body = { pair: PAIR, from: day - 3 * DAY, to: Date.now(), timeFrame: 'DAY' } as const;

    assert.deepEqual(await orderBook().chartRequest(body), [point]);
    let requests = await sent(async () => assert.deepEqual(await orderBook().chartRequest(body, 'desc'), [point]));
    assert.deepEqual(requests, ['POST /v3/trade/chart?direction=desc']);
    requests = await sent(async () => assert.deepEqual(await orderBook().chartRequest(body, 'asc'), [point]));
    assert.deepEqual(requests, ['POST /v3/trade/chart?direction=asc']);
    // Frames without fills are left out: an interval that ended before the fills has no point.
    assert.deepEqual(await orderBook().chartRequest({ ...body, to: day - 1 }), []);
    assert.deepEqual(await orderBook().chartRequest({ ...body, pair: 'VC_EURO/VC_GOLD' }), []);
    // Tatum's bound: at most 200 points in the interval.
    await invalid(orderBook().chartRequest({ ...body, timeFrame: 'MIN_1' }), 'timeFrame', 'maxPoints');
  });

  it('deleteTrade cancels an open trade and releases its blockage; a closed or cancelled one is not found', async () => {
    const { dearSell, cheapSell } = trades;
    assert.equal(await orderBook().deleteTrade(dearSell.id), undefined);
    assert.deepEqual(await balanceOf(sellerGold.id), balance('5.98'));
    assert.deepEqual(await ledger().account.getBlockAmount(sellerGold.id, 50), []);
    assert.deepEqual(await orderBook().getSellTradesBody({ pageSize: 50 }), []);
    await refused(orderBook().getTradeById(dearSell.id), forbidden('trade.not.exists'));
    await refused(orderBook().deleteTrade(dearSell.id), forbidden('trade.not.exists'));
    await refused(orderBook().deleteTrade(cheapSell.id), forbidden('trade.not.exists'));
    await refused(orderBook().deleteTrade(UNKNOWN_ID), forbidden('trade.not.exists'));
    // A cancelled trade is not history: the history still holds the two closed trades.
    assert.equal(await orderBook().getHistoricalTradesBody({ pageSize: 50, count: true }), 2);
  });

  it('deleteAccountTrades cancels every open trade on an account; an open trade keeps its account active', async () => {
    // The spare gold account is empty, but the two resting BUYs are on it.
    await refused(ledger().account.deactivateAccount(buyerGoldSpare.id), forbidden('account.trade.non.zero'));
    assert.equal(await orderBook().deleteAccountTrades(buyerEuro.id), undefined);
    assert.deepEqual(await orderBook().getBuyTradesBody({ pageSize: 50 }), []);
    assert.deepEqual(await balanceOf(buyerEuro.id), balance('577.9'));
    assert.deepEqual(await ledger().account.getBlockAmount(buyerEuro.id, 50), []);
    // Nothing left to cancel is not an error; an unknown account is.
    assert.equal(await orderBook().deleteAccountTrades(buyerGoldSpare.id), undefined);
    await refused(orderBook().deleteAccountTrades(UNKNOWN_ID), forbidden('account.not.exists'));
    assert.equal(await ledger().account.deactivateAccount(buyerGoldSpare.id), undefined);
    // What the fills moved stays where it is.
    assert.deepEqual(await balanceOf(buyerGold.id), balance('4'));
    assert.deepEqual(await balanceOf(sellerEuro.id), balance('420'));
  });
});
