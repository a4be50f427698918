import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { setTenantRateLimitSetting } from '../../src/domain/tenancy/rate-limit-settings.js';
import { createApiKey } from '../../src/domain/tenancy/tenancy.service.js';
import { onPostgres } from '../helpers/database.js';
import { caughtUp } from '../helpers/changes.js';
import { suiteTestApp } from '../helpers/test-app.js';

const LIST = '/v3/ledger/customer?pageSize=1';

describe('per-key rate limit', (suite) => {
  const t = suiteTestApp(suite, { guards: { rateLimit: { rps: 1, burst: 2 } } });

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

// On PostgreSQL the buckets are a table both servers take leases from. PGlite is opened by one process,
// so one server: its buckets are in that server's memory, and there is no second server to share them.
const oneServerOnly = 'PGlite is opened by one process: there is no second server';
describe('a rate limit shared by two servers on one database', { skip: !onPostgres && oneServerOnly }, (suite) => {
  const t = suiteTestApp(suite);

  it("does not double a key's allowance", async () => {
    const limit = { rps: 0.1, burst: 6 };
    const first = await t.sibling({ guards: { rateLimit: limit } });
    const second = await t.sibling({ guards: { rateLimit: limit } });
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
    const first = await t.sibling({ guards: { rateLimit: limit } });
    const second = await t.sibling({ guards: { rateLimit: limit } });
    const tenant = await t.newTenant();
    const allowed = { first: 0, second: 0 };
    for (let i = 0; i < 6; i++) {
      if ((await first.client(tenant.testnet).get(LIST)).status === 200) allowed.first++;
      if ((await second.client(tenant.testnet).get(LIST)).status === 200) allowed.second++;
    }
    assert.deepEqual(allowed, { first: 3, second: 3 });
  });
});

describe('a burst of requests arriving together', (suite) => {
  const t = suiteTestApp(suite);

  const db = onPostgres ? 'PostgreSQL' : 'PGlite';
  const statusesOf = async (requests: Promise<{ status: number }>[]) =>
    (await Promise.all(requests)).map((r) => r.status);
  const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

  it(`admits 200 simultaneous requests against a burst of 200 (${db})`, async () => {
    const server = await t.sibling({ guards: { rateLimit: { rps: 100, burst: 200 } } });
    const client = server.client((await t.newTenant()).testnet);
    const statuses = await statusesOf(Array.from({ length: 200 }, () => client.get(LIST)));
    assert.equal(count(statuses, 200), 200, `refused: ${count(statuses, 429)}`);
  });

  it(`admits exactly the burst of 300 simultaneous requests when nothing refills (${db})`, async () => {
    const server = await t.sibling({ guards: { rateLimit: { rps: 0.01, burst: 200 } } });
    const client = server.client((await t.newTenant()).testnet);
    const statuses = await statusesOf(Array.from({ length: 300 }, () => client.get(LIST)));
    assert.deepEqual([count(statuses, 200), count(statuses, 429)], [200, 100]);
  });

  it(
    'admits 200 simultaneous requests spread over two servers on one database',
    { skip: !onPostgres && oneServerOnly },
    async () => {
      const limit = { rps: 100, burst: 200 };
      const servers = [
        await t.sibling({ guards: { rateLimit: limit } }),
        await t.sibling({ guards: { rateLimit: limit } }),
      ];
      const key = (await t.newTenant()).testnet;
      const statuses = await statusesOf(Array.from({ length: 200 }, (_, i) => servers[i % 2]!.client(key).get(LIST)));
      assert.equal(count(statuses, 200), 200, `refused: ${count(statuses, 429)}`);
    },
  );
});

describe('unknown API keys, limited per client address while the limiter is on', (suite) => {
  const t = suiteTestApp(suite);

  const unknownKey = () => `test_${randomBytes(16).toString('hex')}`;
  /**
   * `n` requests sent together from `address`, each with a key no server knows, and how many lookups the
   * address may have made meanwhile: a burst of 20 plus 10 a second (generous: the machine may be slow).
   */
  async function unknownKeys(app: FastifyInstance, n: number, address: string) {
    const started = performance.now();
    const replies = await Promise.all(
      Array.from({ length: n }, () =>
        app.inject({ url: LIST, remoteAddress: address, headers: { 'x-api-key': unknownKey() } }),
      ),
    );
    return Object.assign(replies, { mostLookups: 20 + Math.ceil(((performance.now() - started) / 1000) * 10) });
  }
  const count = (replies: { statusCode: number }[], status: number) =>
    replies.filter((r) => r.statusCode === status).length;
  const assertLimited = (replies: Awaited<ReturnType<typeof unknownKeys>>) => {
    const looked = count(replies, 401);
    assert.ok(looked >= 20 && looked <= replies.mostLookups, `${looked} lookups`);
    assert.equal(count(replies, 429), replies.length - looked);
  };

  it('looks up at most a burst of 20 of them at once per address, and answers the rest 429 with Retry-After', async () => {
    const { app } = await t.sibling({ guards: { rateLimit: { rps: 100, burst: 200 } } });
    const replies = await unknownKeys(app, 50, '192.0.2.1');
    assertLimited(replies);
    const refused = replies.find((r) => r.statusCode === 429)!;
    assert.equal(refused.headers['retry-after'], '1');
    assert.deepEqual(refused.json(), {
      statusCode: 429,
      errorCode: 'rate.limit.exceeded',
      message:
        'Too many requests with unknown API keys from this address: 10 per second, in bursts of up to 20, are looked up. Retry after 1 s.',
    });
    // Another address has its own allowance; known keys take nothing from it.
    assert.equal(count(await unknownKeys(app, 5, '192.0.2.2'), 401), 5);
    const known = await t.newTenant();
    for (let i = 0; i < 25; i++) {
      const reply = await app.inject({
        url: LIST,
        remoteAddress: '192.0.2.3',
        headers: { 'x-api-key': known.mainnet },
      });
      assert.equal(reply.statusCode, 200);
    }
    assert.equal(count(await unknownKeys(app, 20, '192.0.2.3'), 401), 20);
  });

  it("counts them by the client's address behind a trusted proxy (LEDGER_TRUST_PROXY), by the peer's otherwise", async () => {
    const limit = { guards: { rateLimit: { rps: 100, burst: 200 } } };
    const behindProxy = (app: FastifyInstance, client: string, peer = '10.0.0.1') =>
      Promise.all(
        Array.from({ length: 15 }, () =>
          app.inject({
            url: LIST,
            remoteAddress: peer,
            headers: { 'x-api-key': unknownKey(), 'x-forwarded-for': client },
          }),
        ),
      );
    const trusting = await t.sibling({ ...limit, trustProxy: ['10.0.0.0/8'] });
    // 15 from each of two clients through the proxy: each has a burst of 20 of its own.
    assert.equal(count(await behindProxy(trusting.app, '198.51.100.1'), 401), 15);
    assert.equal(count(await behindProxy(trusting.app, '198.51.100.2'), 401), 15);
    // A peer that is not the proxy names any address it likes in vain: its own address is counted.
    const direct = await behindProxy(trusting.app, '198.51.100.3', '192.0.2.9');
    const spoofed = await behindProxy(trusting.app, '198.51.100.4', '192.0.2.9');
    assert.equal(count(direct, 401), 15);
    assert.ok(count(spoofed, 429) > 0, 'one allowance for the peer, whatever address it forwards');
    // Without trust, the proxy's own address is every client's: they share one allowance.
    const untrusting = await t.sibling(limit);
    const first = await behindProxy(untrusting.app, '198.51.100.5');
    const second = await behindProxy(untrusting.app, '198.51.100.6');
    assert.equal(count(first, 401), 15);
    assert.ok(count(second, 429) > 0, 'the second client has what the first left of one allowance');
  });

  it('leaves them alone while the limiter is off, and limits them once a tenant has a limit', async () => {
    const { app, ledger } = await t.sibling();
    assert.equal(count(await unknownKeys(app, 30, '192.0.2.4'), 401), 30);
    const tenant = await t.newTenant();
    await setTenantRateLimitSetting(t.ledger, tenant.name, { rps: 5, burst: 10 });
    // Set through another server: this one hears it from the database.
    await caughtUp(ledger, t.db);
    try {
      assertLimited(await unknownKeys(app, 40, '192.0.2.5'));
    } finally {
      await setTenantRateLimitSetting(t.ledger, tenant.name, null);
    }
  });
});
