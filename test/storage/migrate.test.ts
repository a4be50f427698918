import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import {
  loadMigrations,
  migrate,
  migrationChecksum,
  MigrationEditedError,
  pendingMigrations,
} from '../../src/storage/migrate.js';
import type { Database } from '../../src/storage/database.js';
import { openEmptyTestDatabase, suiteTestDatabase, testDatabase } from '../helpers/database.js';
import { migrateAsOlderBuild, migrationRows, tableNames } from '../helpers/older-migrations.js';

describe('migrations', (suite) => {
  const db = suiteTestDatabase(suite);

  it('are numbered without gaps and all applied, each with its file checksum', async () => {
    const migrations = await loadMigrations();
    assert.deepEqual(
      migrations.map((m) => m.version),
      migrations.map((_, i) => i + 1),
    );
    assert.deepEqual(
      await migrationRows(db),
      migrations.map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
    assert.match(migrations[0]!.checksum, /^[0-9a-f]{64}$/);
  });

  it('apply nothing the second time, even when servers start together', async () => {
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    assert.deepEqual(results, [[], [], []]);
  });

  it('keep money as NUMERIC, read back as exact strings', async () => {
    const [row] = await db.query<{ n: string }>("SELECT '0.1'::numeric + '0.2'::numeric AS n");
    assert.equal(row!.n, '0.3');
  });
});

/** What a test compares before and after: what schema_migrations records, and the tables. */
const state = async (db: Database) => ({ rows: await migrationRows(db), tables: await tableNames(db) });

/** The version of all but the last two migrations: a database an upgrade has two migrations to apply to. */
const olderVersion = async () => (await loadMigrations()).at(-3)!.version;

describe('migration checksums', () => {
  it('read a checkout with CRLF line ends as the same file, and any other change as an edit', () => {
    const sql = 'CREATE TABLE a (id int);\nCREATE INDEX ON a (id);\n';
    assert.equal(migrationChecksum(sql.replace(/\n/g, '\r\n')), migrationChecksum(sql));
    assert.notEqual(migrationChecksum(sql.replace('int', 'bigint')), migrationChecksum(sql));
    assert.notEqual(migrationChecksum(`${sql}\n`), migrationChecksum(sql));
  });

  it('are filled in for the rows an older build recorded without one, and later migrations applied', async (t) => {
    const db = await testDatabase(t, openEmptyTestDatabase);
    const migrations = await loadMigrations();
    const older = await olderVersion();
    await migrateAsOlderBuild(db, older);
    assert.ok((await migrationRows(db)).every((row) => row.checksum === null));

    assert.deepEqual(
      await migrate(db),
      migrations.filter((m) => m.version > older).map((m) => m.version),
    );
    assert.deepEqual(
      await migrationRows(db),
      migrations.map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
    assert.deepEqual(await migrate(db), [], 'and the next start is a start like any other');
  });
});

describe('an applied migration edited since', () => {
  const TAMPERED = '0'.repeat(64);
  const file = async (version: number) => (await loadMigrations()).find((m) => m.version === version)!;

  /** A database two migrations behind, recorded with checksums, and then `tampered`. */
  async function tamperedDatabase(t: TestContext, tampered: string, { checksums = true } = {}) {
    const db = await testDatabase(t, openEmptyTestDatabase);
    await migrateAsOlderBuild(db, await olderVersion(), { checksums });
    await db.exec(tampered);
    return db;
  }

  /** Asserts that migrating and its dry run refuse with `message`, and that neither changed anything. */
  async function assertRefused(db: Database, message: string) {
    const before = await state(db);
    await assert.rejects(migrate(db), (error: Error) => {
      assert.ok(error instanceof MigrationEditedError, error.stack);
      assert.equal(error.message, message);
      return true;
    });
    await assert.rejects(pendingMigrations(db), { name: 'Error', message });
    assert.deepEqual(await state(db), before);
  }

  it('is refused by name with both checksums, before the pending migrations are applied', async (t) => {
    const db = await tamperedDatabase(t, `UPDATE schema_migrations SET checksum = '${TAMPERED}' WHERE version = 3`);
    const applied = await file(3);
    await assertRefused(
      db,
      `Migration ${applied.name} was edited after it was applied to this database (recorded checksum ` +
        `000000000000…, file ${applied.checksum.slice(0, 12)}…). Migrations are forward-only: restore the file ` +
        'as released and put the change in a new migration.',
    );
  });

  it('counts another name for the same version as an edit, also in a row without a checksum', async (t) => {
    const db = await tamperedDatabase(t, "UPDATE schema_migrations SET name = '002_renamed' WHERE version = 2", {
      checksums: false,
    });
    await assertRefused(
      db,
      `Migration ${(await file(2)).name} was edited after it was applied to this database (applied as ` +
        '002_renamed). Migrations are forward-only: restore the file as released and put the change in a new ' +
        'migration.',
    );
    // Refused before the checksum column was added or any checksum recorded.
    assert.ok((await migrationRows(db)).every((row) => row.checksum === null));
  });

  it('names every one edited', async (t) => {
    const db = await tamperedDatabase(
      t,
      `UPDATE schema_migrations SET checksum = '${TAMPERED}' WHERE version = 5;
       UPDATE schema_migrations SET name = '001_core', checksum = '${TAMPERED}' WHERE version = 1`,
    );
    const [first, fifth] = [await file(1), await file(5)];
    await assertRefused(
      db,
      `Migrations ${first.name} (applied as 001_core, recorded checksum 000000000000…, file ` +
        `${first.checksum.slice(0, 12)}…) and ${fifth.name} (recorded checksum 000000000000…, file ` +
        `${fifth.checksum.slice(0, 12)}…) were edited after they were applied to this database. Migrations are ` +
        'forward-only: restore the files as released and put the changes in new migrations.',
    );
  });
});

describe('the dry run of migrating', () => {
  it('on a new database lists every migration and makes nothing, not even the table', async (t) => {
    const db = await testDatabase(t, openEmptyTestDatabase);
    const migrations = await loadMigrations();
    assert.deepEqual(await tableNames(db), []);
    assert.deepEqual(
      (await pendingMigrations(db)).map((m) => m.name),
      migrations.map((m) => m.name),
    );
    assert.deepEqual(await tableNames(db), []);
    assert.deepEqual(
      await migrate(db),
      migrations.map((m) => m.version),
    );
  });

  it('on a database an older build migrated lists what is missing, and applies and records none', async (t) => {
    const db = await testDatabase(t, openEmptyTestDatabase);
    const older = await olderVersion();
    await migrateAsOlderBuild(db, older);
    const before = await state(db);
    assert.deepEqual(
      (await pendingMigrations(db)).map((m) => m.version),
      (await loadMigrations()).filter((m) => m.version > older).map((m) => m.version),
    );
    assert.deepEqual(await state(db), before, 'no migration applied, no checksum recorded');
  });
});
