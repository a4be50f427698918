import { createHash } from 'node:crypto';
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
  /** SHA-256 of the file's text (migrationChecksum), recorded when it is applied. */
  checksum: string;
}

/**
 * SHA-256, in hex, of a migration's text with its CRLF line ends read as LF: a checkout that converts
 * line ends (git's autocrlf on Windows) has not edited a migration, and must not be refused as if it had.
 */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

export async function loadMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  return Promise.all(
    files.map(async (file) => {
      const sql = await readFile(new URL(file, MIGRATIONS_DIR), 'utf8');
      return {
        version: Number(file.slice(0, 3)),
        name: file.replace(/\.sql$/, ''),
        sql,
        checksum: migrationChecksum(sql),
      };
    }),
  );
}

/** The versions of the migrations applied to the database; fails with 42P01 before the first one. */
export async function appliedMigrations(db: Queryable): Promise<Set<number>> {
  return new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
}

/** The database was migrated by a newer build: this one would misread its schema. */
export class SchemaTooNewError extends Error {}

/**
 * A migration applied to the database has changed since (its text or its name): the schema is not what
 * this build's file says it is.
 */
export class MigrationEditedError extends Error {}

interface Recorded {
  version: number;
  name: string;
  /** Null in a row an older build wrote: it recorded none. */
  checksum: string | null;
}

interface MigrationTable {
  recorded: Recorded[];
  /** Whether the table has the checksum column yet (it was added after the table). */
  hasChecksum: boolean;
}

/**
 * What schema_migrations records, undefined before the first migration (no table). It only reads, so a
 * dry run can use it: the catalog says whether the table and its checksum column exist.
 */
async function readMigrationTable(tx: Queryable): Promise<MigrationTable | undefined> {
  const [table] = await tx.query<{ has_checksum: boolean }>(
    `SELECT EXISTS (SELECT FROM pg_attribute WHERE attrelid = t.oid AND attname = 'checksum' AND NOT attisdropped)
        AS has_checksum
       FROM (SELECT to_regclass('schema_migrations') AS oid) t WHERE t.oid IS NOT NULL`,
  );
  if (!table) return undefined;
  const checksum = table.has_checksum ? 'checksum' : 'NULL::text AS checksum';
  const recorded = await tx.query<Recorded>(`SELECT version, name, ${checksum} FROM schema_migrations`);
  return { recorded, hasChecksum: table.has_checksum };
}

function refuseUnknownVersions(recorded: Recorded[], known: Map<number, Migration>): void {
  const unknown = recorded
    .map((r) => r.version)
    .filter((version) => !known.has(version))
    .sort((a, b) => a - b);
  if (unknown.length === 0) return;
  throw new SchemaTooNewError(
    `The database has migrations this build does not know (${unknown.join(', ')}): a newer version of the ` +
      `server has used it. Run that version or a newer one, or restore a backup made before the upgrade.`,
  );
}

const short = (checksum: string) => `${checksum.slice(0, 12)}…`;

/** How an applied migration's row differs from this build's file of that version, if it does. */
function differences(row: Recorded, file: Migration): string[] {
  const details: string[] = [];
  if (row.name !== file.name) details.push(`applied as ${row.name}`);
  if (row.checksum !== null && row.checksum !== file.checksum) {
    details.push(`recorded checksum ${short(row.checksum)}, file ${short(file.checksum)}`);
  }
  return details;
}

/** A different name for a version counts as an edit too: the file applied is not the one shipped. */
function refuseEdited(recorded: Recorded[], known: Map<number, Migration>): void {
  const edited = [...recorded]
    .sort((a, b) => a.version - b.version)
    .map((row) => ({ name: known.get(row.version)!.name, details: differences(row, known.get(row.version)!) }))
    .filter(({ details }) => details.length > 0);
  const [first] = edited;
  if (!first) return;
  if (edited.length === 1) {
    throw new MigrationEditedError(
      `Migration ${first.name} was edited after it was applied to this database (${first.details.join(', ')}). ` +
        'Migrations are forward-only: restore the file as released and put the change in a new migration.',
    );
  }
  const each = edited.map(({ name, details }) => `${name} (${details.join(', ')})`);
  throw new MigrationEditedError(
    `Migrations ${each.slice(0, -1).join(', ')} and ${each.at(-1)} were edited after they were applied to ` +
      'this database. Migrations are forward-only: restore the files as released and put the changes in new ' +
      'migrations.',
  );
}

interface Plan {
  /** This build's migrations the database lacks, in order. */
  pending: Migration[];
  /** Applied migrations whose row has no checksum yet. */
  unrecorded: Migration[];
}

/** What migrating would do; throws SchemaTooNewError or MigrationEditedError instead when it must not. */
function plan(recorded: Recorded[], migrations: Migration[]): Plan {
  const known = new Map(migrations.map((m) => [m.version, m]));
  refuseUnknownVersions(recorded, known);
  refuseEdited(recorded, known);
  const applied = new Set(recorded.map((r) => r.version));
  return {
    pending: migrations.filter((m) => !applied.has(m.version)),
    unrecorded: recorded.filter((r) => r.checksum === null).map((r) => known.get(r.version)!),
  };
}

/**
 * Applies the numbered, forward-only migrations that are missing. An advisory lock makes servers that
 * start together on one PostgreSQL take turns; each migration commits with its version row. A database
 * a newer build migrated, or whose applied migrations were edited since, is refused before anything is
 * written.
 */
export async function migrate(db: Database): Promise<number[]> {
  const migrations = await loadMigrations();
  return db.transaction(async (tx) => {
    await takeMigrationLock(tx);
    const table = await readMigrationTable(tx);
    const { pending, unrecorded } = plan(table?.recorded ?? [], migrations);
    // The runner's own table, not a numbered migration: it must exist before the first one.
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      checksum text
    )`);
    // A table made before checksums were recorded. Altered only then: ALTER TABLE locks the table
    // until the commit, and the readiness probes of running servers read it.
    if (table && !table.hasChecksum) {
      await tx.exec('ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text');
    }
    // The builds before checksums recorded none, so there is nothing to compare these rows with: the
    // file this build ships is trusted as the one applied (its name still had to match), and from now
    // on an edit of it is refused.
    for (const migration of unrecorded) {
      await tx.query('UPDATE schema_migrations SET checksum = $2 WHERE version = $1', [
        migration.version,
        migration.checksum,
      ]);
    }
    const done: number[] = [];
    for (const migration of pending) {
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        migration.version,
        migration.name,
        migration.checksum,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}

/**
 * The migrations `migrate` would apply, in order, with the same refusals, changing nothing: no table is
 * made, no checksum recorded. It waits for a migration under way (the lock ends with its transaction).
 */
export async function pendingMigrations(db: Database): Promise<Migration[]> {
  const migrations = await loadMigrations();
  return db.transaction(async (tx) => {
    await takeMigrationLock(tx);
    const table = await readMigrationTable(tx);
    return plan(table?.recorded ?? [], migrations).pending;
  });
}
