import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { spawnServer } from './helpers/spawn-server.js';
import { onPostgres } from './helpers/database.js';

// What the README's first command does, on the embedded database: start, print the URL and the keys,
// answer a client with a printed key, stop cleanly on SIGTERM, and keep the data across a restart.
describe('the server process on PGlite', { skip: onPostgres && 'runs on the embedded database only' }, () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-data-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('writes its keys once to an owner-only file the banner names, serves them, and keeps customers across a restart', async () => {
    const first = await spawnServer({ LEDGER_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const { testnet, mainnet } = first.keys();
    assert.ok(testnet && mainnet, first.output());
    assert.equal((await stat(first.keysFile)).mode & 0o777, 0o600);
    assert.ok(first.output().includes(`are in ${first.keysFile}`), first.output());
    const headers = { 'x-api-key': testnet, 'content-type': 'application/json' };

    const empty = await fetch(`${first.url}/v3/ledger/customer?pageSize=10`, { headers });
    assert.equal(empty.status, 200);
    assert.deepEqual(await empty.json(), []);
    const created = await fetch(`${first.url}/v3/ledger/account`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ currency: 'BTC', customer: { externalId: 'kept-1' } }),
    });
    assert.equal(created.status, 200);
    const unknown = await fetch(`${first.url}/v3/ledger/customer`, { headers: { 'x-api-key': `${testnet}x` } });
    assert.equal(unknown.status, 401);
    assert.equal(await first.stop('SIGTERM'), 0, first.output());
    // Output that is not a terminal is a log stream: no key in it, made, used or refused.
    assert.ok(!first.output().includes(testnet.slice(5)) && !first.output().includes(mainnet.slice(5)), first.output());
    await rm(first.keysFile);

    const second = await spawnServer({ LEDGER_DATA_DIR: dataDir });
    try {
      assert.doesNotMatch(second.output(), /are in /, 'keys are shown only when they are made');
      await assert.rejects(stat(second.keysFile), 'nor written');
      const list = await fetch(`${second.url}/v3/ledger/customer?pageSize=10`, { headers });
      assert.deepEqual(
        ((await list.json()) as { externalId: string }[]).map((c) => c.externalId),
        ['kept-1'],
      );
      const mainnetList = await fetch(`${second.url}/v3/ledger/customer?pageSize=10`, {
        headers: { 'x-api-key': mainnet },
      });
      assert.deepEqual(await mainnetList.json(), [], 'the mainnet key addresses another ledger');
    } finally {
      assert.equal(await second.stop('SIGINT'), 0, second.output());
    }
  });

  it('registers keys given in the environment, and only those', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-data-'));
    const env = {
      LEDGER_DATA_DIR: dir,
      LEDGER_API_KEY_MAINNET: 'main-key-from-env',
      LEDGER_API_KEY_TESTNET: 'test-key-from-env',
    };
    try {
      for (let start = 0; start < 2; start++) {
        const server = await spawnServer(env);
        assert.doesNotMatch(server.output(), /shown this once|are in /);
        const ok = await fetch(`${server.url}/v3/ledger/customer?pageSize=1`, {
          headers: { 'x-api-key': 'test-key-from-env' },
        });
        assert.equal(ok.status, 200);
        const bad = await fetch(`${server.url}/v3/ledger/customer?pageSize=1`, { headers: { 'x-api-key': 'other' } });
        assert.equal(bad.status, 401);
        assert.equal(await server.stop(), 0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad configuration with a message and exit code 1', async () => {
    await assert.rejects(spawnServer({ PORT: 'http', LEDGER_DATA_DIR: 'memory://' }), /exited with 1:\s*PORT must be/);
  });
});
