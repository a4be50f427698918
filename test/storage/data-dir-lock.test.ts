import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildCli } from '../../src/cli/cli.js';
import { DataDirLockedError, lockDataDir } from '../../src/storage/data-dir-lock.js';
import { spawnServer } from '../helpers/spawn-server.js';
import { onPostgres } from '../helpers/database.js';

const json = { 'content-type': 'application/json' };

// Two processes on one PGlite folder each keep their own pages and overwrite each other's writes, so
// the folder is locked by whichever opens it first (src/storage/data-dir-lock.ts).
describe('one process per PGlite folder', { skip: onPostgres && 'runs on the embedded database only' }, () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ledger-lock-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('refuses a second server and a CLI command while one runs, and takes over the lock of one killed with -9', async () => {
    const first = await spawnServer({ LEDGER_DATA_DIR: dataDir });
    const key = first.keys().testnet!;
    const headers = { ...json, 'x-api-key': key };
    try {
      const created = await fetch(`${first.url}/v3/ledger/account`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ currency: 'BTC', customer: { externalId: 'locked-1' } }),
      });
      assert.equal(created.status, 200);

      // A second server: one line on stderr, exit code 1, and nothing opened.
      const refused = await spawnServer({ LEDGER_DATA_DIR: dataDir }).then(
        (second) => second.stop().then(() => assert.fail(`a second server started: ${second.output()}`)),
        (error: Error) => error.message,
      );
      assert.match(refused, /exited with 1:\nThe data folder .* is in use by process \d+/);
      assert.equal(refused.trim().split('\n').length, 2, refused);

      // A CLI command while the server runs.
      let stderr = '';
      const cli = buildCli({
        stdout: { write: () => true },
        stderr: { write: (text: string) => (stderr += text) },
        env: { LEDGER_DATA_DIR: dataDir },
      });
      assert.equal(await cli.run(['customers', 'list', '--tenant', 'default', '--network', 'testnet']), 1);
      assert.match(stderr, /^ledger: The data folder .* is in use by process \d+.*\n$/);

      // The first server is untouched: it answers, with its data.
      const list = await fetch(`${first.url}/v3/ledger/customer?pageSize=10`, { headers });
      assert.deepEqual(
        ((await list.json()) as { externalId: string }[]).map((c) => c.externalId),
        ['locked-1'],
      );
    } finally {
      assert.equal(await first.stop('SIGKILL'), null);
    }

    // The killed server left its lock behind; its pid is gone, so the next start takes it over.
    const lock = JSON.parse(await readFile(join(dataDir, 'ledger.lock'), 'utf8'));
    assert.equal(lock.pid, first.process.pid);
    const next = await spawnServer({ LEDGER_DATA_DIR: dataDir });
    try {
      const list = await fetch(`${next.url}/v3/ledger/customer?pageSize=10`, { headers });
      assert.deepEqual(
        ((await list.json()) as { externalId: string }[]).map((c) => c.externalId),
        ['locked-1'],
      );
    } finally {
      assert.equal(await next.stop(), 0, next.output());
    }
    await assert.rejects(readFile(join(dataDir, 'ledger.lock')), 'a clean stop gives the folder back');
  });
});

describe('lockDataDir', () => {
  const lockIn = async (owner: object) => {
    const dir = await mkdtemp(join(tmpdir(), 'ledger-lock-'));
    await writeFile(
      join(dir, 'ledger.lock'),
      JSON.stringify({ startedAt: '2026-01-01T00:00:00Z', command: 'x', ...owner }),
    );
    return dir;
  };

  it("takes over a lock with this process's pid that this process does not hold (a restarted container's pid 1)", async () => {
    const dir = await lockIn({ pid: process.pid, host: hostname() });
    try {
      const lock = lockDataDir(dir);
      assert.throws(() => lockDataDir(dir), DataDirLockedError, 'but not one it holds');
      lock.release();
      await assert.rejects(readFile(join(dir, 'ledger.lock')));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('never takes over a lock written on another host', async () => {
    const dir = await lockIn({ pid: 999_999_999, host: `not-${hostname()}` });
    try {
      assert.throws(() => lockDataDir(dir), /is in use by process 999999999 on not-.*delete .*ledger\.lock/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
