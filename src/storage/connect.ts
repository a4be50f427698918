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

/** Opens the configured database and brings its schema up to date. */
export async function connectStorage(config: StorageConfig): Promise<Database> {
  const db = config.databaseUrl
    ? await openPostgres({ connectionString: config.databaseUrl, schema: config.schema })
    : await openPglite({ dataDir: config.dataDir });
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
