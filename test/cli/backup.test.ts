import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { PGlite } from '@electric-sql/pglite';
import { createApiKey, createTenant } from '../../src/domain/tenancy/tenancy.service.js';
import { connectStorage } from '../../src/storage/connect.js';
import { lockDataDir } from '../../src/storage/data-dir-lock.js';
import type { Database } from '../../src/storage/database.js';
import { loadMigrations } from '../../src/storage/migrate.js';
import { openPglite } from '../../src/storage/pglite.js';
import { onPostgres, openTestDatabase } from '../helpers/database.js';
import { httpClient } from '../helpers/http-client.js';
import { migrateAsOlderBuild } from '../helpers/older-migrations.js';
import { snapshotLedger, type LedgerSnapshot } from '../helpers/ledger-snapshot.js';
import { buildRichLedger } from '../helpers/rich-ledger.js';
import { spawnServer } from '../helpers/spawn-server.js';
import { clientFor, startLedgerApp, type LedgerClient } from '../helpers/test-app.js';
import { runLedger } from './test-cli.js';
import { assertWholeOrAbsent, runPayments } from './payment-load.js';

// `ledger backup` and `ledger restore` on PGlite (PostgreSQL's pg_dump and pg_restore are tested in
// pg-dump.test.ts): a ledger backed up, stopped or while a server runs on it and payments flow, comes
// back whole into a new folder, read through the API, and `ledger check` finds every invariant holding.

async function folder(context: TestContext, name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `ledger-${name}-`));
  context.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Makes `dataDir` hold a migrated database, from the tests' template, without a cold start. */
async function migratedFolder(dataDir: string): Promise<void> {
  const template = (await openTestDatabase()) as Database & { pglite: PGlite };
  const dump = await template.pglite.dumpDataDir('none');
  await template.close();
  const db = await openPglite({ dataDir, loadDataDir: dump });
  await db.close();
}

/** A ledger app on a data folder (holding its lock), with the given tenant's keys. */
async function appOn(dataDir: string) {
  const db = await connectStorage({ dataDir });
  const { app, close } = await startLedgerApp(db);
  return {
    db,
    client: (key: string): LedgerClient => clientFor(app, key),
    close: async () => {
      await close();
      await db.close();
    },
  };
}

const PGLITE_ONLY = onPostgres && 'PGlite data folders only (PostgreSQL: pg-dump.test.ts)';

