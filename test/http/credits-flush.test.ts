import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { before, describe, it } from 'node:test';
import { createApiKey, createTenant } from '../../src/domain/tenancy/tenancy.service.js';
import type { Database } from '../../src/storage/database.js';
import { suiteTestDatabase } from '../helpers/database.js';
import { appOnDatabase } from '../helpers/test-app.js';

const HOUR = 3_600_000;

async function rows(db: Database) {
  return db.query<{ api_key_id: string; credits: number }>(
    'SELECT api_key_id, credits::float8 AS credits FROM credit_usage ORDER BY api_key_id',
  );
}

const get = (key: string, url: string) => ({ method: 'GET' as const, url, headers: { 'x-api-key': key } });

describe('writing credits to the database', (suite) => {
  const db = suiteTestDatabase(suite);
  let keys: { id: string; key: string }[];
  before(async () => {
    await createTenant(db, 'flush');
    keys = [await createApiKey(db, 'flush', 'testnet'), await createApiKey(db, 'flush', 'testnet')];
  });

  it('counts in memory, and app.close() writes the counts per key before the database closes', async () => {
    const app = await appOnDatabase(db, { guards: { credits: { flushIntervalMs: HOUR } } });
    const [first, second] = keys as [{ id: string; key: string }, { id: string; key: string }];
    for (let i = 0; i < 3; i++) await app.inject(get(first.key, '/v3/ledger/customer?pageSize=1'));
    await app.inject({ method: 'PUT', url: '/v3/tatum/freeze', headers: { 'x-api-key': second.key } });
    await app.inject({ method: 'DELETE', url: '/v3/tatum/freeze', headers: { 'x-api-key': second.key } });
    assert.deepEqual(await rows(db), [], 'no database round trip per request');

    await app.close();
    const expected = [
      { api_key_id: first.id, credits: 3 },
      { api_key_id: second.id, credits: 4 },
    ].sort((a, b) => (a.api_key_id < b.api_key_id ? -1 : 1));
    assert.deepEqual(await rows(db), expected);

    // A restarted server reports them: the ledger's usage is both keys' credits.
    const restarted = await appOnDatabase(db);
    try {
      const usage = await restarted.inject(get(first.key, '/v3/tatum/usage'));
      assert.equal(
        usage.json().reduce((sum: number, d: { usage: number }) => sum + d.usage, 0),
        7,
      );
    } finally {
      await restarted.close();
    }
  });

  it('writes at least once a second while the server runs', async () => {
    const app = await appOnDatabase(db);
    try {
      const before = (await rows(db)).reduce((sum, r) => sum + r.credits, 0);
      await app.inject(get(keys[0]!.key, '/v3/ledger/customer?pageSize=1'));
      await sleep(2000);
      assert.equal(
        (await rows(db)).reduce((sum, r) => sum + r.credits, 0),
        before + 1,
      );
    } finally {
      await app.close();
    }
  });
});
