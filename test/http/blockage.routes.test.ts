import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { balanceOf, createAccountIn, createVirtualCurrency, pay } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';

describe('blockage routes', (suite) => {
  const t = suiteTestApp(suite);
  const api = t.client();

  async function funded(amount = '100') {
    const { name, issuerId } = await createVirtualCurrency(api, '1000');
    const holder = await createAccountIn(api, name);
    const other = await createAccountIn(api, name);
    await pay(api, issuerId, holder.accountId, amount);
    return { name, holder: holder.accountId, holderCustomer: holder.customerId, other: other.accountId };
  }

  it('blocks amounts: the available balance drops, the account balance stays', async () => {
    const { holder } = await funded();
    const first = await api.post(`/v3/ledger/account/block/${holder}`, {
      amount: '30.5',
      type: 'DEBIT_CARD_OP',
      description: 'card hold',
    });
    assert.equal(first.status, 200);
    assert.match(first.body.id, /^[0-9a-f]{24}$/);
    await api.post(`/v3/ledger/account/block/${holder}`, { amount: '20', type: 'OTHER' });
    assert.deepEqual(await balanceOf(api, holder), { accountBalance: '100', availableBalance: '49.5' });

    const list = await api.get(`/v3/ledger/account/block/${holder}?pageSize=50`);
    assert.deepEqual(list.body[0], {
      id: first.body.id,
      accountId: holder,
      amount: '30.5',
      type: 'DEBIT_CARD_OP',
      description: 'card hold',
    });
    assert.equal(list.body[1].description, null);
    assert.equal((await api.get(`/v3/ledger/account/block/${holder}?pageSize=1&offset=1`)).body[0].amount, '20');
    assert.deepEqual((await api.get(`/v3/ledger/account/block/${first.body.id}/detail`)).body, list.body[0]);
  });

  it('may block more than is available, and go negative, unless ensureSufficientBalance', async () => {
    const { holder } = await funded('10');
    const refused = await api.post(`/v3/ledger/account/block/${holder}`, {
      amount: '11',
      type: 'T',
      ensureSufficientBalance: true,
    });
    assert.equal(refused.body.errorCode, 'balance.insufficient');
    assert.equal((await api.post(`/v3/ledger/account/block/${holder}`, { amount: '11', type: 'T' })).status, 200);
    assert.deepEqual(await balanceOf(api, holder), { accountBalance: '10', availableBalance: '-1' });
  });

  it('deletes one blockage, or all of an account, charging per deleted blockage', async () => {
    const { holder } = await funded();
    const a = await api.post(`/v3/ledger/account/block/${holder}`, { amount: '10', type: 'A' });
    await api.post(`/v3/ledger/account/block/${holder}`, { amount: '5', type: 'B' });
    await api.post(`/v3/ledger/account/block/${holder}`, { amount: '1', type: 'C' });
    assert.equal((await api.delete(`/v3/ledger/account/block/${a.body.id}`)).status, 204);
    assert.equal((await balanceOf(api, holder)).availableBalance, '94');
    assert.equal((await api.delete(`/v3/ledger/account/block/${a.body.id}`)).body.errorCode, 'blockage.not.exists');
    assert.equal((await api.delete(`/v3/ledger/account/block/account/${holder}`)).status, 204);
    assert.deepEqual(await balanceOf(api, holder), { accountBalance: '100', availableBalance: '100' });
    assert.deepEqual((await api.get(`/v3/ledger/account/block/${holder}?pageSize=50`)).body, []);
  });

  it('unblocks with a transaction: the whole blockage goes, the amount is paid, atomically', async () => {
    const { holder, other } = await funded();
    const block = await api.post(`/v3/ledger/account/block/${holder}`, { amount: '40', type: 'ESCROW' });
    const reply = await api.put(`/v3/ledger/account/block/${block.body.id}`, {
      recipientAccountId: other,
      amount: '25',
    });
    assert.equal(reply.status, 200);
    assert.match(reply.body.reference, /^[0-9a-f-]{36}$/);
    assert.deepEqual(await balanceOf(api, holder), { accountBalance: '75', availableBalance: '75' });
    assert.deepEqual(await balanceOf(api, other), { accountBalance: '25', availableBalance: '25' });
    assert.equal(
      (await api.get(`/v3/ledger/account/block/${block.body.id}/detail`)).body.errorCode,
      'blockage.not.exists',
    );
  });

  it('keeps the blockage when the amount exceeds it or the payment is refused', async () => {
    const { holder, other, holderCustomer } = await funded('50');
    const block = await api.post(`/v3/ledger/account/block/${holder}`, { amount: '40', type: 'ESCROW' });
    const exceeded = await api.put(`/v3/ledger/account/block/${block.body.id}`, {
      recipientAccountId: other,
      amount: '40.01',
    });
    assert.equal(exceeded.body.errorCode, 'blockage.amount.exceeded');
    await api.put(`/v3/ledger/customer/${holderCustomer}/disable`);
    const disabled = await api.put(`/v3/ledger/account/block/${block.body.id}`, {
      recipientAccountId: other,
      amount: '10',
    });
    assert.equal(disabled.body.errorCode, 'senderAccount.customer.disabled');
    await api.put(`/v3/ledger/customer/${holderCustomer}/enable`);
    const wrongRecipient = await api.put(`/v3/ledger/account/block/${block.body.id}`, {
      recipientAccountId: 'f'.repeat(24),
      amount: '10',
    });
    assert.equal(wrongRecipient.body.errorCode, 'recipientAccount.not.exists');
    assert.equal((await api.get(`/v3/ledger/account/block/${block.body.id}/detail`)).body.amount, '40');
    assert.deepEqual(await balanceOf(api, holder), { accountBalance: '50', availableBalance: '10' });
    const unknown = await api.put(`/v3/ledger/account/block/${'a'.repeat(24)}`, {
      recipientAccountId: other,
      amount: '1',
    });
    assert.equal(unknown.body.errorCode, 'blockage.not.exists');
  });

  it('refuses blockages on unknown accounts, and bulk deletion for an inactive customer', async () => {
    const unknown = 'b'.repeat(24);
    assert.equal(
      (await api.post(`/v3/ledger/account/block/${unknown}`, { amount: '1', type: 'T' })).body.errorCode,
      'account.not.exists',
    );
    assert.equal(
      (await api.get(`/v3/ledger/account/block/${unknown}?pageSize=5`)).body.errorCode,
      'account.not.exists',
    );
    assert.equal(
      (await api.delete(`/v3/ledger/account/block/account/${unknown}`)).body.errorCode,
      'account.not.exists',
    );
    assert.equal((await api.get(`/v3/ledger/account/block/${unknown}/detail`)).body.errorCode, 'blockage.not.exists');

    const { name } = await createVirtualCurrency(api, '0');
    const idle = await createAccountIn(api, name);
    await api.put(`/v3/ledger/account/${idle.accountId}/deactivate`);
    await api.put(`/v3/ledger/customer/${idle.customerId}/deactivate`);
    const inactive = await api.delete(`/v3/ledger/account/block/account/${idle.accountId}`);
    assert.equal(inactive.body.errorCode, 'customer.blockage.inactive');
  });

  it("refuses to block less than the asset's smallest unit, as a payment does, and stores nothing", async () => {
    const btc = await createAccountIn(api, 'BTC');
    const tooSmall = await api.post(`/v3/ledger/account/block/${btc.accountId}`, {
      amount: '0.000000009',
      type: 'HOLD',
    });
    assert.equal(tooSmall.status, 403, JSON.stringify(tooSmall.body));
    assert.equal(tooSmall.body.errorCode, 'amount.btc');
    assert.deepEqual((await api.get(`/v3/ledger/account/block/${btc.accountId}?pageSize=50`)).body, []);
    assert.deepEqual(await balanceOf(api, btc.accountId), { accountBalance: '0', availableBalance: '0' });
    const smallest = await api.post(`/v3/ledger/account/block/${btc.accountId}`, {
      amount: '0.00000001',
      type: 'HOLD',
    });
    assert.equal(smallest.status, 200, JSON.stringify(smallest.body));

    const eth = await createAccountIn(api, 'ETH');
    const tooSmallEth = await api.post(`/v3/ledger/account/block/${eth.accountId}`, {
      amount: '0.0000000000009',
      type: 'HOLD',
    });
    assert.equal(tooSmallEth.body.errorCode, 'amount.eth');
    assert.deepEqual((await api.get(`/v3/ledger/account/block/${eth.accountId}?pageSize=50`)).body, []);
  });

  it('blocks deactivation while a blockage exists', async () => {
    const { name } = await createVirtualCurrency(api, '0');
    const { accountId } = await createAccountIn(api, name);
    const block = await api.post(`/v3/ledger/account/block/${accountId}`, { amount: '0', type: 'MARKER' });
    assert.equal(
      (await api.put(`/v3/ledger/account/${accountId}/deactivate`)).body.errorCode,
      'account.balance.non.zero',
    );
    await api.delete(`/v3/ledger/account/block/${block.body.id}`);
    assert.equal((await api.put(`/v3/ledger/account/${accountId}/deactivate`)).status, 204);
  });
});
