import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPostgres } from '../../src/storage/postgres.js';
import { onPostgres } from '../helpers/database.js';
import { spawnServer } from '../helpers/spawn-server.js';

// A server on PostgreSQL never loads PGlite (src/storage/connect.ts imports it when a ledger lives
// there). The server runs as its own process with a hook that writes down every module it resolves;
// the PostgreSQL driver in that list shows the hook saw the server's packages.
describe('PGlite, loaded only for a ledger that lives in it', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-modules-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  function recording(name: string): { file: string; env: Record<string, string> } {
    const file = join(dir, `${name}.txt`);
    const hook = new URL('../helpers/record-modules.mjs', import.meta.url).href;
    const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --import=${hook}`.trim();
    return { file, env: { LEDGER_TEST_MODULES_FILE: file, NODE_OPTIONS: nodeOptions } };
  }

  async function assertNoPglite(file: string): Promise<void> {
    const modules = [...new Set((await readFile(file, 'utf8')).split('\n'))];
    assert.ok(
      modules.some((url) => url.includes('/node_modules/pg/')),
      `the hook saw the server's packages:\n${modules.join('\n')}`,
    );
    assert.deepEqual(
      modules.filter((url) => /pglite/i.test(url)),
      [],
    );
  }

  it('not by a server whose PostgreSQL refuses connections', async () => {
    const { file, env } = recording('refused');
    await assert.rejects(
      spawnServer({ ...env, DATABASE_URL: 'postgres://ledger@127.0.0.1:1/ledger' }),
      /exited with 1:\s*Cannot use the PostgreSQL database/,
    );
    await assertNoPglite(file);
  });

  it(
    'not by a server on PostgreSQL that starts, answers and stops',
    { skip: !onPostgres && 'needs TEST_DATABASE_URL' },
    async () => {
      const schema = `test_modules_${randomBytes(6).toString('hex')}`;
      const admin = await openPostgres({ connectionString: process.env.TEST_DATABASE_URL!, poolSize: 1 });
      await admin.exec(`CREATE SCHEMA ${schema}`);
      try {
        const url = new URL(process.env.TEST_DATABASE_URL!);
        url.searchParams.set('options', `-c search_path=${schema}`);
        const { file, env } = recording('started');
        const server = await spawnServer({
          ...env,
          DATABASE_URL: url.toString(),
          LEDGER_KEYS_FILE: join(dir, 'keys.txt'),
        });
        try {
          const list = await fetch(`${server.url}/v3/ledger/customer?pageSize=10`, {
            headers: { 'x-api-key': server.keys().testnet! },
          });
          assert.equal(list.status, 200);
        } finally {
          assert.equal(await server.stop(), 0, server.output());
        }
        await assertNoPglite(file);
      } finally {
        await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
        await admin.close();
      }
    },
  );
});
