import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { balanceOf, createAccountIn, createVirtualCurrency, externalId, pay } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';

describe('virtual currency routes', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  it('creates a currency whose issuer account holds the supply, with a customer', async () => {
    const ext = externalId('issuer');
    const reply = await api.post('/v3/ledger/virtualCurrency', {
      name: 'VC_GOLD',
      supply: '1000.50',
      basePair: 'USD',
      baseRate: 2,
      description: 'Gold points',
      accountCode: 'ISSUER',
      customer: { externalId: ext, customerCountry: 'CZ' },
    });
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal(reply.body.currency, 'VC_GOLD');
    assert.deepEqual(reply.body.balance, { accountBalance: '1000.5', availableBalance: '1000.5' });
    assert.equal(reply.body.accountCode, 'ISSUER');

    const vc = await api.get('/v3/ledger/virtualCurrency/VC_GOLD');
    assert.deepEqual(vc.body, {
      name: 'VC_GOLD',
      supply: '1000.5',
      accountId: reply.body.id,
      baseRate: 2,
      basePair: 'USD',
      customerId: reply.body.customerId,
      description: 'Gold points',
    });
    assert.equal((await api.get(`/v3/ledger/customer/${ext}`)).body.customerCountry, 'CZ');
  });

  it('refuses a name without the VC_ prefix, and a duplicate', async () => {
    const prefix = await api.post('/v3/ledger/virtualCurrency', { name: 'GOLD', supply: '1', basePair: 'EUR' });
    assert.equal(prefix.status, 403);
    assert.equal(prefix.body.errorCode, 'virtual.name.prefix');
    const { name } = await createVirtualCurrency(api);
    const duplicate = await api.post('/v3/ledger/virtualCurrency', { name, supply: '5', basePair: 'EUR' });
    assert.equal(duplicate.body.errorCode, 'virtual.duplicate');
    assert.equal((await api.get(`/v3/ledger/virtualCurrency/${name}`)).body.supply, '1000');
  });

  it('lets accounts be opened in the currency, and refuses unknown VC currencies', async () => {
    const { name } = await createVirtualCurrency(api);
    const account = await api.post('/v3/ledger/account', { currency: name });
    assert.equal(account.status, 200);
    const unknown = await api.post('/v3/ledger/account', { currency: 'VC_NOPE' });
    assert.equal(unknown.body.errorCode, 'ledger.currency.invalid');
  });

  it('keeps currencies per ledger', async () => {
    const { name } = await createVirtualCurrency(api);
    const mainnet = t.client(t.keys.mainnet);
    assert.equal((await mainnet.get(`/v3/ledger/virtualCurrency/${name}`)).body.errorCode, 'vc.not.found');
    assert.equal(
      (await mainnet.post('/v3/ledger/account', { currency: name })).body.errorCode,
      'ledger.currency.invalid',
    );
  });

  it('mints onto an account and revokes from it, moving the supply', async () => {
    const { name, issuerId } = await createVirtualCurrency(api, '100');
    const { accountId } = await createAccountIn(api, name);
    const minted = await api.put('/v3/ledger/virtualCurrency/mint', { accountId, amount: '25.125' });
    assert.equal(minted.status, 200);
    assert.match(minted.body.reference, /^[0-9a-f-]{36}$/);
    assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '25.125', availableBalance: '25.125' });
    assert.equal((await api.get(`/v3/ledger/virtualCurrency/${name}`)).body.supply, '125.125');

    const revoked = await api.put('/v3/ledger/virtualCurrency/revoke', { accountId: issuerId, amount: '100' });
    assert.equal(revoked.status, 200);
    assert.equal((await balanceOf(api, issuerId)).accountBalance, '0');
    assert.equal((await api.get(`/v3/ledger/virtualCurrency/${name}`)).body.supply, '25.125');

    const records = await api.get(`/v3/ledger/transaction/reference/${minted.body.reference}`);
    assert.equal(records.body.length, 1);
    assert.equal(records.body[0].operationType, 'MINT');
    assert.equal(records.body[0].transactionType, 'CREDIT_DEPOSIT');
    assert.equal(records.body[0].amount, '25.125');
    assert.equal(records.body[0].counterAccountId, null);
    const revokes = await api.get(`/v3/ledger/transaction/reference/${revoked.body.reference}`);
    assert.equal(revokes.body[0].operationType, 'REVOKE');
    assert.equal(revokes.body[0].amount, '-100');
  });

  it('gives one operation per reference: a mint or revoke may not reuse one, and changes nothing', async () => {
    const { name, issuerId } = await createVirtualCurrency(api, '100');
    const { accountId } = await createAccountIn(api, name);
    const payment = (await pay(api, issuerId, accountId, '10')).body.reference;
    const reused = await api.put('/v3/ledger/virtualCurrency/mint', { accountId, amount: '5', reference: payment });
    assert.equal(reused.status, 403, JSON.stringify(reused.body));
    assert.equal(reused.body.errorCode, 'virtual.tx.failed');
    assert.match(reused.body.message, new RegExp(payment));
    assert.equal((await api.get(`/v3/ledger/transaction/reference/${payment}`)).body.length, 2);

    const own = `order-${process.pid}-${Date.now()}`;
    const minted = await api.put('/v3/ledger/virtualCurrency/mint', { accountId, amount: '5', reference: own });
    assert.deepEqual(minted.body, { reference: own });
    const again = await api.put('/v3/ledger/virtualCurrency/revoke', { accountId, amount: '1', reference: own });
    assert.equal(again.body.errorCode, 'virtual.tx.failed');
    assert.deepEqual(await balanceOf(api, accountId), { accountBalance: '15', availableBalance: '15' });
    assert.equal((await api.get(`/v3/ledger/virtualCurrency/${name}`)).body.supply, '105');

    // Two at once with one new reference: one wins, the other is refused.
    const racing = `race-${process.pid}-${Date.now()}`;
    const both = await Promise.all(
      [1, 2].map(() => api.put('/v3/ledger/virtualCurrency/mint', { accountId, amount: '1', reference: racing })),
    );
    assert.deepEqual(both.map((reply) => reply.status).sort(), [200, 403]);
    assert.equal((await api.get(`/v3/ledger/transaction/reference/${racing}`)).body.length, 1);
  });

  it('finds a mint by a reference of any length it takes', async () => {
    const { name } = await createVirtualCurrency(api, '1');
    const { accountId } = await createAccountIn(api, name);
    const short = `s${process.pid}`.slice(0, 8);
    assert.equal(
      (await api.put('/v3/ledger/virtualCurrency/mint', { accountId, amount: '1', reference: short })).status,
      200,
    );
    const found = await api.get(`/v3/ledger/transaction/reference/${short}`);
    assert.equal(found.status, 200, JSON.stringify(found.body));
    assert.equal(found.body.length, 1);
    assert.equal(found.body[0].reference, short);
    assert.equal((await api.get(`/v3/ledger/transaction/reference/${'r'.repeat(101)}`)).status, 400);
  });

  it('refuses to revoke more than the available balance, and changes nothing', async () => {
    const { name, issuerId } = await createVirtualCurrency(api, '10');
    await api.post(`/v3/ledger/account/block/${issuerId}`, { amount: '4', type: 'HOLD' });
    const refused = await api.put('/v3/ledger/virtualCurrency/revoke', { accountId: issuerId, amount: '7' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.errorCode, 'virtual.account.balance');
    assert.equal((await api.get(`/v3/ledger/virtualCurrency/${name}`)).body.supply, '10');
    assert.deepEqual(await balanceOf(api, issuerId), { accountBalance: '10', availableBalance: '6' });
  });

  it('refuses mint and revoke on unknown or non-virtual accounts', async () => {
    const unknown = await api.put('/v3/ledger/virtualCurrency/mint', { accountId: 'c'.repeat(24), amount: '1' });
    assert.equal(unknown.body.errorCode, 'account.not.exists');
    const btc = await api.post('/v3/ledger/account', { currency: 'BTC' });
    const notVirtual = await api.put('/v3/ledger/virtualCurrency/mint', { accountId: btc.body.id, amount: '1' });
    assert.equal(notVirtual.body.errorCode, 'vc.not.found');
    const { issuerId } = await createVirtualCurrency(api);
    const zero = await api.put('/v3/ledger/virtualCurrency/mint', { accountId: issuerId, amount: '0' });
    assert.equal(zero.body.errorCode, 'payment.amount.notNull');
  });

  it('updates base rate and pair, with or without a trailing slash', async () => {
    const { name } = await createVirtualCurrency(api);
    assert.equal((await api.put('/v3/ledger/virtualCurrency', { name, baseRate: 1.5 })).status, 204);
    assert.equal((await api.put('/v3/ledger/virtualCurrency/', { name, basePair: 'BTC' })).status, 204);
    const vc = (await api.get(`/v3/ledger/virtualCurrency/${name}`)).body;
    assert.deepEqual([vc.baseRate, vc.basePair], [1.5, 'BTC']);
    const unknown = await api.put('/v3/ledger/virtualCurrency', { name: 'VC_UNKNOWN', baseRate: 1 });
    assert.equal(unknown.body.errorCode, 'vc.not.found');
  });

  it('looks up a currency named like an operation with GET', async () => {
    assert.equal((await api.get('/v3/ledger/virtualCurrency/mint')).body.errorCode, 'vc.not.found');
  });
});
