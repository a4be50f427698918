import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCli } from '../../src/cli/cli.js';
import type { OpenOptions } from '../../src/cli/command.js';
import type { Database } from '../../src/storage/database.js';
import { loadMigrations } from '../../src/storage/migrate.js';
import { openEmptyTestDatabase, suiteTestDatabase } from '../helpers/database.js';
import { migrateAsOlderBuild, migrationRows, tableNames } from '../helpers/older-migrations.js';

/** `ledger` on `db`; `asked` collects how each command opened it. */
function cliOn(db: Database, asked: (OpenOptions | undefined)[] = []) {
  return async (...argv: string[]) => {
    const out = { stdout: '', stderr: '' };
    const cli = buildCli({
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      env: {},
      // The CLI closes what it opened; the test keeps the database for the next command.
      openDatabase: async (_env, options) => {
        asked.push(options);
        return { ...db, close: async () => undefined };
      },
    });
    return { code: await cli.run(argv), ...out };
  };
}

/** What schema_migrations records, and the tables: what a dry run must leave as it found them. */
const state = async (db: Database) => ({ rows: await migrationRows(db), tables: await tableNames(db) });

describe('ledger migrate', (suite) => {
  const db = suiteTestDatabase(suite, openEmptyTestDatabase);
  const asked: (OpenOptions | undefined)[] = [];
  const run = cliOn(db, asked);

  it('--dry-run on a new database names every migration and makes nothing, not even its table', async () => {
    const migrations = await loadMigrations();
    const { code, stdout, stderr } = await run('migrate', '--dry-run');
    assert.equal(code, 0, stderr);
    assert.equal(
      stdout,
      [
        ...migrations.map((m) => `Would apply ${m.name}`),
        `Dry run, nothing changed: ${migrations.length} of ${migrations.length} migrations to apply.`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(asked.at(-1), { migrate: false });
    assert.deepEqual(await tableNames(db), []);
  });

  it('applies every migration of a new database, names each, and opens it unmigrated', async () => {
    const migrations = await loadMigrations();
    const { code, stdout, stderr } = await run('migrate');
    assert.equal(code, 0, stderr);
    assert.equal(
      stdout,
      [
        ...migrations.map((m) => `Applied ${m.name}`),
        `The database is up to date: ${migrations.length} migrations.`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(asked.at(-1), { migrate: false });
    assert.deepEqual(
      await migrationRows(db),
      migrations.map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
  });

  it('has nothing to apply the second time, nor to show in a dry run', async () => {
    const total = (await loadMigrations()).length;
    const nothing = { code: 0, stdout: `Nothing to apply: all ${total} migrations are applied already.\n`, stderr: '' };
    assert.deepEqual(await run('migrate'), nothing);
    assert.deepEqual(await run('migrate', '--dry-run'), nothing);
    const json = await run('migrate', '--json');
    assert.deepEqual(JSON.parse(json.stdout), { applied: [], total });
    const dryJson = await run('migrate', '--dry-run', '--json');
    assert.deepEqual(JSON.parse(dryJson.stdout), { pending: [], total });
  });

  it('takes no argument (exit code 2)', async () => {
    const { code, stderr } = await run('migrate', 'now');
    assert.equal(code, 2);
    assert.match(stderr, /^ledger: unexpected argument 'now'\nRun 'ledger migrate --help' for usage\.\n$/);
  });
});

describe('ledger migrate on a database an older build migrated', (suite) => {
  const db = suiteTestDatabase(suite, openEmptyTestDatabase);
  const run = cliOn(db);

  it('--dry-run names the missing migrations as JSON and as text, and applies and records none', async () => {
    const migrations = await loadMigrations();
    const missing = migrations.slice(-2);
    await migrateAsOlderBuild(db, migrations.at(-3)!.version);
    const before = await state(db);

    const json = await run('migrate', '--dry-run', '--json');
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), {
      pending: missing.map(({ version, name }) => ({ version, name })),
      total: migrations.length,
    });
    assert.deepEqual(await run('migrate', '--dry-run'), {
      code: 0,
      stdout: [
        ...missing.map((m) => `Would apply ${m.name}`),
        `Dry run, nothing changed: 2 of ${migrations.length} migrations to apply.`,
        '',
      ].join('\n'),
      stderr: '',
    });
    assert.deepEqual(await state(db), before);
  });

  it('refuses an applied migration edited since with one line and exit code 1, dry run or not', async () => {
    const migrations = await loadMigrations();
    await db.query("UPDATE schema_migrations SET name = '004_renamed' WHERE version = 4");
    const before = await state(db);
    const line =
      `ledger: Migration ${migrations[3]!.name} was edited after it was applied to this database (applied as ` +
      '004_renamed). Migrations are forward-only: restore the file as released and put the change in a new ' +
      'migration.\n';
    assert.deepEqual(await run('migrate', '--dry-run'), { code: 1, stdout: '', stderr: line });
    assert.deepEqual(await run('migrate'), { code: 1, stdout: '', stderr: line });
    assert.deepEqual(await state(db), before);
  });

  it('applies the missing migrations once the file is as released, and records every checksum', async () => {
    const migrations = await loadMigrations();
    await db.query('UPDATE schema_migrations SET name = $1 WHERE version = 4', [migrations[3]!.name]);
    const { code, stdout, stderr } = await run('migrate');
    assert.equal(code, 0, stderr);
    assert.equal(
      stdout,
      [
        ...migrations.slice(-2).map((m) => `Applied ${m.name}`),
        `The database is up to date: ${migrations.length} migrations.`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      await migrationRows(db),
      migrations.map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
  });
});
