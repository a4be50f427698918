import type { PGlite } from '@electric-sql/pglite';
import type { Database } from './database.js';
import { lockDataDir } from './data-dir-lock.js';
import { migrate } from './migrate.js';
import { openPostgres } from './postgres.js';

export interface StorageConfig {
  /** PostgreSQL when set; otherwise the embedded PGlite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  schema?: string;
}

/** Opens the configured database as it is, without migrating it (`ledger migrate` reports what it applies). */
export async function openStorage(config: StorageConfig): Promise<Database> {
  return config.databaseUrl
    ? openPostgres({ connectionString: config.databaseUrl, schema: config.schema })
    : openLockedPglite(config.dataDir);
}

/**
 * PGlite in a folder, held by this process alone until it is closed (data-dir-lock.ts); a database in
 * memory belongs to its process anyway. Throws DataDirLockedError.
 */
async function openLockedPglite(dataDir: string): Promise<Database> {
  // Imported here, not at the top: a server on PostgreSQL never loads PGlite, whose module alone holds
  // about 5 MB of memory (test/storage/pglite-on-demand.test.ts).
  const { openPglite } = await import('./pglite.js');
  if (dataDir.startsWith('memory://')) return openPglite({ dataDir });
  const lock = lockDataDir(dataDir);
  let db: Database & { pglite: PGlite };
  try {
    db = await openPglite({ dataDir });
  } catch (error) {
    lock.release();
    throw error;
  }
  return {
    ...db,
    backup: async (file) => (await import('./data-dir-backup.js')).writeBackup(db.pglite, dataDir, file),
    close: () => db.close().finally(() => lock.release()),
  };
}

/** Opens the configured database and brings its schema up to date. */
export async function connectStorage(config: StorageConfig): Promise<Database> {
  const db = await openStorage(config);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
