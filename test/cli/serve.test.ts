import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildCli } from '../../src/cli/cli.js';

/** The CLI with its output captured and a switch that stops `serve` as SIGTERM would. */
function capture(env: NodeJS.ProcessEnv) {
  const out = { stdout: '', stderr: '' };
  const stop = new AbortController();
  const cli = buildCli({
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
    env,
    stop: stop.signal,
  });
  return { out, cli, stop };
}

async function waitFor<T>(look: () => T | undefined, what: string, ms = 60_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = look();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`no ${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Always on the embedded database: `serve` would migrate PostgreSQL's public schema, not a test's own.
// Its output here is a buffer, not a terminal, so the keys it makes go to LEDGER_KEYS_FILE.
const KEYS_FILE = join(tmpdir(), `ledger-serve-keys-${process.pid}.txt`);
const ENV = { LEDGER_DATA_DIR: 'memory://', LOG_LEVEL: 'warn', LEDGER_KEYS_FILE: KEYS_FILE };

describe('ledger serve', () => {
  it('serves as npm start does, with the keys it wrote to the file it names, until it is stopped', async () => {
    const { out, cli, stop } = capture(ENV);
    const exit = cli.run(['serve', '--port', '0', '--host', '127.0.0.1']);
    const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(out.stdout)?.[1], 'banner');
    assert.ok(out.stdout.includes(`are in ${KEYS_FILE}`), out.stdout);
    const testnet = /testnet: (\S+)/.exec(await readFile(KEYS_FILE, 'utf8'))?.[1];
    assert.ok(testnet, out.stdout);
    assert.ok(!out.stdout.includes(testnet), 'no key in the output');
    await rm(KEYS_FILE);
    assert.match(out.stdout, /Reference: http:\/\/127\.0\.0\.1:\d+\/docs/);

    assert.equal((await fetch(`${url}/health`)).status, 200);
    const version = await fetch(`${url}/v3/tatum/version`, { headers: { 'x-api-key': testnet } });
    assert.equal(((await version.json()) as { testnet: boolean }).testnet, true);

    stop.abort();
    assert.equal(await exit, 0, out.stderr);
    await assert.rejects(fetch(`${url}/health`), 'no longer listening');
  });

  it('refuses a bad --port with exit code 2 and a bad environment with exit code 1', async () => {
    const badPort = capture(ENV);
    assert.equal(await badPort.cli.run(['serve', '--port', '70000']), 2);
    assert.match(badPort.out.stderr, /^ledger: --port must be a number from 0 to 65535, not '70000'\n/);

    const badEnv = capture({ ...ENV, LOG_LEVEL: 'loud' });
    assert.equal(await badEnv.cli.run(['serve']), 1);
    assert.match(badEnv.out.stderr, /^ledger: LOG_LEVEL must be one of/);
  });

  it('explains itself with --help', async () => {
    const { out, cli } = capture(ENV);
    assert.equal(await cli.run(['serve', '--help']), 0);
    assert.match(out.stdout, /^Usage: ledger serve \[options\]\n/);
    assert.match(out.stdout, /--port <port>/);
  });
});
