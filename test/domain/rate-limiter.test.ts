import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { takeTokens } from '../../src/domain/rate-limit/rate-limit.repository.js';
import { RateLimiter } from '../../src/domain/rate-limit/rate-limiter.js';
import { MemoryTokenSource, type RateLimit, type TokenSource } from '../../src/domain/rate-limit/token-bucket.js';
import { suiteTestDatabase } from '../helpers/database.js';

/**
 * A bucket in memory on a clock the test moves, counting how often it is asked and how many takes run
 * at once; each take answers after a macrotask, as a database would, so that requests pile up meanwhile.
 */
function fakeBucket() {
  const clock = { now: 0 };
  const memory = new MemoryTokenSource(() => clock.now);
  let inFlight = 0;
  const source: TokenSource & { asked: number; inFlightMost: number } = {
    asked: 0,
    inFlightMost: 0,
    async take(apiKeyId, limit, want) {
      source.asked++;
      source.inFlightMost = Math.max(source.inFlightMost, ++inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return memory.take(apiKeyId, limit, want);
    },
  };
  return { clock, source };
}

describe('RateLimiter', () => {
  const admitAll = (limiter: RateLimiter, n: number, limit: RateLimit, key = 'k') =>
    Promise.all(Array.from({ length: n }, () => limiter.admit(key, limit)));
  const allowed = (decisions: { allowed: boolean }[]) => decisions.filter((d) => d.allowed).length;

  it('spends leases in memory while the bucket is above half full, then takes what requests need', async () => {
    const { clock, source } = fakeBucket();
    const limiter = new RateLimiter(source, { leaseSize: 5, clock: () => clock.now });
    const limit = { rps: 100, burst: 20 };
    for (let i = 0; i < 20; i++) assert.deepEqual(await limiter.admit('k', limit), { allowed: true });
    // Two leases of 5 (20 -> 15 -> 10 left), then one token per request below half.
    assert.equal(source.asked, 12);
    assert.deepEqual(await limiter.admit('k', limit), { allowed: false, retryAfterSeconds: 1 });
  });

  it('admits exactly the burst of requests arriving at once, with one take in flight at a time', async () => {
    const { clock, source } = fakeBucket();
    const limiter = new RateLimiter(source, { leaseSize: 10, clock: () => clock.now });
    const decisions = await admitAll(limiter, 300, { rps: 100, burst: 200 });
    assert.equal(allowed(decisions), 200);
    assert.deepEqual(decisions[299], { allowed: false, retryAfterSeconds: 1 });
    // The first take asks for a lease; every request that came meanwhile waits for the second.
    assert.equal(source.asked, 2);
    assert.equal(source.inFlightMost, 1);
  });

  it('refuses from memory until the bucket can have refilled, then asks again', async () => {
    const { clock, source } = fakeBucket();
    const limiter = new RateLimiter(source, { clock: () => clock.now });
    const limit = { rps: 0.25, burst: 1 };
    assert.equal((await limiter.admit('k', limit)).allowed, true);
    assert.deepEqual(await limiter.admit('k', limit), { allowed: false, retryAfterSeconds: 4 });
    const asked = source.asked;
    clock.now = 2500;
    assert.deepEqual(limiter.admit('k', limit), { allowed: false, retryAfterSeconds: 2 });
    assert.equal(source.asked, asked, 'a flood of refusals does not reach the bucket');
    clock.now = 4000;
    assert.equal((await limiter.admit('k', limit)).allowed, true);
  });

  it('asks the bucket again at once when the key is given a new limit, and keeps what the bucket holds', async () => {
    const { clock, source } = fakeBucket();
    const limiter = new RateLimiter(source, { clock: () => clock.now });
    assert.equal((await limiter.admit('k', { rps: 0.25, burst: 1 })).allowed, true);
    assert.equal((await limiter.admit('k', { rps: 0.25, burst: 1 })).allowed, false);
    clock.now = 10;
    assert.equal((await limiter.admit('k', { rps: 0.25, burst: 1 })).allowed, false, 'refused from memory');
    assert.equal((await limiter.admit('k', { rps: 1000, burst: 1 })).allowed, true, '10 ms at 1000/s refill it');
  });

  it('drops leased tokens that were not spent in time, so a lease never stretches the burst', async () => {
    const { clock, source } = fakeBucket();
    const limiter = new RateLimiter(source, { leaseSize: 2, leaseMs: 1000, clock: () => clock.now });
    const limit = { rps: 1, burst: 6 };
    assert.equal((await limiter.admit('k', limit)).allowed, true); // a lease of 2 (4 left)
    clock.now = 1500; // 1 leased token expired; the bucket refilled to 5.5
    assert.equal(allowed(await admitAll(limiter, 6, limit)), 5);
  });

  it('keeps one bucket per key', async () => {
    const { clock, source } = fakeBucket();
    const limiter = new RateLimiter(source, { clock: () => clock.now });
    const limit = { rps: 1, burst: 1 };
    assert.equal((await limiter.admit('a', limit)).allowed, true);
    assert.equal((await limiter.admit('a', limit)).allowed, false);
    assert.equal((await limiter.admit('b', limit)).allowed, true);
  });

  it('fails the waiting requests when the bucket cannot be read, and asks again for the next one', async () => {
    const { clock, source } = fakeBucket();
    let broken = true;
    const flaky: TokenSource = {
      take: (key, limit, want) => (broken ? Promise.reject(new Error('database down')) : source.take(key, limit, want)),
    };
    const limiter = new RateLimiter(flaky, { clock: () => clock.now });
    const limit = { rps: 1, burst: 2 };
    const results = await Promise.allSettled(Array.from({ length: 3 }, () => limiter.admit('k', limit)));
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    broken = false;
    assert.equal((await limiter.admit('k', limit)).allowed, true);
  });
});

describe('the shared bucket in the database', (suite) => {
  const db = suiteTestDatabase(suite);

  const limit: RateLimit = { rps: 0.001, burst: 10 };

  it('starts full and hands out each token once, however many takes race for it', async () => {
    const grants = await Promise.all(
      Array.from({ length: 16 }, () => takeTokens(db, 'race', limit, { need: 1, extra: 0 })),
    );
    assert.equal(
      grants.reduce((sum, g) => sum + g.granted, 0),
      10,
    );
    const empty = await takeTokens(db, 'race', limit, { need: 3, extra: 0 });
    assert.equal(empty.granted, 0);
    assert.ok(empty.left < 1);
  });

  it('grants what requests need as far as it holds, and a lease beyond it only from its upper half', async () => {
    assert.equal((await takeTokens(db, 'lease', limit, { need: 1, extra: 3 })).granted, 4, '6 of 10 stay');
    assert.equal((await takeTokens(db, 'lease', limit, { need: 1, extra: 3 })).granted, 1, 'a lease would leave 2');
    const last = await takeTokens(db, 'lease', limit, { need: 7, extra: 0 });
    assert.equal(last.granted, 5);
    assert.ok(last.left >= 0 && last.left < 1);
  });

  it('refills at rps tokens a second, up to the burst', async () => {
    const fast: RateLimit = { rps: 50, burst: 2 };
    assert.equal((await takeTokens(db, 'refill', fast, { need: 2, extra: 0 })).granted, 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(
      (await takeTokens(db, 'refill', fast, { need: 10, extra: 0 })).granted,
      2,
      'five tokens flowed in, two fit',
    );
  });
});
