import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { snapshotLedger, type Refusal } from '../helpers/ledger-snapshot.js';
import { buildRichLedger } from '../helpers/rich-ledger.js';
import { testApp } from '../helpers/test-app.js';

// The fixtures a ledger copy is checked with (docs/decisions/0038-ledger-import.md): the rich ledger
// has something of every kind, and its snapshot reads the same twice.
describe('rich ledger and its snapshot', () => {
  it('builds a ledger of every kind, whose snapshot reads the same twice', async (context) => {
    const t = await testApp(context);
    const api = t.client();
    const rich = await buildRichLedger(api);
    const first = await snapshotLedger(api);
    const second = await snapshotLedger(api);
    assert.deepEqual(second, first);

    const customer = (id: string) => first.customers.find((c) => c.id === id);
    assert.equal(first.customers.length, 6);
    assert.deepEqual(first.customersById, first.customers);
    assert.equal(customer(rich.customers.alice)?.customerCountry, 'SK');
    assert.equal(customer(rich.customers.alice)?.accountingCurrency, 'USD');
    assert.deepEqual(
      [customer(rich.customers.disabled)?.enabled, customer(rich.customers.disabled)?.active],
      [false, true],
    );
    assert.deepEqual(
      [customer(rich.customers.deactivated)?.enabled, customer(rich.customers.deactivated)?.active],
      [true, false],
    );

    const account = (id: string) => first.accounts.find((a) => a.listed.id === id);
    assert.equal(first.accounts.length, Object.keys(rich.accounts).length);
    for (const a of first.accounts) assert.deepEqual(a.account, a.listed);
    const frozen = account(rich.accounts.frozenEuro)!;
    assert.equal(frozen.account.frozen, true);
    assert.deepEqual(frozen.balance, { accountBalance: '55', availableBalance: '0' });
    assert.deepEqual(
      frozen.blockages.map((b) => b.type),
      ['ACCOUNT_FROZEN'],
    );
    const deactivated = account(rich.accounts.deactivatedEuro)!;
    assert.equal(deactivated.account.active, false);
    assert.equal(deactivated.transactions.length, 2);
    assert.deepEqual(account(rich.accounts.disabledGold)!.balance, { accountBalance: '30', availableBalance: '0' });

    // An inactive account's addresses cannot be read: the snapshot keeps the refusal.
    assert.equal((deactivated.addresses as Refusal).status, 403);
    const addressesOf = (id: string) => {
      const addresses = account(id)!.addresses;
      assert.ok(Array.isArray(addresses));
      return addresses;
    };
    const blockageTypes = new Set(first.accounts.flatMap((a) => a.blockages.map((b) => b.type)));
    assert.deepEqual(
      [...blockageTypes].sort(),
      ['ACCOUNT_FROZEN', 'AML_HOLD', 'DEBIT_CARD_OP', 'TRADE', 'WITHDRAWAL_RESERVE'].sort(),
    );
    assert.deepEqual(
      addressesOf(rich.accounts.aliceBtc).map((a) => a.address),
      rich.addresses.btc,
    );
    assert.deepEqual(
      addressesOf(rich.accounts.aliceEth).map((a) => a.address),
      rich.addresses.eth,
    );
    assert.deepEqual(
      addressesOf(rich.accounts.bobXrp).map((a) => [a.address, a.destinationTag]),
      [[rich.addresses.xrp.address, rich.addresses.xrp.tag]],
    );

    const operations = new Set(first.transactions.map((t) => t.operationType));
    assert.deepEqual([...operations].sort(), ['DEPOSIT', 'EXCHANGE', 'MINT', 'PAYMENT', 'REVOKE', 'WITHDRAWAL'].sort());
    // More than one page, all of it.
    assert.ok(first.transactions.length > 50, String(first.transactions.length));
    const counted = await api.post('/v3/ledger/transaction/ledger?count=true', {});
    assert.equal(counted.body, first.transactions.length);
    // Every record of the ledger belongs to one account, and each account finds its own.
    assert.equal(
      first.accounts.reduce((sum, a) => sum + a.transactions.length, 0),
      first.transactions.length,
    );
    assert.deepEqual(
      first.virtualCurrencies.map((vc) => vc.name),
      [rich.currencies.gold, rich.currencies.euro],
    );

    assert.deepEqual(
      first.withdrawals.InProgress.map((w) => w.id),
      rich.withdrawals.inProgress,
    );
    assert.deepEqual(
      first.withdrawals.Done.map((w) => w.id),
      rich.withdrawals.done,
    );
    assert.deepEqual(
      first.withdrawals.Cancelled.map((w) => w.id),
      rich.withdrawals.cancelled,
    );
    assert.equal(first.withdrawals.all.length, 4);
    assert.deepEqual(
      first.deposits.InProgress.map((d) => d.txId),
      rich.deposits.inProgress,
    );
    assert.deepEqual(
      first.deposits.Done.map((d) => d.txId),
      rich.deposits.done,
    );
    assert.deepEqual(
      first.deposits.Failed.map((d) => d.txId),
      rich.deposits.failed,
    );
    assert.equal(first.deposits.all.length, 6);

    assert.deepEqual(
      first.subscriptions.map((s) => s.id),
      Object.values(rich.subscriptions),
    );
    assert.deepEqual(
      first.trades.buy.map((trade) => trade.id),
      [rich.trades.restingBuy],
    );
    assert.deepEqual(
      first.trades.sell.map((trade) => [trade.id, trade.fill]),
      [[rich.trades.partialSell, '4']],
    );
    assert.deepEqual(
      first.trades.closed.map((trade) => trade.id),
      [rich.trades.closedSell, rich.trades.closedBuy, rich.trades.fillingBuy],
    );
  });
});
