import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { openPostgres } from '../../src/storage/postgres.js';
import { onPostgres } from './database.js';

export interface AnotherServerDatabase {
  /** The environment that points spawned servers and CLI processes at it. */
  env: Record<string, string>;
  /** Whether it started as a copy of the one given (PGlite), or empty (PostgreSQL). */
  copied: boolean;
}

/**
 * One more database for spawned servers and CLI processes, made within a test and removed once it has
 * ended, besides the one describeOnServerDatabase gives: what a test needs that puts the same rows
 * (the same ids) in several servers' databases. On PGlite it is a copy of `like`'s data folder, which
 * no process may have open then: migrated and holding what `like` holds, without a cold start and
 * migrations of its own. On PostgreSQL it is an empty schema of its own (the first process migrates it).
 */
export async function anotherServerDatabase(
  context: TestContext,
  like: Record<string, string>,
): Promise<AnotherServerDatabase> {
  if (!onPostgres) {
    const from = like.LEDGER_DATA_DIR;
    if (from === undefined) throw new TypeError('the database to copy is no PGlite data folder');
    const dataDir = await mkdtemp(join(tmpdir(), 'ledger-server-'));
    context.after(() => rm(dataDir, { recursive: true, force: true }));
    await cp(from, dataDir, { recursive: true });
    return { env: { LEDGER_DATA_DIR: dataDir }, copied: true };
  }
  const schema = `test_server_${randomBytes(6).toString('hex')}`;
  const admin = () => openPostgres({ connectionString: process.env.TEST_DATABASE_URL!, poolSize: 1 });
  const db = await admin();
  await db.exec(`CREATE SCHEMA ${schema}`);
  await db.close();
  context.after(async () => {
    const db = await admin();
    await db.exec(`DROP SCHEMA ${schema} CASCADE`);
    await db.close();
  });
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { env: { DATABASE_URL: url.toString() }, copied: false };
}
