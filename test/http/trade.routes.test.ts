import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { balanceOf, createAccountIn, createVirtualCurrency } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';
import {
  assertReply,
  blockagesOf,
  createMarket,
  createTrader,
  funded,
  refusal,
  storeTrade,
  tradeById,
  tradeOf,
} from '../helpers/trade-fixtures.js';

// Storing a trade (docs/decisions/0033-order-matching.md, 0034-trade-blockages-and-fees.md,
// 0035-future-trades-refused.md): what the request's shape may be, and every refusal of the store in the
// order the store checks them. A refused trade leaves the ledger as it was.

const FAILED = 'Request validation failed. Please see data for additional information.';
const UNKNOWN = 'abcdefabcdefabcdefabcdef';

/** Tatum's 400: one class-validator item per broken property, the body echoed as its target. */
function invalid(target: object, property: string, constraints: Record<string, string>, value?: unknown) {
  return {
    statusCode: 400,
    errorCode: 'validation.failed',
    message: FAILED,
    data: [{ target, ...(value === undefined ? {} : { value }), property, children: [], constraints }],
  };
}

const notExists = (side: 1 | 2, id: string) =>
  refusal(`trade.currency${side}AccountId.not.exists`, `Unable to find currency${side} account ${id}.`);
const feeAccountNotExists = (id: string) => refusal('trade.feeAccount', `Unable to find fee account ${id}.`);
const wrongPair = (side: 1 | 2, id: string) =>
  refusal(`trade.currency${side}.pair`, `Incompatible currencies for currency${side} account ${id} and trading pair.`);
const WRONG_FEE = refusal('trade.currency.fee', 'Incompatible currencies for currency1 and fee account.');
const frozen = (side: 1 | 2, id: string) =>
  refusal(`trade.currency${side}AccountId.frozen`, `Currency${side} account ${id} is frozen, unable to perform trade.`);
const disabled = (side: 1 | 2, customerId: string) =>
  refusal(
    `trade.currency${side}AccountId.customer.disabled`,
    `Currency${side} account's customer ${customerId} is disabled, unable to perform exchange trade.`,
  );
const insufficient = (side: 1 | 2, id: string) =>
  refusal(`trade.currency${side}.balance`, `Insufficient balance on currency${side} account ${id}.`);
const AMOUNT_FORMAT = refusal('amount.format', 'Amount has incorrect format.');
const unsupported = (type: string) =>
  refusal('trade.type.unsupported', `Trade type ${type} is not supported; only BUY and SELL trades are.`);

