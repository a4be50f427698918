import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildCli } from '../src/cli/cli.js';
import { openStorage, connectStorage } from '../src/storage/connect.js';
import { spawnServer } from './helpers/spawn-server.js';
import { onPostgres } from './helpers/database.js';

/** What a server that fails to start prints, all of it, and asserts its exit code 1. */
async function failedStart(env: Record<string, string>): Promise<string> {
  const message = await spawnServer(env).then(
    (server) => server.stop().then(() => assert.fail(`it started: ${server.output()}`)),
    (error: Error) => error.message,
  );
  const [status, ...output] = message.trim().split('\n');
  assert.equal(status, 'server exited with 1:', message);
  assert.equal(output.length, 1, `one line, no stack trace: ${message}`);
  return output[0]!;
}

// Each failure an operator meets at start is one line that says what to do, and exit code 1.
describe('startup failures', () => {
  it('a PostgreSQL that refuses connections', async () => {
    const line = await failedStart({ DATABASE_URL: 'postgres://ledger:secret-pw@127.0.0.1:1/ledger' });
    assert.match(line, /^Cannot use the PostgreSQL database in DATABASE_URL \(.*ECONNREFUSED.*\)\. Check the URL/);
    assert.doesNotMatch(line, /secret-pw/);
  });

  it('a DATABASE_URL that is not a URL', async () => {
    const line = await failedStart({ DATABASE_URL: 'postgres://ledger:pw@[::1/ledger' });
    assert.match(line, /^Cannot use the PostgreSQL database in DATABASE_URL/);
  });

  it('a PostgreSQL without the database named', { skip: !onPostgres && 'needs TEST_DATABASE_URL' }, async () => {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = '/no_such_ledger_database';
    const line = await failedStart({ DATABASE_URL: url.href });
    assert.match(
      line,
      /^Cannot use the PostgreSQL database in DATABASE_URL \(database "no_such_ledger_database" does not exist\)/,
    );
  });

  it('a port in use', async () => {
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as AddressInfo;
    try {
      const line = await failedStart({ PORT: String(port), LEDGER_DATA_DIR: 'memory://' });
      assert.equal(
        line,
        `Cannot listen on 127.0.0.1:${port}: the port is in use. Stop what listens there, or set PORT (ledger serve: --port) to another port.`,
      );
    } finally {
      taken.close();
    }
  });

  it(
    'a database a newer build has migrated, also for ledger migrate',
    { skip: onPostgres && 'PGlite folder' },
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'ledger-newer-'));
      try {
        const db = await connectStorage({ dataDir });
        await db.query("INSERT INTO schema_migrations (version, name) VALUES (998, '998_from_the_future')");
        await db.close();

        const line = await failedStart({ LEDGER_DATA_DIR: dataDir });
        assert.match(line, /^The database has migrations this build does not know \(998\): a newer version/);

        let stderr = '';
        const cli = buildCli({
          stdout: { write: () => true },
          stderr: { write: (text: string) => (stderr += text) },
          env: { LEDGER_DATA_DIR: dataDir },
        });
        assert.equal(await cli.run(['migrate']), 1);
        assert.match(stderr, /^ledger: The database has migrations this build does not know \(998\)/);
        // Refused before anything was applied or recorded.
        const after = await openStorage({ dataDir });
        const versions = await after.query<{ version: number }>(
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        await after.close();
        assert.equal(versions.at(-1)!.version, 998);
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  );
});
