import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { LedgerValidationError, type LedgerApis, type Trade } from '../../packages/sdk/src/index.js';
import { externalId, NETWORKS, otherNetwork, refusal, startSdkServer, type SdkServer } from './helpers/sdk-server.js';

// Every OrderBookApi method against the real server, through both callers: crossing trades stored and
// settled, read back one by one and in lists, charted, cancelled; refusals as the SDK's error types.
const UNKNOWN_ID = '0123456789abcdef01234567';

/** A virtual currency name short enough that two make a pair of at most 30 characters. */
const shortName = () => `VC_${randomBytes(4).toString('hex').toUpperCase()}`;

interface Trader {
  customerId: string;
  accounts: { currency1AccountId: string; currency2AccountId: string };
}

/**
 * Two new virtual currencies C1 and C2, a seller holding 100 C1 and a buyer holding 1000 C2 (each with
 * an account in both), and an exchange's fee accounts in either currency.
 */
async function newMarket(api: LedgerApis) {
  const names = [shortName(), shortName()] as const;
  const issuers: string[] = [];
  for (const name of names) {
    const issuer = await api
      .virtualCurrency()
      .createCurrency({ name, supply: '1000000', basePair: 'EUR', customer: { externalId: externalId('issuer') } });
    issuers.push(issuer.id);
  }
  const trader = async (label: string): Promise<Trader> => {
    const customer = { externalId: externalId(label) };
    const first = await api.account().createAccount({ currency: names[0], customer });
    const second = await api.account().createAccount({ currency: names[1], customer });
    return { customerId: first.customerId!, accounts: { currency1AccountId: first.id, currency2AccountId: second.id } };
  };
  const seller = await trader('seller');
  const buyer = await trader('buyer');
  const exchange = await trader('exchange');
  const pay = (senderAccountId: string, recipientAccountId: string, amount: string) =>
    api.transaction().sendTransaction({ senderAccountId, recipientAccountId, amount });
  await pay(issuers[0]!, seller.accounts.currency1AccountId, '100');
  await pay(issuers[1]!, buyer.accounts.currency2AccountId, '1000');
  return { pair: `${names[0]}/${names[1]}`, seller, buyer, exchange };
}

const balance = async (api: LedgerApis, accountId: string) => {
  const { accountBalance, availableBalance } = await api.account().getAccountBalance(accountId);
  return [accountBalance, availableBalance];
};

