import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { createAccountIn, createVirtualCurrency, pay } from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type Reply } from '../helpers/test-app.js';

// One order book followed step by step (docs/decisions/0033-order-matching.md,
// 0034-trade-blockages-and-fees.md, 0036-trade-lookups-and-history.md): makers at several prices, a BUY
// taker that sweeps two levels and part of a third, a cancel, a BUY that rests after a fill below its
// limit, and a SELL taker against resting BUYs. After every step each account's balances and blockages,
// each trade, the lists and the EXCHANGE records are compared with values worked out by hand below;
// nothing expected is computed from the server's own answers.
//
// C1 is valued at 2 EUR and C2 at 0.5 EUR, so a record's market value is its amount × 2 (C1) or × 0.5
// (C2). Fees are percentages with decimals (0.5 %, 0.25 %, 1 %) on amounts like 1.25 and 2.55, so a
// rounded product would show.

type Name =
  | 'issuer1'
  | 'issuer2'
  | 's1c1'
  | 's1c2'
  | 's2c1'
  | 's2c2'
  | 's3c1'
  | 's3c2'
  | 's4c1'
  | 's4c2'
  | 'bc1'
  | 'bc2'
  | 'fee1'
  | 'fee2';
type TradeName = 'S4' | 'S2' | 'S1' | 'S3' | 'B' | 'B43' | 'S2buy' | 'S1sell';

/** [accountBalance, availableBalance] of every account. */
type Balances = Record<Name, [string, string]>;
/** The TRADE blockages of every account: [trade, amount], in the order they were made. */
type Blockages = Record<Name, [TradeName, string][]>;

interface TradeSpec {
  type: 'BUY' | 'SELL';
  price: string;
  amount: string;
  c1: Name;
  c2: Name;
  fee?: { account: Name; percent: number };
}
/** A trade as GET /v3/trade/{id} shows it, less `created`: its fill, and isMaker once closed; or gone. */
type TradeState = { fill: string; isMaker?: boolean } | 'cancelled';

/**
 * One EXCHANGE record: [account, amount, transactionType, counter account, trade (paymentId), transfer,
 * market value]. Records of one transfer share a reference; different transfers have different ones.
 */
type ExchangeRecord = [Name, string, 'EXCHANGE_BUY' | 'EXCHANGE_SELL', Name, TradeName, string, string];

const C1_ACCOUNTS: ReadonlySet<Name> = new Set(['issuer1', 's1c1', 's2c1', 's3c1', 's4c1', 'bc1', 'fee1']);

const TRADES: Record<TradeName, TradeSpec> = {
  S4: { type: 'SELL', price: '42', amount: '1.5', c1: 's4c1', c2: 's4c2', fee: { account: 'fee1', percent: 1 } },
  S2: { type: 'SELL', price: '41', amount: '2.5', c1: 's2c1', c2: 's2c2', fee: { account: 'fee1', percent: 0.5 } },
  S1: { type: 'SELL', price: '40', amount: '1.25', c1: 's1c1', c2: 's1c2' },
  S3: { type: 'SELL', price: '41', amount: '3.75', c1: 's3c1', c2: 's3c2' },
  B: { type: 'BUY', price: '41.5', amount: '6.3', c1: 'bc1', c2: 'bc2', fee: { account: 'fee2', percent: 0.5 } },
  B43: { type: 'BUY', price: '43', amount: '2', c1: 'bc1', c2: 'bc2', fee: { account: 'fee2', percent: 0.25 } },
  S2buy: { type: 'BUY', price: '39.5', amount: '1', c1: 's2c1', c2: 's2c2' },
  S1sell: { type: 'SELL', price: '39', amount: '1.1', c1: 's1c1', c2: 's1c2', fee: { account: 'fee1', percent: 0.5 } },
};

