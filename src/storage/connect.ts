import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { openPglite } from './pglite.js';
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
    : openPglite({ dataDir: config.dataDir });
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
