import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { createCustomerAccount, externalId } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';

// GET /v3/ledger/customer/{id} answers from memory (domain/customers/customer-cache.ts). Every change
// made through the server shows at the next read; a change made on another connection (SQL here,
// another server on the same database in production) shows once the database announces it.

describe('customer lookups kept in memory', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  const get = async (id: string) => (await api.get(`/v3/ledger/customer/${id}`)).body;

  it('show every change made through the server at the next read, by id and by externalId', async () => {
    const c = await createCustomerAccount(api, { accountingCurrency: 'EUR' });
    const read = async () => [await get(c.customerId), await get(c.externalId)];
    for (const customer of await read()) assert.equal(customer.enabled, true);

    assert.equal((await api.put(`/v3/ledger/customer/${c.customerId}/disable`)).status, 204);
    for (const customer of await read()) assert.equal(customer.enabled, false);
    assert.equal((await api.put(`/v3/ledger/customer/${c.customerId}/enable`)).status, 204);
    for (const customer of await read()) assert.equal(customer.enabled, true);

    // Account creation updates the fields an existing customer is given again.
    await createCustomerAccount(api, { externalId: c.externalId, accountingCurrency: 'USD', customerCountry: 'SK' });
    for (const customer of await read())
      assert.deepEqual([customer.accountingCurrency, customer.customerCountry], ['USD', 'SK']);

    const accounts = (await api.get(`/v3/ledger/account/customer/${c.customerId}?pageSize=50`)).body as {
      id: string;
    }[];
    for (const account of accounts) await api.put(`/v3/ledger/account/${account.id}/deactivate`);
    assert.equal((await api.put(`/v3/ledger/customer/${c.customerId}/deactivate`)).status, 204);
    for (const customer of await read()) assert.equal(customer.active, false);
    assert.equal((await api.put(`/v3/ledger/customer/${c.customerId}/activate`)).status, 204);
    for (const customer of await read()) assert.equal(customer.active, true);

    // A new externalId: the old one is unknown at once, the new one found.
    const renamed = externalId('renamed');
    const update = await api.put(`/v3/ledger/customer/${c.customerId}`, { externalId: renamed });
    assert.equal(update.status, 200);
    const old = await api.get(`/v3/ledger/customer/${c.externalId}`);
    assert.deepEqual([old.status, old.body.errorCode], [403, 'customer.not.exists']);
    assert.equal((await get(renamed)).id, c.customerId);
    assert.equal((await get(c.customerId)).externalId, renamed);
  });

  it('show a change another connection commits once the database announces it', async () => {
    const c = await createCustomerAccount(api);
    assert.equal((await get(c.customerId)).enabled, true);
    // As another server, the command line or an operator would: SQL on a connection of its own (on
    // PGlite, which one process owns, the same session: it announces all the same).
    await t.db.query('UPDATE customers SET enabled = false WHERE id = $1', [c.customerId]);
    const started = performance.now();
    while ((await get(c.customerId)).enabled) {
      assert.ok(performance.now() - started < 2000, 'the change was announced within 2 s');
      await sleep(5);
    }
    assert.equal((await get(c.externalId)).enabled, false);
  });
});
