import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { onPostgres } from '../helpers/database.js';
import { balanceOf, createAccountIn, createVirtualCurrency, pay } from '../helpers/ledger-fixtures.js';
import { startTestApp, type LedgerClient, type TestApp } from '../helpers/test-app.js';

// A trade chooses the counter-trades it may fill, then waits for their accounts' locks. A counter-trade
// whose account is frozen while the trade waits is passed over; the trade must then fill against the
// book behind it, not rest crossed with it (docs/decisions/0033-order-matching.md). On PGlite steps
// never overlap, so there is nothing to race.

describe(
  'a counter-trade frozen while a trade waits',
  { skip: !onPostgres && 'PGlite runs one step at a time' },
  () => {
    let t: TestApp;
    let api: LedgerClient;
    let pair: string;
    let first: { c1: string; c2: string };
    let second: { c1: string; c2: string };
    let buyer: { c1: string; c2: string };

    async function trader(c1: string, c2: string) {
      const one = await createAccountIn(api, c1);
      const two = await createAccountIn(api, c2, { externalId: one.externalId });
      return { c1: one.accountId, c2: two.accountId };
    }

    before(async () => {
      t = await startTestApp();
      api = t.client();
      const base = await createVirtualCurrency(api, '100');
      const quote = await createVirtualCurrency(api, '10000');
      pair = `${base.name}/${quote.name}`;
      first = await trader(base.name, quote.name);
      second = await trader(base.name, quote.name);
      buyer = await trader(base.name, quote.name);
      await pay(api, base.issuerId, first.c1, '5');
      await pay(api, base.issuerId, second.c1, '5');
      await pay(api, quote.issuerId, buyer.c2, '1000');
    });
    after(() => t.close());

    it('fills against the next counter-trade instead of resting crossed', async () => {
      const sell = (who: { c1: string; c2: string }, price: string) =>
        api.post('/v3/trade', {
          type: 'SELL',
          price,
          amount: '2',
          pair,
          currency1AccountId: who.c1,
          currency2AccountId: who.c2,
        });
      const cheap = await sell(first, '10');
      const dearer = await sell(second, '11');
      assert.equal(cheap.status, 200);
      assert.equal(dearer.status, 200);

      // Another connection freezes the cheaper seller's account and holds it until the BUY waits for it.
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let frozen!: () => void;
      const isFrozen = new Promise<void>((resolve) => (frozen = resolve));
      const holding = t.db.transaction(async (tx) => {
        await tx.query('UPDATE accounts SET frozen = true WHERE id = $1', [first.c1]);
        frozen();
        await released;
      });
      await isFrozen;
      const buy = api.post('/v3/trade', {
        type: 'BUY',
        price: '12',
        amount: '2',
        pair,
        currency1AccountId: buyer.c1,
        currency2AccountId: buyer.c2,
      });
      // The BUY chose the cheaper SELL alone (enough to fill it) and now waits for its account.
      for (;;) {
        const [row] = await t.db.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%ledger_store_trade%'`,
        );
        if (row!.waiting > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      release();
      await holding;

      const reply = await buy;
      assert.equal(reply.status, 200, JSON.stringify(reply.body));
      // Filled against the dearer SELL at its price: 2 × 11.
      const trade = (await api.get(`/v3/trade/${reply.body.id}`)).body;
      assert.equal(trade.fill, '2');
      assert.equal(trade.isMaker, false);
      assert.equal((await api.get(`/v3/trade/${dearer.body.id}`)).body.fill, '2');
      assert.equal((await api.get(`/v3/trade/${cheap.body.id}`)).body.fill, '0');
      assert.deepEqual(await balanceOf(api, buyer.c2), { accountBalance: '978', availableBalance: '978' });
      assert.deepEqual(await balanceOf(api, second.c2), { accountBalance: '22', availableBalance: '22' });
      assert.deepEqual(await balanceOf(api, buyer.c1), { accountBalance: '2', availableBalance: '2' });
    });
  },
);