describe('ledger backup and restore, on PGlite', { skip: PGLITE_ONLY }, () => {
  // One ledger of every kind, built on a folder and backed up stopped, for the tests that restore it.
  const made: { files: string; file: string; testnet: string; mainnet: string; before?: LedgerSnapshot } = {
    files: '',
    file: '',
    testnet: '',
    mainnet: '',
  };
  const removed: string[] = [];
  before(async () => {
    const source = await mkdtemp(join(tmpdir(), 'ledger-source-'));
    made.files = await mkdtemp(join(tmpdir(), 'ledger-files-'));
    removed.push(source, made.files);
    await migratedFolder(source);
    const built = await appOn(source);
    await createTenant(built.db, 'acme');
    made.testnet = (await createApiKey(built.db, 'acme', 'testnet')).key;
    made.mainnet = (await createApiKey(built.db, 'acme', 'mainnet')).key;
    await buildRichLedger(built.client(made.testnet));
    made.before = await snapshotLedger(built.client(made.testnet));
    await built.close();

    made.file = join(made.files, 'ledger.backup.tar.gz');
    const backup = await runLedger({ LEDGER_DATA_DIR: source }, 'backup', made.file);
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stdout, /^Backup written to .*ledger\.backup\.tar\.gz \(\d+ bytes\)\.\n$/);
    assert.deepEqual(await readdir(made.files), ['ledger.backup.tar.gz'], 'the partial file is renamed');
  });
  after(async () => {
    for (const dir of removed) await rm(dir, { recursive: true, force: true });
  });

  it('restores a stopped ledger whole: the new folder serves the same ledger, keys included, and it checks', async (t) => {
    const before = made.before!;
    const target = join(await folder(t, 'target'), 'absent');
    const restored = await runLedger({ LEDGER_DATA_DIR: target }, 'restore', made.file);
    assert.equal(restored.code, 0, restored.stderr);
    const records = before.transactions.length;
    assert.equal(
      restored.stdout,
      [
        `Restored ${made.file} into ${target}.`,
        `It holds 2 ledgers: 6 customers, 13 accounts, ${records} transaction records, 2 API keys.`,
        `The ledger holds: 13 accounts, ${records} records checked in 2 ledgers.`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      (await readdir(target)).filter((name) => name.startsWith('ledger.')),
      [],
      'no lock or socket is restored, and the command gives the folder back',
    );

    const restoredApp = await appOn(target);
    try {
      assert.deepEqual(await snapshotLedger(restoredApp.client(made.testnet)), before);
      const other = await restoredApp.client(made.mainnet).get('/v3/ledger/customer?pageSize=10');
      assert.deepEqual([other.status, other.body], [200, []]);
    } finally {
      await restoredApp.close();
    }
    const checked = await runLedger({ LEDGER_DATA_DIR: target }, 'check');
    assert.deepEqual(checked, {
      code: 0,
      stdout: `The ledger holds: 13 accounts, ${records} records checked in 2 ledgers.\n`,
      stderr: '',
    });
  });

  it('restores only into an empty folder, and leaves it empty when the file is no whole backup', async (t) => {
    const taken = await folder(t, 'taken');
    await writeFile(join(taken, 'PG_VERSION'), '17\n');
    const refused = await runLedger({ LEDGER_DATA_DIR: taken }, 'restore', made.file);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /^ledger: The data folder .* is not empty \(it holds PG_VERSION\): a backup is restored only into an empty or absent folder/,
    );
    assert.deepEqual(await readdir(taken), ['PG_VERSION'], 'the folder is left as it was');

    const empty = await folder(t, 'empty');
    const files = await folder(t, 'files');
    const garbage = join(files, 'garbage');
    await writeFile(garbage, 'not an archive at all'.repeat(100));
    const cut = join(files, 'cut.tar.gz');
    const whole = await readFile(made.file);
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    for (const [broken, says] of [
      [garbage, /is not a ledger backup: not a tar archive/],
      [cut, /is not a ledger backup: not a gzipped archive, or a damaged one/],
      [join(files, 'missing'), /No backup at/],
    ] as const) {
      const failed = await runLedger({ LEDGER_DATA_DIR: empty }, 'restore', broken);
      assert.equal(failed.code, 1, failed.stderr);
      assert.match(failed.stderr, says);
      assert.deepEqual(await readdir(empty), [], 'nothing is left in the folder');
    }
  });

  it('restores a backup an older build made, and applies the migrations it lacks', async (t) => {
    const migrations = await loadMigrations();
    const [last, previous] = [migrations.at(-1)!, migrations.at(-2)!];
    const older = await folder(t, 'older');
    const db = await openPglite({ dataDir: older });
    await migrateAsOlderBuild(db, previous.version, { checksums: true });
    await db.close();
    const file = join(await folder(t, 'files'), 'older.tar.gz');
    const backup = await runLedger({ LEDGER_DATA_DIR: older }, 'backup', file);
    assert.equal(backup.code, 0, backup.stderr);

    const target = await folder(t, 'target');
    const restored = await runLedger({ LEDGER_DATA_DIR: target }, 'restore', file);
    assert.deepEqual(restored, {
      code: 0,
      stdout: [
        `Restored ${file} into ${target}.`,
        `Applied ${last.name}, which the backup lacked.`,
        'It holds 0 ledgers: 0 customers, 0 accounts, 0 transaction records, 0 API keys.',
        'The ledger holds: 0 accounts, 0 records checked in 0 ledgers.',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('refuses what it cannot back up, each with one line', async (t) => {
    // A folder that looks like a database: every refusal comes before one is opened.
    const source = await folder(t, 'source');
    await writeFile(join(source, 'PG_VERSION'), '17\n');
    const files = await folder(t, 'files');

    const inside = await runLedger({ LEDGER_DATA_DIR: source }, 'backup', join(source, 'backup.tar.gz'));
    assert.equal(inside.code, 2);
    assert.match(inside.stderr, /is inside the data folder/);

    const nothing = await runLedger({ LEDGER_DATA_DIR: await folder(t, 'nothing') }, 'backup', join(files, 'x'));
    assert.equal(nothing.code, 1);
    assert.match(nothing.stderr, /^ledger: No database in .*: there is nothing to back up\.\n$/);

    for (const command of ['backup', 'restore']) {
      const postgres = await runLedger({ DATABASE_URL: 'postgres://ledger@127.0.0.1:1/ledger' }, command, 'x');
      assert.equal(postgres.code, 2);
      assert.match(postgres.stderr, /use PostgreSQL's pg_(dump|restore).*"Backup and restore" in the README/);
    }

    // A process that is no server holds the folder (any command does while it runs): it takes no backups.
    const lock = lockDataDir(source);
    try {
      const held = await runLedger({ LEDGER_DATA_DIR: source }, 'backup', join(files, 'held.tar.gz'));
      assert.equal(held.code, 1);
      assert.match(
        held.stderr,
        /is in use by process .* That process takes no backups: no server answers on .*ledger\.sock/,
      );
    } finally {
      lock.release();
    }
    assert.deepEqual(await readdir(files), [], 'no file, and no partial one');
  });

  it('is taken by the running server while payments flow, and restores to a ledger whose every payment is whole or absent', async (t) => {
    const dataDir = await folder(t, 'served');
    await migratedFolder(dataDir);
    const server = await spawnServer({ LEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    t.after(async () => {
      if (server.process.exitCode === null && server.process.signalCode === null) await server.stop();
    });
    assert.ok(existsSync(join(dataDir, 'ledger.sock')), 'the server listens for backups');
    const key = server.keys().testnet!;

    const load = await runPayments(httpClient(server.url, key));
    await load.until(40);
    const file = join(await folder(t, 'files'), 'running.tar.gz');
    const answered = load.acknowledged();
    const backup = await runLedger({ LEDGER_DATA_DIR: dataDir }, 'backup', file);
    const mark = load.sentSoFar();
    await load.until(load.count() + 20);
    await load.stop();
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(
      backup.stdout,
      new RegExp(
        `^Backup written to .*running\\.tar\\.gz \\(\\d+ bytes, taken by the running server pid ${server.process.pid}\\)\\.\\n$`,
      ),
    );
    assert.equal(await server.stop(), 0, server.output());
    assert.match(server.output(), /"msg":"backup written"/);
    assert.ok(!existsSync(join(dataDir, 'ledger.sock')), 'the socket is removed at shutdown');

    const target = await folder(t, 'restored');
    const restored = await runLedger({ LEDGER_DATA_DIR: target }, 'restore', file);
    assert.equal(restored.code, 0, restored.stdout + restored.stderr);
    assert.match(restored.stdout, /\nThe ledger holds: 6 accounts, \d+ records checked in 2 ledgers\.\n$/);

    const restoredApp = await appOn(target);
    try {
      await assertWholeOrAbsent(restoredApp.client(key), load, answered, mark);
    } finally {
      await restoredApp.close();
    }
  });
});
