import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { takeTokens } from '../../src/domain/rate-limit/rate-limit.repository.js';
import { RateLimiter } from '../../src/domain/rate-limit/rate-limiter.js';
import { MemoryTokenSource, type RateLimit, type TokenSource } from '../../src/domain/rate-limit/token-bucket.js';
import type { Database } from '../../src/storage/database.js';
import { openTestDatabase } from '../helpers/database.js';

/** A bucket in memory on a clock the test moves, counting how often it is asked. */
function fakeBucket() {
  const clock = { now: 0 };
  const memory = new MemoryTokenSource(() => clock.now);
  const source: TokenSource & { asked: number } = {
    asked: 0,
    take(apiKeyId, limit, wanted) {
      source.asked++;
      return memory.take(apiKeyId, limit, wanted);
    },
  };
  return { clock, source };
}

describe('RateLimiter', () => {
  it('spends a lease in memory: one trip to the bucket per lease', async () => {
    const { clock, source } = fakeBucket();
    const limiter = new RateLimiter(source, { rps: 100, burst: 20, leaseSize: 5, clock: () => clock.now });
    for (let i = 0; i < 20; i++) assert.deepEqual(await limiter.admit('k'), { allowed: true });
    assert.equal(source.asked, 4);
    assert.deepEqual(await limiter.admit('k'), { allowed: false, retryAfterSeconds: 1 });
  });

  it('refuses from memory until the bucket can have refilled, then asks again', async () => {
    const { clock, source } = fakeBucket();
    const limiter = new RateLimiter(source, { rps: 0.25, burst: 1, clock: () => clock.now });
    assert.equal((await limiter.admit('k')).allowed, true);
    assert.deepEqual(await limiter.admit('k'), { allowed: false, retryAfterSeconds: 4 });
    const asked = source.asked;
    clock.now = 2500;
    assert.deepEqual(await limiter.admit('k'), { allowed: false, retryAfterSeconds: 2 });
    assert.equal(source.asked, asked, 'a flood of refusals does not reach the bucket');
    clock.now = 4000;
    assert.equal((await limiter.admit('k')).allowed, true);
  });

  it('drops leased tokens that were not spent in time, so a lease never stretches the burst', async () => {
    const { clock, source } = fakeBucket();
    const limiter = new RateLimiter(source, { rps: 1, burst: 4, leaseSize: 4, leaseMs: 1000, clock: () => clock.now });
    assert.equal((await limiter.admit('k')).allowed, true);
    clock.now = 1500; // 3 leased tokens expired; the bucket refilled 1.5 of its 4
    assert.equal((await limiter.admit('k')).allowed, true);
    assert.equal((await limiter.admit('k')).allowed, false);
  });

  it('keeps one bucket per key', async () => {
    const { clock, source } = fakeBucket();
    const limiter = new RateLimiter(source, { rps: 1, burst: 1, clock: () => clock.now });
    assert.equal((await limiter.admit('a')).allowed, true);
    assert.equal((await limiter.admit('a')).allowed, false);
    assert.equal((await limiter.admit('b')).allowed, true);
  });
});

describe('the shared bucket in the database', () => {
  let db: Database;
  before(async () => {
    db = await openTestDatabase();
  });
  after(() => db.close());

  const limit: RateLimit = { rps: 0.001, burst: 10 };

  it('starts full and hands out each token once, however many takes race for it', async () => {
    const grants = await Promise.all(Array.from({ length: 16 }, () => takeTokens(db, 'race', limit, 1)));
    assert.equal(
      grants.reduce((sum, g) => sum + g.granted, 0),
      10,
    );
    const empty = await takeTokens(db, 'race', limit, 3);
    assert.equal(empty.granted, 0);
    assert.ok(empty.left < 1);
  });

  it('grants a lease of up to `wanted`, and what is left when less is there', async () => {
    assert.equal((await takeTokens(db, 'lease', limit, 4)).granted, 4);
    assert.equal((await takeTokens(db, 'lease', limit, 4)).granted, 4);
    const last = await takeTokens(db, 'lease', limit, 4);
    assert.equal(last.granted, 2);
    assert.ok(last.left >= 0 && last.left < 1);
  });

  it('refills at rps tokens a second, up to the burst', async () => {
    const fast: RateLimit = { rps: 50, burst: 2 };
    assert.equal((await takeTokens(db, 'refill', fast, 2)).granted, 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await takeTokens(db, 'refill', fast, 10)).granted, 2, 'five tokens flowed in, two fit');
  });
});
