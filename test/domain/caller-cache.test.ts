import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { CALLER_CACHE_MS, CallerCache } from '../../src/domain/tenancy/caller-cache.js';
import { setApiKeyFrozenById } from '../../src/domain/tenancy/key-freeze.js';
import { setTenantQuota } from '../../src/domain/tenancy/tenant-quota.js';
import { createTenantWithKeys, revokeApiKey } from '../../src/domain/tenancy/tenancy.service.js';
import type { Database } from '../../src/storage/database.js';
import { testDatabase } from '../helpers/database.js';

// The cache of what API keys stand for: a change made through the same database handle applies at
// the next request; one made by another process (simulated here by SQL that bypasses the domain) is
// seen once the bound has passed, never later.

describe('caller cache', () => {
  let db: Database;
  let reads: number;
  let now: number;
  let cache: CallerCache;
  let keys: Awaited<ReturnType<typeof createTenantWithKeys>>['keys'];

  beforeEach(async (context) => {
    const opened = await testDatabase(context);
    reads = 0;
    // Counts the key lookups; the same object is handed to the domain, so its changes are seen.
    db = {
      ...opened,
      query: (sql, params) => {
        if (sql.includes('key_hash =')) reads++;
        return opened.query(sql, params);
      },
    };
    now = 0;
    cache = new CallerCache(db, { clock: () => now });
    keys = (await createTenantWithKeys(db, 'acme')).keys;
  });

  it('reads a key once per bound, however many requests use it', async () => {
    const first = await cache.authenticate(keys.testnet.key);
    assert.equal(first.network, 'testnet');
    await Promise.all(Array.from({ length: 10 }, () => cache.authenticate(keys.testnet.key)));
    assert.equal(reads, 1);
    now += CALLER_CACHE_MS;
    await cache.authenticate(keys.testnet.key);
    assert.equal(reads, 2);
  });

  it('requests that miss together share one read', async () => {
    await Promise.all(Array.from({ length: 10 }, () => cache.authenticate(keys.mainnet.key)));
    assert.equal(reads, 1);
  });

  it('sees a change made by another process within the bound, not before', async () => {
    assert.equal((await cache.authenticate(keys.testnet.key)).frozen, false);
    await db.query('UPDATE api_keys SET frozen = true WHERE id = $1', [keys.testnet.id]);
    now += CALLER_CACHE_MS - 1;
    assert.equal((await cache.authenticate(keys.testnet.key)).frozen, false, 'within the bound');
    now += 1;
    assert.equal((await cache.authenticate(keys.testnet.key)).frozen, true, 'once the bound has passed');
  });

  it('applies a freeze, a quota and a revocation made through the same database at once', async () => {
    await cache.authenticate(keys.testnet.key);
    await setApiKeyFrozenById(db, keys.testnet.id, true);
    assert.equal((await cache.authenticate(keys.testnet.key)).frozen, true);
    await setTenantQuota(db, 'acme', 100);
    assert.equal((await cache.authenticate(keys.testnet.key)).monthlyCreditQuota, 100);
    await revokeApiKey(db, keys.testnet.id);
    await assert.rejects(async () => cache.authenticate(keys.testnet.key), { reason: 'subscriptionInvalid' });
  });

  it('keeps no refusal: a missing or unknown key is refused each time', async () => {
    await assert.rejects(async () => cache.authenticate(undefined), { reason: 'subscriptionInvalid' });
    await assert.rejects(async () => cache.authenticate('test_nope'), { reason: 'subscriptionInvalid' });
    await assert.rejects(async () => cache.authenticate('test_nope'), { reason: 'subscriptionInvalid' });
    assert.equal(reads, 2);
  });
});
