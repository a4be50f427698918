import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { createApiKey, createTenant } from '../../src/domain/tenancy/tenancy.service.js';
import { connectStorage } from '../../src/storage/connect.js';
import { openPostgres } from '../../src/storage/postgres.js';
import { onPostgres } from '../helpers/database.js';
import { httpClient } from '../helpers/http-client.js';
import { snapshotLedger } from '../helpers/ledger-snapshot.js';
import { buildRichLedger } from '../helpers/rich-ledger.js';
import { clientFor, startLedgerApp } from '../helpers/test-app.js';
import { runLedger } from './test-cli.js';
import { assertWholeOrAbsent, runPayments, withoutLoad } from './payment-load.js';

// On PostgreSQL a ledger is backed up with PostgreSQL's own tools, as the README's "Backup and restore"
// shows: pg_dump while the server runs (one snapshot of the database: every transaction whole or not
// there), pg_restore into a new database, then `ledger check` and `ledger migrate`. The test's ledger
// lives in a schema of its own, so pg_dump takes that schema, and pg_restore makes it in the new database.

const run = promisify(execFile);

/** A connection string to `database` (the test's own when omitted) whose session works in `schema`. */
function urlOf(schema: string, database?: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  if (database) url.pathname = `/${database}`;
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

describe('pg_dump and pg_restore, on PostgreSQL', { skip: !onPostgres && 'needs TEST_DATABASE_URL' }, () => {
  it('a dump taken while payments flow restores into a new database: the same ledger, keys included, and it checks', async (t) => {
    const suffix = randomBytes(6).toString('hex');
    const schema = `test_dump_${suffix}`;
    const database = `test_restore_${suffix}`;
    const files = await mkdtemp(join(tmpdir(), 'ledger-dump-'));
    const admin = await openPostgres({ connectionString: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    await admin.exec(`CREATE SCHEMA ${schema}`);
    await admin.exec(`CREATE DATABASE ${database}`);
    t.after(async () => {
      await admin.exec(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
      await rm(files, { recursive: true, force: true });
    });

    const db = await connectStorage({ databaseUrl: urlOf(schema), dataDir: 'unused' });
    const source = await startLedgerApp(db);
    await createTenant(db, 'acme');
    const key = (await createApiKey(db, 'acme', 'testnet')).key;
    await buildRichLedger(clientFor(source.app, key));
    const before = await snapshotLedger(clientFor(source.app, key));
    const url = await source.app.listen({ port: 0, host: '127.0.0.1' });

    const load = await runPayments(httpClient(url, key));
    await load.until(40);
    const answered = load.acknowledged();
    const file = join(files, 'ledger.dump');
    await run('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${file}`, process.env.TEST_DATABASE_URL!]);
    const mark = load.sentSoFar();
    await load.until(load.count() + 20);
    await load.stop();
    await source.close();
    await db.close();

    const target = new URL(process.env.TEST_DATABASE_URL!);
    target.pathname = `/${database}`;
    await run('pg_restore', ['--no-owner', `--dbname=${target.toString()}`, file]);
    const env = { DATABASE_URL: urlOf(schema, database) };
    const checked = await runLedger(env, 'check');
    assert.equal(checked.code, 0, checked.stdout + checked.stderr);
    assert.match(checked.stdout, /^The ledger holds: 19 accounts, \d+ records checked in 2 ledgers\.\n$/);
    const migrated = await runLedger(env, 'migrate');
    assert.equal(migrated.code, 0, migrated.stderr);
    assert.match(migrated.stdout, /^Nothing to apply/);

    const restoredDb = await connectStorage({ databaseUrl: env.DATABASE_URL, dataDir: 'unused' });
    const restored = await startLedgerApp(restoredDb);
    try {
      const api = clientFor(restored.app, key);
      assert.deepEqual(withoutLoad(await snapshotLedger(api), load), before);
      await assertWholeOrAbsent(api, load, answered, mark);
    } finally {
      await restored.close();
      await restoredDb.close();
    }
  });
});
