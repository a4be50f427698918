import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { balanceOf, createAccountIn, createVirtualCurrency } from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type LedgerClient, type Reply } from '../helpers/test-app.js';
import {
  assertReply,
  blockagesOf,
  createMarket,
  createTrader,
  funded,
  refusal,
  storeTrade,
  TRADE_NOT_EXISTS,
  tradeById,
  tradeOf,
  type Market,
} from '../helpers/trade-fixtures.js';

// A trade in the book (docs/decisions/0033-order-matching.md, 0034-trade-blockages-and-fees.md,
// 0037-open-trades-block-deactivation.md): its blockage, its reads, cancelling it, what it forbids, what
// it costs, and that it belongs to one ledger.

const UNKNOWN = 'abcdefabcdefabcdefabcdef';
const ACCOUNT_NOT_EXISTS = refusal('account.not.exists', 'No such account.');
const TRADE_NON_ZERO = refusal('account.trade.non.zero', 'Unable to deactivate account with non-zero exchange trades.');
const blockageTrade = (id: string, tradeId: string) =>
  refusal('blockage.trade', `Blockage ${id} holds open trade ${tradeId}; cancel the trade to release it.`);

/** What GET /v3/trade/{id} answers for an open trade: no isMaker. */
function openTrade(fields: Record<string, unknown>, created: number) {
  return { fill: '0', feeAccountId: null, fee: null, ...fields, created };
}

