import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { authenticate, provisionStartupKeys } from '../../src/domain/tenancy/tenancy.service.js';
import { listApiKeys } from '../../src/domain/tenancy/tenancy.repository.js';
import type { Database } from '../../src/storage/database.js';
import { openSharedEmptyDatabase, testDatabase } from '../helpers/database.js';
import { migrate } from '../../src/storage/migrate.js';

describe('keys at start', () => {
  let db: Database;
  beforeEach(async (context) => {
    db = await testDatabase(context);
  });

  it('makes one key per network on an empty database, and none the next time', async () => {
    const made = await provisionStartupKeys(db, {});
    assert.match(made.mainnet!, /^main_/);
    assert.match(made.testnet!, /^test_/);
    assert.equal((await authenticate(db, made.mainnet)).network, 'mainnet');
    assert.equal((await authenticate(db, made.testnet)).network, 'testnet');
    assert.deepEqual(await provisionStartupKeys(db, {}), {});
    assert.equal((await listApiKeys(db)).length, 2);
  });

  it('stores keys hashed, never as given', async () => {
    const made = await provisionStartupKeys(db, {});
    const rows = await db.query<{ key_hash: string; key_hint: string }>('SELECT key_hash, key_hint FROM api_keys');
    for (const row of rows) {
      assert.match(row.key_hash, /^[0-9a-f]{64}$/);
      assert.notEqual(row.key_hash, made.mainnet);
      assert.ok(!row.key_hint.includes(made.mainnet!) && !row.key_hint.includes(made.testnet!));
    }
  });

  it('registers environment keys for the default tenant idempotently, making no others', async () => {
    const keys = { mainnet: 'env-main', testnet: 'env-test' };
    assert.deepEqual(await provisionStartupKeys(db, keys), {});
    assert.deepEqual(await provisionStartupKeys(db, keys), {});
    const listed = await listApiKeys(db);
    assert.deepEqual(listed.map((k) => [k.tenant_name, k.network]).sort(), [
      ['default', 'mainnet'],
      ['default', 'testnet'],
    ]);
    const main = await authenticate(db, 'env-main');
    const test = await authenticate(db, 'env-test');
    assert.notEqual(main.ledgerId, test.ledgerId);
    assert.equal(main.tenantId, test.tenantId);
  });

  it('registers only the one key given, and makes none for the other network', async () => {
    await provisionStartupKeys(db, { testnet: 'only-test' });
    assert.deepEqual(
      (await listApiKeys(db)).map((k) => k.network),
      ['testnet'],
    );
  });

  it('refuses a key given for the wrong network', async () => {
    await provisionStartupKeys(db, { mainnet: 'same-key' });
    await assert.rejects(provisionStartupKeys(db, { testnet: 'same-key' }), /already belongs to another ledger/);
  });

  it('refuses unknown, revoked and deactivated-tenant keys', async () => {
    const made = await provisionStartupKeys(db, {});
    await assert.rejects(authenticate(db, undefined), { errorCode: 'subscription.invalid' });
    await assert.rejects(authenticate(db, 'nope'), { errorCode: 'subscription.invalid' });
    await db.query(
      `UPDATE api_keys SET revoked_at = now() WHERE ledger_id IN (SELECT id FROM ledgers WHERE network = 'mainnet')`,
    );
    await assert.rejects(authenticate(db, made.mainnet), { errorCode: 'subscription.invalid' });
    await db.query('UPDATE tenants SET active = false');
    await assert.rejects(authenticate(db, made.testnet), { errorCode: 'subscription.not.active' });
  });

  it('makes one set of default keys when servers start together on an empty database', async () => {
    const shared = await openSharedEmptyDatabase(4);
    try {
      const started = await Promise.all(
        shared.handles.map(async (handle) => {
          await migrate(handle);
          return provisionStartupKeys(handle, {});
        }),
      );
      assert.equal(started.filter((made) => made.mainnet !== undefined).length, 1);
      assert.deepEqual(started.filter((made) => made.mainnet === undefined).length, 3);
      const keys = await listApiKeys(shared.handles[0]!);
      assert.deepEqual(keys.map((k) => k.network).sort(), ['mainnet', 'testnet']);
      const tenants = await shared.handles[0]!.query('SELECT name FROM tenants');
      assert.deepEqual(tenants, [{ name: 'default' }]);
    } finally {
      await shared.close();
    }
  });
});
