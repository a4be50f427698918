import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suiteTestApp } from '../helpers/test-app.js';
import {
  assertReply,
  createMarket,
  createTrader,
  storeTrade,
  tradeById,
  tradeOf,
  type Market,
} from '../helpers/trade-fixtures.js';

// The chart (docs/decisions/0036-trade-lookups-and-history.md): per time frame holding fills of the
// pair, the first, highest, lowest and last execution price and the amount filled in currency 1.

const FAILED = 'Request validation failed. Please see data for additional information.';
const MINUTE = 60_000;
const DAY = 86_400_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('POST /v3/trade/chart', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  /**
   * Fills `amount` at `price`: a SELL at that price rests, then a BUY at a higher limit takes it, at the
   * resting SELL's price. Answers the BUY's id and `created`, the time of the fill (one transaction).
   */
  async function fill(market: Market, price: string, amount: string): Promise<{ id: string; at: number }> {
    const seller = await createTrader(api, market, { c1: amount });
    const buyer = await createTrader(api, market, { c2: '1000' });
    await storeTrade(api, tradeOf(market, seller, 'SELL', price, amount));
    const id = await storeTrade(api, tradeOf(market, buyer, 'BUY', '99', amount));
    const taker = await tradeById(api, id);
    assert.equal(taker.fill, amount);
    // Fills a few milliseconds apart, so that `created` orders them.
    await pause(3);
    return { id, at: taker.created };
  }

  const chart = async (body: Record<string, unknown>, direction?: string) => {
    const reply = await api.post(`/v3/trade/chart${direction ? `?direction=${direction}` : ''}`, body);
    assertReply(reply, 200, undefined, JSON.stringify(body));
    return reply.body;
  };

  it('draws the fills of now in the frame of now, at their execution prices', async () => {
    const market = await createMarket(api);
    // Fills within one minute: start afresh if this one is about to end.
    if (Date.now() % MINUTE > MINUTE - 3_000) await pause(MINUTE - (Date.now() % MINUTE) + 10);
    const fills = [];
    for (const [price, amount] of [
      ['10', '1'],
      ['12', '2'],
      ['9', '0.5'],
      ['11', '1.5'],
    ] as const)
      fills.push(await fill(market, price, amount));
    const first = fills[0]!.at;
    const last = fills[3]!.at;
    const point = { high: '12', low: '9', open: '10', close: '11', volume: '5' };
    const year = new Date(first).getUTCFullYear();
    const month = new Date(first).getUTCMonth();
    const frames: [string, number][] = [
      ['MIN_1', Math.floor(first / MINUTE) * MINUTE],
      ['MIN_5', Math.floor(first / (5 * MINUTE)) * 5 * MINUTE],
      ['HOUR_1', Math.floor(first / 3_600_000) * 3_600_000],
      ['HOUR_12', Math.floor(first / 43_200_000) * 43_200_000],
      ['DAY', Math.floor(first / DAY) * DAY],
      // Weeks start on Monday; 1 January 1970 was a Thursday.
      ['WEEK', (Math.floor((Math.floor(first / DAY) + 3) / 7) * 7 - 3) * DAY],
      ['MONTH', Date.UTC(year, month, 1)],
      ['YEAR', Date.UTC(year, 0, 1)],
    ];
    for (const [timeFrame, timestamp] of frames) {
      assert.deepEqual(
        await chart({ pair: market.pair, from: first - 10 * MINUTE, to: last + 10 * MINUTE, timeFrame }),
        [{ timestamp, ...point }],
        timeFrame,
      );
    }
    // Both ends of the interval are included.
    assert.deepEqual(await chart({ pair: market.pair, from: first, to: last, timeFrame: 'YEAR' }), [
      { timestamp: Date.UTC(year, 0, 1), ...point },
    ]);
    assert.deepEqual(await chart({ pair: market.pair, from: first + 1, to: last - 1, timeFrame: 'YEAR' }), [
      { timestamp: Date.UTC(year, 0, 1), high: '12', low: '9', open: '12', close: '9', volume: '2.5' },
    ]);
    assert.deepEqual(await chart({ pair: market.pair, from: last + 1, to: last + MINUTE, timeFrame: 'MIN_1' }), []);
  });

  it('leaves out the frames without fills, and orders the points by time either way', async () => {
    const market = await createMarket(api);
    // The fills' times cannot be chosen through the API: these are moved to a Monday morning of the
    // past, as a ledger that had traded then would hold them.
    const at = (hh: number, mm: number, ss: number) => Date.UTC(2026, 0, 5, hh, mm, ss);
    const placed: [string, string, number][] = [
      ['10', '1', at(10, 1, 0)],
      ['12', '2', at(10, 2, 0)],
      ['9', '0.5', at(10, 3, 0)],
      ['11', '1.5', at(10, 4, 59)],
      ['20', '3', at(10, 17, 30)],
      ['18', '1', at(10, 19, 0)],
    ];
    for (const [price, amount, time] of placed) {
      const { id } = await fill(market, price, amount);
      await t.db.query('UPDATE trade_fills SET created_at = to_timestamp($1::float8 / 1000) WHERE buy_trade_id = $2', [
        time,
        id,
      ]);
    }
    // And one of now, outside every interval asked below.
    await fill(market, '50', '1');

    const morning = { pair: market.pair, from: at(10, 0, 0), to: at(10, 29, 59) };
    const early = { timestamp: at(10, 0, 0), high: '12', low: '9', open: '10', close: '11', volume: '5' };
    const late = { high: '20', low: '18', open: '20', close: '18', volume: '4' };
    assert.deepEqual(await chart({ ...morning, timeFrame: 'MIN_5' }), [early, { timestamp: at(10, 15, 0), ...late }]);
    assert.deepEqual(await chart({ ...morning, timeFrame: 'MIN_5' }, 'asc'), [
      early,
      { timestamp: at(10, 15, 0), ...late },
    ]);
    assert.deepEqual(await chart({ ...morning, timeFrame: 'MIN_5' }, 'desc'), [
      { timestamp: at(10, 15, 0), ...late },
      early,
    ]);
    assert.deepEqual(await chart({ ...morning, timeFrame: 'MIN_1' }), [
      { timestamp: at(10, 1, 0), high: '10', low: '10', open: '10', close: '10', volume: '1' },
      { timestamp: at(10, 2, 0), high: '12', low: '12', open: '12', close: '12', volume: '2' },
      { timestamp: at(10, 3, 0), high: '9', low: '9', open: '9', close: '9', volume: '0.5' },
      { timestamp: at(10, 4, 0), high: '11', low: '11', open: '11', close: '11', volume: '1.5' },
      { timestamp: at(10, 17, 0), high: '20', low: '20', open: '20', close: '20', volume: '3' },
      { timestamp: at(10, 19, 0), high: '18', low: '18', open: '18', close: '18', volume: '1' },
    ]);
    const whole = { high: '20', low: '9', open: '10', close: '18', volume: '9' };
    assert.deepEqual(await chart({ ...morning, timeFrame: 'HOUR_1' }), [{ timestamp: at(10, 0, 0), ...whole }]);
    assert.deepEqual(await chart({ ...morning, timeFrame: 'DAY' }), [{ timestamp: at(0, 0, 0), ...whole }]);
    assert.deepEqual(await chart({ ...morning, timeFrame: 'WEEK' }), [{ timestamp: at(0, 0, 0), ...whole }]);
    assert.deepEqual(await chart({ ...morning, timeFrame: 'MONTH' }), [{ timestamp: Date.UTC(2026, 0, 1), ...whole }]);
    // An interval cutting a frame takes only its own fills; its ends are included.
    assert.deepEqual(await chart({ pair: market.pair, from: at(10, 1, 1), to: at(10, 17, 30), timeFrame: 'MIN_15' }), [
      { timestamp: at(10, 0, 0), high: '12', low: '9', open: '12', close: '11', volume: '4' },
      { timestamp: at(10, 15, 0), high: '20', low: '20', open: '20', close: '20', volume: '3' },
    ]);
    assert.deepEqual(
      await chart({ pair: market.pair, from: at(10, 5, 0), to: at(10, 17, 29), timeFrame: 'MIN_1' }),
      [],
    );
  });

  it('answers no points for a pair without fills', async () => {
    const market = await createMarket(api);
    const seller = await createTrader(api, market, { c1: '1' });
    // A trade resting in the book is no fill.
    await storeTrade(api, tradeOf(market, seller, 'SELL', '5', '1'));
    const now = Date.now();
    for (const pair of [market.pair, 'NO/PAIR'])
      assert.deepEqual(await chart({ pair, from: now - DAY, to: now + DAY, timeFrame: 'HOUR_1' }), []);
  });

  it('refuses more than 200 points', async () => {
    const pair = 'A/B';
    for (const [timeFrame, from, to] of [
      ['MIN_1', 0, 200 * MINUTE - 1],
      ['DAY', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 199 * DAY],
      ['MONTH', Date.UTC(2010, 0, 1), Date.UTC(2026, 7, 31)],
      ['YEAR', 0, Date.UTC(2169, 11, 31)],
    ] as const)
      assert.deepEqual(await chart({ pair, from, to, timeFrame }), [], `200 points of ${timeFrame}`);
    for (const [timeFrame, from, to] of [
      ['MIN_1', 0, 200 * MINUTE],
      ['MIN_5', 1, 200 * 5 * MINUTE],
      ['DAY', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 200 * DAY],
      ['WEEK', 0, Date.now()],
      ['MONTH', Date.UTC(2010, 0, 1), Date.UTC(2026, 8, 1)],
      ['YEAR', 0, Date.UTC(2170, 0, 1)],
    ] as const) {
      const body = { pair, from, to, timeFrame };
      assertReply(
        await api.post('/v3/trade/chart', body),
        400,
        {
          statusCode: 400,
          errorCode: 'validation.failed',
          message: FAILED,
          data: [
            {
              target: body,
              value: timeFrame,
              property: 'timeFrame',
              children: [],
              constraints: { maxPoints: 'timeFrame must give at most 200 points between from and to' },
            },
          ],
        },
        timeFrame,
      );
    }
  });

  it('refuses a request without its fields, or with a time frame it does not know', async () => {
    const body = { pair: 'A/B', from: 0, to: 1, timeFrame: 'MIN_1' };
    for (const field of ['pair', 'from', 'to', 'timeFrame']) {
      const { [field as keyof typeof body]: _, ...rest } = body;
      const reply = await api.post('/v3/trade/chart', rest);
      assert.deepEqual(
        [reply.status, reply.body.data?.[0]?.property, reply.body.data?.[0]?.constraints],
        [400, field, { isDefined: `${field} should not be null or undefined` }],
      );
    }
    const reply = await api.post('/v3/trade/chart', { ...body, timeFrame: 'MIN_2' });
    assert.deepEqual([reply.status, reply.body.data[0].property], [400, 'timeFrame']);
    const direction = await api.post('/v3/trade/chart?direction=up', body);
    assert.deepEqual([direction.status, direction.body.data[0].property], [400, 'direction']);
  });
});
