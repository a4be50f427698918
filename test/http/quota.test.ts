import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { setTenantQuota } from '../../src/domain/tenancy/tenant-quota.js';
import { suiteTestApp, type LedgerClient } from '../helpers/test-app.js';

const LIST = '/v3/ledger/customer?pageSize=1';

async function usageTotal(client: LedgerClient): Promise<number> {
  const reply = await client.get('/v3/tatum/usage');
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return (reply.body as { usage: number }[]).reduce((sum, day) => sum + day.usage, 0);
}

describe('monthly credit quota', (suite) => {
  const t = suiteTestApp(suite);

  it("refuses a tenant's calls once its month's credits reach the quota, over both its ledgers", async () => {
    const tenant = await t.newTenant();
    await setTenantQuota(t.ledger, tenant.name, 5);
    const testnet = t.client(tenant.testnet);
    const mainnet = t.client(tenant.mainnet);
    for (const client of [testnet, mainnet, testnet, mainnet, testnet]) {
      assert.equal((await client.get(LIST)).status, 200);
    }
    const refused = await mainnet.get(LIST);
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.body, {
      statusCode: 403,
      errorCode: 'credits.quota.exceeded',
      message:
        'The monthly credit quota of 5 credits is used up (5 used this month, UTC). Calls are refused until the month ends or the quota is raised.',
    });
    assert.equal((await testnet.post('/v3/ledger/account', { currency: 'BTC' })).status, 403);
  });

  it('still answers the usage report and the key freeze, and does not charge the refusals', async () => {
    const tenant = await t.newTenant();
    await setTenantQuota(t.ledger, tenant.name, 2);
    const client = t.client(tenant.testnet);
    assert.equal((await client.get(LIST)).status, 200);
    assert.equal((await client.get(LIST)).status, 200);
    assert.equal((await client.get(LIST)).status, 403);
    assert.equal(await usageTotal(client), 2, 'the two lists; not the refusal');
    assert.equal(await usageTotal(client), 3, 'the report is charged, and answers past the quota');
    assert.equal((await client.put('/v3/tatum/freeze')).status, 204);
    assert.equal((await client.delete('/v3/tatum/freeze')).status, 204);
  });

  it('applies a new quota, or none, at the next call', async () => {
    const tenant = await t.newTenant();
    const client = t.client(tenant.testnet);
    assert.equal((await client.get(LIST)).status, 200);
    await setTenantQuota(t.ledger, tenant.name, 1);
    assert.equal((await client.get(LIST)).status, 403);
    await setTenantQuota(t.ledger, tenant.name, 3);
    assert.equal((await client.get(LIST)).status, 200);
    assert.equal((await client.get(LIST)).status, 200);
    assert.equal((await client.get(LIST)).status, 403);
    await setTenantQuota(t.ledger, tenant.name, null);
    assert.equal((await client.get(LIST)).status, 200);
  });

  it('holds across servers on one database, once their counts are written (about a second later)', async () => {
    const tenant = await t.newTenant();
    await setTenantQuota(t.ledger, tenant.name, 3);
    const other = await t.sibling();
    for (let i = 0; i < 3; i++) assert.equal((await t.client(tenant.testnet).get(LIST)).status, 200);
    // The other server learns of them when the first has written them and it has read them back: each
    // does so once a second. Calls it lets through meanwhile only push the tenant further past.
    const deadline = Date.now() + 5000;
    let refused = await other.client(tenant.testnet).get(LIST);
    while (refused.status === 200 && Date.now() < deadline) {
      await sleep(200);
      refused = await other.client(tenant.testnet).get(LIST);
    }
    assert.equal(refused.status, 403);
    assert.equal(refused.body.errorCode, 'credits.quota.exceeded');
  });
});
