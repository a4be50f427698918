import { randomBytes } from 'node:crypto';
import { migrate } from '../../src/storage/migrate.js';
import type { Database } from '../../src/storage/database.js';
import { openPostgres } from '../../src/storage/postgres.js';

// A PostgreSQL database of a test's own, not a schema in the shared one: what the server counts per
// database (pg_stat_database.deadlocks) and the backends it runs (pg_stat_activity.datname) are then
// the test's alone, while other test runs use the same PostgreSQL.

export interface OwnDatabase {
  name: string;
  /** The migrated database, as a server opens it. */
  db: Database;
  /** A connection to the database the suite was given, from where the test looks at its own. */
  admin: Database;
  /** Ends every backend connected to the test's database (what a restart or a failover does). */
  terminateBackends(): Promise<number>;
  /**
   * Deadlocks PostgreSQL detected in the database. A backend reports its counters when it exits, so
   * this closes `db` and waits for its backends to be gone first; call it once, at the end.
   */
  closeAndCountDeadlocks(): Promise<number>;
  close(): Promise<void>;
}

export async function openOwnDatabase(url: string, poolSize?: number): Promise<OwnDatabase> {
  const name = `ledger_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres({ connectionString: url, poolSize: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  const db = await openPostgres({ connectionString: own.toString(), ...(poolSize ? { poolSize } : {}) });
  await migrate(db);
  let closed = false;
  const closeDb = async () => {
    if (closed) return;
    closed = true;
    await db.close();
  };
  return {
    name,
    db,
    admin,
    async terminateBackends() {
      const rows = await admin.query<{ ended: boolean }>(
        'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      return rows.filter((row) => row.ended).length;
    },
    async closeAndCountDeadlocks() {
      await closeDb();
      for (;;) {
        const [{ backends }] = (await admin.query<{ backends: number }>(
          'SELECT count(*)::int AS backends FROM pg_stat_activity WHERE datname = $1',
          [name],
        )) as [{ backends: number }];
        if (backends === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await admin.query('SELECT pg_stat_clear_snapshot()');
      const [row] = await admin.query<{ deadlocks: string }>(
        'SELECT deadlocks::text FROM pg_stat_database WHERE datname = $1',
        [name],
      );
      return Number(row!.deadlocks);
    },
    async close() {
      await closeDb();
      await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}
