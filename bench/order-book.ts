import type autocannon from 'autocannon';
import { CURRENCY, PAIR_CURRENCIES, type Trader } from './layout.js';
import { JSON_HEADERS, pick, type Load, type Operation } from './operation.js';

// The order book's operations (docs/decisions/0033-order-matching.md): limit trades that cross, on one
// pair and spread over ten, so that what is measured is matching, settling each fill as EXCHANGE
// transactions and blocking what rests, not merely storing trades.
//
// Every BUY is priced from 1.00 to 1.02 and every SELL from 0.98 to 1.00, so each trade fills against
// whatever rests on the other side, at the resting trade's price, and rests only for what it could not
// fill: the book holds one side at a time. Each connection keeps to one pair and alternates a BUY and
// a SELL of one amount, so that what its BUYs take from the book its SELLs put back (and the other way
// round): the resting liquidity is replenished as it is used, the book stays at most a trade per
// connection deep however long the load runs, and the throughput stays steady (about one fill per
// trade). Amounts differ from one pair of requests to the next, so that a trade may fill against more
// than one resting trade, or leave one partly filled. The traders are picked at random for each trade, as cold payments
// pick their accounts; they are funded far beyond what a run can move, so that no trade is refused.

const pairOf = (index: number) => `${PAIR_CURRENCIES[index]}/${CURRENCY}`;

/** A price in cents from `low` to `high` cents, as a decimal string. */
function price(low: number, high: number): string {
  const cents = low + Math.floor(Math.random() * (high - low + 1));
  return (cents / 100).toFixed(2);
}

/** From 0.01 to 0.05 with eight decimals, written from whole units of 10^-8 (never a float's digits). */
function amount(): string {
  const units = 1_000_000 + Math.floor(Math.random() * 4_000_001);
  return `0.${String(units).padStart(8, '0')}`;
}

function tradeRequest(type: 'BUY' | 'SELL', pair: number, traders: readonly Trader[], amount: () => string) {
  return {
    method: 'POST',
    path: '/v3/trade',
    headers: JSON_HEADERS,
    setupRequest(request: autocannon.Request) {
      const trader = pick(traders);
      const body = {
        type,
        price: type === 'BUY' ? price(100, 102) : price(98, 100),
        amount: amount(),
        pair: pairOf(pair),
        currency1AccountId: trader.base[pair]!,
        currency2AccountId: trader.quote,
      };
      return { ...request, body: JSON.stringify(body) };
    },
  } satisfies autocannon.Request;
}

/** Connection i trades on pair `pairs[i % pairs.length]`: a BUY, then a SELL of the same amount, over and over. */
function crossingTrades(traders: readonly Trader[], pairs: readonly number[]): Load {
  let next = 0;
  return {
    setupClient(client) {
      const connection = next++;
      const pair = pairs[connection % pairs.length]!;
      let drawn = amount();
      const first = connection % 2 === 0 ? 'BUY' : 'SELL';
      const second = first === 'BUY' ? 'SELL' : 'BUY';
      client.setRequests([
        tradeRequest(first, pair, traders, () => (drawn = amount())),
        tradeRequest(second, pair, traders, () => drawn),
      ]);
    },
  };
}

export const ORDER_BOOK: readonly Operation[] = [
  {
    name: 'trade.one-pair',
    label: 'trade that crosses, one pair',
    ceiling: 'db',
    load: ({ samples }) => crossingTrades(samples.traders, [0]),
  },
  {
    name: 'trade.ten-pairs',
    label: `trade that crosses, ${PAIR_CURRENCIES.length} pairs`,
    ceiling: 'db',
    load: ({ samples }) =>
      crossingTrades(
        samples.traders,
        PAIR_CURRENCIES.map((_, i) => i),
      ),
  },
];
