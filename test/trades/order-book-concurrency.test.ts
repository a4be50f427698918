import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { onPostgres } from '../helpers/database.js';
import { createAccountIn, createVirtualCurrency } from '../helpers/ledger-fixtures.js';
import { httpClient } from '../helpers/http-client.js';
import { suiteTestApp } from '../helpers/test-app.js';
import { seededRandom } from '../support/seeded-random.js';

// Crossing trades on one pair placed all at once (docs/decisions/0033-order-matching.md,
// 0034-trade-blockages-and-fees.md), spread over three app instances on one database and sent over
// real sockets, so that on PostgreSQL they contend for the pair's lock and the accounts' row locks from
// the pool's parallel connections. Every trader is funded for all its trades at once, so none is
// refused. Afterwards everything is read back through the API: no trade filled past its amount, the book
// not crossed, every resting trade blocking exactly its remainder, every balance explained by its
// funding and its EXCHANGE records, every trade's fill by its own records, and each asset's supply whole.
//
// On PGlite (one connection) the trades queue and the same accounting is checked, not the locking.
// LEDGER_TRADES_SEED replays a mix; LEDGER_TRADES changes its size.

const TRADES = Number(process.env.LEDGER_TRADES ?? 200);
const TRADERS = 20;
const SEED = Number(process.env.LEDGER_TRADES_SEED ?? Math.floor(Math.random() * 2 ** 31));
const FEES = [0.1, 0.25, 0.5, 1, 1.5];

// Exact decimals: a BigInt count of 10^-24. A fee on a fill multiplies an 8-decimal amount, an
// 8-decimal price and a percentage, so balances and blockages carry up to 20 decimals; nothing is rounded.
const SCALE = 24;
const UNIT = 10n ** BigInt(SCALE);

function exact(text: string | number): bigint {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(String(text));
  if (!match || (match[3] ?? '').length > SCALE) throw new Error(`not a decimal of at most ${SCALE} places: ${text}`);
  const units = BigInt(match[2] || '0') * UNIT + BigInt((match[3] ?? '').padEnd(SCALE, '0'));
  return match[1] ? -units : units;
}

function times(a: bigint, b: bigint): bigint {
  assert.equal((a * b) % UNIT, 0n, 'a product past the exact scale');
  return (a * b) / UNIT;
}