const NO_BLOCKAGES: Blockages = {
  issuer1: [],
  issuer2: [],
  s1c1: [],
  s1c2: [],
  s2c1: [],
  s2c2: [],
  s3c1: [],
  s3c2: [],
  s4c1: [],
  s4c2: [],
  bc1: [],
  bc2: [],
  fee1: [],
  fee2: [],
};

describe('an order book scenario, to the last decimal after every step', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();
  const ids = {} as Record<Name, string>;
  const tradeIds = {} as Record<TradeName, string>;
  let pair = '';
  /** Every EXCHANGE record the ledger should hold so far, oldest first. */
  const records: ExchangeRecord[] = [];
  /** The reference of each transfer label, as first seen. */
  const references = new Map<string, string>();

  const nameOf = (id: string) => (Object.keys(ids) as Name[]).find((name) => ids[name] === id) ?? id;
  const tradeNameOf = (id: string): string =>
    (Object.keys(tradeIds) as TradeName[]).find((n) => tradeIds[n] === id) ?? id;

  async function ok(reply: Promise<Reply>, status = 200): Promise<any> {
    const { status: got, body } = await reply;
    assert.equal(got, status, JSON.stringify(body));
    return body;
  }

  async function place(name: TradeName): Promise<void> {
    const spec = TRADES[name];
    const body = await ok(
      api.post('/v3/trade', {
        type: spec.type,
        price: spec.price,
        amount: spec.amount,
        pair,
        currency1AccountId: ids[spec.c1],
        currency2AccountId: ids[spec.c2],
        ...(spec.fee ? { feeAccountId: ids[spec.fee.account], fee: spec.fee.percent } : {}),
      }),
    );
    assert.deepEqual(Object.keys(body), ['id']);
    tradeIds[name] = body.id;
  }

  /** The trade as the API shows it, but for `created`, which is checked to be a time in ms. */
  function tradeView(name: TradeName, state: { fill: string; isMaker?: boolean }) {
    const spec = TRADES[name];
    return {
      id: tradeIds[name],
      type: spec.type,
      price: spec.price,
      amount: spec.amount,
      pair,
      fill: state.fill,
      feeAccountId: spec.fee ? ids[spec.fee.account] : null,
      fee: spec.fee ? spec.fee.percent : null,
      currency1AccountId: ids[spec.c1],
      currency2AccountId: ids[spec.c2],
      ...(state.isMaker === undefined ? {} : { isMaker: state.isMaker }),
    };
  }

  function withoutCreated(trade: Record<string, unknown>) {
    const { created, ...rest } = trade;
    assert.ok(Number.isInteger(created) && (created as number) > 0, JSON.stringify(trade));
    return rest;
  }

  async function list(path: 'buy' | 'sell' | 'history'): Promise<Record<string, unknown>[]> {
    return (await ok(api.post(`/v3/trade/${path}`, { pageSize: 50 }))).map(withoutCreated);
  }

  /**
   * Checks the whole ledger against the step's expectation: balances and blockages of every account,
   * every trade placed so far by id, the three lists (oldest first), and the EXCHANGE records, of which
   * `added` are the step's own.
   */
  async function expectLedger(expected: {
    balances: Balances;
    blockages: Blockages;
    trades: Partial<Record<TradeName, TradeState>>;
    buy: TradeName[];
    sell: TradeName[];
    history: TradeName[];
    added: ExchangeRecord[];
  }): Promise<void> {
    for (const name of Object.keys(ids) as Name[]) {
      const balance = await ok(api.get(`/v3/ledger/account/${ids[name]}/balance`));
      const [accountBalance, availableBalance] = expected.balances[name];
      assert.deepEqual(balance, { accountBalance, availableBalance }, `balance of ${name}`);
      const blockages = await ok(api.get(`/v3/ledger/account/block/${ids[name]}?pageSize=50`));
      for (const b of blockages) assert.match(b.id, /^[0-9a-f]{24}$/);
      assert.deepEqual(
        blockages.map((b: Record<string, unknown>) => ({ ...b, id: '' })),
        expected.blockages[name].map(([trade, amount]) => ({
          id: '',
          accountId: ids[name],
          amount,
          type: 'TRADE',
          description: tradeIds[trade],
        })),
        `blockages of ${name}`,
      );
    }
    assert.deepEqual(Object.keys(expected.trades).sort(), Object.keys(tradeIds).sort(), 'every trade is expected');
    for (const [name, state] of Object.entries(expected.trades) as [TradeName, TradeState][]) {
      const reply = await api.get(`/v3/trade/${tradeIds[name]}`);
      if (state === 'cancelled') {
        assert.deepEqual(
          { status: reply.status, errorCode: reply.body.errorCode },
          {
            status: 403,
            errorCode: 'trade.not.exists',
          },
        );
      } else {
        assert.equal(reply.status, 200, JSON.stringify(reply.body));
        assert.deepEqual(withoutCreated(reply.body), tradeView(name, state), `trade ${name}`);
      }
    }
    const listed = (names: TradeName[]) => names.map((name) => tradeView(name, expected.trades[name] as never));
    assert.deepEqual(await list('buy'), listed(expected.buy), 'active BUY trades');
    assert.deepEqual(await list('sell'), listed(expected.sell), 'active SELL trades');
    assert.deepEqual(await list('history'), listed(expected.history), 'history');

    records.push(...expected.added);
    const found = await ok(api.post('/v3/ledger/transaction/ledger?pageSize=50', { opType: 'EXCHANGE' }));
    assert.equal(found.length, records.length, 'EXCHANGE records in the ledger');
    found.forEach((record: Record<string, any>, i: number) => {
      const [account, amount, transactionType, counter, trade, transfer, marketValue] = records[i]!;
      const seen = [
        nameOf(record.accountId),
        record.amount,
        record.transactionType,
        nameOf(record.counterAccountId),
        tradeNameOf(record.paymentId),
      ];
      assert.deepEqual(seen, [account, amount, transactionType, counter, trade], `record ${i}`);
      assert.equal(record.operationType, 'EXCHANGE');
      assert.equal(record.currency, C1_ACCOUNTS.has(account) ? pair.split('/')[0] : pair.split('/')[1]);
      assert.deepEqual(record.marketValue, {
        amount: marketValue,
        currency: 'EUR',
        sourceDate: record.created,
        source: 'ledger',
      });
      const known = references.get(transfer);
      if (known === undefined) {
        assert.ok(![...references.values()].includes(record.reference), `transfer ${transfer} reuses a reference`);
        references.set(transfer, record.reference);
      } else {
        assert.equal(record.reference, known, `the records of transfer ${transfer} share one reference`);
      }
    });
  }

  before(async () => {
    const c1 = await createVirtualCurrency(api, '1000', { baseRate: 2 });
    const c2 = await createVirtualCurrency(api, '100000', { baseRate: 0.5 });
    pair = `${c1.name}/${c2.name}`;
    ids.issuer1 = c1.issuerId;
    ids.issuer2 = c2.issuerId;
    // Each trader is one customer with an account in each currency; the fee accounts have their own.
    for (const trader of ['s1', 's2', 's3', 's4', 'b'] as const) {
      const first = await createAccountIn(api, c1.name);
      const second = await createAccountIn(api, c2.name, { externalId: first.externalId });
      assert.equal(second.customerId, first.customerId);
      ids[`${trader}c1`] = first.accountId;
      ids[`${trader}c2`] = second.accountId;
    }
    ids.fee1 = (await createAccountIn(api, c1.name)).accountId;
    ids.fee2 = (await createAccountIn(api, c2.name)).accountId;
    for (const [from, to, amount] of [
      ['issuer1', 's1c1', '10'],
      ['issuer1', 's2c1', '10'],
      ['issuer1', 's3c1', '10'],
      ['issuer1', 's4c1', '5'],
      ['issuer2', 'bc2', '400'],
    ] as const) {
      await ok(pay(api, ids[from], ids[to], amount));
    }
  });

  // Funded: issuer1 1000 − 10 − 10 − 10 − 5 = 965; issuer2 100000 − 400 = 99600.
  const funded: Balances = {
    issuer1: ['965', '965'],
    issuer2: ['99600', '99600'],
    s1c1: ['10', '10'],
    s1c2: ['0', '0'],
    s2c1: ['10', '10'],
    s2c2: ['0', '0'],
    s3c1: ['10', '10'],
    s3c2: ['0', '0'],
    s4c1: ['5', '5'],
    s4c2: ['0', '0'],
    bc1: ['0', '0'],
    bc2: ['400', '400'],
    fee1: ['0', '0'],
    fee2: ['0', '0'],
  };

  // Step 1: four SELL makers, placed 42 first, then 41 (S2), 40, 41 (S3). Nothing crosses; each blocks
  // its amount of C1, plus the fee on it when it has a fee account:
  //   S4: 1.5 × 1.01 = 1.515        S2: 2.5 × 1.005 = 2.5125
  //   S1: 1.25                      S3: 3.75
  const makers: Balances = {
    ...funded,
    s4c1: ['5', '3.485'], // 5 − 1.515
    s2c1: ['10', '7.4875'], // 10 − 2.5125
    s1c1: ['10', '8.75'], // 10 − 1.25
    s3c1: ['10', '6.25'], // 10 − 3.75
  };

  it('rests SELL makers at 42, 41, 40 and 41, each blocking its amount and fee in C1', async () => {
    for (const name of ['S4', 'S2', 'S1', 'S3'] as const) await place(name);
    await expectLedger({
      balances: makers,
      blockages: {
        ...NO_BLOCKAGES,
        s4c1: [['S4', '1.515']],
        s2c1: [['S2', '2.5125']],
        s1c1: [['S1', '1.25']],
        s3c1: [['S3', '3.75']],
      },
      trades: { S4: { fill: '0' }, S2: { fill: '0' }, S1: { fill: '0' }, S3: { fill: '0' } },
      buy: [],
      sell: ['S4', 'S2', 'S1', 'S3'],
      history: [],
      added: [],
    });
  });

  // Step 2: B buys 6.3 at 41.5 with a 0.5 % fee. It needs 6.3 × 41.5 × 1.005 = 261.45 × 1.005 = 262.75725
  // available in C2 (it has 400). Price first, then time: 40 (S1), then 41 (S2, older than S3), then S3;
  // 42 does not cross 41.5. Each fill at the maker's price:
  //   S1: q = 1.25, value 1.25 × 40 = 50,    B's fee 50 × 0.005 = 0.25
  //   S2: q = 2.5,  value 2.5 × 41 = 102.5,  B's fee 102.5 × 0.005 = 0.5125, S2's fee 2.5 × 0.005 = 0.0125
  //   S3: q = 6.3 − 1.25 − 2.5 = 2.55, value 2.55 × 41 = 104.55, B's fee 104.55 × 0.005 = 0.52275
  // B is filled and closed; S3 keeps 3.75 − 2.55 = 1.2 open.
  const swept: Balances = {
    ...makers,
    s1c1: ['8.75', '8.75'], // 10 − 1.25, its blockage gone
    s1c2: ['50', '50'],
    s2c1: ['7.4875', '7.4875'], // 10 − 2.5 − 0.0125, its blockage gone
    s2c2: ['102.5', '102.5'],
    s3c1: ['7.45', '6.25'], // 10 − 2.55; blocked 1.2
    s3c2: ['104.55', '104.55'],
    bc1: ['6.3', '6.3'], // 1.25 + 2.5 + 2.55
    // 400 − (50 + 102.5 + 104.55) − (0.25 + 0.5125 + 0.52275) = 400 − 257.05 − 1.28525. Closed below its
    // limit, B holds nothing: the 262.75725 it was judged on is not what it paid.
    bc2: ['141.66475', '141.66475'],
    fee1: ['0.0125', '0.0125'],
    fee2: ['1.28525', '1.28525'], // 0.25 + 0.5125 + 0.52275
  };

  it('fills a BUY taker at 40, then at 41 oldest first, leaving the second 41 part filled', async () => {
    await place('B');
    await expectLedger({
      balances: swept,
      blockages: { ...NO_BLOCKAGES, s4c1: [['S4', '1.515']], s3c1: [['S3', '1.2']] },
      trades: {
        S4: { fill: '0' },
        S2: { fill: '2.5', isMaker: true },
        S1: { fill: '1.25', isMaker: true },
        S3: { fill: '2.55' },
        B: { fill: '6.3', isMaker: false },
      },
      buy: [],
      sell: ['S4', 'S3'],
      history: ['S2', 'S1', 'B'],
      // Per fill: C1 seller → buyer, C2 buyer → seller, then B's fee, then the seller's fee. Market
      // values: C1 × 2, C2 × 0.5.
      added: [
        ['s1c1', '-1.25', 'EXCHANGE_SELL', 'bc1', 'S1', 'f1.c1', '-2.5'],
        ['bc1', '1.25', 'EXCHANGE_BUY', 's1c1', 'B', 'f1.c1', '2.5'],
        ['bc2', '-50', 'EXCHANGE_BUY', 's1c2', 'B', 'f1.c2', '-25'],
        ['s1c2', '50', 'EXCHANGE_SELL', 'bc2', 'S1', 'f1.c2', '25'],
        ['bc2', '-0.25', 'EXCHANGE_BUY', 'fee2', 'B', 'f1.buyFee', '-0.125'],
        ['fee2', '0.25', 'EXCHANGE_BUY', 'bc2', 'B', 'f1.buyFee', '0.125'],
        ['s2c1', '-2.5', 'EXCHANGE_SELL', 'bc1', 'S2', 'f2.c1', '-5'],
        ['bc1', '2.5', 'EXCHANGE_BUY', 's2c1', 'B', 'f2.c1', '5'],
        ['bc2', '-102.5', 'EXCHANGE_BUY', 's2c2', 'B', 'f2.c2', '-51.25'],
        ['s2c2', '102.5', 'EXCHANGE_SELL', 'bc2', 'S2', 'f2.c2', '51.25'],
        ['bc2', '-0.5125', 'EXCHANGE_BUY', 'fee2', 'B', 'f2.buyFee', '-0.25625'],
        ['fee2', '0.5125', 'EXCHANGE_BUY', 'bc2', 'B', 'f2.buyFee', '0.25625'],
        ['s2c1', '-0.0125', 'EXCHANGE_SELL', 'fee1', 'S2', 'f2.sellFee', '-0.025'],
        ['fee1', '0.0125', 'EXCHANGE_SELL', 's2c1', 'S2', 'f2.sellFee', '0.025'],
        ['s3c1', '-2.55', 'EXCHANGE_SELL', 'bc1', 'S3', 'f3.c1', '-5.1'],
        ['bc1', '2.55', 'EXCHANGE_BUY', 's3c1', 'B', 'f3.c1', '5.1'],
        ['bc2', '-104.55', 'EXCHANGE_BUY', 's3c2', 'B', 'f3.c2', '-52.275'],
        ['s3c2', '104.55', 'EXCHANGE_SELL', 'bc2', 'S3', 'f3.c2', '52.275'],
        ['bc2', '-0.52275', 'EXCHANGE_BUY', 'fee2', 'B', 'f3.buyFee', '-0.261375'],
        ['fee2', '0.52275', 'EXCHANGE_BUY', 'bc2', 'B', 'f3.buyFee', '0.261375'],
      ],
    });
  });

  // Step 3: S3's open 1.2 is cancelled: its blockage goes, its 2.55 filled stays paid.
  const cancelled: Balances = { ...swept, s3c1: ['7.45', '7.45'] };

  it('cancels the part filled trade: its blockage is released and it is gone from every list', async () => {
    await ok(api.delete(`/v3/trade/${tradeIds.S3}`), 204);
    const again = await api.delete(`/v3/trade/${tradeIds.S3}`);
    assert.deepEqual(
      { status: again.status, errorCode: again.body.errorCode },
      {
        status: 403,
        errorCode: 'trade.not.exists',
      },
    );
    await expectLedger({
      balances: cancelled,
      blockages: { ...NO_BLOCKAGES, s4c1: [['S4', '1.515']] },
      trades: {
        S4: { fill: '0' },
        S2: { fill: '2.5', isMaker: true },
        S1: { fill: '1.25', isMaker: true },
        S3: 'cancelled',
        B: { fill: '6.3', isMaker: false },
      },
      buy: [],
      sell: ['S4'],
      history: ['S2', 'S1', 'B'],
      added: [],
    });
  });

  // Step 4: B buys 2 at 43 with a 0.25 % fee: judged on 2 × 43 × 1.0025 = 86.215 (it has 141.66475). It
  // fills S4's 1.5 at 42: value 63, B's fee 63 × 0.0025 = 0.1575, S4's fee 1.5 × 0.01 = 0.015. The 0.5
  // left rests at 43, blocking 0.5 × 43 × 1.0025 = 21.55375. Of the 86.215, B paid 63.1575 and holds
  // 21.55375: the 1.5 × (43 − 42) × 1.0025 = 1.50375 saved by the lower price is released.
  const rested: Balances = {
    ...cancelled,
    s4c1: ['3.485', '3.485'], // 5 − 1.5 − 0.015, its blockage gone
    s4c2: ['63', '63'],
    bc1: ['7.8', '7.8'], // 6.3 + 1.5
    bc2: ['78.50725', '56.9535'], // 141.66475 − 63 − 0.1575; available 78.50725 − 21.55375
    fee1: ['0.0275', '0.0275'], // 0.0125 + 0.015
    fee2: ['1.44275', '1.44275'], // 1.28525 + 0.1575
  };

  it('rests what is left of a BUY filled below its limit, blocking only that remainder at its limit', async () => {
    await place('B43');
    await expectLedger({
      balances: rested,
      blockages: { ...NO_BLOCKAGES, bc2: [['B43', '21.55375']] },
      trades: {
        S4: { fill: '1.5', isMaker: true },
        S2: { fill: '2.5', isMaker: true },
        S1: { fill: '1.25', isMaker: true },
        S3: 'cancelled',
        B: { fill: '6.3', isMaker: false },
        B43: { fill: '1.5' },
      },
      buy: ['B43'],
      sell: [],
      history: ['S4', 'S2', 'S1', 'B'],
      added: [
        ['s4c1', '-1.5', 'EXCHANGE_SELL', 'bc1', 'S4', 'f4.c1', '-3'],
        ['bc1', '1.5', 'EXCHANGE_BUY', 's4c1', 'B43', 'f4.c1', '3'],
        ['bc2', '-63', 'EXCHANGE_BUY', 's4c2', 'B43', 'f4.c2', '-31.5'],
        ['s4c2', '63', 'EXCHANGE_SELL', 'bc2', 'S4', 'f4.c2', '31.5'],
        ['bc2', '-0.1575', 'EXCHANGE_BUY', 'fee2', 'B43', 'f4.buyFee', '-0.07875'],
        ['fee2', '0.1575', 'EXCHANGE_BUY', 'bc2', 'B43', 'f4.buyFee', '0.07875'],
        ['s4c1', '-0.015', 'EXCHANGE_SELL', 'fee1', 'S4', 'f4.sellFee', '-0.03'],
        ['fee1', '0.015', 'EXCHANGE_SELL', 's4c1', 'S4', 'f4.sellFee', '0.03'],
      ],
    });
  });

  // Step 5: S2 rests a BUY of 1 at 39.5 without a fee (no SELL is open): it blocks 39.5 of its C2.
  const bids: Balances = { ...rested, s2c2: ['102.5', '63'] }; // 102.5 − 39.5

  it('rests a second BUY below the first', async () => {
    await place('S2buy');
    await expectLedger({
      balances: bids,
      blockages: { ...NO_BLOCKAGES, bc2: [['B43', '21.55375']], s2c2: [['S2buy', '39.5']] },
      trades: {
        S4: { fill: '1.5', isMaker: true },
        S2: { fill: '2.5', isMaker: true },
        S1: { fill: '1.25', isMaker: true },
        S3: 'cancelled',
        B: { fill: '6.3', isMaker: false },
        B43: { fill: '1.5' },
        S2buy: { fill: '0' },
      },
      buy: ['B43', 'S2buy'],
      sell: [],
      history: ['S4', 'S2', 'S1', 'B'],
      added: [],
    });
  });

  // Step 6: S1 sells 1.1 at 39 with a 0.5 % fee: judged on 1.1 × 1.005 = 1.1055 of C1 (it has 8.75).
  // Highest BUY first, each at the maker's price, above the 39 asked:
  //   B43 at 43:     q = 0.5, value 21.5, B's fee 21.5 × 0.0025 = 0.05375, S1's fee 0.5 × 0.005 = 0.0025
  //   S2buy at 39.5: q = 0.6, value 0.6 × 39.5 = 23.7, no buyer fee,   S1's fee 0.6 × 0.005 = 0.003
  // S1's SELL and B43 close; S2buy keeps 0.4 open, blocking 0.4 × 39.5 = 15.8.
  const sold: Balances = {
    ...bids,
    s1c1: ['7.6445', '7.6445'], // 8.75 − 0.5 − 0.0025 − 0.6 − 0.003
    s1c2: ['95.2', '95.2'], // 50 + 21.5 + 23.7
    bc1: ['8.3', '8.3'], // 7.8 + 0.5
    bc2: ['56.9535', '56.9535'], // 78.50725 − 21.5 − 0.05375, its blockage gone
    s2c1: ['8.0875', '8.0875'], // 7.4875 + 0.6
    s2c2: ['78.8', '63'], // 102.5 − 23.7; blocked 15.8
    fee1: ['0.033', '0.033'], // 0.0275 + 0.0025 + 0.003
    fee2: ['1.4965', '1.4965'], // 1.44275 + 0.05375
  };

  it('fills a SELL taker against the resting BUYs, highest first, at their higher prices', async () => {
    await place('S1sell');
    await expectLedger({
      balances: sold,
      blockages: { ...NO_BLOCKAGES, s2c2: [['S2buy', '15.8']] },
      trades: {
        S4: { fill: '1.5', isMaker: true },
        S2: { fill: '2.5', isMaker: true },
        S1: { fill: '1.25', isMaker: true },
        S3: 'cancelled',
        B: { fill: '6.3', isMaker: false },
        B43: { fill: '2', isMaker: true },
        S2buy: { fill: '0.6' },
        S1sell: { fill: '1.1', isMaker: false },
      },
      buy: ['S2buy'],
      sell: [],
      history: ['S4', 'S2', 'S1', 'B', 'B43', 'S1sell'],
      added: [
        ['s1c1', '-0.5', 'EXCHANGE_SELL', 'bc1', 'S1sell', 'f5.c1', '-1'],
        ['bc1', '0.5', 'EXCHANGE_BUY', 's1c1', 'B43', 'f5.c1', '1'],
        ['bc2', '-21.5', 'EXCHANGE_BUY', 's1c2', 'B43', 'f5.c2', '-10.75'],
        ['s1c2', '21.5', 'EXCHANGE_SELL', 'bc2', 'S1sell', 'f5.c2', '10.75'],
        ['bc2', '-0.05375', 'EXCHANGE_BUY', 'fee2', 'B43', 'f5.buyFee', '-0.026875'],
        ['fee2', '0.05375', 'EXCHANGE_BUY', 'bc2', 'B43', 'f5.buyFee', '0.026875'],
        ['s1c1', '-0.0025', 'EXCHANGE_SELL', 'fee1', 'S1sell', 'f5.sellFee', '-0.005'],
        ['fee1', '0.0025', 'EXCHANGE_SELL', 's1c1', 'S1sell', 'f5.sellFee', '0.005'],
        ['s1c1', '-0.6', 'EXCHANGE_SELL', 's2c1', 'S1sell', 'f6.c1', '-1.2'],
        ['s2c1', '0.6', 'EXCHANGE_BUY', 's1c1', 'S2buy', 'f6.c1', '1.2'],
        ['s2c2', '-23.7', 'EXCHANGE_BUY', 's1c2', 'S2buy', 'f6.c2', '-11.85'],
        ['s1c2', '23.7', 'EXCHANGE_SELL', 's2c2', 'S1sell', 'f6.c2', '11.85'],
        ['s1c1', '-0.003', 'EXCHANGE_SELL', 'fee1', 'S1sell', 'f6.sellFee', '-0.006'],
        ['fee1', '0.003', 'EXCHANGE_SELL', 's1c1', 'S1sell', 'f6.sellFee', '0.006'],
      ],
    });
  });

  it('cancels every open trade of an account, by either of its accounts', async () => {
    await ok(api.delete(`/v3/trade/account/${ids.s2c1}`), 204);
    await expectLedger({
      balances: { ...sold, s2c2: ['78.8', '78.8'] },
      blockages: NO_BLOCKAGES,
      trades: {
        S4: { fill: '1.5', isMaker: true },
        S2: { fill: '2.5', isMaker: true },
        S1: { fill: '1.25', isMaker: true },
        S3: 'cancelled',
        B: { fill: '6.3', isMaker: false },
        B43: { fill: '2', isMaker: true },
        S2buy: 'cancelled',
        S1sell: { fill: '1.1', isMaker: false },
      },
      buy: [],
      sell: [],
      history: ['S4', 'S2', 'S1', 'B', 'B43', 'S1sell'],
      added: [],
    });
    // Money was only moved: each currency still adds up to its supply, the fees included.
    // C1: 965 + 7.6445 + 8.0875 + 7.45 + 3.485 + 8.3 + 0.033 = 1000
    // C2: 99600 + 95.2 + 78.8 + 104.55 + 63 + 56.9535 + 1.4965 = 100000
    // And B's C2 records are its funding and its side of each fill, adding up to its balance.
    const records = await ok(api.post('/v3/ledger/transaction/account?pageSize=50', { id: ids.bc2 }));
    assert.deepEqual(
      records.map((r: Record<string, string | null>) => [
        r.amount,
        r.operationType,
        r.transactionType,
        r.paymentId === null ? null : tradeNameOf(r.paymentId!),
      ]),
      [
        ['400', 'PAYMENT', 'CREDIT_PAYMENT', null],
        ['-50', 'EXCHANGE', 'EXCHANGE_BUY', 'B'],
        ['-0.25', 'EXCHANGE', 'EXCHANGE_BUY', 'B'],
        ['-102.5', 'EXCHANGE', 'EXCHANGE_BUY', 'B'],
        ['-0.5125', 'EXCHANGE', 'EXCHANGE_BUY', 'B'],
        ['-104.55', 'EXCHANGE', 'EXCHANGE_BUY', 'B'],
        ['-0.52275', 'EXCHANGE', 'EXCHANGE_BUY', 'B'],
        ['-63', 'EXCHANGE', 'EXCHANGE_BUY', 'B43'],
        ['-0.1575', 'EXCHANGE', 'EXCHANGE_BUY', 'B43'],
        ['-21.5', 'EXCHANGE', 'EXCHANGE_BUY', 'B43'],
        ['-0.05375', 'EXCHANGE', 'EXCHANGE_BUY', 'B43'],
      ],
    );
  });
});
