import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { openServerDatabase } from '../src/cli/cli.js';
import { runLedger } from './cli/test-cli.js';
import type { Database } from '../src/storage/database.js';
import { loadMigrations } from '../src/storage/migrate.js';
import { spawnServer } from './helpers/spawn-server.js';
import { onPostgres } from './helpers/database.js';
import { migrateAsOlderBuild, migrationRows, tableNames } from './helpers/older-migrations.js';
import { describeOnServerDatabase } from './helpers/server-databases.js';

/** What a server that fails to start prints, all of it, and asserts its exit code 1. */
async function failedStart(env: Record<string, string>): Promise<string> {
  const message = await spawnServer(env).then(
    (server) => server.stop().then(() => assert.fail(`it started: ${server.output()}`)),
    (error: Error) => error.message,
  );
  const [status, ...output] = message.trim().split('\n');
  assert.equal(status, 'server exited with 1:', message);
  assert.equal(output.length, 1, `one line, no stack trace: ${message}`);
  return output[0]!;
}

// Each failure an operator meets at start is one line that says what to do, and exit code 1.
describe('startup failures', () => {
  it('a PostgreSQL that refuses connections', async () => {
    const line = await failedStart({ DATABASE_URL: 'postgres://ledger:secret-pw@127.0.0.1:1/ledger' });
    assert.match(line, /^Cannot use the PostgreSQL database in DATABASE_URL \(.*ECONNREFUSED.*\)\. Check the URL/);
    assert.doesNotMatch(line, /secret-pw/);
  });

  it('a DATABASE_URL that is not a URL', async () => {
    const line = await failedStart({ DATABASE_URL: 'postgres://ledger:pw@[::1/ledger' });
    assert.match(line, /^Cannot use the PostgreSQL database in DATABASE_URL/);
  });

  it('a PostgreSQL without the database named', { skip: !onPostgres && 'needs TEST_DATABASE_URL' }, async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = '/no_such_ledger_database';
    const line = await failedStart({ DATABASE_URL: url.href });
    assert.match(
      line,
      /^Cannot use the PostgreSQL database in DATABASE_URL \(database "no_such_ledger_database" does not exist\)/,
    );
  });

  it('a port in use', async () => {
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as AddressInfo;
    try {
      const line = await failedStart({ PORT: String(port), LEDGER_DATA_DIR: 'memory://' });
      assert.equal(
        line,
        `Cannot listen on 127.0.0.1:${port}: the port is in use. Stop what listens there, or set PORT (ledger serve: --port) to another port.`,
      );
    } finally {
      taken.close();
    }
  });
});

/** The database `env` names, as it is: what schema_migrations records, and the tables. */
async function databaseState(env: Record<string, string>) {
  const db = await openServerDatabase(env, { migrate: false });
  try {
    return { rows: await migrationRows(db), tables: await tableNames(db) };
  } finally {
    await db.close();
  }
}

/** Runs `work` on the database `env` names, as it is, and closes it. */
async function change(env: Record<string, string>, work: (db: Database) => Promise<unknown>) {
  const db = await openServerDatabase(env, { migrate: false });
  try {
    await work(db);
  } finally {
    await db.close();
  }
}

// An upgrade starts the new build on a database the older one migrated: it applies what is missing and
// records each migration's checksum; a migration edited since, or a newer build's, stops it.
describeOnServerDatabase('an upgrade', (database) => {
  it('starts on a database an older build migrated, applies the rest, and records every checksum', async () => {
    const migrations = await loadMigrations();
    await change(database(), (db) => migrateAsOlderBuild(db, migrations.at(-3)!.version));

    const server = await spawnServer(database());
    try {
      const ready = await fetch(`${server.url}/ready`);
      assert.equal(ready.status, 200, server.output());
      assert.deepEqual(await ready.json(), { status: 'ready', migrations: migrations.length });
    } finally {
      assert.equal(await server.stop(), 0, server.output());
      await rm(server.keysFile, { force: true });
    }
    assert.deepEqual(
      (await databaseState(database())).rows,
      migrations.map(({ version, name, checksum }) => ({ version, name, checksum })),
    );
  });

  it('refuses an applied migration edited since: the start, ledger migrate and its dry run', async () => {
    const edited = (await loadMigrations())[2]!;
    await change(database(), (db) =>
      db.query(`UPDATE schema_migrations SET checksum = '${'f'.repeat(64)}' WHERE version = $1`, [edited.version]),
    );
    const before = await databaseState(database());
    const message =
      `Migration ${edited.name} was edited after it was applied to this database (recorded checksum ` +
      `ffffffffffff…, file ${edited.checksum.slice(0, 12)}…). Migrations are forward-only: restore the file as ` +
      'released and put the change in a new migration.';

    assert.equal(await failedStart(database()), message);
    for (const argv of [['migrate'], ['migrate', '--dry-run']]) {
      assert.deepEqual(await runLedger(database(), ...argv), { code: 1, stdout: '', stderr: `ledger: ${message}\n` });
    }
    assert.deepEqual(await databaseState(database()), before);

    await change(database(), (db) =>
      db.query('UPDATE schema_migrations SET checksum = $1 WHERE version = $2', [edited.checksum, edited.version]),
    );
  });

  it('refuses a database a newer build has migrated: the start, ledger migrate and its dry run', async () => {
    await change(database(), (db) =>
      db.query("INSERT INTO schema_migrations (version, name, checksum) VALUES (998, '998_from_the_future', 'x')"),
    );
    const before = await databaseState(database());

    const line = await failedStart(database());
    assert.match(line, /^The database has migrations this build does not know \(998\): a newer version/);
    for (const argv of [['migrate'], ['migrate', '--dry-run']]) {
      assert.deepEqual(await runLedger(database(), ...argv), { code: 1, stdout: '', stderr: `ledger: ${line}\n` });
    }
    // Refused before anything was applied or recorded.
    assert.deepEqual(await databaseState(database()), before);
  });
});
