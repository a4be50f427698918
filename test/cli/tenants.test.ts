import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { authenticate } from '../../src/domain/tenancy/tenancy.service.js';
import { startTestCli, tenantName, type TestCli } from './test-cli.js';

describe('ledger tenants', () => {
  let cli: TestCli;
  before(async () => {
    cli = await startTestCli();
  });
  after(() => cli.close());

  describe('tenants create', () => {
    it('makes the tenant, its two ledgers and one working key each, shown in a readable block', async () => {
      const name = tenantName('acme');
      const { code, stdout, stderr } = await cli.run('tenants', 'create', name);
      assert.equal(code, 0, stderr);
      assert.equal(stderr, '');
      assert.match(stdout, new RegExp(`^Created tenant '${name}' \\(id [0-9a-f]{24}\\)`));
      const mainnet = stdout.match(/^ {2}mainnet {2}(main_\S+)$/m)?.[1];
      const testnet = stdout.match(/^ {2}testnet {2}(test_\S+)$/m)?.[1];
      assert.ok(mainnet && testnet, stdout);
      const main = await authenticate(cli.db, mainnet);
      const test = await authenticate(cli.db, testnet);
      assert.equal(main.network, 'mainnet');
      assert.equal(test.network, 'testnet');
      assert.equal(main.tenantId, test.tenantId);
      assert.notEqual(main.ledgerId, test.ledgerId);
    });

    it('prints {tenant: {id, name}, keys: {mainnet, testnet}} with --json', async () => {
      const name = tenantName('json');
      const { code, stdout } = await cli.run('tenants', 'create', name, '--json');
      assert.equal(code, 0);
      const printed = JSON.parse(stdout);
      assert.deepEqual(Object.keys(printed), ['tenant', 'keys']);
      assert.deepEqual(Object.keys(printed.tenant), ['id', 'name']);
      assert.match(printed.tenant.id, /^[0-9a-f]{24}$/);
      assert.equal(printed.tenant.name, name);
      assert.deepEqual(Object.keys(printed.keys), ['mainnet', 'testnet']);
      assert.equal((await authenticate(cli.db, printed.keys.mainnet)).tenantId, printed.tenant.id);
      assert.equal((await authenticate(cli.db, printed.keys.testnet)).network, 'testnet');
    });

    it('refuses a name that is taken with exit code 1, and makes no keys', async () => {
      const name = tenantName('taken');
      assert.equal((await cli.run('tenants', 'create', name)).code, 0);
      const again = await cli.run('tenants', 'create', name, '--json');
      assert.equal(again.code, 1);
      assert.equal(again.stdout, '');
      assert.equal(again.stderr, `ledger: A tenant named '${name}' exists already.\n`);
      const keys = JSON.parse((await cli.run('keys', 'list', '--tenant', name, '--json')).stdout);
      assert.equal(keys.length, 2);
    });

    it('needs exactly one non-blank name (exit code 2)', async () => {
      for (const argv of [
        ['tenants', 'create'],
        ['tenants', 'create', '  '],
        ['tenants', 'create', 'a', 'b'],
      ]) {
        const { code, stdout, stderr } = await cli.run(...argv);
        assert.equal(code, 2, argv.join(' '));
        assert.equal(stdout, '');
        assert.match(stderr, /^ledger: .+\nRun 'ledger tenants create --help' for usage\.\n$/);
      }
    });
  });

  describe('tenants list', () => {
    it('shows every tenant in a table, oldest first', async () => {
      const first = tenantName('list');
      const second = tenantName('list');
      await cli.run('tenants', 'create', first);
      await cli.run('tenants', 'create', second);
      const { code, stdout } = await cli.run('tenants', 'list');
      assert.equal(code, 0);
      const lines = stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^ID +NAME +ACTIVE +CREATED$/);
      const names = lines.slice(1).map((line) => line.split(/ +/)[1]);
      assert.ok(names.indexOf(first) >= 0 && names.indexOf(first) < names.indexOf(second), stdout);
      assert.match(
        lines.find((line) => line.includes(first))!,
        /^[0-9a-f]{24} +\S+ +yes +\d{4}-\d\d-\d\dT[\d:]{8}Z$/,
      );
    });

    it('prints [{id, name, active, createdAt}] with --json', async () => {
      const name = tenantName('listjson');
      const created = JSON.parse((await cli.run('tenants', 'create', name, '--json')).stdout);
      const { code, stdout } = await cli.run('tenants', 'list', '--json');
      assert.equal(code, 0);
      const listed = JSON.parse(stdout).find((t: { name: string }) => t.name === name);
      assert.deepEqual(Object.keys(listed), ['id', 'name', 'active', 'createdAt']);
      assert.equal(listed.id, created.tenant.id);
      assert.equal(listed.active, true);
      assert.ok(!Number.isNaN(Date.parse(listed.createdAt)));
    });
  });
});

describe('ledger tenants list on an empty database', () => {
  it('says there are none, or prints [] with --json', async () => {
    const cli = await startTestCli();
    try {
      assert.deepEqual(await cli.run('tenants', 'list'), { code: 0, stdout: 'No tenants yet.\n', stderr: '' });
      assert.deepEqual(await cli.run('tenants', 'list', '--json'), { code: 0, stdout: '[]\n', stderr: '' });
    } finally {
      await cli.close();
    }
  });
});
