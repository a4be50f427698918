import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { createLedger, type Ledger } from '../../src/domain/create-ledger.js';
import { CALLER_CACHE_MS, CallerCache } from '../../src/domain/tenancy/caller-cache.js';
import { setApiKeyFrozenById } from '../../src/domain/tenancy/key-freeze.js';
import { setTenantQuota } from '../../src/domain/tenancy/tenant-quota.js';
import { createTenantWithKeys, revokeApiKey } from '../../src/domain/tenancy/tenancy.service.js';
import type { Database } from '../../src/storage/database.js';
import { openTestDatabase } from '../helpers/database.js';
import { openForTest } from '../helpers/lifetime.js';

// The cache of what API keys stand for: a change announced on the change signal (a write through a
// ledger, or the database's announcement of another connection's) applies at the next request; one it
// never hears of (SQL here, with nobody listening: an announcement lost) is seen once the bound has
// passed, never later. The ledger is not started, so only what its writes announce is heard.

describe('caller cache', () => {
  let db: Database;
  let ledger: Ledger;
  let reads: number;
  /** While set, key lookups wait for it. */
  let gate: Promise<void> | undefined;
  let now: number;
  let cache: CallerCache;
  let keys: Awaited<ReturnType<typeof createTenantWithKeys>>['keys'];

  /** A database that counts the key lookups, and a ledger on it; closed in that order's reverse. */
  async function open() {
    const opened = await openTestDatabase();
    const counting: Database = {
      ...opened,
      query: async (sql, params) => {
        if (sql.includes('key_hash =')) {
          reads++;
          await gate;
        }
        return opened.query(sql, params);
      },
    };
    const made = createLedger({ db: counting });
    const close = async () => {
      await made.close();
      await opened.close();
    };
    return { db: counting, ledger: made, close };
  }

  beforeEach(async (context) => {
    reads = 0;
    gate = undefined;
    ({ db, ledger } = await openForTest(context, open));
    now = 0;
    cache = new CallerCache(db, { clock: () => now });
    ledger.changes.subscribe(cache);
    cache.listening();
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

  it('sees a change it never heard of within the bound, not before', async () => {
    assert.equal((await cache.authenticate(keys.testnet.key)).frozen, false);
    await db.query('UPDATE api_keys SET frozen = true WHERE id = $1', [keys.testnet.id]);
    now += CALLER_CACHE_MS - 1;
    assert.equal((await cache.authenticate(keys.testnet.key)).frozen, false, 'within the bound');
    now += 1;
    assert.equal((await cache.authenticate(keys.testnet.key)).frozen, true, 'once the bound has passed');
  });

  it('applies an announced freeze, quota and revocation at once, and keeps the other keys', async () => {
    await cache.authenticate(keys.testnet.key);
    await cache.authenticate(keys.mainnet.key);
    await setApiKeyFrozenById(ledger, keys.testnet.id, true);
    assert.equal((await cache.authenticate(keys.testnet.key)).frozen, true);
    await cache.authenticate(keys.mainnet.key);
    assert.equal(reads, 3, 'a key change forgets that key only');
    await setTenantQuota(ledger, 'acme', 100);
    assert.equal((await cache.authenticate(keys.testnet.key)).monthlyCreditQuota, 100);
    assert.equal((await cache.authenticate(keys.mainnet.key)).monthlyCreditQuota, 100, 'a tenant change, its keys');
    await revokeApiKey(ledger, keys.testnet.id);
    await assert.rejects(async () => cache.authenticate(keys.testnet.key), { reason: 'subscriptionInvalid' });
  });

  it('does not keep what a read brings back when a change was heard while it ran', async () => {
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    const inFlight = cache.authenticate(keys.testnet.key);
    cache.changed({ apiKey: keys.testnet.id });
    open();
    await inFlight;
    await cache.authenticate(keys.testnet.key);
    assert.equal(reads, 2, 'read again: the first read may predate the change');
    await cache.authenticate(keys.testnet.key);
    assert.equal(reads, 2);
  });

  it('keeps nothing while changes made elsewhere may go unheard', async () => {
    const deaf = new CallerCache(db, { clock: () => now });
    await deaf.authenticate(keys.testnet.key);
    await deaf.authenticate(keys.testnet.key);
    assert.equal(reads, 2, 'nothing kept before the LISTEN is in place');
    deaf.listening();
    await deaf.authenticate(keys.testnet.key);
    await deaf.authenticate(keys.testnet.key);
    assert.equal(reads, 3);
    deaf.interrupted();
    await deaf.authenticate(keys.testnet.key);
    await deaf.authenticate(keys.testnet.key);
    assert.equal(reads, 5, 'dropped and not kept once the connection is lost');
  });

  it('keeps no refusal: a missing or unknown key is refused each time', async () => {
    await assert.rejects(async () => cache.authenticate(undefined), { reason: 'subscriptionInvalid' });
    await assert.rejects(async () => cache.authenticate('test_nope'), { reason: 'subscriptionInvalid' });
    await assert.rejects(async () => cache.authenticate('test_nope'), { reason: 'subscriptionInvalid' });
    assert.equal(reads, 2);
  });
});
