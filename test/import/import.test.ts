import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { startTestCli, tenantName, type TestCli } from '../cli/test-cli.js';
import { differences } from '../helpers/differences.js';
import { buildRichLedger } from '../helpers/rich-ledger.js';
import { snapshotLedger } from '../helpers/ledger-snapshot.js';
import { clientFor, testApp, type LedgerClient } from '../helpers/test-app.js';

// `ledger import` (docs/decisions/0038-ledger-import.md) copies a ledger through the source's public API
// into another server's fresh ledger, keeping every id, reference, timestamp and state: read back
// through the API, object by object, the copy is the source.

/** A tenant on the target, and a client of its testnet ledger on a running app of the target. */
async function targetLedger(cli: TestCli): Promise<{ tenant: string; api: LedgerClient }> {
  const tenant = tenantName('import');
  const created = await cli.run('tenants', 'create', tenant, '--json');
  assert.equal(created.code, 0, created.stderr);
  const key = (JSON.parse(created.stdout) as { keys: { testnet: string } }).keys.testnet;
  return { tenant, api: clientFor(await cli.app(), key) };
}

async function richSource(context: TestContext) {
  const source = await testApp(context);
  const api = source.client();
  const rich = await buildRichLedger(api);
  const url = await source.app.listen({ port: 0, host: '127.0.0.1' });
  return { source, api, rich, url, key: source.keys.testnet };
}

describe('ledger import', () => {
  it('copies a rich ledger into a fresh one of another server: the same through the API, object by object', async (context) => {
    const { api: sourceApi, url, key } = await richSource(context);
    const cli = await startTestCli({ LEDGER_IMPORT_SETTLE_MS: '0' });
    context.after(() => cli.close());
    const target = await targetLedger(cli);

    const run = await cli.run(
      'import',
      '--from',
      url,
      '--from-key',
      key,
      '--tenant',
      target.tenant,
      '--network',
      'testnet',
      '--max-rps',
      '1000',
      '--json',
    );
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const report = JSON.parse(run.stdout);
    assert.equal(report.verification.differenceCount, 0);
    assert.equal(report.import.leftOutCount, 0);

    const [source, copy] = [await snapshotLedger(sourceApi), await snapshotLedger(target.api)];
    assert.deepEqual(differences(copy, source), []);
    assert.deepEqual(copy, source);
  });
});
