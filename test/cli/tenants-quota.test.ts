import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { startTestCli, tenantName, type TestCli } from './test-cli.js';

describe('ledger tenants quota', () => {
  let cli: TestCli;
  let app: FastifyInstance;
  before(async () => {
    cli = await startTestCli();
    app = await cli.app();
  });
  after(async () => {
    await app.close();
    await cli.close();
  });

  const list = async (key: string) =>
    (await app.inject({ method: 'GET', url: '/v3/ledger/customer?pageSize=1', headers: { 'x-api-key': key } }))
      .statusCode;

  async function newTenant(...options: string[]) {
    const name = tenantName();
    const made = await cli.run('tenants', 'create', name, '--json', ...options);
    assert.equal(made.code, 0, made.stderr);
    return { name, key: JSON.parse(made.stdout).keys.testnet as string };
  }

  it('sets a quota the server applies at the next call, and removes it with none', async () => {
    const { name, key } = await newTenant();
    assert.equal(await list(key), 200);
    const set = await cli.run('tenants', 'quota', name, '1');
    assert.deepEqual(set, {
      code: 0,
      stdout: `Tenant '${name}' may consume 1 credits a month (UTC calendar month, both ledgers); past that, calls get 403 credits.quota.exceeded.\n`,
      stderr: '',
    });
    assert.equal(await list(key), 403);
    const removed = await cli.run('tenants', 'quota', name, 'none', '--json');
    assert.equal(removed.code, 0);
    assert.deepEqual(JSON.parse(removed.stdout), { tenant: name, monthlyCreditQuota: null });
    assert.equal(await list(key), 200);
  });

  it('takes a quota when the tenant is made', async () => {
    const name = tenantName();
    const made = await cli.run('tenants', 'create', name, '--quota', '2');
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, new RegExp(`\nTenant '${name}' may consume 2 credits a month`));
    const key = made.stdout.match(/^ {2}testnet {2}(test_\S+)$/m)![1]!;
    assert.deepEqual([await list(key), await list(key), await list(key)], [200, 200, 403]);
  });

  it('refuses a quota that is not a whole number (exit code 2) and an unknown tenant (exit code 1)', async () => {
    assert.equal((await cli.run('tenants', 'quota', 'whoever', '-1')).code, 2, 'an unknown option to parseArgs');
    for (const value of ['1.5', 'lots', '', '99999999999999999999']) {
      const { code, stderr } = await cli.run('tenants', 'quota', 'whoever', value);
      assert.equal(code, 2, value);
      assert.match(stderr, /^ledger: the quota must be a whole number of credits or 'none'/);
    }
    const bad = await cli.run('tenants', 'create', tenantName(), '--quota', 'x');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--quota must be a whole number/);
    assert.deepEqual(await cli.run('tenants', 'quota', 'nobody', '5'), {
      code: 1,
      stdout: '',
      stderr: "ledger: No tenant named 'nobody'.\n",
    });
    const missing = await cli.run('tenants', 'quota', 'nobody');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing <credits\|none>/);
  });
});
