import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_TENANT, ensureTenant } from '../../src/domain/tenancy/tenancy.service.js';
import { startTestCli, tenantName, type TestCli } from './test-cli.js';

describe('ledger keys', () => {
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

  /** The status of a ledger request sent with `key`. */
  const statusWith = async (key: string) =>
    (await app.inject({ method: 'GET', url: '/v3/ledger/customer?pageSize=1', headers: { 'x-api-key': key } }))
      .statusCode;

  const newTenant = async () => {
    const name = tenantName();
    assert.equal((await cli.run('tenants', 'create', name)).code, 0);
    return name;
  };

  const listKeys = async (...argv: string[]) => {
    const { code, stdout, stderr } = await cli.run('keys', 'list', '--json', ...argv);
    assert.equal(code, 0, stderr);
    return JSON.parse(stdout);
  };

  describe('keys create', () => {
    it('prints only the key, on one line, and the key opens the ledger', async () => {
      const tenant = await newTenant();
      const { code, stdout, stderr } = await cli.run('keys', 'create', '--tenant', tenant, '--network', 'testnet');
      assert.equal(code, 0, stderr);
      assert.equal(stderr, '');
      assert.match(stdout, /^test_[\w-]{32}\n$/);
      assert.equal(await statusWith(stdout.trim()), 200);
    });

    it('prints {id, key, network, tenant} with --json, and keeps the label', async () => {
      const tenant = await newTenant();
      const { code, stdout } = await cli.run(
        'keys',
        'create',
        '--tenant',
        tenant,
        '--network',
        'mainnet',
        '--label',
        'ci runner',
        '--json',
      );
      assert.equal(code, 0);
      const made = JSON.parse(stdout);
      assert.deepEqual(Object.keys(made), ['id', 'key', 'network', 'tenant']);
      assert.match(made.id, /^[0-9a-f]{24}$/);
      assert.match(made.key, /^main_/);
      assert.equal(made.network, 'mainnet');
      assert.equal(made.tenant, tenant);
      const listed = (await listKeys('--tenant', tenant)).find((k: { id: string }) => k.id === made.id);
      assert.equal(listed.label, 'ci runner');
      assert.equal(await statusWith(made.key), 200);
    });

    it("uses the 'default' tenant when none is named", async () => {
      await cli.db.transaction((tx) => ensureTenant(tx, DEFAULT_TENANT));
      const { code, stdout } = await cli.run('keys', 'create', '--network', 'testnet', '--json');
      assert.equal(code, 0);
      assert.equal(JSON.parse(stdout).tenant, DEFAULT_TENANT);
    });

    it('refuses an unknown tenant with exit code 1', async () => {
      const { code, stdout, stderr } = await cli.run('keys', 'create', '--tenant', 'nobody', '--network', 'mainnet');
      assert.deepEqual([code, stdout, stderr], [1, '', "ledger: No tenant named 'nobody'.\n"]);
    });

    it('needs --network, mainnet or testnet (exit code 2)', async () => {
      const missing = await cli.run('keys', 'create', '--tenant', 'x');
      assert.equal(missing.code, 2);
      assert.equal(missing.stderr, "ledger: --network is required\nRun 'ledger keys create --help' for usage.\n");
      const wrong = await cli.run('keys', 'create', '--network', 'regtest');
      assert.equal(wrong.code, 2);
      assert.match(wrong.stderr, /^ledger: --network must be mainnet or testnet, not 'regtest'\n/);
      const empty = await cli.run('keys', 'create', '--network');
      assert.equal(empty.code, 2);
      assert.match(empty.stderr, /--network/);
    });
  });

  describe('keys list', () => {
    it("lists a tenant's keys by id and hint, never the key itself", async () => {
      const tenant = await newTenant();
      const key = (await cli.run('keys', 'create', '--tenant', tenant, '--network', 'testnet')).stdout.trim();
      const { code, stdout } = await cli.run('keys', 'list', '--tenant', tenant);
      assert.equal(code, 0);
      const lines = stdout.trimEnd().split('\n');
      assert.match(lines[0]!, /^ID +TENANT +NETWORK +HINT +LABEL +FROZEN +REVOKED +CREATED$/);
      assert.equal(lines.length, 4);
      assert.ok(!stdout.includes(key));
      assert.match(
        lines[1]!,
        new RegExp(`^[0-9a-f]{24} +${tenant} +mainnet +main_.{4}….{4} +made with the tenant +no +-`),
      );
      assert.match(
        lines[3]!,
        new RegExp(`^[0-9a-f]{24} +${tenant} +testnet +${key.slice(0, 9)}…${key.slice(-4)} +- +no +-`),
      );
    });

    it('prints [{id, tenant, network, hint, label, frozen, revokedAt, createdAt}] with --json', async () => {
      const tenant = await newTenant();
      const keys = await listKeys('--tenant', tenant);
      assert.deepEqual(
        keys.map((k: { network: string }) => k.network),
        ['mainnet', 'testnet'],
      );
      for (const key of keys) {
        assert.deepEqual(Object.keys(key), [
          'id',
          'tenant',
          'network',
          'hint',
          'label',
          'frozen',
          'revokedAt',
          'createdAt',
        ]);
        assert.equal(key.tenant, tenant);
        assert.equal(key.frozen, false);
        assert.equal(key.revokedAt, null);
      }
    });

    it("lists every tenant's keys without --tenant", async () => {
      const a = await newTenant();
      const b = await newTenant();
      const tenants = new Set((await listKeys()).map((k: { tenant: string }) => k.tenant));
      assert.ok(tenants.has(a) && tenants.has(b));
    });

    it('refuses an unknown tenant with exit code 1', async () => {
      const { code, stderr } = await cli.run('keys', 'list', '--tenant', 'nobody');
      assert.deepEqual([code, stderr], [1, "ledger: No tenant named 'nobody'.\n"]);
    });
  });

  describe('keys revoke', () => {
    it('revokes a key: requests with it get 401 from then on, and the listing shows when', async () => {
      const tenant = await newTenant();
      const made = JSON.parse(
        (await cli.run('keys', 'create', '--tenant', tenant, '--network', 'testnet', '--json')).stdout,
      );
      assert.equal(await statusWith(made.key), 200);
      const { code, stdout, stderr } = await cli.run('keys', 'revoke', made.id);
      assert.equal(code, 0, stderr);
      assert.match(
        stdout,
        new RegExp(`^Revoked API key ${made.id} \\(test_.{4}….{4}, testnet of tenant '${tenant}'\\)\\.\n$`),
      );
      assert.equal(await statusWith(made.key), 401);
      const listed = (await listKeys('--tenant', tenant)).find((k: { id: string }) => k.id === made.id);
      assert.ok(!Number.isNaN(Date.parse(listed.revokedAt)));
    });

    it('prints the revoked key with --json', async () => {
      const tenant = await newTenant();
      const [key] = await listKeys('--tenant', tenant);
      const { code, stdout } = await cli.run('keys', 'revoke', key.id, '--json');
      assert.equal(code, 0);
      const revoked = JSON.parse(stdout);
      assert.deepEqual({ ...revoked, revokedAt: null }, key);
      assert.equal(typeof revoked.revokedAt, 'string');
    });

    it('refuses a key revoked already, and an unknown one, with exit code 1', async () => {
      const [key] = await listKeys('--tenant', await newTenant());
      assert.equal((await cli.run('keys', 'revoke', key.id)).code, 0);
      const again = await cli.run('keys', 'revoke', key.id);
      assert.deepEqual(again, { code: 1, stdout: '', stderr: `ledger: The API key '${key.id}' is revoked already.\n` });
      const unknown = await cli.run('keys', 'revoke', 'aaaaaaaaaaaaaaaaaaaaaaaa');
      assert.deepEqual(unknown, {
        code: 1,
        stdout: '',
        stderr: "ledger: No API key with id 'aaaaaaaaaaaaaaaaaaaaaaaa'.\n",
      });
    });

    it('needs a key id (exit code 2)', async () => {
      const { code, stderr } = await cli.run('keys', 'revoke');
      assert.equal(code, 2);
      assert.equal(stderr, "ledger: missing <keyId>\nRun 'ledger keys revoke --help' for usage.\n");
    });
  });
});

describe("ledger keys create on a database without the 'default' tenant", () => {
  it('says how to get one', async () => {
    const cli = await startTestCli();
    try {
      const { code, stderr } = await cli.run('keys', 'create', '--network', 'testnet');
      assert.equal(code, 1);
      assert.match(stderr, /^ledger: No tenant named 'default'\. Start the server once .*--tenant/);
    } finally {
      await cli.close();
    }
  });
});