describe('SDK order book API on the real server', () => {
  let s: SdkServer;
  before(async () => (s = await startSdkServer()));
  after(() => s.close());

  const api = (network: (typeof NETWORKS)[number]) => s.sdk[network]().api();

  for (const network of NETWORKS) {
    describe(network, () => {
      it('createTrade crosses the book; getTradeById, the lists, the history and the chart read it back', async () => {
        const book = api(network).orderBook();
        const { pair, seller, buyer, exchange } = await newMarket(api(network));
        const sellerFees = exchange.accounts.currency1AccountId;
        const buyerFees = exchange.accounts.currency2AccountId;

        // Two asks rest: 10 at 20 (the seller pays 0.5 % on top) and 5 at 21.
        const sell1 = await book.createTrade({
          type: 'SELL',
          price: '20',
          amount: '10',
          pair,
          ...seller.accounts,
          feeAccountId: sellerFees,
          fee: 0.5,
        });
        const sell2 = await book.createTrade({ type: 'SELL', price: '21', amount: '5', pair, ...seller.accounts });
        assert.deepEqual(await balance(api(network), seller.accounts.currency1AccountId), ['100', '84.95']);

        // A bid of 12 at 21 takes the cheaper ask whole at 20, then 2 of the other at 21, paying 1 % on top.
        const buy = await book.createTrade({
          type: 'BUY',
          price: '21',
          amount: '12',
          pair,
          ...buyer.accounts,
          feeAccountId: buyerFees,
          fee: 1,
        });
        assert.deepEqual(await balance(api(network), buyer.accounts.currency2AccountId), ['755.58', '755.58']);
        assert.deepEqual(await balance(api(network), buyer.accounts.currency1AccountId), ['12', '12']);
        assert.deepEqual(await balance(api(network), seller.accounts.currency1AccountId), ['87.95', '84.95']);
        assert.deepEqual(await balance(api(network), seller.accounts.currency2AccountId), ['242', '242']);
        assert.deepEqual(await balance(api(network), buyerFees), ['2.42', '2.42']);
        assert.deepEqual(await balance(api(network), sellerFees), ['0.05', '0.05']);

        const bought = await book.getTradeById(buy.id);
        assert.equal(typeof bought.created, 'number');
        assert.deepEqual(bought, {
          id: buy.id,
          type: 'BUY',
          price: '21',
          amount: '12',
          pair,
          fill: '12',
          feeAccountId: buyerFees,
          fee: 1,
          ...buyer.accounts,
          created: bought.created,
          isMaker: false,
        });
        const sold = await book.getTradeById(sell1.id);
        assert.deepEqual(sold, {
          id: sell1.id,
          type: 'SELL',
          price: '20',
          amount: '10',
          pair,
          fill: '10',
          feeAccountId: sellerFees,
          fee: 0.5,
          ...seller.accounts,
          created: sold.created,
          isMaker: true,
        });
        // An open trade has no isMaker yet.
        const resting = await book.getTradeById(sell2.id);
        assert.deepEqual(resting, {
          id: sell2.id,
          type: 'SELL',
          price: '21',
          amount: '5',
          pair,
          fill: '2',
          feeAccountId: null,
          fee: null,
          ...seller.accounts,
          created: resting.created,
        });
        assert.ok(sold.created <= resting.created && resting.created <= bought.created);

        // The rest of the open ask is held by a TRADE blockage that only cancelling the trade removes.
        const blockages = await api(network).account().getBlockAmount(seller.accounts.currency1AccountId, 50);
        assert.deepEqual(
          blockages.map(({ id: _id, ...rest }) => rest),
          [{ accountId: seller.accounts.currency1AccountId, amount: '3', type: 'TRADE', description: sell2.id }],
        );
        await assert.rejects(api(network).account().deleteBlockAmount(blockages[0]!.id), refusal('blockage.trade'));

        // Open trades by side; counts are bare numbers.
        assert.deepEqual(await book.getSellTradesBody({ pageSize: 50, pair }), [resting]);
        assert.deepEqual(await book.getBuyTradesBody({ pageSize: 50, pair }), []);
        assert.equal(await book.getSellTradesBody({ count: true, customerId: seller.customerId }), 1);
        assert.equal(await book.getSellTradesBody({ count: true, pair, tradeType: 'FUTURE_SELL' }), 0);

        // History: closed trades, oldest first unless sorted; id is either account of a trade.
        assert.deepEqual(await book.getHistoricalTradesBody({ pageSize: 50, pair }), [sold, bought]);
        assert.deepEqual(await book.getHistoricalTradesBody({ pageSize: 50, pair, sort: ['PRICE_DESC'] }), [
          bought,
          sold,
        ]);
        assert.deepEqual(await book.getHistoricalTradesBody({ pageSize: 50, id: buyer.accounts.currency1AccountId }), [
          bought,
        ]);
        assert.deepEqual(
          await book.getHistoricalTradesBody({ pageSize: 50, pair, price: [{ op: 'gt', value: '20' }] }),
          [bought],
        );
        assert.equal(await book.getHistoricalTradesBody({ count: true, pair, types: ['SELL'] }), 1);
        // The PHP SDK's getHistoricalTradesBody(null): no body at all, the first 50.
        const firstPage = (await book.getHistoricalTradesBody()) as Trade[];
        assert.ok(firstPage.length <= 50);
        assert.ok(firstPage.some((t) => t.id === buy.id) && firstPage.some((t) => t.id === sell1.id));

        // Both fills are in the hour of the bid, at the asks' prices.
        const hour = 3_600_000;
        const chart = { pair, from: bought.created - hour, to: bought.created + 60_000, timeFrame: 'HOUR_1' } as const;
        const point = {
          timestamp: Math.floor(bought.created / hour) * hour,
          high: '21',
          low: '20',
          open: '20',
          close: '21',
          volume: '12',
        };
        assert.deepEqual(await book.chartRequest(chart), [point]);
        assert.deepEqual(await book.chartRequest(chart, 'desc'), [point]);
        assert.deepEqual(await book.chartRequest({ ...chart, pair: `${pair}X` }), []);

        // Another network is another ledger.
        await assert.rejects(api(otherNetwork(network)).orderBook().getTradeById(buy.id), refusal('trade.not.exists'));
      });

      it('deleteTrade and deleteAccountTrades cancel and release; getMatchedTrades is empty', async () => {
        const book = api(network).orderBook();
        const { pair, seller, buyer } = await newMarket(api(network));

        const bid = await book.createTrade({ type: 'BUY', price: '10', amount: '5', pair, ...buyer.accounts });
        assert.deepEqual(await balance(api(network), buyer.accounts.currency2AccountId), ['1000', '950']);
        assert.equal(await book.deleteTrade(bid.id), undefined);
        assert.deepEqual(await balance(api(network), buyer.accounts.currency2AccountId), ['1000', '1000']);
        await assert.rejects(book.getTradeById(bid.id), refusal('trade.not.exists'));
        await assert.rejects(book.deleteTrade(bid.id), refusal('trade.not.exists'));
        assert.deepEqual(await book.getBuyTradesBody({ pageSize: 50, pair }), []);
        // Cancelled trades are not history.
        assert.equal(await book.getHistoricalTradesBody({ count: true, pair }), 0);

        // Every open trade on the account, as either of a trade's accounts: the asks block currency 1,
        // and are cancelled through the currency 2 account.
        await book.createTrade({ type: 'SELL', price: '30', amount: '10', pair, ...seller.accounts });
        await book.createTrade({ type: 'SELL', price: '31', amount: '20', pair, ...seller.accounts });
        assert.deepEqual(await balance(api(network), seller.accounts.currency1AccountId), ['100', '70']);
        assert.equal(await book.deleteAccountTrades(seller.accounts.currency2AccountId), undefined);
        assert.equal(await book.getSellTradesBody({ count: true, pair }), 0);
        assert.deepEqual(await balance(api(network), seller.accounts.currency1AccountId), ['100', '100']);
        assert.equal(await book.deleteAccountTrades(seller.accounts.currency1AccountId), undefined);
        await assert.rejects(book.deleteAccountTrades(UNKNOWN_ID), refusal('account.not.exists'));

        assert.deepEqual(await book.getMatchedTrades({ pageSize: 50 }), []);
        assert.equal(await book.getMatchedTrades({ count: true, type: 'FUTURE_BUY' }), 0);
      });

      it('refusals are LedgerRefusalErrors with the ledger’s codes; bounds are checked before sending', async () => {
        const book = api(network).orderBook();
        const { pair, buyer } = await newMarket(api(network));

        // Futures are refused by the server (docs/decisions/0035-future-trades-refused.md); nothing is stored.
        await assert.rejects(
          book.createFutureTrade({
            type: 'FUTURE_BUY',
            price: '20',
            amount: '1',
            pair,
            ...buyer.accounts,
            attr: { sealDate: Date.now() + 86_400_000, percentBlock: 10 },
          }),
          refusal('trade.type.unsupported'),
        );
        assert.equal(await book.getBuyTradesBody({ count: true, pair }), 0);
        assert.deepEqual(await balance(api(network), buyer.accounts.currency2AccountId), ['1000', '1000']);

        const bid = { type: 'BUY', price: '20', amount: '100', pair, ...buyer.accounts } as const;
        await assert.rejects(book.createTrade(bid), refusal('trade.currency2.balance'));
        await assert.rejects(
          book.createTrade({ ...bid, currency1AccountId: UNKNOWN_ID }),
          refusal('trade.currency1AccountId.not.exists'),
        );
        const elsewhere = await newMarket(api(otherNetwork(network)));
        await assert.rejects(
          book.createTrade({ ...bid, amount: '1', ...elsewhere.buyer.accounts, pair: elsewhere.pair }),
          refusal('trade.currency1AccountId.not.exists'),
        );

        // The SDK's own checks: createTrade takes BUY and SELL only, and the pair's pattern.
        const local = (error: unknown) => {
          assert.ok(error instanceof LedgerValidationError);
          assert.match(error.message, /checked by the SDK; nothing was sent/);
          return true;
        };
        await assert.rejects(book.createTrade({ ...bid, type: 'FUTURE_SELL' } as never), local);
        await assert.rejects(book.createTrade({ ...bid, pair: 'NOPAIR' }), local);
        await assert.rejects(book.getBuyTradesBody({ pageSize: 51 }), local);
        // The server's: a fee needs a fee account.
        await assert.rejects(book.createTrade({ ...bid, amount: '1', fee: 1 }), (error: unknown) => {
          assert.ok(error instanceof LedgerValidationError);
          assert.deepEqual([error.statusCode, error.errorCode], [400, 'validation.failed']);
          assert.doesNotMatch(error.message, /checked by the SDK/);
          return true;
        });
        assert.equal(await book.getBuyTradesBody({ count: true, pair }), 0);
      });
    });
  }

  it('every OrderBookApi method was called on both networks', () => {
    for (const network of NETWORKS) assert.deepEqual(s.uncalled('orderBook', network), [], network);
  });
});
