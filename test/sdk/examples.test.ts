import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { operations } from '../../packages/sdk/src/index.js';
import { startSdkServer, type SdkServer } from './helpers/sdk-server.js';

const EXAMPLES = 'packages/sdk/examples';

interface Run {
  code: number | null;
  output: string;
}

/** Runs one example as the reference says to: `npx tsx <file>` with LEDGER_URL and LEDGER_API_KEY. */
function runExample(file: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

async function exampleFiles(): Promise<string[]> {
  const groups = await readdir(EXAMPLES, { withFileTypes: true });
  const files = await Promise.all(
    groups
      .filter((g) => g.isDirectory())
      .map(async (g) => (await readdir(`${EXAMPLES}/${g.name}`)).map((f) => `${EXAMPLES}/${g.name}/${f}`)),
  );
  return files.flat().sort();
}

// One example per SDK method, as the PHP SDK has one `php -f <method>.php` per method; each creates what
// it needs through the SDK and must run green against a fresh server.
describe('SDK examples', () => {
  let s: SdkServer;
  let env: Record<string, string>;
  before(async () => {
    s = await startSdkServer();
    env = { LEDGER_URL: s.baseUrl, LEDGER_API_KEY: s.t.keys.testnet, LEDGER_NETWORK: 'testnet' };
  });
  after(() => s.close());

  it('there is exactly one example per SDK method', async () => {
    const expected = Object.entries(operations).flatMap(([api, table]) =>
      Object.keys(table).map((method) => `${EXAMPLES}/${api}/${method}.ts`),
    );
    assert.deepEqual(await exampleFiles(), expected.sort());
  });

  it('every example exits 0 against the server', async () => {
    const files = await exampleFiles();
    const failures: string[] = [];
    const run = async (file: string) => {
      const result = await runExample(file, env);
      if (result.code !== 0) failures.push(`${file} exited ${result.code}:\n${result.output}`);
    };
    // The freeze examples freeze the key they run with, so they run alone, after the others; those run
    // a few at a time, each a process of its own.
    const freezing = files.filter((file) => /freezeApiKey\.ts$/i.test(file));
    const queue = files.filter((file) => !freezing.includes(file));
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let file = queue.shift(); file; file = queue.shift()) await run(file);
      }),
    );
    for (const file of freezing) await run(file);
    assert.deepEqual(failures, []);
  });

  it('LEDGER_NETWORK=mainnet gives the key to the mainnet caller', async () => {
    const run = await runExample(`${EXAMPLES}/serviceUtils/getVersion.ts`, {
      ...env,
      LEDGER_API_KEY: s.t.keys.mainnet,
      LEDGER_NETWORK: 'mainnet',
    });
    assert.equal(run.code, 0, run.output);
    assert.match(run.output, /"testnet": false/);
  });

  it('without LEDGER_API_KEY an example says what to set', async () => {
    const run = await runExample(`${EXAMPLES}/customer/findAllCustomers.ts`, { ...env, LEDGER_API_KEY: '' });
    assert.equal(run.code, 2);
    assert.match(run.output, /Set LEDGER_API_KEY/);
  });
});
