import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { CHANGES_CHANNEL, type ChangeSubscriber } from '../../src/domain/changes.js';
import { createLedger } from '../../src/domain/create-ledger.js';
import { buildApp } from '../../src/http/app.js';
import type { Database } from '../../src/storage/database.js';
import { onPostgres, openTestDatabase, testDatabase } from '../helpers/database.js';
import { openForTest } from '../helpers/lifetime.js';
import { openOwnDatabase } from '../helpers/own-database.js';

// The ledger owns what runs besides requests: it listens for changes from start() on, not from the
// first lookup, and stops at close(), which leaves the database open for whoever opened it.

/**
 * How many sessions LISTEN on the change channel: on PostgreSQL, the backends of a database of the
 * test's own (the channel is shared by every schema of a database); on PGlite, its one session.
 */
async function openListenedDatabase(): Promise<{ db: Database; listeners(): Promise<number>; close(): Promise<void> }> {
  if (!onPostgres) {
    const db = await openTestDatabase();
    return {
      db,
      listeners: async () =>
        (
          await db.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_listening_channels() c WHERE c = $1', [
            CHANGES_CHANNEL,
          ])
        )[0]!.n,
      close: () => db.close(),
    };
  }
  const own = await openOwnDatabase(process.env.TEST_DATABASE_URL!);
  return {
    db: own.db,
    listeners: async () =>
      (
        await own.admin.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND query = $2',
          [own.name, `LISTEN "${CHANGES_CHANNEL}"`],
        )
      )[0]!.n,
    close: () => own.close(),
  };
}

async function until(what: string, condition: () => Promise<boolean>): Promise<void> {
  const started = performance.now();
  while (!(await condition())) {
    assert.ok(performance.now() - started < 5000, `${what} within 5 s`);
    await sleep(10);
  }
}

describe('a ledger', () => {
  it('listens once started, before any request, and no longer once closed', async (context) => {
    const opened = await openForTest(context, openListenedDatabase);
    const ledger = createLedger({ db: opened.db });
    const heard: string[] = [];
    const probe: ChangeSubscriber = {
      changed: () => undefined,
      listening: () => heard.push('listening'),
      interrupted: () => heard.push('interrupted'),
    };
    ledger.changes.subscribe(probe);
    const app = await buildApp({ ledger });
    assert.equal(await opened.listeners(), 0, 'not before start');
    await ledger.start();
    assert.deepEqual(heard, ['listening'], 'the LISTEN is in place when start() resolves');
    assert.equal(await opened.listeners(), 1);
    await ledger.start();
    assert.equal(await opened.listeners(), 1, 'started once');

    await app.close();
    assert.equal(await opened.listeners(), 1, 'the app leaves it to whoever made the ledger');
    await ledger.close();
    await ledger.close();
    assert.deepEqual(heard, ['listening', 'interrupted']);
    // A backend leaves pg_stat_activity a moment after its client has gone.
    await until('the LISTEN gone', async () => (await opened.listeners()) === 0);
    assert.deepEqual(await opened.db.query('SELECT 1 AS open'), [{ open: 1 }], 'the database stays open');
  });

  it('writes the credits it counted when it closes', async (context) => {
    const db = await testDatabase(context);
    const ledger = createLedger({ db, config: { credits: { flushIntervalMs: 60 * 60_000 } } });
    await ledger.start();
    const [tenant] = await db.query<{ id: string }>(
      "INSERT INTO tenants (id, name) VALUES ('t1', 'closing') RETURNING id",
    );
    await db.query("INSERT INTO ledgers (id, tenant_id, network) VALUES ('l1', $1, 'testnet')", [tenant!.id]);
    await db.query("INSERT INTO api_keys (id, ledger_id, key_hash, key_hint) VALUES ('k1', 'l1', 'h', 'x')");
    ledger.meter.charge({ apiKeyId: 'k1', ledgerId: 'l1', tenantId: tenant!.id, network: 'testnet' }, 3);
    await ledger.close();
    const [row] = await db.query<{ credits: string }>('SELECT sum(credits)::text AS credits FROM credit_usage');
    assert.equal(row!.credits, '3');
  });
});
