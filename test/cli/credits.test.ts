import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestCli, tenantName, type TestCli } from './test-cli.js';

describe('ledger credits', () => {
  let cli: TestCli;
  let tenant: string;
  let keys: { mainnet: string; testnet: string };
  before(async () => {
    cli = await startTestCli();
    tenant = tenantName();
    const made = await cli.run('tenants', 'create', tenant, '--quota', '100', '--json');
    keys = JSON.parse(made.stdout).keys;
    // Calls through a server that then closes, so that its counts are written.
    const app = await cli.app();
    for (const key of [keys.testnet, keys.testnet, keys.mainnet]) {
      await app.inject({ method: 'GET', url: '/v3/ledger/customer?pageSize=1', headers: { 'x-api-key': key } });
    }
    await app.inject({ method: 'PUT', url: '/v3/tatum/freeze', headers: { 'x-api-key': keys.mainnet } });
    await app.close();
  });
  after(() => cli.close());

  it("shows which key consumed what this month, and the tenant's total against its quota", async () => {
    const { code, stdout, stderr } = await cli.run('credits', '--tenant', tenant);
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^TENANT +NETWORK +KEY ID +HINT +REVOKED +CREDITS$/);
    assert.match(lines[1]!, new RegExp(`^${tenant} +mainnet +[0-9a-f]{24} +main_.{4}….{4} +no +3$`));
    assert.match(lines[2]!, new RegExp(`^${tenant} +testnet +[0-9a-f]{24} +test_.{4}….{4} +no +2$`));
    assert.equal(lines[3], '');
    assert.match(lines[4]!, /^TENANT +CREDITS \d{4}-\d{2} +MONTHLY QUOTA$/);
    assert.match(lines[5]!, new RegExp(`^${tenant} +5 +100$`));
  });

  it('prints {month, keys, tenants} with --json, and zero for another month', async () => {
    const { stdout } = await cli.run('credits', '--tenant', tenant, '--json', '--month', '2020-02');
    const report = JSON.parse(stdout);
    assert.equal(report.month, '2020-02');
    assert.deepEqual(
      report.keys.map((k: { network: string; credits: number }) => [k.network, k.credits]),
      [
        ['mainnet', 0],
        ['testnet', 0],
      ],
    );
    assert.deepEqual(report.tenants, [{ tenant, credits: 0, monthlyCreditQuota: 100 }]);
  });

  it('refuses a bad month (exit code 2) and an unknown tenant (exit code 1)', async () => {
    const bad = await cli.run('credits', '--month', '2026-13');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^ledger: --month must be YYYY-MM, not '2026-13'/);
    assert.deepEqual(await cli.run('credits', '--tenant', 'nobody'), {
      code: 1,
      stdout: '',
      stderr: "ledger: No tenant named 'nobody'.\n",
    });
  });
});
