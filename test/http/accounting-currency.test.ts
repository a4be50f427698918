import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCustomerAccount, externalId } from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type Reply } from '../helpers/test-app.js';

// accountingCurrency takes the 170 codes of the FiatCurrency enum the PHP SDK validates when it reads a
// Customer (docs/decisions/0040-accounting-currency-codes.md): Tatum's OpenAPI adds ETH, and one customer
// stored with it makes every customer list unreadable for PHP users. Every body that takes the field
// refuses ETH.

describe('accountingCurrency', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  function assertRefusedAt(reply: Reply, path: string[]) {
    assert.equal(reply.status, 400, JSON.stringify(reply.body));
    assert.equal(reply.body.errorCode, 'validation.failed');
    let items = reply.body.data as { property: string; children: any[]; constraints?: Record<string, string> }[];
    let item: (typeof items)[number] | undefined;
    for (const property of path) {
      item = items.find((candidate) => candidate.property === property);
      assert.ok(item, `${path.join('.')}: ${JSON.stringify(reply.body.data)}`);
      items = item.children;
    }
    assert.equal(typeof item!.constraints?.isIn, 'string');
    assert.doesNotMatch(item!.constraints!.isIn!, /\bETH\b/);
  }

  const customersWithEth = async () => {
    const customers = await api.get('/v3/ledger/customer?pageSize=50');
    assert.equal(customers.status, 200);
    return customers.body.filter((c: { accountingCurrency: string }) => c.accountingCurrency === 'ETH');
  };

  it('refuses ETH on every body that takes it, and stores no customer or account with it', async () => {
    const { customerId } = await createCustomerAccount(api);
    const ext = externalId();
    assertRefusedAt(
      await api.put(`/v3/ledger/customer/${customerId}`, { externalId: ext, accountingCurrency: 'ETH' }),
      ['accountingCurrency'],
    );
    assertRefusedAt(
      await api.post('/v3/ledger/account', {
        currency: 'BTC',
        customer: { externalId: ext, accountingCurrency: 'ETH' },
      }),
      ['customer', 'accountingCurrency'],
    );
    assertRefusedAt(await api.post('/v3/ledger/account', { currency: 'BTC', accountingCurrency: 'ETH' }), [
      'accountingCurrency',
    ]);
    assertRefusedAt(
      await api.post('/v3/ledger/account/batch', {
        accounts: [{ currency: 'BTC', customer: { externalId: ext, accountingCurrency: 'ETH' } }],
      }),
      ['accounts', '0', 'customer', 'accountingCurrency'],
    );
    const vc = { name: `VC_ETH${process.pid}`, supply: '1', basePair: 'ETH' };
    assertRefusedAt(await api.post('/v3/ledger/virtualCurrency', { ...vc, accountingCurrency: 'ETH' }), [
      'accountingCurrency',
    ]);
    assertRefusedAt(
      await api.post('/v3/ledger/virtualCurrency', { ...vc, customer: { externalId: ext, accountingCurrency: 'ETH' } }),
      ['customer', 'accountingCurrency'],
    );
    assert.deepEqual(await customersWithEth(), []);
    const accounts = await api.get('/v3/ledger/account?pageSize=50');
    assert.deepEqual(
      accounts.body.filter((a: { accountingCurrency: string }) => a.accountingCurrency === 'ETH'),
      [],
    );
  });

  it("still takes the PHP SDK enum's odd members and ETH as a virtual currency's base pair", async () => {
    const { customerId } = await createCustomerAccount(api, { accountingCurrency: 'DOGE' });
    const update = await api.put(`/v3/ledger/customer/${customerId}`, {
      externalId: externalId(),
      accountingCurrency: 'FUSD',
    });
    assert.equal(update.status, 200, JSON.stringify(update.body));
    assert.equal(update.body.accountingCurrency, 'FUSD');
    const vc = await api.post('/v3/ledger/virtualCurrency', {
      name: `VC_BASE${process.pid}`,
      supply: '1',
      basePair: 'ETH',
    });
    assert.equal(vc.status, 200, JSON.stringify(vc.body));
  });
});
