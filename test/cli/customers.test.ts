import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { buildCli } from '../../src/cli/cli.js';
import { createCustomerAccount, externalId } from '../helpers/ledger-fixtures.js';
import { suiteTestApp } from '../helpers/test-app.js';

describe('ledger customers', (suite) => {
  const t = suiteTestApp(suite);
  let first: { customerId: string; externalId: string };
  let second: { customerId: string; externalId: string };
  const run = async (...argv: string[]) => {
    const out = { stdout: '', stderr: '' };
    const cli = buildCli({
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      env: {},
      openDatabase: async () => ({ ...t.db, close: async () => undefined }),
    });
    return { code: await cli.run(argv), ...out };
  };
  before(async () => {
    first = await createCustomerAccount(t.client(), { externalId: externalId('cli'), customerCountry: 'CZ' });
    second = await createCustomerAccount(t.client(), { externalId: externalId('cli'), accountingCurrency: 'USD' });
    assert.equal((await t.client().put(`/v3/ledger/customer/${second.customerId}/disable`)).status, 204);
  });

  describe('customers list', () => {
    it("shows a tenant's testnet customers in a table, oldest first", async () => {
      const { code, stdout, stderr } = await run('customers', 'list', '--tenant', t.keys.name);
      assert.equal(code, 0, stderr);
      const lines = stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^ID +EXTERNAL ID +ACTIVE +ENABLED +CURRENCY +COUNTRY +PROVIDER$/);
      assert.equal(lines.length, 3);
      assert.match(lines[1]!, new RegExp(`^${first.customerId} +${first.externalId} +yes +yes +EUR +CZ +-$`));
      assert.match(lines[2]!, new RegExp(`^${second.customerId} +${second.externalId} +yes +no +USD +- +-$`));
    });

    it('prints what GET /v3/ledger/customer answers with --json, and pages', async () => {
      const api = await t.client().get('/v3/ledger/customer?pageSize=50');
      const { stdout } = await run('customers', 'list', '--tenant', t.keys.name, '--json');
      assert.deepEqual(JSON.parse(stdout), api.body);
      const page = await run(
        'customers',
        'list',
        '--tenant',
        t.keys.name,
        '--page-size',
        '1',
        '--offset',
        '1',
        '--json',
      );
      assert.deepEqual(
        JSON.parse(page.stdout).map((c: { id: string }) => c.id),
        [second.customerId],
      );
    });

    it('says so when a ledger has none', async () => {
      const { code, stdout } = await run('customers', 'list', '--tenant', t.keys.name, '--network', 'mainnet');
      assert.equal(code, 0);
      assert.equal(stdout, `No customers in tenant '${t.keys.name}', mainnet ledger.\n`);
    });

    it('refuses bad paging with exit code 2 and an unknown tenant with exit code 1', async () => {
      for (const argv of [
        ['--page-size', '0'],
        ['--page-size', '1001'],
        ['--offset', '-1'],
        ['--offset', 'ten'],
        ['--network', 'devnet'],
      ]) {
        const { code, stdout, stderr } = await run('customers', 'list', '--tenant', t.keys.name, ...argv);
        assert.equal(code, 2, argv.join(' '));
        assert.equal(stdout, '');
        assert.match(stderr, /^ledger: .+\nRun 'ledger customers list --help' for usage\.\n$/);
      }
      assert.deepEqual(await run('customers', 'list', '--tenant', 'nobody-here'), {
        code: 1,
        stdout: '',
        stderr: "ledger: No tenant named 'nobody-here'.\n",
      });
    });
  });

  describe('customers show', () => {
    it('finds a customer by internal id or by externalId', async () => {
      for (const id of [first.customerId, first.externalId]) {
        const { code, stdout } = await run('customers', 'show', id, '--tenant', t.keys.name);
        assert.equal(code, 0);
        assert.match(stdout, new RegExp(`^id +${first.customerId}\nexternalId +${first.externalId}\nactive +yes\n`));
        assert.match(stdout, /\ncustomerCountry +CZ\n/);
      }
    });

    it('prints what GET /v3/ledger/customer/{id} answers with --json', async () => {
      const api = await t.client().get(`/v3/ledger/customer/${second.customerId}`);
      const { stdout } = await run('customers', 'show', second.externalId, '--tenant', t.keys.name, '--json');
      assert.deepEqual(JSON.parse(stdout), api.body);
    });

    it('refuses an unknown customer with exit code 1 and a missing id with exit code 2', async () => {
      assert.deepEqual(await run('customers', 'show', 'nobody', '--tenant', t.keys.name), {
        code: 1,
        stdout: '',
        stderr: 'ledger: No customer with given external ID nobody exists.\n',
      });
      const missing = await run('customers', 'show');
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /^ledger: missing <id-or-externalId>\n/);
    });
  });
});