describe('POST /v3/trade', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  /** What a refused trade must leave as it was: balances, blockages, and the ledger's lists. */
  async function ledgerState(accounts: string[]) {
    const count = async (list: string) => {
      const reply = await api.post(`/v3/trade/${list}`, { count: true });
      assertReply(reply, 200);
      return reply.body as number;
    };
    return {
      balances: await Promise.all(accounts.map((id) => balanceOf(api, id))),
      blockages: await Promise.all(accounts.map((id) => blockagesOf(api, id))),
      buy: await count('buy'),
      sell: await count('sell'),
      history: await count('history'),
    };
  }

  /** Posts a trade that must be refused with `expected`, and checks that nothing changed. */
  async function refused(body: Record<string, unknown>, expected: object, watched: string[]) {
    const before = await ledgerState(watched);
    assertReply(await api.post('/v3/trade', body), 403, expected);
    assert.deepEqual(await ledgerState(watched), before);
  }

  describe('the request’s shape', () => {
    async function validBody() {
      const market = await createMarket(api);
      const trader = await createTrader(api, market, { c1: '10', c2: '1000' });
      return tradeOf(market, trader, 'BUY', '10', '1');
    }

    it('refuses each missing required field with 400 naming it', async () => {
      const body = await validBody();
      for (const field of ['type', 'price', 'amount', 'pair', 'currency1AccountId', 'currency2AccountId']) {
        const { [field]: _, ...rest } = body;
        assertReply(
          await api.post('/v3/trade', rest),
          400,
          invalid(rest, field, { isDefined: `${field} should not be null or undefined` }),
        );
      }
    });

    it('checks the pair against tatum 1.x’s pattern and length', async () => {
      const body = await validBody();
      const pattern = 'pair must match /^[A-Za-z0-9_-]+/[A-Za-z0-9_-]+$/ regular expression';
      for (const pair of ['BTCEUR', 'BTC/EUR/USD', 'BTC /EUR', 'BTC/', '/EUR', 'BT€/EUR']) {
        const sent = { ...body, pair };
        assertReply(await api.post('/v3/trade', sent), 400, invalid(sent, 'pair', { matches: pattern }, pair));
      }
      const long = { ...body, pair: `${'A'.repeat(27)}/EUR` };
      assertReply(
        await api.post('/v3/trade', long),
        400,
        invalid(long, 'pair', { isLength: 'pair must be shorter than or equal to 30 characters' }, long.pair),
      );
      // Three characters and the longest pair pass validation: the accounts' currencies refuse them.
      for (const pair of ['A/B', `${'A'.repeat(26)}/EUR`]) {
        assertReply(
          await api.post('/v3/trade', { ...body, pair }),
          403,
          wrongPair(1, body.currency1AccountId as string),
        );
      }
    });

    it('accepts a first currency with lowercase letters, which Tatum’s OpenAPI pattern refuses', async () => {
      const name = `VC_demo${process.pid}`;
      const vc = await api.post('/v3/ledger/virtualCurrency', { name, supply: '100', basePair: 'EUR' });
      assertReply(vc, 200);
      const { name: quote, issuerId } = await createVirtualCurrency(api, '1000');
      const buyer = await createAccountIn(api, name);
      const pays = await createAccountIn(api, quote, { externalId: buyer.externalId });
      await funded(api, issuerId, pays.accountId, '30');
      const pair = `${name}/${quote}`;
      const id = await storeTrade(api, {
        type: 'BUY',
        price: '3',
        amount: '10',
        pair,
        currency1AccountId: buyer.accountId,
        currency2AccountId: pays.accountId,
      });
      assert.equal((await tradeById(api, id)).pair, pair);
      assertReply(await api.delete(`/v3/trade/${id}`), 204);
    });

    it('refuses account ids that are not 24 characters long', async () => {
      const body = await validBody();
      for (const field of ['currency1AccountId', 'currency2AccountId', 'feeAccountId']) {
        const short = { ...body, [field]: 'a'.repeat(23) };
        assertReply(
          await api.post('/v3/trade', short),
          400,
          invalid(short, field, { isLength: `${field} must be longer than or equal to 24 characters` }, 'a'.repeat(23)),
        );
        const long = { ...body, [field]: 'a'.repeat(25) };
        assertReply(
          await api.post('/v3/trade', long),
          400,
          invalid(long, field, { isLength: `${field} must be shorter than or equal to 24 characters` }, 'a'.repeat(25)),
        );
      }
    });

    it('takes a fee of 0 to 100 percent, and only with a fee account', async () => {
      const body = await validBody();
      const feeAccountId = body.currency2AccountId;
      const over = { ...body, feeAccountId, fee: 100.5 };
      assertReply(
        await api.post('/v3/trade', over),
        400,
        invalid(over, 'fee', { max: 'fee must not be greater than 100' }, 100.5),
      );
      const negative = { ...body, feeAccountId, fee: -1 };
      assertReply(
        await api.post('/v3/trade', negative),
        400,
        invalid(negative, 'fee', { min: 'fee must not be less than 0' }, -1),
      );
      const text = { ...body, feeAccountId, fee: '1' };
      assertReply(
        await api.post('/v3/trade', text),
        400,
        invalid(text, 'fee', { isNumber: 'fee must be a number conforming to the specified constraints' }, '1'),
      );

      // A fee with nowhere to go is refused; the reply names feeAccountId.
      const orphan = { ...body, fee: 0.5 };
      const reply = await api.post('/v3/trade', orphan);
      assert.equal(reply.status, 400, JSON.stringify(reply.body));
      assert.equal(reply.body.errorCode, 'validation.failed');
      assert.equal(reply.body.message, FAILED);
      assert.deepEqual(
        reply.body.data.find((item: { property: string }) => item.property === 'feeAccountId'),
        {
          target: orphan,
          property: 'feeAccountId',
          children: [],
          constraints: { isDefined: 'feeAccountId should not be null or undefined' },
        },
      );

      // A fee of 0 needs no fee account, and 100 is the largest fee.
      const free = await storeTrade(api, { ...body, fee: 0 });
      assert.deepEqual([(await tradeById(api, free)).fee, (await tradeById(api, free)).feeAccountId], [0, null]);
      assertReply(await api.delete(`/v3/trade/${free}`), 204);
      const whole = await storeTrade(api, { ...body, feeAccountId, fee: 100 });
      assert.deepEqual((await blockagesOf(api, feeAccountId as string))[0].amount, '20');
      assertReply(await api.delete(`/v3/trade/${whole}`), 204);
    });

    it('refuses an unknown type with 400, and futures with 403 trade.type.unsupported', async () => {
      const body = await validBody();
      const market = { ...body, type: 'MARKET' };
      assertReply(
        await api.post('/v3/trade', market),
        400,
        invalid(
          market,
          'type',
          { isIn: 'type must be one of the following values: BUY, SELL, FUTURE_BUY, FUTURE_SELL' },
          'MARKET',
        ),
      );
      const watched = [body.currency1AccountId as string, body.currency2AccountId as string];
      await refused({ ...body, type: 'FUTURE_BUY' }, unsupported('FUTURE_BUY'), watched);
      await refused(
        { ...body, type: 'FUTURE_SELL', attr: { sealDate: Date.now() + 60_000, percentBlock: 20 } },
        unsupported('FUTURE_SELL'),
        watched,
      );
      // The type is judged before the amount.
      await refused({ ...body, type: 'FUTURE_BUY', amount: '0' }, unsupported('FUTURE_BUY'), watched);
    });

    it('refuses a zero amount or price with 403 amount.format', async () => {
      const body = await validBody();
      const watched = [body.currency1AccountId as string, body.currency2AccountId as string];
      for (const zero of ['0', '0.000', '+0', '.0', '0.']) {
        await refused({ ...body, amount: zero }, AMOUNT_FORMAT, watched);
        await refused({ ...body, price: zero }, AMOUNT_FORMAT, watched);
      }
      // Zero is refused before the accounts are looked at.
      await refused({ ...body, amount: '0', currency1AccountId: UNKNOWN }, AMOUNT_FORMAT, watched);
    });
  });

  describe('the refusals of the store', () => {
    it('are checked in order: accounts known, currencies, frozen, customers enabled, balance', async () => {
      const market = await createMarket(api);
      const other = await createVirtualCurrency(api, '1000');
      // Accounts each worse than the next: every fix reveals the following refusal.
      const inactive1 = await createAccountIn(api, market.c1.name);
      const inactive2 = await createAccountIn(api, market.c2.name);
      const inactiveFee = await createAccountIn(api, market.c1.name);
      for (const { accountId } of [inactive1, inactive2, inactiveFee])
        assertReply(await api.put(`/v3/ledger/account/${accountId}/deactivate`), 204);
      const elsewhere1 = await createAccountIn(api, other.name);
      const elsewhere2 = await createAccountIn(api, other.name);
      const feeInCurrency2 = await createAccountIn(api, market.c2.name);
      const seller = await createAccountIn(api, market.c1.name);
      const proceeds = await createAccountIn(api, market.c2.name);
      const fee = await createAccountIn(api, market.c1.name);
      assertReply(await api.put(`/v3/ledger/account/${seller.accountId}/freeze`), 204);
      assertReply(await api.put(`/v3/ledger/account/${proceeds.accountId}/freeze`), 204);
      assertReply(await api.put(`/v3/ledger/customer/${seller.customerId}/disable`), 204);
      assertReply(await api.put(`/v3/ledger/customer/${proceeds.customerId}/disable`), 204);
      const watched = [
        seller.accountId,
        proceeds.accountId,
        fee.accountId,
        feeInCurrency2.accountId,
        elsewhere1.accountId,
      ];

      const body: Record<string, unknown> = {
        type: 'SELL',
        price: '4',
        amount: '10',
        pair: market.pair,
        currency1AccountId: UNKNOWN,
        currency2AccountId: 'bcdefabcdefabcdefabcdefa',
        feeAccountId: 'cdefabcdefabcdefabcdefab',
        fee: 10,
      };
      const steps: [Record<string, unknown>, object][] = [
        [{}, notExists(1, UNKNOWN)],
        [{ currency1AccountId: inactive1.accountId }, notExists(1, inactive1.accountId)],
        [{ currency1AccountId: elsewhere1.accountId }, notExists(2, 'bcdefabcdefabcdefabcdefa')],
        [{ currency2AccountId: inactive2.accountId }, notExists(2, inactive2.accountId)],
        [{ currency2AccountId: elsewhere2.accountId }, feeAccountNotExists('cdefabcdefabcdefabcdefab')],
        [{ feeAccountId: inactiveFee.accountId }, feeAccountNotExists(inactiveFee.accountId)],
        [{ feeAccountId: feeInCurrency2.accountId }, wrongPair(1, elsewhere1.accountId)],
        [{ currency1AccountId: seller.accountId }, wrongPair(2, elsewhere2.accountId)],
        // A SELL pays its fee in currency 1.
        [{ currency2AccountId: proceeds.accountId }, WRONG_FEE],
        [{ feeAccountId: fee.accountId }, frozen(1, seller.accountId)],
      ];
      for (const [change, expected] of steps) {
        Object.assign(body, change);
        await refused(body, expected, watched);
      }
      assertReply(await api.put(`/v3/ledger/account/${seller.accountId}/unfreeze`), 204);
      await refused(body, frozen(2, proceeds.accountId), watched);
      assertReply(await api.put(`/v3/ledger/account/${proceeds.accountId}/unfreeze`), 204);
      await refused(body, disabled(1, seller.customerId), watched);
      assertReply(await api.put(`/v3/ledger/customer/${seller.customerId}/enable`), 204);
      await refused(body, disabled(2, proceeds.customerId), watched);
      assertReply(await api.put(`/v3/ledger/customer/${proceeds.customerId}/enable`), 204);
      await refused(body, insufficient(1, seller.accountId), watched);
      // A SELL needs its amount and the fee on it: 10 × 1.1 = 11 available.
      await funded(api, market.c1.issuerId, seller.accountId, '10.99');
      await refused(body, insufficient(1, seller.accountId), watched);
      await funded(api, market.c1.issuerId, seller.accountId, '0.01');
      const id = await storeTrade(api, body);
      assert.deepEqual(await balanceOf(api, seller.accountId), { accountBalance: '11', availableBalance: '0' });
      assertReply(await api.delete(`/v3/trade/${id}`), 204);
    });

    it('counts blockages against the available balance', async () => {
      const market = await createMarket(api);
      const seller = await createTrader(api, market, { c1: '5' });
      assertReply(await api.post(`/v3/ledger/account/block/${seller.a1}`, { amount: '1', type: 'HOLD' }), 200);
      await refused(tradeOf(market, seller, 'SELL', '2', '4.01'), insufficient(1, seller.a1), [seller.a1, seller.a2]);
      const id = await storeTrade(api, tradeOf(market, seller, 'SELL', '2', '4'));
      // The first trade's blockage counts against the second.
      await refused(tradeOf(market, seller, 'SELL', '2', '0.01'), insufficient(1, seller.a1), [seller.a1, seller.a2]);
      assertReply(await api.delete(`/v3/trade/${id}`), 204);
    });

    it('a BUY pays its fee in currency 2, and needs amount × price plus the fee available there', async () => {
      const market = await createMarket(api);
      const buyer = await createTrader(api, market, { c1: '100', c2: '101' });
      const fee1 = await createAccountIn(api, market.c1.name);
      const fee2 = await createAccountIn(api, market.c2.name);
      const watched = [buyer.a1, buyer.a2, fee1.accountId, fee2.accountId];
      await refused(
        tradeOf(market, buyer, 'BUY', '50', '2', { feeAccountId: fee1.accountId, fee: 1 }),
        WRONG_FEE,
        watched,
      );
      // 2 × 50.01 × 1.01 = 101.0202 > 101, though 2 × 50.01 alone would do.
      await refused(
        tradeOf(market, buyer, 'BUY', '50.01', '2', { feeAccountId: fee2.accountId, fee: 1 }),
        insufficient(2, buyer.a2),
        watched,
      );
      // The fee is charged only with a fee account: without one the same trade is accepted.
      const plain = await storeTrade(api, tradeOf(market, buyer, 'BUY', '50.01', '2'));
      assert.equal((await blockagesOf(api, buyer.a2))[0].amount, '100.02');
      assertReply(await api.delete(`/v3/trade/${plain}`), 204);
      const id = await storeTrade(
        api,
        tradeOf(market, buyer, 'BUY', '50', '2', { feeAccountId: fee2.accountId, fee: 1 }),
      );
      assert.deepEqual(await balanceOf(api, buyer.a2), { accountBalance: '101', availableBalance: '0' });
      // A SELL with its fee account in currency 2 is refused the same way.
      await refused(
        tradeOf(market, buyer, 'SELL', '60', '1', { feeAccountId: fee2.accountId, fee: 1 }),
        WRONG_FEE,
        watched,
      );
      assertReply(await api.delete(`/v3/trade/${id}`), 204);
    });

    it('refuses an account of the pair’s other side', async () => {
      const market = await createMarket(api);
      const trader = await createTrader(api, market, { c1: '10', c2: '10' });
      const swapped = {
        ...tradeOf(market, trader, 'SELL', '1', '1'),
        currency1AccountId: trader.a2,
        currency2AccountId: trader.a1,
      };
      await refused(swapped, wrongPair(1, trader.a2), [trader.a1, trader.a2]);
      await refused({ ...swapped, currency1AccountId: trader.a1 }, wrongPair(2, trader.a1), [trader.a1, trader.a2]);
      // The reversed pair is another pair: the swapped accounts trade on it.
      const reversed = await storeTrade(api, { ...swapped, pair: `${market.c2.name}/${market.c1.name}` });
      assertReply(await api.delete(`/v3/trade/${reversed}`), 204);
    });

    it('refuses a disabled customer of either account, naming that customer', async () => {
      const market = await createMarket(api);
      const one = await createAccountIn(api, market.c1.name);
      const two = await createAccountIn(api, market.c2.name);
      await funded(api, market.c2.issuerId, two.accountId, '100');
      const body = {
        type: 'BUY',
        price: '5',
        amount: '2',
        pair: market.pair,
        currency1AccountId: one.accountId,
        currency2AccountId: two.accountId,
      };
      const watched = [one.accountId, two.accountId];
      assertReply(await api.put(`/v3/ledger/customer/${two.customerId}/disable`), 204);
      await refused(body, disabled(2, two.customerId), watched);
      assertReply(await api.put(`/v3/ledger/customer/${one.customerId}/disable`), 204);
      await refused(body, disabled(1, one.customerId), watched);
      assertReply(await api.put(`/v3/ledger/customer/${one.customerId}/enable`), 204);
      assertReply(await api.put(`/v3/ledger/customer/${two.customerId}/enable`), 204);
      // Two customers' accounts may trade together.
      assertReply(await api.delete(`/v3/trade/${await storeTrade(api, body)}`), 204);
    });

    it('refuses either account frozen, whatever the trade pays from', async () => {
      const market = await createMarket(api);
      const trader = await createTrader(api, market, { c1: '10', c2: '10' });
      const watched = [trader.a1, trader.a2];
      for (const type of ['BUY', 'SELL'] as const) {
        const body = tradeOf(market, trader, type, '1', '1');
        assertReply(await api.put(`/v3/ledger/account/${trader.a2}/freeze`), 204);
        await refused(body, frozen(2, trader.a2), watched);
        assertReply(await api.put(`/v3/ledger/account/${trader.a1}/freeze`), 204);
        await refused(body, frozen(1, trader.a1), watched);
        assertReply(await api.put(`/v3/ledger/account/${trader.a1}/unfreeze`), 204);
        assertReply(await api.put(`/v3/ledger/account/${trader.a2}/unfreeze`), 204);
      }
    });
  });
});
