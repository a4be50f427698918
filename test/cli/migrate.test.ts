import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildCli } from '../../src/cli/cli.js';
import type { OpenOptions } from '../../src/cli/command.js';
import { loadMigrations } from '../../src/storage/migrate.js';
import { openEmptyTestDatabase, suiteTestDatabase } from '../helpers/database.js';

describe('ledger migrate', (suite) => {
  const db = suiteTestDatabase(suite, openEmptyTestDatabase);
  const asked: (OpenOptions | undefined)[] = [];
  const run = async (...argv: string[]) => {
    const out = { stdout: '', stderr: '' };
    const cli = buildCli({
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      env: {},
      // The CLI closes what it opened; the test keeps the database for the next command.
      openDatabase: async (_env, options) => {
        asked.push(options);
        return { ...db, close: async () => undefined };
      },
    });
    return { code: await cli.run(argv), ...out };
  };

  it('applies every migration of a new database, names each, and opens it unmigrated', async () => {
    const migrations = await loadMigrations();
    const { code, stdout, stderr } = await run('migrate');
    assert.equal(code, 0, stderr);
    assert.equal(
      stdout,
      [
        ...migrations.map((m) => `Applied ${m.name}`),
        `The database is up to date: ${migrations.length} migrations.`,
        '',
      ].join('\n'),
    );
    assert.deepEqual(asked.at(-1), { migrate: false });
    const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(
      rows.map((r) => r.version),
      migrations.map((m) => m.version),
    );
  });

  it('has nothing to apply the second time', async () => {
    const total = (await loadMigrations()).length;
    assert.deepEqual(await run('migrate'), {
      code: 0,
      stdout: `Nothing to apply: all ${total} migrations are applied already.\n`,
      stderr: '',
    });
    const json = await run('migrate', '--json');
    assert.deepEqual(JSON.parse(json.stdout), { applied: [], total });
  });

  it('takes no argument (exit code 2)', async () => {
    const { code, stderr } = await run('migrate', 'now');
    assert.equal(code, 2);
    assert.match(stderr, /^ledger: unexpected argument 'now'\nRun 'ledger migrate --help' for usage\.\n$/);
  });
});
