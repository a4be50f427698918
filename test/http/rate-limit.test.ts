import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../src/domain/tenancy/tenancy.service.js';
import { onPostgres } from '../helpers/database.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

const LIST = '/v3/ledger/customer?pageSize=1';

describe('per-key rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ operations: { rateLimit: { rps: 1, burst: 2 } } });
  });
  after(() => t.close());

  it('answers 429 rate.limit.exceeded with Retry-After past the burst, uncharged, and lets the key in again', async () => {
    const tenant = await t.newTenant();
    const client = t.client(tenant.testnet);
    assert.equal((await client.get(LIST)).status, 200);
    assert.equal((await client.get(LIST)).status, 200);
    const refused = await client.get(LIST);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['retry-after'], '1');
    assert.deepEqual(refused.body, {
      statusCode: 429,
      errorCode: 'rate.limit.exceeded',
      message: 'Too many requests: this API key may make 1 requests per second, in bursts of up to 2. Retry after 1 s.',
    });
    // Refused before anything else: a write of a frozen key or an invalid body get the 429 too.
    assert.equal((await client.post('/v3/ledger/account', {})).status, 429);

    // Another key of the same ledger has a bucket of its own, and sees that refusals cost nothing.
    const other = t.client((await createApiKey(t.db, tenant.name, 'testnet')).key);
    const usage = await other.get('/v3/tatum/usage');
    assert.equal(
      usage.body.reduce((sum: number, d: { usage: number }) => sum + d.usage, 0),
      2,
    );

    await sleep(1100);
    assert.equal((await client.get(LIST)).status, 200);
  });

  it('applies to the /v3/tatum routes as well, and not to the unauthenticated ones', async () => {
    const client = t.client((await t.newTenant()).testnet);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await client.get('/v3/tatum/version')).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    for (let i = 0; i < 3; i++) assert.equal((await t.app.inject({ url: '/openapi.json' })).statusCode, 200);
  });
});

describe('a rate limit shared by two servers on one database', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  // On PostgreSQL the buckets are a table both servers take leases from; on PGlite (one process) they
  // are in memory, shared by every app on the database.
  it(`does not double a key's allowance (${onPostgres ? 'PostgreSQL' : 'PGlite'})`, async () => {
    const limit = { rps: 0.1, burst: 6 };
    const first = await t.sibling({ operations: { rateLimit: limit } });
    const second = await t.sibling({ operations: { rateLimit: limit } });
    const tenant = await t.newTenant();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      for (const server of [first, second]) statuses.push((await server.client(tenant.testnet).get(LIST)).status);
    }
    assert.equal(statuses.filter((s) => s === 200).length, 6, statuses.join(' '));
    assert.equal(statuses.filter((s) => s === 429).length, 10);
  });

  it('stays within the bucket when each server leases several tokens at a time', async () => {
    // Leases that outlive the test: a slow run must not drop them (expiry has its own unit test).
    const limit = { rps: 0.1, burst: 6, leaseSize: 3, leaseMs: 60_000 };
    const first = await t.sibling({ operations: { rateLimit: limit } });
    const second = await t.sibling({ operations: { rateLimit: limit } });
    const tenant = await t.newTenant();
    const allowed = { first: 0, second: 0 };
    for (let i = 0; i < 6; i++) {
      if ((await first.client(tenant.testnet).get(LIST)).status === 200) allowed.first++;
      if ((await second.client(tenant.testnet).get(LIST)).status === 200) allowed.second++;
    }
    assert.deepEqual(allowed, { first: 3, second: 3 });
  });
});
