import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { openPostgres } from '../../src/storage/postgres.js';
import { onPostgres } from './database.js';

/**
 * `tests` under `title`, given the environment that points spawned servers at one database that
 * outlives each of them: a data folder of its own on PGlite, a schema of its own on PostgreSQL (with
 * TEST_DATABASE_URL). Each is made before the tests and removed after them.
 */
export function describeOnServerDatabase(title: string, tests: (database: () => Record<string, string>) => void) {
  describe(`${title}, on PGlite`, { skip: onPostgres && 'runs on PGlite only' }, () => {
    let dataDir: string;
    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'ledger-server-'));
    });
    after(() => rm(dataDir, { recursive: true, force: true }));
    tests(() => ({ LEDGER_DATA_DIR: dataDir }));
  });

  describe(`${title}, on PostgreSQL`, { skip: !onPostgres && 'needs TEST_DATABASE_URL' }, () => {
    const schema = `test_server_${randomBytes(6).toString('hex')}`;
    const admin = () => openPostgres({ connectionString: process.env.TEST_DATABASE_URL!, poolSize: 1 });
    before(async () => {
      const db = await admin();
      await db.exec(`CREATE SCHEMA ${schema}`);
      await db.close();
    });
    after(async () => {
      const db = await admin();
      await db.exec(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    });
    tests(() => {
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return { DATABASE_URL: url.toString() };
    });
  });
}
