import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SuiteContext, TestContext } from 'node:test';
import { loadMigrations, migrate } from '../../src/storage/migrate.js';
import type { Database } from '../../src/storage/database.js';
import { openPglite } from '../../src/storage/pglite.js';
import { openPostgres } from '../../src/storage/postgres.js';
import { openForSuite, openForTest } from './lifetime.js';

// Each test app gets a database of its own. On PostgreSQL (TEST_DATABASE_URL) that is a fresh schema,
// dropped on close. On PGlite it is an in-memory instance loaded from a migrated template: a cold
// PGlite start takes seconds, loading a dumped data directory well under one. The template is kept on
// disk, named by the migrations' hash, so test processes share it and a new migration makes a new one.

const CACHE_DIR = join('node_modules', '.cache', 'ledger-tests');

async function pgliteTemplate(): Promise<Blob> {
  const migrations = await loadMigrations();
  const hash = createHash('sha256').update(JSON.stringify(migrations)).digest('hex').slice(0, 16);
  const file = join(CACHE_DIR, `pglite-template-${hash}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const db = await openPglite({ dataDir: 'memory://' });
    await migrate(db);
    const dump = await db.pglite.dumpDataDir('none');
    await db.close();
    await mkdir(CACHE_DIR, { recursive: true });
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, file);
    return dump;
  }
}

let template: Promise<Blob> | undefined;

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export async function openTestDatabase(): Promise<Database> {
  if (process.env.TEST_DATABASE_URL) {
    const db = await openEmptyTestDatabase();
    await migrate(db);
    return db;
  }
  template ??= pgliteTemplate();
  return openPglite({ dataDir: 'memory://', loadDataDir: await template });
}

/** A database for one test, closed once the test has ended: `db = await testDatabase(context)`. */
export function testDatabase(context: TestContext | SuiteContext, open = openTestDatabase): Promise<Database> {
  return openForTest(context, open);
}

/**
 * A database the tests of a suite share: call it in the suite's body, `const db = suiteTestDatabase(suite)`.
 * It opens before the suite's first test and closes after its last (the suite owns the close). Its
 * members can be read from the suite's tests and from the hooks it registers after this call: each
 * is the opened database's own (they never use `this`), so a copy made then (`{ ...db }`) works.
 */
export function suiteTestDatabase(suite: SuiteContext, open = openTestDatabase): Database {
  const opened = openForSuite(suite, open);
  return {
    get kind() {
      return opened().kind;
    },
    get query() {
      return opened().query;
    },
    get exec() {
      return opened().exec;
    },
    get afterCommit() {
      return opened().afterCommit;
    },
    get listen() {
      return opened().listen;
    },
    get transaction() {
      return opened().transaction;
    },
    get poolStats() {
      return opened().poolStats;
    },
    get close() {
      return opened().close;
    },
  };
}

/** A database of its own with no migration applied (`ledger migrate` starts from one). */
export async function openEmptyTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return openPglite({ dataDir: 'memory://' });
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres({ connectionString: url, poolSize: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const db = await openPostgres({ connectionString: url, schema });
  const close = db.close;
  return {
    ...db,
    close: async () => {
      await db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await close();
    },
  };
}

/**
 * `count` handles on one database with no migration applied, as that many servers starting together
 * would open it: on PostgreSQL a fresh schema with a pool per handle; on PGlite, which one process
 * owns, the one instance every time.
 */
export async function openSharedEmptyDatabase(count: number): Promise<{ handles: Database[]; close(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = await openPglite({ dataDir: 'memory://' });
    return { handles: Array.from({ length: count }, () => db), close: () => db.close() };
  }
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres({ connectionString: url, poolSize: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const handles = await Promise.all(
    Array.from({ length: count }, () => openPostgres({ connectionString: url, schema, poolSize: 2 })),
  );
  return {
    handles,
    close: async () => {
      await Promise.all(handles.map((db) => db.close()));
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}
