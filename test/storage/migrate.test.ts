import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadMigrations, migrate } from '../../src/storage/migrate.js';
import { suiteTestDatabase } from '../helpers/database.js';

describe('migrations', (suite) => {
  const db = suiteTestDatabase(suite);

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