describe('a trade in the book', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  /** Stores a trade and answers its id and its `created`, which must fall within the request. */
  async function stored(body: Record<string, unknown>): Promise<{ id: string; created: number }> {
    const start = Date.now();
    const id = await storeTrade(api, body);
    const { created } = await tradeById(api, id);
    assert.ok(created >= start - 1 && created <= Date.now(), `created ${created} is the time it was stored`);
    return { id, created };
  }

  describe('resting', () => {
    it('a SELL blocks its amount and its fee on the currency 1 account, under a TRADE blockage', async () => {
      const market = await createMarket(api);
      const seller = await createTrader(api, market, { c1: '10' });
      const fee = await createAccountIn(api, market.c1.name);
      const other = await createAccountIn(api, market.c1.name);
      const body = tradeOf(market, seller, 'SELL', '25', '4', { feeAccountId: fee.accountId, fee: 2 });
      const { id, created } = await stored(body);

      const trade = await tradeById(api, id);
      assert.deepEqual(trade, openTrade({ id, ...body, type: 'SELL' }, created));
      assert.equal('isMaker' in trade, false);
      const [blockage, ...more] = await blockagesOf(api, seller.a1);
      assert.deepEqual(more, []);
      assert.match(blockage.id, /^[0-9a-f]{24}$/);
      assert.deepEqual(blockage, {
        id: blockage.id,
        accountId: seller.a1,
        amount: '4.08',
        type: 'TRADE',
        description: id,
      });
      assertReply(await api.get(`/v3/ledger/account/block/${blockage.id}/detail`), 200, blockage);
      assert.deepEqual(await balanceOf(api, seller.a1), { accountBalance: '10', availableBalance: '5.92' });
      assert.deepEqual(await blockagesOf(api, seller.a2), []);
      assert.deepEqual(await blockagesOf(api, fee.accountId), []);

      // The blockage API leaves it to the trade.
      assertReply(await api.delete(`/v3/ledger/account/block/${blockage.id}`), 403, blockageTrade(blockage.id, id));
      assertReply(
        await api.put(`/v3/ledger/account/block/${blockage.id}`, { recipientAccountId: other.accountId, amount: '1' }),
        403,
        blockageTrade(blockage.id, id),
      );
      const hold = await api.post(`/v3/ledger/account/block/${seller.a1}`, { amount: '1', type: 'HOLD' });
      assertReply(hold, 200);
      assert.deepEqual(await balanceOf(api, seller.a1), { accountBalance: '10', availableBalance: '4.92' });
      assertReply(await api.delete(`/v3/ledger/account/block/account/${seller.a1}`), 204);
      assert.deepEqual(await blockagesOf(api, seller.a1), [blockage]);
      assert.deepEqual(await balanceOf(api, seller.a1), { accountBalance: '10', availableBalance: '5.92' });
      assert.deepEqual(await balanceOf(api, other.accountId), { accountBalance: '0', availableBalance: '0' });
      assertReply(await api.post('/v3/trade/sell', { pageSize: 50, id: seller.a1 }), 200, [trade]);

      // Cancelled: the blockage goes with it, and the trade is gone for every reader.
      const cancel = await api.delete(`/v3/trade/${id}`);
      assertReply(cancel, 204);
      assert.equal(cancel.body, '');
      assert.deepEqual(await blockagesOf(api, seller.a1), []);
      assert.deepEqual(await balanceOf(api, seller.a1), { accountBalance: '10', availableBalance: '10' });
      assertReply(await api.get(`/v3/trade/${id}`), 403, TRADE_NOT_EXISTS);
      assertReply(await api.delete(`/v3/trade/${id}`), 403, TRADE_NOT_EXISTS);
      assertReply(await api.post('/v3/trade/sell', { pageSize: 50, id: seller.a1 }), 200, []);
      assertReply(await api.post('/v3/trade/history', { pageSize: 50, id: seller.a1 }), 200, []);
      assertReply(
        await api.delete(`/v3/ledger/account/block/${blockage.id}`),
        403,
        refusal('blockage.not.exists', 'No such blockage.'),
      );
    });

    it('a BUY blocks amount × price on the currency 2 account; fills shrink it, the surplus of a better price too', async () => {
      const market = await createMarket(api);
      const buyer = await createTrader(api, market, { c2: '100' });
      const seller = await createTrader(api, market, { c1: '10' });
      const cheap = await storeTrade(api, tradeOf(market, seller, 'SELL', '15', '1'));
      // Crosses the SELL at 15: 1 is filled at 15, the rest rests at 20.
      const body = tradeOf(market, buyer, 'BUY', '20', '4');
      const { id, created } = await stored(body);
      assert.deepEqual(await tradeById(api, id), openTrade({ id, ...body, fill: '1' }, created));
      assert.equal((await tradeById(api, cheap)).isMaker, true);
      const [blockage] = await blockagesOf(api, buyer.a2);
      assert.deepEqual(blockage, {
        id: blockage.id,
        accountId: buyer.a2,
        amount: '60',
        type: 'TRADE',
        description: id,
      });
      assert.deepEqual(await balanceOf(api, buyer.a2), { accountBalance: '85', availableBalance: '25' });
      assert.deepEqual(await balanceOf(api, buyer.a1), { accountBalance: '1', availableBalance: '1' });

      // A SELL below the BUY's price fills it at the BUY's price, 20.
      await storeTrade(api, tradeOf(market, seller, 'SELL', '18', '2'));
      assert.deepEqual(await tradeById(api, id), openTrade({ id, ...body, fill: '3' }, created));
      assert.deepEqual(await blockagesOf(api, buyer.a2), [{ ...blockage, amount: '20' }]);
      assert.deepEqual(await balanceOf(api, buyer.a2), { accountBalance: '45', availableBalance: '25' });
      assert.deepEqual(await balanceOf(api, seller.a2), { accountBalance: '55', availableBalance: '55' });

      await storeTrade(api, tradeOf(market, seller, 'SELL', '20', '1'));
      assert.deepEqual(await tradeById(api, id), { ...openTrade({ id, ...body, fill: '4' }, created), isMaker: true });
      assert.deepEqual(await blockagesOf(api, buyer.a2), []);
      assert.deepEqual(await balanceOf(api, buyer.a2), { accountBalance: '25', availableBalance: '25' });
      assert.deepEqual(await balanceOf(api, buyer.a1), { accountBalance: '4', availableBalance: '4' });
      // A closed trade is read, not cancelled.
      assertReply(await api.delete(`/v3/trade/${id}`), 403, TRADE_NOT_EXISTS);
      assert.equal((await tradeById(api, id)).fill, '4');
    });

    it('an unknown id is not a trade', async () => {
      for (const id of [UNKNOWN, 'x', 'a'.repeat(50)]) {
        assertReply(await api.get(`/v3/trade/${id}`), 403, TRADE_NOT_EXISTS);
        assertReply(await api.delete(`/v3/trade/${id}`), 403, TRADE_NOT_EXISTS);
      }
    });
  });

  describe('DELETE /v3/trade/account/{id}', () => {
    it('cancels every open trade having the account as either of its two accounts', async () => {
      const market = await createMarket(api);
      // A second pair whose currency 2 is the first pair's currency 1.
      const c3 = await createVirtualCurrency(api, '1000');
      const trader = await createTrader(api, market, { c1: '100', c2: '1000' });
      const third = await createAccountIn(api, c3.name, { externalId: trader.externalId });
      const bystander = await createTrader(api, market, { c1: '10' });
      const buy = await storeTrade(api, tradeOf(market, trader, 'BUY', '10', '2'));
      const sell = await storeTrade(api, tradeOf(market, trader, 'SELL', '50', '3'));
      const buyOther = await storeTrade(api, {
        type: 'BUY',
        price: '2',
        amount: '5',
        pair: `${c3.name}/${market.c1.name}`,
        currency1AccountId: third.accountId,
        currency2AccountId: trader.a1,
      });
      const kept = await storeTrade(api, tradeOf(market, bystander, 'SELL', '60', '1'));
      assert.deepEqual(await balanceOf(api, trader.a1), { accountBalance: '100', availableBalance: '87' });

      assertReply(await api.delete(`/v3/trade/account/${trader.a1}`), 204);
      for (const id of [buy, sell, buyOther]) assertReply(await api.get(`/v3/trade/${id}`), 403, TRADE_NOT_EXISTS);
      assert.equal((await tradeById(api, kept)).fill, '0');
      for (const id of [trader.a1, trader.a2]) assert.deepEqual(await blockagesOf(api, id), []);
      assert.deepEqual(await balanceOf(api, trader.a1), { accountBalance: '100', availableBalance: '100' });
      assert.deepEqual(await balanceOf(api, trader.a2), { accountBalance: '1000', availableBalance: '1000' });
      assertReply(await api.post('/v3/trade/buy', { pageSize: 50, customerId: trader.customerId }), 200, []);
      assertReply(await api.post('/v3/trade/sell', { pageSize: 50, customerId: trader.customerId }), 200, []);

      // Nothing left to cancel is no refusal; the account that does not pay cancels the trade too.
      assertReply(await api.delete(`/v3/trade/account/${trader.a2}`), 204);
      assertReply(await api.delete(`/v3/trade/account/${bystander.a2}`), 204);
      assertReply(await api.get(`/v3/trade/${kept}`), 403, TRADE_NOT_EXISTS);
      assert.deepEqual(await balanceOf(api, bystander.a1), { accountBalance: '10', availableBalance: '10' });
    });

    it('refuses an unknown account', async () => {
      for (const id of [UNKNOWN, 'x'])
        assertReply(await api.delete(`/v3/trade/account/${id}`), 403, ACCOUNT_NOT_EXISTS);
    });
  });

  describe('account deactivation', () => {
    it('is refused while an open trade names the account, as either account or as its fee account', async () => {
      const market = await createMarket(api);
      const seller = await createTrader(api, market, { c1: '5' });
      const fee = await createAccountIn(api, market.c1.name);
      const buyer = await createTrader(api, market);
      const buyerFee = await createAccountIn(api, market.c2.name);
      await funded(api, market.c2.issuerId, buyer.a2, '2');
      // 4 × (1 + 25 %) = 5: all the seller has.
      const sell = await storeTrade(
        api,
        tradeOf(market, seller, 'SELL', '3', '4', { feeAccountId: fee.accountId, fee: 25 }),
      );
      const buy = await storeTrade(api, tradeOf(market, buyer, 'BUY', '1', '2', { feeAccountId: buyerFee.accountId }));
      for (const id of [seller.a1, seller.a2, fee.accountId, buyer.a1, buyer.a2, buyerFee.accountId]) {
        assertReply(await api.put(`/v3/ledger/account/${id}/deactivate`), 403, TRADE_NON_ZERO);
        assert.equal((await api.get(`/v3/ledger/account/${id}`)).body.active, true);
      }

      assertReply(await api.delete(`/v3/trade/${sell}`), 204);
      assertReply(await api.delete(`/v3/trade/${buy}`), 204);
      for (const id of [seller.a2, fee.accountId, buyer.a1, buyerFee.accountId])
        assertReply(await api.put(`/v3/ledger/account/${id}/deactivate`), 204);
      // The payer still holds its money.
      assertReply(
        await api.put(`/v3/ledger/account/${seller.a1}/deactivate`),
        403,
        refusal('account.balance.non.zero', 'Unable to deactivate account with non-zero balance.'),
      );
      await funded(api, seller.a1, market.c1.issuerId, '5');
      assertReply(await api.put(`/v3/ledger/account/${seller.a1}/deactivate`), 204);
    });

    it('is allowed once the trade is closed', async () => {
      const market = await createMarket(api);
      const seller = await createTrader(api, market, { c1: '1' });
      const buyer = await createTrader(api, market, { c2: '7' });
      await storeTrade(api, tradeOf(market, seller, 'SELL', '7', '1'));
      await storeTrade(api, tradeOf(market, buyer, 'BUY', '7', '1'));
      for (const id of [seller.a1, buyer.a2]) assertReply(await api.put(`/v3/ledger/account/${id}/deactivate`), 204);
    });
  });

  describe('credits', () => {
    /** Everything the caller's ledger was charged over the report's 30 days. */
    async function usageTotal(): Promise<number> {
      const reply = await api.get('/v3/tatum/usage');
      assertReply(reply, 200);
      return (reply.body as { usage: number }[]).reduce((sum, day) => sum + day.usage, 0);
    }

    /** What one call costs: the report before it is charged 1 credit itself. */
    async function chargeOf(call: () => Promise<Reply>): Promise<{ reply: Reply; credits: number }> {
      const before = await usageTotal();
      const reply = await call();
      return { reply, credits: (await usageTotal()) - before - 1 };
    }

    let market: Market;
    before(async () => {
      market = await createMarket(api);
    });

    it('a stored trade costs 2, and 2 more per fill', async () => {
      const seller = await createTrader(api, market, { c1: '10' });
      const buyer = await createTrader(api, market, { c2: '100' });
      for (const price of ['10', '11']) {
        const { reply, credits } = await chargeOf(() =>
          api.post('/v3/trade', tradeOf(market, seller, 'SELL', price, '1')),
        );
        assertReply(reply, 200);
        assert.equal(credits, 2);
      }
      const { reply, credits } = await chargeOf(() => api.post('/v3/trade', tradeOf(market, buyer, 'BUY', '11', '2')));
      assertReply(reply, 200);
      assert.equal((await tradeById(api, reply.body.id)).fill, '2');
      assert.equal(credits, 6);
    });

    it('cancelling costs 1, and for an account 1 more per cancelled trade', async () => {
      const trader = await createTrader(api, market, { c1: '10', c2: '100' });
      const one = await storeTrade(api, tradeOf(market, trader, 'BUY', '1', '1'));
      let charged = await chargeOf(() => api.delete(`/v3/trade/${one}`));
      assert.deepEqual([charged.reply.status, charged.credits], [204, 1]);
      await storeTrade(api, tradeOf(market, trader, 'BUY', '1', '1'));
      await storeTrade(api, tradeOf(market, trader, 'SELL', '1000', '1'));
      charged = await chargeOf(() => api.delete(`/v3/trade/account/${trader.a1}`));
      assert.deepEqual([charged.reply.status, charged.credits], [204, 3]);
      charged = await chargeOf(() => api.delete(`/v3/trade/account/${trader.a1}`));
      assert.deepEqual([charged.reply.status, charged.credits], [204, 1]);
    });
  });

  describe('another ledger’s key', () => {
    let market: Market;
    let seller: Awaited<ReturnType<typeof createTrader>>;
    let resting: string;
    let others: [string, LedgerClient][];

    before(async () => {
      market = await createMarket(api);
      seller = await createTrader(api, market, { c1: '10' });
      resting = await storeTrade(api, tradeOf(market, seller, 'SELL', '10', '1'));
      const tenant = await t.newTenant();
      others = [
        ['another tenant’s testnet key', t.client(tenant.testnet)],
        ['the same tenant’s mainnet key', t.client(t.keys.mainnet)],
      ];
    });

    it('cannot see, cancel or use this ledger’s trades and accounts', async () => {
      for (const [who, other] of others) {
        assertReply(await other.get(`/v3/trade/${resting}`), 403, TRADE_NOT_EXISTS);
        assertReply(await other.delete(`/v3/trade/${resting}`), 403, TRADE_NOT_EXISTS);
        assertReply(await other.delete(`/v3/trade/account/${seller.a1}`), 403, ACCOUNT_NOT_EXISTS);
        assertReply(await other.post('/v3/trade/sell', { pageSize: 50 }), 200, []);
        assertReply(await other.post('/v3/trade/sell', { count: true }), 200, 0);
        assertReply(await other.get(`/v3/trade/sell?pageSize=50&id=${seller.a1}`), 200, []);
        assertReply(await other.post('/v3/trade/history', { pageSize: 50 }), 200, []);
        assertReply(
          await other.post('/v3/trade', tradeOf(market, seller, 'SELL', '10', '1')),
          403,
          refusal('trade.currency1AccountId.not.exists', `Unable to find currency1 account ${seller.a1}.`),
          who,
        );
      }
      assert.equal((await tradeById(api, resting)).fill, '0');
      assert.deepEqual(await blockagesOf(api, seller.a1), [
        {
          id: (await blockagesOf(api, seller.a1))[0].id,
          accountId: seller.a1,
          amount: '1',
          type: 'TRADE',
          description: resting,
        },
      ]);
    });

    it('cannot match against this ledger’s trades on a pair of the same name', async () => {
      for (const [, other] of others) {
        for (const { name } of [market.c1, market.c2]) {
          assertReply(await other.post('/v3/ledger/virtualCurrency', { name, supply: '1000', basePair: 'EUR' }), 200);
        }
        const issuer2 = (await other.get(`/v3/ledger/virtualCurrency/${market.c2.name}`)).body.accountId as string;
        const buyer = await createTrader(other, { ...market, c2: { name: market.c2.name, issuerId: issuer2 } });
        await funded(other, issuer2, buyer.a2, '100');
        const crossing = await storeTrade(other, tradeOf(market, buyer, 'BUY', '12', '1'));
        assert.equal((await tradeById(other, crossing)).fill, '0');
        assert.deepEqual(await balanceOf(other, buyer.a2), { accountBalance: '100', availableBalance: '88' });
        assert.deepEqual(await balanceOf(other, buyer.a1), { accountBalance: '0', availableBalance: '0' });
        assertReply(await other.post('/v3/trade/history', { pageSize: 50 }), 200, []);
        assertReply(await other.post('/v3/trade/buy', { count: true }), 200, 1);
      }
      assert.equal((await tradeById(api, resting)).fill, '0');
      assert.deepEqual(await balanceOf(api, seller.a1), { accountBalance: '10', availableBalance: '9' });
      assertReply(await api.post('/v3/trade/buy', { count: true, pair: market.pair }), 200, 0);
    });
  });
});
