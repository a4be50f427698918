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

/** `ledger import` from `url` into the tenant's testnet ledger, at a pace no test waits for. */
const importArgs = (url: string, key: string, tenant: string) => [
  'import',
  '--from',
  url,
  '--from-key',
  key,
  '--tenant',
  tenant,
  '--network',
  'testnet',
  '--max-rps',
  '1000',
];

/** The same, with the report as JSON. */
function importInto(cli: TestCli, url: string, key: string, tenant: string, ...more: string[]) {
  return cli.run(...importArgs(url, key, tenant), '--json', ...more);
}

async function ok(reply: Promise<{ status: number; body: unknown }>, what: string) {
  const { status, body } = await reply;
  assert.ok(status === 200 || status === 204, `${what}: ${status} ${JSON.stringify(body)}`);
  return body as any;
}

describe('ledger import', () => {
  it('copies a rich ledger into a fresh one of another server: the same through the API, object by object', async (context) => {
    const { api: sourceApi, url, key } = await richSource(context);
    const cli = await startTestCli({ LEDGER_IMPORT_SETTLE_MS: '0' });
    context.after(() => cli.close());
    const target = await targetLedger(cli);

    const run = await importInto(cli, url, key, target.tenant);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    const report = JSON.parse(run.stdout);
    assert.equal(report.verification.differenceCount, 0);
    assert.equal(report.import.leftOutCount, 0);

    const [source, copy] = [await snapshotLedger(sourceApi), await snapshotLedger(target.api)];
    assert.deepEqual(differences(copy, source), []);
    assert.deepEqual(copy, source);

    // The copy keeps the ledger's conservation rules (docs/decisions/0022, 0025): per currency, the
    // balances add up to what the copied records moved, and for a virtual currency to its supply.
    const units = (amount: string) => {
      const [whole = '0', fraction = ''] = amount.replace(/^\+/, '').split('.');
      return BigInt(whole + fraction.padEnd(18, '0'));
    };
    const sum = (amounts: string[]) => amounts.reduce((total, amount) => total + units(amount), 0n);
    const currencies = new Set(copy.accounts.map((a) => a.listed.currency));
    assert.ok(currencies.size >= 5);
    for (const currency of currencies) {
      const held = sum(
        copy.accounts.filter((a) => a.listed.currency === currency).map((a) => a.balance.accountBalance),
      );
      const moved = sum(copy.transactions.filter((r) => r.currency === currency).map((r) => r.amount));
      assert.equal(held, moved, `${currency}: balances against records`);
      const vc = copy.virtualCurrencies.find((v) => v.name === currency);
      if (vc) assert.equal(held, units(vc.supply), `${currency}: balances against supply`);
    }
  });

  it('refuses a ledger that holds data, a second import without --resume, and a resume from another source', async (context) => {
    const { url, key } = await richSource(context);
    const cli = await startTestCli({ LEDGER_IMPORT_SETTLE_MS: '0' });
    context.after(() => cli.close());

    const used = await targetLedger(cli);
    await ok(used.api.post('/v3/ledger/account', { currency: 'BTC' }), 'an account of its own');
    const before = await snapshotLedger(used.api);
    const refused = await importInto(cli, url, key, used.tenant);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already holds data/);
    assert.deepEqual(await snapshotLedger(used.api), before, 'nothing written');

    const target = await targetLedger(cli);
    assert.equal((await importInto(cli, url, key, target.tenant)).code, 0);
    const again = await importInto(cli, url, key, target.tenant);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is recorded; run again with --resume/);
    const elsewhere = await importInto(cli, `${url}/other`, key, target.tenant, '--resume');
    assert.equal(elsewhere.code, 1);
    assert.match(elsewhere.stderr, /reads http:\/\/127\.0\.0\.1:\d+, not /);
  });

  it('reports ids another ledger has, and writes none of them over', async (context) => {
    const { url, key } = await richSource(context);
    const cli = await startTestCli({ LEDGER_IMPORT_SETTLE_MS: '0' });
    context.after(() => cli.close());
    const first = await targetLedger(cli);
    assert.equal((await importInto(cli, url, key, first.tenant)).code, 0);
    const before = await snapshotLedger(first.api);

    // The same source again into another ledger of the same server: every id is the first copy's.
    const second = await targetLedger(cli);
    const run = await importInto(cli, url, key, second.tenant);
    assert.equal(run.code, 3, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.ok(report.import.leftOutCount > 0);
    assert.ok(
      report.import.leftOut.some((what: string) => /^customer [0-9a-f]{24}$/.test(what)),
      report.import.leftOut,
    );
    assert.ok(report.verification.differenceCount > 0);
    assert.deepEqual(await snapshotLedger(first.api), before, 'the first copy is untouched');
    assert.deepEqual((await second.api.get('/v3/ledger/account?pageSize=50')).body, []);
  });

  it('brings in what the source gained since a finished import, with --resume', async (context) => {
    const { api: sourceApi, rich, url, key } = await richSource(context);
    const cli = await startTestCli({ LEDGER_IMPORT_SETTLE_MS: '0' });
    context.after(() => cli.close());
    const target = await targetLedger(cli);
    assert.equal((await importInto(cli, url, key, target.tenant)).code, 0);

    // The source goes on: a new customer paid, a mint, a customer disabled, an account frozen, a
    // blockage released, a withdrawal completed, a resting trade cancelled.
    const late = await ok(
      sourceApi.post('/v3/ledger/account', { currency: rich.currencies.gold, customer: { externalId: 'late-comer' } }),
      'a new account',
    );
    await ok(
      sourceApi.post('/v3/ledger/transaction', {
        senderAccountId: rich.accounts.goldIssuer,
        recipientAccountId: late.id,
        amount: '7',
      }),
      'a payment',
    );
    await ok(
      sourceApi.put('/v3/ledger/virtualCurrency/mint', { accountId: rich.accounts.goldIssuer, amount: '11' }),
      'a mint',
    );
    await ok(sourceApi.put(`/v3/ledger/customer/${rich.customers.bob}/disable`), 'disable');
    await ok(sourceApi.put(`/v3/ledger/account/${rich.accounts.aliceEuro}/freeze`), 'freeze');
    await ok(sourceApi.delete(`/v3/ledger/account/block/${rich.blockages.cardHold}`), 'release');
    await ok(sourceApi.put(`/v3/offchain/withdrawal/${rich.withdrawals.inProgress[0]}/${'ab'.repeat(32)}`), 'complete');
    await ok(sourceApi.delete(`/v3/trade/${rich.trades.restingBuy}`), 'cancel');

    const before = await snapshotLedger(target.api);
    const source = await snapshotLedger(sourceApi);
    assert.notDeepEqual(before, source);
    const run = await importInto(cli, url, key, target.tenant, '--resume');
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.equal(JSON.parse(run.stdout).import.resumed, true);
    const copy = await snapshotLedger(target.api);
    assert.deepEqual(differences(copy, source), []);
    assert.deepEqual(copy, source);
  });

  it('--verify-only compares, names each difference, exits 3, and changes nothing', async (context) => {
    const { rich, url, key } = await richSource(context);
    const cli = await startTestCli({ LEDGER_IMPORT_SETTLE_MS: '0' });
    context.after(() => cli.close());
    const target = await targetLedger(cli);
    assert.equal((await importInto(cli, url, key, target.tenant)).code, 0);
    assert.equal((await importInto(cli, url, key, target.tenant, '--verify-only')).code, 0);

    // The copy moves on its own: a payment here that the source never saw.
    await ok(
      target.api.post('/v3/ledger/transaction', {
        senderAccountId: rich.accounts.bobGold,
        recipientAccountId: rich.accounts.aliceGold,
        amount: '1',
      }),
      'a payment on the copy',
    );
    const after = await snapshotLedger(target.api);
    const run = await importInto(cli, url, key, target.tenant, '--verify-only');
    assert.equal(run.code, 3);
    const { verification, import: imported } = JSON.parse(run.stdout);
    assert.equal(imported, null);
    const named = verification.differences.map((d: { what: string }) => d.what).sort();
    assert.deepEqual(
      named,
      [
        `account ${rich.accounts.aliceGold} accountBalance`,
        `account ${rich.accounts.aliceGold} availableBalance`,
        `account ${rich.accounts.aliceGold} transactions`,
        `account ${rich.accounts.bobGold} accountBalance`,
        `account ${rich.accounts.bobGold} availableBalance`,
        `account ${rich.accounts.bobGold} transactions`,
      ].sort(),
    );
    assert.deepEqual(await snapshotLedger(target.api), after, 'nothing changed');

    const text = await cli.run(...importArgs(url, key, target.tenant), '--verify-only');
    assert.equal(text.code, 3);
    assert.match(
      text.stdout,
      new RegExp(`account ${rich.accounts.bobGold} accountBalance: source "\\d+", here "\\d+"`),
    );
  });
});
