import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadMigrations, migrate } from '../../src/storage/migrate.js';
import type { Database } from '../../src/storage/database.js';
import { openTestDatabase } from '../helpers/database.js';

describe('migrations', () => {
  let db: Database;
  before(async () => {
    db = await openTestDatabase();
  });
  after(() => db.close());

  it('are numbered without gaps and all applied', async () => {
    const migrations = await loadMigrations();
    assert.deepEqual(
      migrations.map((m) => m.version),
      migrations.map((_, i) => i + 1),
    );
    const applied = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(
      applied.map((r) => r.version),
      migrations.map((m) => m.version),
    );
  });

  it('apply nothing the second time, even when servers start together', async () => {
    const results = await Promise.all([migrate(db), migrate(db), migrate(db)]);
    assert.deepEqual(results, [[], [], []]);
  });

  it('keep money as NUMERIC, read back as exact strings', async () => {
    const [row] = await db.query<{ n: string }>("SELECT '0.1'::numeric + '0.2'::numeric AS n");
    assert.equal(row!.n, '0.3');
  });
});
