import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { balanceOf, createAccountIn, createVirtualCurrency, pay } from '../helpers/ledger-fixtures.js';
import { startTestApp, type LedgerClient, type TestApp } from '../helpers/test-app.js';

describe('account list, count, update, balance, freeze', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** A fresh ledger: the issuer (45 left), a (50, number N1), b (5, frozen), c (0, inactive). */
  async function ledger() {
    const tenant = await t.newTenant();
    const api = t.client(tenant.testnet);
    const { name, issuerId } = await createVirtualCurrency(api, '100');
    const a = await api.post('/v3/ledger/account', { currency: name, accountNumber: 'N1' });
    const b = await createAccountIn(api, name);
    const c = await createAccountIn(api, name);
    await pay(api, issuerId, a.body.id, '50');
    await pay(api, issuerId, b.accountId, '5');
    await api.put(`/v3/ledger/account/${b.accountId}/freeze`);
    await api.put(`/v3/ledger/account/${c.accountId}/deactivate`);
    return { api, name, issuer: issuerId, a: a.body.id as string, b: b.accountId, c: c.accountId };
  }
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

  it('updates the bookkeeping fields only', async () => {
    const { api, a } = await ledger();
    assert.equal((await api.put(`/v3/ledger/account/${a}`, { accountCode: 'SAVINGS' })).status, 204);
    const account = (await api.get(`/v3/ledger/account/${a}`)).body;
    assert.deepEqual([account.accountCode, account.accountNumber], ['SAVINGS', 'N1']);
    assert.equal((await api.put(`/v3/ledger/account/${a}`, {})).status, 400);
    assert.equal(
      (await api.put(`/v3/ledger/account/${'0'.repeat(24)}`, { accountCode: 'X' })).body.errorCode,
      'account.not.exists',
    );
  });

  it('freezes: available reads 0 under an ACCOUNT_FROZEN blockage, unfreeze restores it', async () => {
    const { api, b } = await ledger();
    assert.deepEqual(await balanceOf(api, b), { accountBalance: '5', availableBalance: '0' });
    const blockages = (await api.get(`/v3/ledger/account/block/${b}?pageSize=10`)).body;
    assert.deepEqual(
      blockages.map((x: { type: string; amount: string }) => [x.type, x.amount]),
      [['ACCOUNT_FROZEN', '5']],
    );
    assert.equal((await api.get(`/v3/ledger/account/${b}`)).body.frozen, true);
    assert.equal((await api.put(`/v3/ledger/account/${b}/freeze`)).body.errorCode, 'account.frozen');
    assert.equal((await api.put(`/v3/ledger/account/${b}/unfreeze`)).status, 204);
    assert.deepEqual(await balanceOf(api, b), { accountBalance: '5', availableBalance: '5' });
    assert.deepEqual((await api.get(`/v3/ledger/account/block/${b}?pageSize=10`)).body, []);
    assert.equal((await api.put(`/v3/ledger/account/${b}/unfreeze`)).body.errorCode, 'account.not.frozen');
    assert.equal((await api.put(`/v3/ledger/account/${'0'.repeat(24)}/freeze`)).body.errorCode, 'account.not.exists');
  });

  it('refuses to freeze a deactivated account, changing nothing', async () => {
    const { api, c } = await ledger();
    const reply = await api.put(`/v3/ledger/account/${c}/freeze`);
    assert.equal(reply.status, 403);
    assert.deepEqual(reply.body, {
      statusCode: 403,
      errorCode: 'account.inactive',
      message: 'Unable to freeze inactive account.',
    });
    const account = (await api.get(`/v3/ledger/account/${c}`)).body;
    assert.deepEqual([account.active, account.frozen], [false, false]);
    assert.deepEqual((await api.get(`/v3/ledger/account/block/${c}?pageSize=10`)).body, []);
  });

  it('unfreezes by deleting only the blockage the freeze made, not one a user typed ACCOUNT_FROZEN', async () => {
    const { api, a } = await ledger();
    const own = await api.post(`/v3/ledger/account/block/${a}`, { type: 'ACCOUNT_FROZEN', amount: '7' });
    assert.equal(own.status, 200);
    assert.equal((await api.put(`/v3/ledger/account/${a}/freeze`)).status, 204);
    const frozen = (await api.get(`/v3/ledger/account/block/${a}?pageSize=10`)).body;
    assert.deepEqual(
      frozen.map((x: { type: string; amount: string }) => [x.type, x.amount]),
      [
        ['ACCOUNT_FROZEN', '7'],
        ['ACCOUNT_FROZEN', '43'],
      ],
    );
    assert.equal((await api.put(`/v3/ledger/account/${a}/unfreeze`)).status, 204);
    const left = (await api.get(`/v3/ledger/account/block/${a}?pageSize=10`)).body;
    assert.deepEqual(
      left.map((x: { id: string; amount: string }) => [x.id, x.amount]),
      [[own.body.id, '7']],
    );
    assert.deepEqual(await balanceOf(api, a), { accountBalance: '50', availableBalance: '43' });
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