/** Decimal text of an exact value, trailing zeros trimmed. */
function text(value: bigint): string {
  const abs = value < 0n ? -value : value;
  const fraction = (abs % UNIT).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${value < 0n ? '-' : ''}${abs / UNIT}${fraction ? `.${fraction}` : ''}`;
}

/** Rounds up to 8 decimals, as a payment amount is written. */
function ceil8(value: bigint): bigint {
  const step = UNIT / 10n ** 8n;
  return ((value + step - 1n) / step) * step;
}

const sum = (values: Iterable<bigint>) => [...values].reduce((a, b) => a + b, 0n);
const percent = (fee: number) => exact(fee) / 100n;

interface Order {
  type: 'BUY' | 'SELL';
  trader: number;
  price: bigint;
  amount: bigint;
  fee?: number;
  /** With a fee account but no fee: nothing is charged. */
  feeAccountOnly?: boolean;
}

/** A POST /v3/trade body. */
interface TradeBody {
  type: 'BUY' | 'SELL';
  price: string;
  amount: string;
  pair: string;
  currency1AccountId: string;
  currency2AccountId: string;
  feeAccountId?: string;
  fee?: number;
}

interface TradeRead {
  id: string;
  type: 'BUY' | 'SELL';
  price: string;
  amount: string;
  fill: string;
  fee: number | null;
  feeAccountId: string | null;
  currency1AccountId: string;
  currency2AccountId: string;
  isMaker?: boolean;
}

interface RecordRead {
  accountId: string;
  counterAccountId: string | null;
  amount: string;
  operationType: string;
  transactionType: string;
  reference: string;
  paymentId: string | null;
}

describe('crossing trades placed at once on one pair', (suite) => {
  const t = suiteTestApp(suite);
  const bases: string[] = [];
  before(async () => {
    const siblings = await Promise.all([t.sibling(), t.sibling()]);
    for (const app of [t.app, ...siblings.map((s) => s.app)])
      bases.push(await app.listen({ port: 0, host: '127.0.0.1' }));
  });

  const send = (base: string, method: string, path: string, body?: unknown) =>
    httpClient(base, t.keys.testnet).send(method, path, body);

  const ok = (method: string, path: string, body?: unknown) =>
    httpClient(bases[0]!, t.keys.testnet).ok(method, path, body);

  /** Every page of a list that takes pageSize and offset in its body (`query`: in its query string). */
  async function all<T>(path: string, body: Record<string, unknown>, query = false): Promise<T[]> {
    const rows: T[] = [];
    for (let offset = 0; ; offset += 50) {
      const page: T[] = query
        ? await ok('POST', `${path}?pageSize=50&offset=${offset}`, body)
        : await ok('POST', path, { ...body, pageSize: 50, offset });
      rows.push(...page);
      if (page.length < 50) return rows;
    }
  }

  it('fills no trade past its amount, leaves the book uncrossed and every balance explained', async (context) => {
    const random = seededRandom(SEED);
    context.diagnostic(`seed ${SEED} (LEDGER_TRADES_SEED), ${onPostgres ? 'PostgreSQL' : 'PGlite'}`);
    const api = t.client();
    const c1 = await createVirtualCurrency(api, '1000000');
    const c2 = await createVirtualCurrency(api, '100000000');
    const pair = `${c1.name}/${c2.name}`;

    // Prices around 10 in cents, most of them a cent or so, some of them eight decimals: BUYs from 9.80
    // to 10.20 and SELLs from 9.80 to 10.20, so that most cross whatever order they arrive in. Amounts
    // from 0.001 to 5 with eight decimals. About one in three pays a fee; a few name a fee account
    // without a fee.
    const orders: Order[] = Array.from({ length: TRADES }, () => {
      const cents = 980n + BigInt(random.int(41));
      const price = (cents * UNIT) / 100n + (random.int(5) === 0 ? BigInt(random.int(999_999)) * 10n ** 16n : 0n);
      const amount = (100_000n + BigInt(random.int(500_000_000))) * 10n ** 16n;
      const drawn = random.int(10);
      return {
        type: random.int(2) === 0 ? 'BUY' : 'SELL',
        trader: random.int(TRADERS),
        price,
        amount,
        ...(drawn < 3 ? { fee: random.pick(FEES) } : drawn === 3 ? { feeAccountOnly: true } : {}),
      };
    });
    const feeOf = (order: Order) => (order.fee === undefined ? 0n : percent(order.fee));

    // Traders: a C1 and a C2 account of one customer each, funded by the issuers for every one of their
    // trades resting in full at once (and a little more). Fee accounts: one per currency, of the venue.
    const traders: { c1: string; c2: string }[] = [];
    const funding = new Map<string, bigint>();
    for (let i = 0; i < TRADERS; i++) {
      const one = await createAccountIn(api, c1.name);
      const two = await createAccountIn(api, c2.name, { externalId: one.externalId });
      traders.push({ c1: one.accountId, c2: two.accountId });
      const mine = orders.filter((o) => o.trader === i);
      const sells = sum(mine.filter((o) => o.type === 'SELL').map((o) => times(o.amount, UNIT + feeOf(o))));
      const buys = sum(
        mine.filter((o) => o.type === 'BUY').map((o) => times(times(o.amount, o.price), UNIT + feeOf(o))),
      );
      const extra = () => BigInt(random.int(1_000_000_000)) * 10n ** 16n;
      funding.set(one.accountId, ceil8(sells) + extra());
      funding.set(two.accountId, ceil8(buys) + extra());
    }
    const venue = await createAccountIn(api, c1.name);
    const fee1 = venue.accountId;
    const fee2 = (await createAccountIn(api, c2.name, { externalId: venue.externalId })).accountId;
    funding.set(fee1, 0n);
    funding.set(fee2, 0n);
    for (const [account, amount] of funding) {
      if (amount === 0n) continue;
      const issuer = traders.some((trader) => trader.c1 === account) ? c1.issuerId : c2.issuerId;
      await ok('POST', '/v3/ledger/transaction', {
        senderAccountId: issuer,
        recipientAccountId: account,
        amount: text(amount),
      });
    }

    const bodies = orders.map((order): TradeBody => {
      const trader = traders[order.trader]!;
      const feeAccountId = order.type === 'BUY' ? fee2 : fee1;
      return {
        type: order.type,
        price: text(order.price),
        amount: text(order.amount),
        pair,
        currency1AccountId: trader.c1,
        currency2AccountId: trader.c2,
        ...(order.fee !== undefined ? { feeAccountId, fee: order.fee } : order.feeAccountOnly ? { feeAccountId } : {}),
      };
    });

    let busiest = { total: 0, waiting: 0 };
    const sampler = setInterval(() => {
      const stats = t.db.poolStats?.();
      if (stats && stats.waiting >= busiest.waiting) busiest = { total: stats.total, waiting: stats.waiting };
    }, 5);
    const started = performance.now();
    const replies = await Promise.all(
      bodies.map((body, k) => send(bases[k % bases.length]!, 'POST', '/v3/trade', body)),
    ).finally(() => clearInterval(sampler));
    const wall = performance.now() - started;
    context.diagnostic(
      `${TRADES} trades by ${TRADERS} traders through ${bases.length} app instances in ${Math.round(wall)} ms ` +
        `(${Math.round((TRADES * 1000) / wall)} trades/s); pool at its busiest: ${busiest.total} connections, ` +
        `${busiest.waiting} waiting`,
    );

    // Every trade was stored: each trader was funded for all of its trades.
    assert.deepEqual(
      replies.filter((r) => r.status !== 200).map((r) => `${r.status} ${JSON.stringify(r.body)}`),
      [],
      'every trade answered 200',
    );
    const ids = replies.map((r) => r.body.id as string);
    assert.equal(new Set(ids).size, TRADES, 'trade ids are unique');

    // Every trade as the API shows it: as sent, and filled at most to its amount.
    const trades: TradeRead[] = await Promise.all(ids.map((id) => ok('GET', `/v3/trade/${id}`)));
    trades.forEach((trade, k) => {
      const body = bodies[k]!;
      assert.deepEqual(
        [
          trade.id,
          trade.type,
          exact(trade.price),
          exact(trade.amount),
          trade.currency1AccountId,
          trade.currency2AccountId,
        ],
        [ids[k], body.type, exact(body.price), exact(body.amount), body.currency1AccountId, body.currency2AccountId],
      );
      assert.equal(trade.feeAccountId, body.feeAccountId ?? null);
      assert.ok(
        exact(trade.fill) >= 0n && exact(trade.fill) <= exact(trade.amount),
        `trade ${trade.id} filled ${trade.fill} of ${trade.amount}`,
      );
      assert.equal(
        trade.isMaker === undefined,
        exact(trade.fill) < exact(trade.amount),
        `isMaker only on closed ${trade.id}`,
      );
    });
    const open = trades.filter((trade) => exact(trade.fill) < exact(trade.amount));
    const closed = trades.length - open.length;
    const filled = trades.filter((trade) => exact(trade.fill) > 0n).length;
    context.diagnostic(`${closed} trades closed, ${open.length} resting, ${filled} filled at least in part`);
    assert.ok(filled >= TRADES / 4, `too few trades crossed (${filled}): the mix tested little`);

    // The book: exactly the trades not filled in full, and not crossed.
    const book = {
      BUY: await all<TradeRead>('/v3/trade/buy', { pair }),
      SELL: await all<TradeRead>('/v3/trade/sell', { pair }),
    };
    for (const side of ['BUY', 'SELL'] as const) {
      assert.deepEqual(
        book[side].map((trade) => [trade.id, trade.fill]).sort(),
        open
          .filter((trade) => trade.type === side)
          .map((trade) => [trade.id, trade.fill])
          .sort(),
        `open ${side} trades`,
      );
    }
    const bestBuy = book.BUY.reduce<bigint | undefined>(
      (best, trade) => (best === undefined || exact(trade.price) > best ? exact(trade.price) : best),
      undefined,
    );
    const bestSell = book.SELL.reduce<bigint | undefined>(
      (best, trade) => (best === undefined || exact(trade.price) < best ? exact(trade.price) : best),
      undefined,
    );
    context.diagnostic(
      `best resting BUY ${bestBuy === undefined ? '-' : text(bestBuy)}, SELL ${bestSell === undefined ? '-' : text(bestSell)}`,
    );
    if (bestBuy !== undefined && bestSell !== undefined) assert.ok(bestBuy < bestSell, 'the book is crossed');

    // Blockages: one TRADE blockage per resting trade, on the account it pays from, of exactly its
    // remainder (times its price for a BUY) plus the fee on it; none for a closed trade; nothing else.
    const accounts = [...funding.keys()];
    const blockages = new Map<string, { accountId: string; amount: string; type: string; description: string }[]>();
    for (const account of accounts)
      blockages.set(account, await ok('GET', `/v3/ledger/account/block/${account}?pageSize=50`));
    const expectedBlockages = new Map<string, [string, string, string][]>(accounts.map((a) => [a, []]));
    for (const trade of open) {
      const rest = exact(trade.amount) - exact(trade.fill);
      const fee = trade.feeAccountId === null || trade.fee === null ? 0n : percent(trade.fee);
      const block = times(trade.type === 'BUY' ? times(rest, exact(trade.price)) : rest, UNIT + fee);
      const payer = trade.type === 'BUY' ? trade.currency2AccountId : trade.currency1AccountId;
      expectedBlockages.get(payer)!.push(['TRADE', trade.id, text(block)]);
    }
    for (const account of accounts) {
      assert.deepEqual(
        blockages
          .get(account)!
          .map((b) => [b.type, b.description, text(exact(b.amount))])
          .sort(),
        expectedBlockages.get(account)!.sort(),
        `blockages of ${account}`,
      );
    }

    // Records: every EXCHANGE record of every account, read through the transaction finds. Each
    // reference is one transfer of two records that cancel out; each account's balance is its funding
    // plus its records, and its available balance that less its trades' blockages.
    const records: RecordRead[] = [];
    for (const account of accounts) {
      const own = await all<RecordRead>('/v3/ledger/transaction/account', { id: account, opType: 'EXCHANGE' }, true);
      assert.ok(own.every((r) => r.accountId === account && r.operationType === 'EXCHANGE'));
      records.push(...own);
      const balance = (await ok('GET', `/v3/ledger/account/${account}/balance`)) as Record<string, string>;
      const expected = funding.get(account)! + sum(own.map((r) => exact(r.amount)));
      const blocked = sum(blockages.get(account)!.map((b) => exact(b.amount)));
      assert.deepEqual(
        [exact(balance.accountBalance!), exact(balance.availableBalance!)],
        [expected, expected - blocked],
        `balance of ${account}`,
      );
    }
    const tradeById = new Map(trades.map((trade) => [trade.id, trade]));
    const byReference = new Map<string, RecordRead[]>();
    for (const record of records)
      byReference.set(record.reference, [...(byReference.get(record.reference) ?? []), record]);
    for (const [reference, transfer] of byReference) {
      assert.equal(transfer.length, 2, `records of ${reference}`);
      assert.equal(exact(transfer[0]!.amount) + exact(transfer[1]!.amount), 0n, `records of ${reference} cancel out`);
      assert.deepEqual(
        [transfer[0]!.counterAccountId, transfer[1]!.counterAccountId],
        [transfer[1]!.accountId, transfer[0]!.accountId],
      );
      // A fill's transfer names on each record the trade of that record's side; a fee's names its trade twice.
      const [first, second] = transfer.map((r) => tradeById.get(r.paymentId!));
      assert.ok(first && second, `records of ${reference} name trades`);
      if (first === second)
        assert.ok(
          transfer.some((r) => r.accountId === first.feeAccountId),
          `fee ${reference}`,
        );
      else assert.deepEqual([first.type, second.type].sort(), ['BUY', 'SELL'], `fill ${reference}`);
    }

    // Per trade, its own records (paymentId = its id): on its currency 1 account, the fill, and for a
    // SELL the fee on it to its fee account; on its currency 2 account, what the fills paid or earned at
    // prices no worse than its limit, and for a BUY the fee on that.
    const byTrade = new Map<string, RecordRead[]>();
    for (const record of records) byTrade.set(record.paymentId!, [...(byTrade.get(record.paymentId!) ?? []), record]);
    assert.deepEqual(
      [...byTrade.keys()].filter((id) => !ids.includes(id)),
      [],
      'records of no trade',
    );
    for (const trade of trades) {
      const own = byTrade.get(trade.id) ?? [];
      const fill = exact(trade.fill);
      const feeAccount = trade.feeAccountId;
      const fee = feeAccount === null || trade.fee === null ? 0n : percent(trade.fee);
      const legs = (account: string, toFee: boolean) =>
        own
          .filter((r) => r.accountId === account && (r.counterAccountId === feeAccount) === toFee)
          .map((r) => exact(r.amount));
      const sign = trade.type === 'BUY' ? 1n : -1n;
      const c1Legs = legs(trade.currency1AccountId, false);
      const c2Legs = legs(trade.currency2AccountId, false);
      assert.equal(sign * sum(c1Legs), fill, `fill of ${trade.id} = its currency 1 legs`);
      assert.ok(c1Legs.every((q) => sign * q > 0n) && c2Legs.every((v) => -sign * v > 0n));
      assert.equal(c1Legs.length, c2Legs.length, `one currency 2 leg per fill of ${trade.id}`);
      const value = -sign * sum(c2Legs);
      assert.ok(
        trade.type === 'BUY' ? value <= times(fill, exact(trade.price)) : value >= times(fill, exact(trade.price)),
        `${trade.id} traded at a price past its limit`,
      );
      const feeLegs =
        trade.type === 'BUY' ? legs(trade.currency2AccountId, true) : legs(trade.currency1AccountId, true);
      assert.equal(-sum(feeLegs), times(trade.type === 'BUY' ? value : fill, fee), `fee of ${trade.id}`);
      const credited = own.filter((r) => r.accountId === feeAccount).map((r) => exact(r.amount));
      assert.equal(sum(credited), -sum(feeLegs), `fee of ${trade.id} reached its fee account`);
      assert.equal(own.length, c1Legs.length + c2Legs.length + 2 * feeLegs.length, `no other record of ${trade.id}`);
    }

    // The two sides filled each other: as much was bought as sold.
    const fills = (type: string) =>
      sum(trades.filter((trade) => trade.type === type).map((trade) => exact(trade.fill)));
    assert.equal(fills('BUY'), fills('SELL'), 'Σ fills of BUYs = Σ fills of SELLs');

    // Conservation: per asset, the issuer's and everyone else's balances add up to the supply.
    for (const { name, issuerId } of [c1, c2]) {
      const holders = [
        issuerId,
        ...accounts.filter((a) => (traders.some((x) => x.c1 === a) || a === fee1) === (name === c1.name)),
      ];
      const balances = await Promise.all(holders.map((a) => ok('GET', `/v3/ledger/account/${a}/balance`)));
      const supply = (await ok('GET', `/v3/ledger/virtualCurrency/${name}`)).supply as string;
      assert.equal(sum(balances.map((b) => exact(b.accountBalance))), exact(supply), `Σ balances of ${name} = supply`);
    }
  });
});
