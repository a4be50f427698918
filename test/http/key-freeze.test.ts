import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setApiKeyFrozenById } from '../../src/domain/tenancy/key-freeze.js';
import { listApiKeys } from '../../src/domain/tenancy/tenancy.service.js';
import { createCustomerAccount } from '../helpers/ledger-fixtures.js';
import { caughtUp } from '../helpers/changes.js';
import { suiteTestApp } from '../helpers/test-app.js';

const FROZEN = {
  statusCode: 403,
  errorCode: 'api.key.frozen',
  message: 'The API key is frozen: only read operations are permitted. DELETE /v3/tatum/freeze unfreezes it.',
};

describe('PUT and DELETE /v3/tatum/freeze', (suite) => {
  const t = suiteTestApp(suite);

  it('a frozen key reads, its writes get 403 api.key.frozen, and it can unfreeze itself', async () => {
    const tenant = await t.newTenant();
    const client = t.client(tenant.testnet);
    const { accountId, customerId } = await createCustomerAccount(client);

    const frozen = await client.put('/v3/tatum/freeze');
    assert.equal(frozen.status, 204);
    assert.equal(frozen.body, '');

    assert.equal((await client.get(`/v3/ledger/account/${accountId}`)).status, 200);
    assert.equal((await client.get('/v3/ledger/customer?pageSize=5')).status, 200);
    assert.equal((await client.get('/v3/tatum/usage')).status, 200);
    // A POST that only reads (the transaction finds) is a read.
    assert.equal((await client.post('/v3/ledger/transaction/ledger?pageSize=5', {})).status, 200);

    for (const write of [
      () => client.post('/v3/ledger/account', { currency: 'BTC' }),
      () => client.put(`/v3/ledger/customer/${customerId}/disable`),
      () => client.put(`/v3/ledger/account/${accountId}/deactivate`),
      () => client.post(`/v3/ledger/account/block/${accountId}`, { amount: '1', type: 'HOLD' }),
    ]) {
      assert.deepEqual((await write()).body, FROZEN);
    }
    // Refused before validation: even an invalid write gets the freeze, not a 400.
    assert.equal((await client.post('/v3/ledger/account', {})).body.errorCode, 'api.key.frozen');
    assert.equal((await client.put('/v3/tatum/freeze')).status, 204, 'freezing again changes nothing');

    assert.equal((await client.delete('/v3/tatum/freeze')).status, 204);
    assert.equal((await client.put(`/v3/ledger/customer/${customerId}/disable`)).status, 204);
    assert.equal((await client.delete('/v3/tatum/freeze')).status, 204, 'unfreezing again changes nothing');
  });

  it('freezes only the calling key: the ledger stays writable with its other keys', async () => {
    const tenant = await t.newTenant();
    assert.equal((await t.client(tenant.testnet).put('/v3/tatum/freeze')).status, 204);
    assert.equal((await t.client(tenant.testnet).post('/v3/ledger/account', { currency: 'BTC' })).status, 403);
    assert.equal((await t.client(tenant.mainnet).post('/v3/ledger/account', { currency: 'BTC' })).status, 200);
    const keys = await listApiKeys(t.db, tenant.name);
    assert.deepEqual(
      keys.map((k) => [k.network, k.frozen]),
      [
        ['mainnet', false],
        ['testnet', true],
      ],
    );
  });

  it('an operator freeze applies at the next request, on every server that has heard it', async () => {
    const tenant = await t.newTenant();
    const other = await t.sibling();
    const [, testnet] = await listApiKeys(t.db, tenant.name);
    await setApiKeyFrozenById(t.ledger, testnet!.id, true);
    // The other server hears it from the database, as soon as it is delivered.
    await caughtUp(other.ledger, t.db);
    for (const client of [t.client(tenant.testnet), other.client(tenant.testnet)]) {
      assert.equal((await client.post('/v3/ledger/account', { currency: 'BTC' })).body.errorCode, 'api.key.frozen');
    }
    await setApiKeyFrozenById(t.ledger, testnet!.id, false);
    await caughtUp(other.ledger, t.db);
    assert.equal((await other.client(tenant.testnet).post('/v3/ledger/account', { currency: 'BTC' })).status, 200);
  });

  it('needs a valid key', async () => {
    assert.equal((await t.client('nope').put('/v3/tatum/freeze')).status, 401);
    assert.equal((await t.app.inject({ method: 'DELETE', url: '/v3/tatum/freeze' })).statusCode, 401);
  });
});
