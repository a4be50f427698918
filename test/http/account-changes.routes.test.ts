import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountsLedger, balanceOf } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';

describe('account update, freeze, unfreeze', (suite) => {
  const t = suiteTestApp(suite);

  /** A fresh ledger (accountsLedger) in a tenant of its own. */
  const ledger = async () => accountsLedger(t.client((await t.newTenant()).testnet));

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
});
