import { loadMigrations } from '../../src/storage/migrate.js';
import type { Database, Queryable } from '../../src/storage/database.js';

/**
 * Migrates an empty database as far as `version`, as an older build did: one that shipped no later
 * migration and, unless `checksums`, recorded none (its schema_migrations had no such column).
 */
export async function migrateAsOlderBuild(db: Database, version: number, { checksums = false } = {}): Promise<void> {
  const migrations = (await loadMigrations()).filter((m) => m.version <= version);
  await db.transaction(async (tx) => {
    await tx.exec(`CREATE TABLE schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
      ${checksums ? ', checksum text' : ''}
    )`);
    for (const migration of migrations) {
      await tx.exec(migration.sql);
      await tx.query(
        checksums
          ? 'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)'
          : 'INSERT INTO schema_migrations (version, name) VALUES ($1, $2)',
        checksums ? [migration.version, migration.name, migration.checksum] : [migration.version, migration.name],
      );
    }
  });
}

export interface MigrationRow {
  version: number;
  name: string;
  checksum: string | null;
}

/** What schema_migrations records, in version order; a table without the checksum column reads as null. */
export async function migrationRows(db: Queryable): Promise<MigrationRow[]> {
  const [column] = await db.query(
    "SELECT FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'schema_migrations' AND column_name = 'checksum'",
  );
  return db.query<MigrationRow>(
    `SELECT version, name, ${column ? 'checksum' : 'NULL AS checksum'} FROM schema_migrations ORDER BY version`,
  );
}

/** The tables of the database's schema, by name: what a migration would add to. */
export async function tableNames(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name',
  );
  return rows.map((r) => r.table_name);
}
