import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
// 1.x does not export its order book, nor the trade types, from the package root.
import { TradeType } from '@tatumio/tatum/dist/src/model/request/TradeType.js';
import type { OrderBookRequest } from '@tatumio/tatum/dist/src/model/request/OrderBook.js';
import {
  assertCreated,
  assertId,
  assertReference,
  balance,
  forbidden,
  newExternalId,
  sentDuring,
  startCompatServer,
  trade,
  tradeCurrency1Balance,
  UNKNOWN_ID,
  v1Refusals,
  type CompatServer,
  type ExpectedTrade,
} from './support.js';

// The order book through @tatumio/tatum 1.x (docs/decisions/0033-order-matching.md to
// 0037-open-trades-block-deactivation.md): the seven functions of its ledger/orderBook.js, which only a
// deep import reaches. A seller rests two SELLs, a buyer's BUY crosses both, two BUYs rest below the
// ask; the lists, the history and the cancels then read that book, in order, on one ledger.
//
// What 1.x has no function for: the POST lists, the matched futures and the chart (all in
// api-client-order-book.test.ts). Its lists are the deprecated GETs, with URLs built by hand: the
// account id is always written into the buy and sell lists, `id=undefined` when there is none, and the
// pair's `/` is sent as it is. It checks a new trade with class-validator before sending: BUY or SELL
// only, and a fee and a fee account each need the other (a fee of 0 needs none).

// Retries on, as for real users, with a short delay (see tatum-v1-money.test.ts); read once, at load.
process.env.TATUM_RETRIES = '2';
process.env.TATUM_RETRY_DELAY = '10';
const v1 = await import('@tatumio/tatum');
const orderBook = await import('@tatumio/tatum/dist/src/ledger/orderBook.js');

let server: CompatServer;

const { refused, refusedLocally } = v1Refusals(() => server);

const sent = (call: () => Promise<unknown>) => sentDuring(server, call);

// Short names: a pair is at most 30 characters. Each compat server has a ledger of its own.
const GOLD = 'VC_GOLD';
const EURO = 'VC_EURO';
const PAIR = `${GOLD}/${EURO}`;

/** An account in `currency` for the customer `externalId` (made with its first account). */
async function accountOf(externalId: string, currency: string) {
  const created = await v1.createAccount({ currency, customer: { externalId } });
  assertId(created.id);
  assertId(created.customerId);
  return { ...created, customerId: created.customerId };
}

async function mint(accountId: string, amount: string): Promise<void> {
  assertReference((await v1.mintVirtualCurrency({ accountId, amount })).reference);
}

/** Stores a trade, checks the one request it makes and that the answer is the trade's id alone. */
async function stored(body: OrderBookRequest): Promise<string> {
  let answer: { id: string } | undefined;
  assert.deepEqual(
    await sent(async () => {
      answer = await orderBook.storeTrade(body);
    }),
    ['POST /v3/trade'],
  );
  assertId(answer?.id);
  assert.deepEqual(answer, { id: answer.id });
  return answer.id;
}

const balanceOf = (id: string) => v1.getAccountBalance(id);

