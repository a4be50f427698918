import { readdir, readFile } from 'node:fs/promises';
import type { Database, Queryable } from './database.js';

// Migrations live beside the package root, so this resolves the same from src/ and from dist/.
const MIGRATIONS_DIR = new URL('../../migrations/', import.meta.url);
// Any constant will do; it only has to be the same for every server sharing one database.
const MIGRATION_LOCK = 7_263_541;

/**
 * Takes the lock migrations run under, until the transaction `tx` ends: what a server does once at
 * start on a database it may share (migrating, provisioning its first keys) is done by one at a time.
 */
export async function takeMigrationLock(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => ({
      version: Number(file.slice(0, 3)),
      name: file.replace(/\.sql$/, ''),
      sql: await readFile(new URL(file, MIGRATIONS_DIR), 'utf8'),
    })),
  );
}

/** The versions of the migrations applied to the database; fails with 42P01 before the first one. */
export async function appliedMigrations(db: Queryable): Promise<Set<number>> {
  return new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
}

/** The database was migrated by a newer build: this one would misread its schema. */
export class SchemaTooNewError extends Error {}

function refuseUnknownVersions(applied: Set<number>, migrations: Migration[]): void {
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...applied].filter((version) => !known.has(version)).sort((a, b) => a - b);
  if (unknown.length === 0) return;
  throw new SchemaTooNewError(
    `The database has migrations this build does not know (${unknown.join(', ')}): a newer version of the ` +
      `server has used it. Run that version or a newer one, or restore a backup made before the upgrade.`,
  );
}

/**
 * Applies the numbered, forward-only migrations that are missing. An advisory lock makes servers that
 * start together on one PostgreSQL take turns; each migration commits with its version row.
 */
export async function migrate(db: Database): Promise<number[]> {
  const migrations = await loadMigrations();
  return db.transaction(async (tx) => {
    await takeMigrationLock(tx);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = await appliedMigrations(tx);
    refuseUnknownVersions(applied, migrations);
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}
