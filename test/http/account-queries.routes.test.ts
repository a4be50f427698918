import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountsLedger, balanceOf, createAccountIn, createVirtualCurrency, pay } from '../helpers/ledger-fixtures.js';
import { suiteTestApp, type LedgerClient } from '../helpers/test-app.js';

describe('account list, count, balance', (suite) => {
  const t = suiteTestApp(suite);

  /** A fresh ledger (accountsLedger) in a tenant of its own. */
  const ledger = async () => accountsLedger(t.client((await t.newTenant()).testnet));
  const ids = (reply: { body: { id: string }[] }) => reply.body.map((a) => a.id);

  it('lists every account oldest first, with paging by page or offset', async () => {
    const { api, issuer, a, b, c } = await ledger();
    assert.deepEqual(ids(await api.get('/v3/ledger/account')), [issuer, a, b, c]);
    assert.deepEqual(ids(await api.get('/v3/ledger/account?pageSize=2&page=1')), [b, c]);
    assert.deepEqual(ids(await api.get('/v3/ledger/account?pageSize=2&offset=1')), [a, b]);
    assert.deepEqual(ids(await api.get('/v3/ledger/account?pageSize=2&page=0&offset=3')), [issuer, a], 'page wins');
  });

  it('filters and sorts', async () => {
    const { api, issuer, a, b, c } = await ledger();
    assert.deepEqual(ids(await api.get('/v3/ledger/account?active=false')), [c]);
    assert.deepEqual(ids(await api.get('/v3/ledger/account?frozen=true')), [b]);
    assert.deepEqual(ids(await api.get('/v3/ledger/account?onlyNonZeroBalance=true')), [issuer, a, b]);
    assert.deepEqual(ids(await api.get('/v3/ledger/account?accountNumber=N1')), [a]);
    assert.deepEqual(ids(await api.get('/v3/ledger/account?currency=BTC')), []);
    // Balances: a 50, issuer 45 (100 less 55 paid out), b 5, c 0.
    assert.deepEqual(ids(await api.get('/v3/ledger/account?sortBy=account_balance&sort=desc')), [a, issuer, b, c]);
    assert.deepEqual(ids(await api.get('/v3/ledger/account?sortBy=account_balance&sort=asc')), [c, b, issuer, a]);
    // b is frozen: its available balance reads 0, level with c; creation order breaks the tie.
    assert.deepEqual(ids(await api.get('/v3/ledger/account?sortBy=available_balance&sort=asc')), [b, c, issuer, a]);
    const byId = ids(await api.get('/v3/ledger/account?sortBy=id'));
    assert.deepEqual(byId, [...byId].sort());
  });

  it('counts with the same filters', async () => {
    const { api } = await ledger();
    assert.deepEqual((await api.get('/v3/ledger/account/count')).body, { total: 4 });
    assert.deepEqual((await api.get('/v3/ledger/account/count?active=true&sortBy=_id')).body, { total: 3 });
  });

  it('answers the balance route, and refuses unknown accounts', async () => {
    const { api, a } = await ledger();
    assert.deepEqual(await balanceOf(api, a), { accountBalance: '50', availableBalance: '50' });
    assert.equal((await api.get(`/v3/ledger/account/${'0'.repeat(24)}/balance`)).body.errorCode, 'account.not.exists');
  });

  it('keeps the disabled customer rule over every account: available 0, balance untouched', async () => {
    const api: LedgerClient = t.client();
    const { name, issuerId } = await createVirtualCurrency(api, '30');
    const first = await createAccountIn(api, name);
    const second = await api.post('/v3/ledger/account', { currency: name, customer: { externalId: first.externalId } });
    await pay(api, issuerId, first.accountId, '10');
    await pay(api, issuerId, second.body.id, '20');
    await api.put(`/v3/ledger/customer/${first.customerId}/disable`);
    assert.deepEqual(await balanceOf(api, first.accountId), { accountBalance: '10', availableBalance: '0' });
    assert.deepEqual(await balanceOf(api, second.body.id), { accountBalance: '20', availableBalance: '0' });
    await api.put(`/v3/ledger/customer/${first.customerId}/enable`);
    assert.deepEqual(await balanceOf(api, second.body.id), { accountBalance: '20', availableBalance: '20' });
  });
});