describe('@tatumio/tatum 1.37.68: the order book', () => {
  let sellerGold: { id: string; customerId: string };
  let sellerEuro: { id: string };
  let sellerFee: { id: string };
  let buyerGold: { id: string };
  let buyerEuro: { id: string };
  let buyerFee: { id: string };
  /** A second gold account of the buyer, empty, for the resting BUYs. */
  let buyerGoldSpare: { id: string };
  // Filled in as the steps store them; each step reads only what an earlier one stored.
  const trades = {} as Record<'cheapSell' | 'dearSell' | 'buy' | 'lowBuy' | 'midBuy', ExpectedTrade>;

  before(async () => {
    server = await startCompatServer();
    process.env.TATUM_API_URL = server.url;
    process.env.TATUM_API_KEY = server.t.keys.testnet;
    for (const name of [GOLD, EURO]) {
      assertId((await v1.createVirtualCurrency({ name, supply: '0', basePair: v1.Fiat.EUR })).id);
    }
    const seller = newExternalId('v1ob-seller');
    const buyer = newExternalId('v1ob-buyer');
    sellerGold = await accountOf(seller, GOLD);
    sellerEuro = await accountOf(seller, EURO);
    sellerFee = await accountOf(seller, GOLD);
    buyerGold = await accountOf(buyer, GOLD);
    buyerEuro = await accountOf(buyer, EURO);
    buyerFee = await accountOf(buyer, EURO);
    buyerGoldSpare = await accountOf(buyer, GOLD);
    await mint(sellerGold.id, '10');
    await mint(buyerEuro.id, '1000');
  });
  after(() => server.close());

  /** getTradeById answers `expected`, whose `created` is taken from the answer and checked. */
  async function readBack(name: keyof typeof trades, expected: ExpectedTrade, since: number): Promise<void> {
    const got = await orderBook.getTradeById(expected.id);
    assertCreated(got.created, since);
    const full = { ...expected, created: got.created };
    assert.deepEqual(got, full);
    trades[name] = full;
  }

  const sells = () => ({
    type: TradeType.SELL,
    pair: PAIR,
    currency1AccountId: sellerGold.id,
    currency2AccountId: sellerEuro.id,
  });
  const restingBuys = () => ({
    type: TradeType.BUY,
    pair: PAIR,
    currency1AccountId: buyerGoldSpare.id,
    currency2AccountId: buyerEuro.id,
  });

  it('storeTrade: a SELL rests and blocks its amount; one with a fee blocks the amount plus the fee', async () => {
    const since = Date.now();
    const cheap = await stored({ ...sells(), price: '100', amount: '2' });
    const dear = await stored({ ...sells(), price: '110', amount: '3', feeAccountId: sellerFee.id, fee: 1 });
    await readBack('cheapSell', trade({ ...sells(), id: cheap, price: '100', amount: '2', created: 0 }), since);
    await readBack(
      'dearSell',
      trade({ ...sells(), id: dear, price: '110', amount: '3', feeAccountId: sellerFee.id, fee: 1, created: 0 }),
      since,
    );
    const blockages = (await v1.getBlockedAmountsByAccountId(sellerGold.id)) as { id: string }[];
    assert.equal(blockages.length, 2);
    for (const b of blockages) assertId(b.id);
    assert.deepEqual(blockages, [
      { id: blockages[0]!.id, accountId: sellerGold.id, amount: '2', type: 'TRADE', description: cheap },
      { id: blockages[1]!.id, accountId: sellerGold.id, amount: '3.03', type: 'TRADE', description: dear },
    ]);
    assert.deepEqual(await balanceOf(sellerGold.id), balance('10', '4.97'));
  });

  it('storeTrade: 1.x refuses futures and a fee without its account (and the reverse) before sending', async () => {
    const body = { ...restingBuys(), price: '1', amount: '1' };
    // Its TradeType has no futures; the server would refuse one anyway.
    await refusedLocally(() => orderBook.storeTrade({ ...body, type: 'FUTURE_BUY' as TradeType }), ['type'], 'isIn');
    await refusedLocally(() => orderBook.storeTrade({ ...body, fee: 1 }), ['feeAccountId'], 'isNotEmpty');
    await refusedLocally(() => orderBook.storeTrade({ ...body, feeAccountId: buyerFee.id }), ['fee'], 'isNumber');
    await refusedLocally(() => orderBook.storeTrade({ ...body, feeAccountId: buyerFee.id, fee: 101 }), ['fee'], 'max');
    await refusedLocally(() => orderBook.storeTrade({ ...body, pair: 'VC_GOLD-VC_EURO' }), ['pair'], 'matches');
  });

  it('refusals the server makes: the raw axios error, one request, nothing stored', async () => {
    // 4.98 is 0.01 more than the 4.97 of gold still available.
    await refused(
      () => orderBook.storeTrade({ ...sells(), price: '1', amount: '4.98' }),
      tradeCurrency1Balance(sellerGold.id),
    );
    await refused(() => orderBook.getTradeById(UNKNOWN_ID), forbidden('trade.not.exists'));
    await refused(() => orderBook.deleteTrade(UNKNOWN_ID), forbidden('trade.not.exists'));
    await refused(() => orderBook.deleteAccountTrades(UNKNOWN_ID), forbidden('account.not.exists'));
    assert.deepEqual(await orderBook.getActiveSellTrades(sellerGold.id), [trades.cheapSell, trades.dearSell]);
    assert.deepEqual(await balanceOf(sellerGold.id), balance('10', '4.97'));
  });

  it('storeTrade: a crossing BUY with a fee fills against both SELLs at their prices, cheapest first', async () => {
    const since = Date.now();
    const buyFields = {
      type: TradeType.BUY,
      pair: PAIR,
      currency1AccountId: buyerGold.id,
      currency2AccountId: buyerEuro.id,
    };
    const buy = await stored({ ...buyFields, price: '120', amount: '4', feeAccountId: buyerFee.id, fee: 0.5 });
    await readBack(
      'buy',
      trade({
        ...buyFields,
        id: buy,
        price: '120',
        amount: '4',
        fill: '4',
        isMaker: false,
        feeAccountId: buyerFee.id,
        fee: 0.5,
        created: 0,
      }),
      since,
    );
    trades.cheapSell = { ...trades.cheapSell, fill: '2', isMaker: true };
    trades.dearSell = { ...trades.dearSell, fill: '2' };
    assert.deepEqual(await orderBook.getTradeById(trades.cheapSell.id), trades.cheapSell);
    assert.deepEqual(await orderBook.getTradeById(trades.dearSell.id), trades.dearSell);

    // Gold: 4 to the buyer, the dear SELL's 1% of 2 to the seller's fee account, 1 and its fee still
    // blocked. Euro: 200 + 220 to the seller, 0.5% of each (1 + 1.1) to the buyer's fee account.
    assert.deepEqual(await balanceOf(sellerGold.id), balance('5.98', '4.97'));
    assert.deepEqual(await balanceOf(sellerFee.id), balance('0.02'));
    assert.deepEqual(await balanceOf(sellerEuro.id), balance('420'));
    assert.deepEqual(await balanceOf(buyerGold.id), balance('4'));
    assert.deepEqual(await balanceOf(buyerEuro.id), balance('577.9'));
    assert.deepEqual(await balanceOf(buyerFee.id), balance('2.1'));
  });

  it('storeTrade: BUYs below the ask rest; a fee of 0 passes 1.x without a fee account and is kept', async () => {
    const since = Date.now();
    const low = await stored({ ...restingBuys(), price: '90', amount: '1', fee: 0 });
    const mid = await stored({ ...restingBuys(), price: '95', amount: '2', feeAccountId: buyerFee.id, fee: 0.5 });
    await readBack('lowBuy', trade({ ...restingBuys(), id: low, price: '90', amount: '1', fee: 0, created: 0 }), since);
    await readBack(
      'midBuy',
      trade({ ...restingBuys(), id: mid, price: '95', amount: '2', feeAccountId: buyerFee.id, fee: 0.5, created: 0 }),
      since,
    );
    // 90, and 2 × 95 × 1.005 = 190.95.
    assert.deepEqual(await balanceOf(buyerEuro.id), balance('577.9', '296.95'));
  });

  it('getActiveBuyTrades and getActiveSellTrades: by account, paged; without an id 1.x sends id=undefined, which lists all', async () => {
    const { lowBuy, midBuy, dearSell } = trades;
    let requests = await sent(async () =>
      assert.deepEqual(await orderBook.getActiveBuyTrades(buyerEuro.id), [lowBuy, midBuy]),
    );
    assert.deepEqual(requests, [`GET /v3/trade/buy?id=${buyerEuro.id}&pageSize=50&offset=0`]);
    assert.deepEqual(await orderBook.getActiveBuyTrades(buyerGoldSpare.id, 1, 1), [midBuy]);
    assert.deepEqual(await orderBook.getActiveBuyTrades(sellerGold.id), []);
    // Typed as required, but nothing stops a JavaScript caller from leaving it out.
    const noAccount = undefined as unknown as string;
    requests = await sent(async () =>
      assert.deepEqual(await orderBook.getActiveBuyTrades(noAccount), [lowBuy, midBuy]),
    );
    assert.deepEqual(requests, ['GET /v3/trade/buy?id=undefined&pageSize=50&offset=0']);

    requests = await sent(async () =>
      assert.deepEqual(await orderBook.getActiveSellTrades(noAccount, 50, 0), [dearSell]),
    );
    assert.deepEqual(requests, ['GET /v3/trade/sell?id=undefined&pageSize=50&offset=0']);
    assert.deepEqual(await orderBook.getActiveSellTrades(sellerEuro.id), [dearSell]);
    assert.deepEqual(await orderBook.getActiveSellTrades(buyerEuro.id), []);
  });

  it('getHistoricalTrades: closed trades oldest first, by account and pair, paged; the pair sent unencoded', async () => {
    const { cheapSell, buy } = trades;
    let requests = await sent(async () => assert.deepEqual(await orderBook.getHistoricalTrades(), [cheapSell, buy]));
    assert.deepEqual(requests, ['GET /v3/trade/history?pageSize=50&offset=0']);
    requests = await sent(async () =>
      assert.deepEqual(await orderBook.getHistoricalTrades(50, 0, buyerGold.id, PAIR), [buy]),
    );
    assert.deepEqual(requests, [`GET /v3/trade/history?pageSize=50&offset=0&id=${buyerGold.id}&pair=VC_GOLD/VC_EURO`]);
    assert.deepEqual(await orderBook.getHistoricalTrades(1, 1), [buy]);
    assert.deepEqual(await orderBook.getHistoricalTrades(50, 0, sellerGold.id), [cheapSell]);
    assert.deepEqual(await orderBook.getHistoricalTrades(50, 0, undefined, 'VC_EURO/VC_GOLD'), []);
  });

  it('deleteTrade cancels an open trade and releases its blockage; a closed or cancelled one is not found', async () => {
    const { dearSell, cheapSell } = trades;
    let resolved: unknown = 'not called';
    const requests = await sent(async () => {
      resolved = await orderBook.deleteTrade(dearSell.id);
    });
    assert.deepEqual(requests, [`DELETE /v3/trade/${dearSell.id}`]);
    // Its DELETE wrapper returns nothing, whatever the answer's body.
    assert.equal(resolved, undefined);
    assert.deepEqual(await balanceOf(sellerGold.id), balance('5.98'));
    assert.deepEqual(await v1.getBlockedAmountsByAccountId(sellerGold.id), []);
    await refused(() => orderBook.getTradeById(dearSell.id), forbidden('trade.not.exists'));
    await refused(() => orderBook.deleteTrade(dearSell.id), forbidden('trade.not.exists'));
    await refused(() => orderBook.deleteTrade(cheapSell.id), forbidden('trade.not.exists'));
    // Still history, and only the closed trades are.
    assert.deepEqual(await orderBook.getHistoricalTrades(), [cheapSell, trades.buy]);
  });

  it('deleteAccountTrades cancels every open trade on an account; an open trade keeps its account active', async () => {
    await refused(() => v1.deactivateAccount(buyerGoldSpare.id), forbidden('account.trade.non.zero'));
    const requests = await sent(async () =>
      assert.equal(await orderBook.deleteAccountTrades(buyerGoldSpare.id), undefined),
    );
    assert.deepEqual(requests, [`DELETE /v3/trade/account/${buyerGoldSpare.id}`]);
    assert.deepEqual(await orderBook.getActiveBuyTrades(undefined as unknown as string), []);
    assert.deepEqual(await balanceOf(buyerEuro.id), balance('577.9'));
    assert.deepEqual(await v1.getBlockedAmountsByAccountId(buyerEuro.id), []);
    assert.equal(await orderBook.deleteAccountTrades(buyerEuro.id), undefined);
    assert.equal(await v1.deactivateAccount(buyerGoldSpare.id), '');
    assert.deepEqual(await balanceOf(buyerGold.id), balance('4'));
    assert.deepEqual(await balanceOf(sellerEuro.id), balance('420'));
  });
});
