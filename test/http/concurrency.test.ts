import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createCustomerAccount, externalId } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';

// Races a user can start: on PostgreSQL these run on parallel connections and lean on the row locks;
// on PGlite they queue. Either way no request may lose an update or break a lifecycle rule.
describe('concurrent customer requests', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  it('many account creations for one new externalId make exactly one customer', async () => {
    const ext = externalId('race');
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.post('/v3/ledger/account', { currency: 'BTC', customer: { externalId: ext } }),
      ),
    );
    assert.deepEqual(
      replies.map((r) => r.status),
      replies.map(() => 200),
    );
    assert.equal(new Set(replies.map((r) => r.body.customerId)).size, 1);
    const accounts = await api.get(`/v3/ledger/account/customer/${replies[0]!.body.customerId}?pageSize=50`);
    assert.equal(accounts.body.length, 20);
  });

  it('customers racing into one ledger get dense positions, lost races included, and page by them', async () => {
    const tenant = await t.newTenant();
    const own = t.client(tenant.testnet);
    const shared = externalId('contested');
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        own.post('/v3/ledger/account', { currency: 'BTC', customer: { externalId: i % 3 ? externalId('p') : shared } }),
      ),
    );
    assert.ok(replies.every((r) => r.status === 200));
    const positions = await t.db.query<{ position: string }>(
      `SELECT c.position::text AS position FROM customers c JOIN api_keys k ON k.ledger_id = c.ledger_id
        WHERE k.key_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex') ORDER BY c.position`,
      [tenant.testnet],
    );
    assert.deepEqual(
      positions.map((p) => Number(p.position)),
      Array.from({ length: 21 }, (_, i) => i + 1),
      '20 distinct customers and the contested one, numbered 1..21 with no gap',
    );
    const all = (await own.get('/v3/ledger/customer?pageSize=50')).body.map((c: { id: string }) => c.id);
    const paged = [];
    for (let offset = 0; offset < 21; offset += 4) {
      paged.push(
        ...(await own.get(`/v3/ledger/customer?pageSize=4&offset=${offset}`)).body.map((c: { id: string }) => c.id),
      );
    }
    assert.deepEqual(paged, all);
  });

  it('deactivation racing account creation never leaves an inactive customer with an active account', async () => {
    for (let round = 0; round < 10; round++) {
      const { customerId, accountId, externalId: ext } = await createCustomerAccount(api);
      await api.put(`/v3/ledger/account/${accountId}/deactivate`);
      const [deactivated, created] = await Promise.all([
        api.put(`/v3/ledger/customer/${customerId}/deactivate`),
        api.post('/v3/ledger/account', { currency: 'BTC', customer: { externalId: ext } }),
      ]);
      const customer = (await api.get(`/v3/ledger/customer/${customerId}`)).body;
      const active = (await api.get(`/v3/ledger/account/customer/${customerId}?pageSize=50`)).body;
      if (deactivated.status === 204) {
        assert.equal(customer.active, false);
        assert.equal(created.body.errorCode, 'customer.not.active');
        assert.equal(active.length, 0);
      } else {
        assert.equal(deactivated.body.errorCode, 'customer.deactivate.account.active');
        assert.equal(created.status, 200);
        assert.equal(customer.active, true);
        assert.equal(active.length, 1);
      }
    }
  });

  it('parallel disable and enable leave the flag matching the last success', async () => {
    const { customerId } = await createCustomerAccount(api);
    const replies = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api.put(`/v3/ledger/customer/${customerId}/${i % 2 ? 'enable' : 'disable'}`),
      ),
    );
    const successes = replies.filter((r) => r.status === 204).length;
    for (const r of replies) {
      if (r.status !== 204) assert.match(r.body.errorCode, /^customer\.(enabled|disabled)$/);
    }
    // Successful transitions alternate, starting from enabled with a disable.
    const enabled = (await api.get(`/v3/ledger/customer/${customerId}`)).body.enabled;
    assert.equal(enabled, successes % 2 === 0);
  });

  it('two updates racing for one free externalId: one wins, the other is refused', async () => {
    const a = await createCustomerAccount(api);
    const b = await createCustomerAccount(api);
    const wanted = externalId('wanted');
    const replies = await Promise.all([
      api.put(`/v3/ledger/customer/${a.customerId}`, { externalId: wanted }),
      api.put(`/v3/ledger/customer/${b.customerId}`, { externalId: wanted }),
    ]);
    assert.deepEqual(replies.map((r) => r.status).sort(), [200, 403]);
    assert.equal(replies.find((r) => r.status === 403)!.body.errorCode, 'customer.externalId.exists');
    const holder = (await api.get(`/v3/ledger/customer/${wanted}`)).body.id;
    assert.ok([a.customerId, b.customerId].includes(holder));
  });
});
